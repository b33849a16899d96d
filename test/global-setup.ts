// Jest global setup of the 'integration' project: one Temporal server, database and workflow bundle per run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { importFile } from '../activities/commerce/import';
import { ensureBrowser } from '../scripts/lib/browser';
import { findOrInstallTool } from '../scripts/lib/toolchain';
import { startStripeMock, type RunningStripeMock } from '../scripts/lib/stripe-mock';
import { findFreePort, startTemporalDevServer, type TemporalDevServer } from '../scripts/lib/temporal-server';
import { TEST_ADMIN_DATABASE_URL, TEST_ENV_VARS, type TestEnv } from './helpers/env';
import { createScratchDatabase, type ScratchDatabase } from '../scripts/lib/scratch-db';

const REPO_ROOT = path.resolve(__dirname, '..');
const NAMESPACE = 'kefu';
const RETENTION = '720h';
const ADMIN_URL = TEST_ADMIN_DATABASE_URL;

/** What setup started, kept in a global because jest runs setup and teardown in the same process. */
export interface KefuTestState {
  server?: TemporalDevServer;
  database?: ScratchDatabase;
  bundleDir?: string;
  stripeMock?: RunningStripeMock;
}

declare global {
  var __KEFU_TEST_STATE__: KefuTestState | undefined;
}

export function say(line: string): void {
  process.stderr.write(`[kefu test] ${line}\n`);
}

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await fn();
    say(`${name}: done in ${seconds(started)}`);
    return result;
  } catch (err) {
    say(`${name}: failed after ${seconds(started)}`);
    throw err;
  }
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  const state: KefuTestState = {};
  globalThis.__KEFU_TEST_STATE__ = state;
  const env: Partial<TestEnv> = { namespace: NAMESPACE };

  const pgvector = (async () => {
    await step('PostgreSQL reachable', checkPostgres);
    await step('pgvector', ensurePgvector);
  })();
  // These do not depend on one another; running them together keeps a warm setup to a few seconds.
  const results = await Promise.allSettled([
    (async () => {
      env.temporalCliPath = await step('temporal CLI', () => findOrInstallTool('temporal', say));
      const logFile = path.join(REPO_ROOT, '.data', 'test-results', 'temporal-server.log');
      fs.rmSync(logFile, { force: true });
      const port = await findFreePort();
      state.server = await step('Temporal dev server (in memory)', () =>
        startTemporalDevServer({
          cliPath: env.temporalCliPath ?? '',
          port,
          headless: true,
          namespace: NAMESPACE,
          retention: RETENTION,
          log: say,
          logFile,
        }),
      );
      env.temporalAddress = state.server.address;
    })(),
    (async () => {
      await pgvector;
      state.database = await step('test database + migrations', () =>
        createScratchDatabase(`kefu_test_${Date.now()}`, ADMIN_URL),
      );
      env.databaseUrl = state.database.url;
      say(`test database: ${databaseName(state.database)}`);
      const database = state.database;
      await step('demo data', async () => {
        await importFile(database.pool, path.join(REPO_ROOT, 'data/demo/kefu-demo.json'), {
          shiftDatesTo: new Date(),
        });
      });
    })(),
    (async () => {
      // Payments are tested against Stripe's own mock, found or built like the Temporal CLI.
      const binary = await step('stripe-mock', () => findOrInstallTool('stripe-mock', say));
      state.stripeMock = await step('stripe-mock server', () => startStripeMock(binary));
      env.stripeMockUrl = state.stripeMock.url;
    })(),
    // The pages are tested in Debian's chromium; Chinese needs a CJK font to render in its screenshots.
    // After pgvector, whose build may run apt-get too: two apt-gets at once fight over dpkg's lock.
    pgvector.catch(() => undefined).then(() => step('chromium + CJK font', () => ensureBrowser(say))),
    (async () => {
      state.bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-test-'));
      env.workflowBundlePath = path.join(state.bundleDir, 'workflow-bundle.js');
      const bundlePath = env.workflowBundlePath;
      await step('workflow bundle', async () => {
        const { code } = await bundleWorkflowCode({
          workflowsPath: require.resolve('../workflows'),
          logger: new DefaultLogger('WARN', (entry) => say(`bundler: ${entry.message}`)),
        });
        fs.writeFileSync(bundlePath, code);
      });
    })(),
  ]);

  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) {
    await releaseTestResources(state, false);
    globalThis.__KEFU_TEST_STATE__ = undefined;
    const messages = failures.map((f) => (f instanceof Error ? f.message : String(f)));
    throw new Error(`integration test setup failed:\n${messages.join('\n\n')}`);
  }

  for (const [field, name] of Object.entries(TEST_ENV_VARS) as [keyof TestEnv, string][]) {
    process.env[name] = env[field];
  }
  say(`integration setup ready in ${seconds(started)}`);
}

async function checkPostgres(): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(ADMIN_URL)} (${err instanceof Error ? err.message : String(err)}). ` +
        'The integration tests need it: start it (on Debian: pg_ctlcluster <version> main start), ' +
        'or point KEFU_TEST_ADMIN_DATABASE_URL at a server where this role may CREATE DATABASE.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** scripts/ensure-pgvector.sh answers in well under a second when pgvector is there, and builds it when not. */
function ensurePgvector(): Promise<void> {
  const url = new URL(ADMIN_URL);
  const pgEnv = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username) || 'postgres',
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-pgvector.sh')], {
      env: pgEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const relay = (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`scripts/ensure-pgvector.sh failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

function databaseName(database: ScratchDatabase): string {
  return new URL(database.url).pathname.slice(1);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Stops and removes what setup started; with keepDatabase the database stays for inspection. */
export async function releaseTestResources(state: KefuTestState, keepDatabase: boolean): Promise<void> {
  const errors: string[] = [];
  const attempt = async (name: string, fn: () => Promise<void>) => {
    try {
      await step(name, fn);
    } catch (err) {
      errors.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const { server, database, bundleDir, stripeMock } = state;
  if (server) await attempt('stop Temporal dev server', () => server.stop());
  if (stripeMock) await attempt('stop stripe-mock', () => stripeMock.stop());
  if (database) {
    if (keepDatabase) {
      await database.pool.end().catch(() => undefined);
      say(`KEFU_TEST_KEEP=1: kept database ${databaseName(database)} (${redact(database.url)})`);
    } else {
      await attempt(`drop database ${databaseName(database)}`, () => database.drop());
    }
  }
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  if (errors.length > 0) throw new Error(`integration test teardown failed:\n${errors.join('\n')}`);
}
