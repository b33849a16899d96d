// The Temporal connection read the way Temporal's own tools read it (@temporalio/envconfig): variables over a profile file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, temporalConnectionOptions } from '../../activities/platform/config';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-temporal-'));
  fs.writeFileSync(path.join(dir, 'client.pem'), 'CLIENT CERT');
  fs.writeFileSync(path.join(dir, 'client.key'), 'CLIENT KEY');
  fs.writeFileSync(path.join(dir, 'ca.pem'), 'CA CERT');
  fs.writeFileSync(
    path.join(dir, 'temporal.toml'),
    [
      '[profile.default]',
      'address = "localhost:7233"',
      '',
      '[profile.cloud]',
      'address = "kefu-prod.a1b2c.tmprl.cloud:7233"',
      'namespace = "kefu-prod.a1b2c"',
      'api_key = "from-the-file"',
      '',
      '[profile.self-hosted]',
      'address = "temporal.internal:7233"',
      'namespace = "kefu"',
      '[profile.self-hosted.tls]',
      `client_cert_path = "${path.join(dir, 'client.pem')}"`,
      `client_key_path = "${path.join(dir, 'client.key')}"`,
      `server_ca_cert_path = "${path.join(dir, 'ca.pem')}"`,
      'server_name = "temporal.internal"',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('without settings Kefu dials the dev server of npm start, in plain gRPC', () => {
  const config = loadConfig({});
  expect(config.temporal.address).toBeUndefined();
  expect(config.temporal.namespace).toBe('kefu');
  expect(temporalConnectionOptions(config)).toEqual({ address: '127.0.0.1:7233' });
});

test('an API key implies TLS (Temporal Cloud)', () => {
  const options = temporalConnectionOptions(
    loadConfig({ TEMPORAL_ADDRESS: 'kefu.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-1' }),
  );
  expect(options).toEqual({ address: 'kefu.a1b2c.tmprl.cloud:7233', apiKey: 'key-1', tls: true });
});

test('mTLS from variables: client certificate and key, CA and server name are read from their files', () => {
  const options = temporalConnectionOptions(
    loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
    }),
  );
  const tls = options.tls as {
    clientCertPair: { crt: Buffer; key: Buffer };
    serverRootCACertificate: Buffer;
    serverNameOverride: string;
  };
  expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe('CLIENT CERT');
  expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('CLIENT KEY');
  expect(Buffer.from(tls.serverRootCACertificate).toString()).toBe('CA CERT');
  expect(tls.serverNameOverride).toBe('frontend.temporal');
});

test('a profile from the file gives address, namespace and key; a variable overrides the profile', () => {
  const file = path.join(dir, 'temporal.toml');
  const cloud = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cloud' });
  expect(cloud.temporal.address).toBe('kefu-prod.a1b2c.tmprl.cloud:7233');
  expect(cloud.temporal.namespace).toBe('kefu-prod.a1b2c');
  expect(temporalConnectionOptions(cloud)).toMatchObject({ apiKey: 'from-the-file', tls: true });

  const overridden = loadConfig({
    TEMPORAL_CONFIG_FILE: file,
    TEMPORAL_PROFILE: 'cloud',
    TEMPORAL_API_KEY_FILE: path.join(dir, 'client.key'),
    TEMPORAL_NAMESPACE: 'kefu-staging.a1b2c',
  });
  expect(overridden.temporal.namespace).toBe('kefu-staging.a1b2c');
  expect(overridden.temporal.apiKey).toBe('CLIENT KEY');

  const selfHosted = temporalConnectionOptions(
    loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'self-hosted' }),
  );
  expect(selfHosted.address).toBe('temporal.internal:7233');
  expect(selfHosted.tls).toMatchObject({ serverNameOverride: 'temporal.internal' });
});

test('a missing profile or certificate stops the start with the setting named', () => {
  expect(() =>
    loadConfig({ TEMPORAL_CONFIG_FILE: path.join(dir, 'temporal.toml'), TEMPORAL_PROFILE: 'nope' }),
  ).toThrow(/TEMPORAL_CONFIG_FILE\/TEMPORAL_PROFILE: Profile 'nope' not found/);
  expect(() => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'missing.pem') })).toThrow(
    /TEMPORAL_TLS_\*: ENOENT.*missing\.pem/,
  );
});
