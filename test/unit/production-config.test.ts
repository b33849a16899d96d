// Production settings: safe defaults in production mode, secrets read from files, rate limits and CORS parsed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, PRODUCTION_RATE_LIMITS } from '../../activities/platform/config';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-config-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function secret(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

test('development keeps GraphiQL, demo data and any origin, and limits nothing', () => {
  const config = loadConfig({});
  expect(config.env).toBe('development');
  expect(config.api.graphiql).toBe(true);
  expect(config.loadDemoData).toBe(true);
  expect(config.api.corsOrigins).toEqual(['*']);
  expect(Object.values(config.api.rateLimits).every((r) => r === null)).toBe(true);
});

test('production turns GraphiQL, demo data and cross-origin calls off and rate limits on', () => {
  const config = loadConfig({ KEFU_ENV: 'production' });
  expect(config.api.graphiql).toBe(false);
  expect(config.loadDemoData).toBe(false);
  expect(config.api.corsOrigins).toEqual([]);
  expect(config.api.rateLimits).toEqual(PRODUCTION_RATE_LIMITS);
});

test('production defaults give way to what is asked for', () => {
  const config = loadConfig({
    KEFU_ENV: 'production',
    KEFU_GRAPHIQL: 'true',
    KEFU_LOAD_DEMO_DATA: 'yes',
    KEFU_CORS_ORIGINS: 'https://shop.example.com/, https://help.example.com',
    KEFU_RATE_SEND_MESSAGE_PER_TOKEN: '5/10s',
    KEFU_RATE_START_CASE_PER_CLIENT: 'off',
  });
  expect(config.api.graphiql).toBe(true);
  expect(config.loadDemoData).toBe(true);
  expect(config.api.corsOrigins).toEqual(['https://shop.example.com', 'https://help.example.com']);
  expect(config.api.rateLimits.sendMessagePerToken).toEqual({ limit: 5, windowMs: 10_000 });
  expect(config.api.rateLimits.startCasePerClient).toBeNull();
  expect(config.api.rateLimits.sendMessagePerClient).toEqual(PRODUCTION_RATE_LIMITS.sendMessagePerClient);
});

test('a bad rate limit is named with an example', () => {
  expect(() => loadConfig({ KEFU_RATE_SEND_MESSAGE_PER_CLIENT: 'lots' })).toThrow(
    /KEFU_RATE_SEND_MESSAGE_PER_CLIENT must be calls per duration such as "20\/1m", or "off" \(got "lots"\)/,
  );
  expect(() => loadConfig({ KEFU_RATE_START_CASE_PER_TOKEN: '0/1m' })).toThrow(
    /KEFU_RATE_START_CASE_PER_TOKEN/,
  );
});

test('any setting can come from a file, without its trailing newline', () => {
  const config = loadConfig({
    DATABASE_URL_FILE: secret('database-url', 'postgres://kefu:s3cret@db.internal:5432/kefu\n'),
    OPENAI_API_KEY_FILE: secret('openai', 'sk-test-123\n'),
    KEFU_LLM_PROVIDER: 'openai',
  });
  expect(config.databaseUrl).toBe('postgres://kefu:s3cret@db.internal:5432/kefu');
  expect(config.llm.apiKey).toBe('sk-test-123');
});

test('a password from a file goes into the database URL, escaped', () => {
  const config = loadConfig({
    DATABASE_URL: 'postgres://kefu@db.internal:5432/kefu',
    DATABASE_PASSWORD_FILE: secret('db-password', 'p@ss/word#1\n'),
  });
  const url = new URL(config.databaseUrl!);
  expect(decodeURIComponent(url.password)).toBe('p@ss/word#1');
  expect(url.hostname).toBe('db.internal');
});

test('a secret file that cannot be read, or one set twice, is named', () => {
  let error: unknown;
  try {
    loadConfig({
      OPENAI_API_KEY_FILE: path.join(dir, 'missing'),
      DATABASE_URL: 'postgres://a@b/c',
      DATABASE_URL_FILE: secret('url2', 'postgres://x@y/z'),
    });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  expect(message).toMatch(/OPENAI_API_KEY_FILE: cannot read .*missing \(ENOENT\)/);
  expect(message).toMatch(/DATABASE_URL_FILE: DATABASE_URL is set too; set one of them/);
});

test('KEFU_TRUST_PROXY takes express trust-proxy values', () => {
  expect(loadConfig({}).api.trustProxy).toBe(false);
  expect(loadConfig({ KEFU_TRUST_PROXY: '1' }).api.trustProxy).toBe(1);
  expect(loadConfig({ KEFU_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).api.trustProxy).toEqual([
    'loopback',
    '10.0.0.0/8',
  ]);
});
