// The dev server launcher: retention and search attributes survive a restart; failures are explained.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import {
  findFreePort,
  isPortInUse,
  startTemporalDevServer,
  type TemporalDevServer,
} from '../../scripts/lib/temporal-server';
import { KEFU_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { testEnv } from '../helpers/env';

const run = promisify(execFile);
const HOURS_720_MS = 720 * 3600_000;

describe('startTemporalDevServer', () => {
  const { temporalCliPath, temporalAddress, namespace } = testEnv();
  let workDir: string;
  const started: TemporalDevServer[] = [];
  const log = () => undefined;

  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-temporal-server-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function start(options: {
    port: number;
    dbFile?: string;
    retention?: string;
  }): Promise<TemporalDevServer> {
    const server = await startTemporalDevServer({
      cliPath: temporalCliPath,
      headless: true,
      namespace: 'kefu-it',
      retention: options.retention ?? '720h',
      log,
      logFile: path.join(workDir, 'server.log'),
      ...options,
    });
    started.push(server);
    return server;
  }

  async function describeRetentionMs(address: string, ns: string): Promise<number | undefined> {
    const connection = await Connection.connect({ address });
    try {
      const { config } = await connection.workflowService.describeNamespace({ namespace: ns });
      return optionalTsToMs(config?.workflowExecutionRetentionTtl);
    } finally {
      await connection.close();
    }
  }

  test('a dev server left running by a killed npm start is stopped by the next start on the same data file', async () => {
    const port = await findFreePort();
    const dbFile = path.join(workDir, 'temporal.db');
    const orphan = await start({ port, dbFile });
    expect(fs.readFileSync(`${dbFile}.pid`, 'utf8')).toBe(String(orphan.pid));
    // As if npm start had been SIGKILLed: nobody calls orphan.stop(); the next start must still get its port.
    const next = await start({ port, dbFile });
    expect(next.pid).not.toBe(orphan.pid);
    expect(fs.existsSync(`/proc/${orphan.pid}`)).toBe(false);
    expect(fs.readFileSync(`${dbFile}.pid`, 'utf8')).toBe(String(next.pid));
  });

  /** Asked through the CLI, independently of the client calls the launcher itself makes. */
  async function listedSearchAttributes(address: string, ns: string): Promise<Record<string, string>> {
    const { stdout } = await run(temporalCliPath, [
      'operator',
      'search-attribute',
      'list',
      '--namespace',
      ns,
      '--address',
      address,
      '--output',
      'json',
    ]);
    const parsed = JSON.parse(stdout) as { customAttributes?: Record<string, string> };
    return parsed.customAttributes ?? {};
  }

  it('serves the namespace with the retention and every Kefu search attribute, in memory', async () => {
    const server = await start({ port: await findFreePort(), retention: '48h' });

    expect(server.namespace).toBe('kefu-it');
    expect(server.uiUrl).toBeUndefined();
    expect(await describeRetentionMs(server.address, 'kefu-it')).toBe(48 * 3600_000);
    const attributes = await listedSearchAttributes(server.address, 'kefu-it');
    for (const { name } of KEFU_SEARCH_ATTRIBUTES)
      expect(attributes[name]).toBe('INDEXED_VALUE_TYPE_KEYWORD');
  });

  it('keeps the namespace retention and search attributes across a restart on the same db file', async () => {
    const dbFile = path.join(workDir, 'temporal.sqlite');
    const first = await start({ port: await findFreePort(), dbFile });
    // Something only the first run creates proves that the second run reads the same file.
    await run(temporalCliPath, [
      'operator',
      'search-attribute',
      'create',
      '--namespace',
      'kefu-it',
      '--name',
      'KefuTestMarker',
      '--type',
      'Keyword',
      '--address',
      first.address,
    ]);
    await first.stop();
    started.splice(started.indexOf(first), 1);
    expect(await isPortInUse(Number(first.address.split(':')[1]))).toBe(false);

    const second = await start({ port: await findFreePort(), dbFile });

    expect(await describeRetentionMs(second.address, 'kefu-it')).toBe(HOURS_720_MS);
    const attributes = await listedSearchAttributes(second.address, 'kefu-it');
    expect(attributes.KefuTestMarker).toBe('INDEXED_VALUE_TYPE_KEYWORD');
    for (const { name } of KEFU_SEARCH_ATTRIBUTES)
      expect(attributes[name]).toBe('INDEXED_VALUE_TYPE_KEYWORD');
  });

  it('refuses a port that is already taken, naming the way out', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      expect(await isPortInUse(port)).toBe(true);
      await expect(start({ port })).rejects.toThrow(
        `port ${port} is in use: is another Temporal server running? set TEMPORAL_ADDRESS to use it, or TEMPORAL_PORT to move`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('reports the output of a server that exits before answering', async () => {
    const fakeCli = path.join(workDir, 'temporal');
    fs.writeFileSync(fakeCli, '#!/bin/sh\necho "cannot open the database: disk on fire" >&2\nexit 3\n', {
      mode: 0o755,
    });

    await expect(
      startTemporalDevServer({
        cliPath: fakeCli,
        port: await findFreePort(),
        headless: true,
        namespace: 'kefu-it',
        retention: '720h',
        log,
      }),
    ).rejects.toThrow(/exited with code 3[\s\S]*disk on fire/);
  });

  it('is what the global setup started for the other integration tests', async () => {
    expect(await describeRetentionMs(temporalAddress, namespace)).toBe(HOURS_720_MS);
    const attributes = await listedSearchAttributes(temporalAddress, namespace);
    expect(attributes.KefuStatus).toBe('INDEXED_VALUE_TYPE_KEYWORD');
  });
});
