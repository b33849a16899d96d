// `npm run bench`: latency of a customer message through GraphQL and the case workflow, next to a no-op Update's floor.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import pino from 'pino';
import { importFile } from '../activities/commerce/import';
import { createLocalProvider } from '../activities/nlu/local';
import { loadConfig } from '../activities/platform/config';
import { createPool, migrate, startEmbeddedDatabase } from '../activities/platform/db';
import { startApi } from '../api/server';
import { postGraphQL } from '../scripts/lib/graphql-client';
import { createScratchDatabase, type ScratchDatabase } from '../scripts/lib/scratch-db';
import { findFreePort, startTemporalDevServer } from '../scripts/lib/temporal-server';
import { findOrInstallTool } from '../scripts/lib/toolchain';
import { createKefuWorker } from '../workers/worker';
import { floorWorkflow, pingUpdate, stopSignal } from './floor-workflow';

/** A server where this role may CREATE DATABASE and pgvector is installed. */
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const NAMESPACE = 'kefu';
const CASE_QUEUE = 'kefu-bench-cases';
const FLOOR_QUEUE = 'kefu-bench-floor';
const RESULTS_DIR = path.join(__dirname, 'results');
const DEMO_DATA = path.resolve(__dirname, '../data/demo/kefu-demo.json');
/** The thin journey of test/integration/order-status.test.ts: the question, then the contact that proves identity. */
const MESSAGES = ['Where is my order W1234567?', 'alice@example.com'];
const CLEANUP_TIMEOUT_MS = 5_000;
const SEND_LABEL = 'sendMessage (GraphQL, thin journey)';
const FLOOR_LABEL = 'floor: no-op Update';

interface Stats {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

interface Cleanup {
  name: string;
  run: () => Promise<void>;
}

const say = (line: string) => console.log(`[bench] ${line}`);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const round = (ms: number) => Math.round(ms * 10) / 10;

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  say(`${name}…`);
  const started = performance.now();
  const result = await fn();
  say(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function intOption(flag: string, envVar: string, fallback: number, min: number): number {
  const at = process.argv.indexOf(flag);
  const raw = at >= 0 ? process.argv[at + 1] : process.env[envVar];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${flag} (or ${envVar}) must be an integer of at least ${min} (got "${raw}")`);
  }
  return value;
}

/** Nearest rank: always a value that was measured, never an interpolation between two. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    mean: round(mean),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** A Temporal server that is already gone makes calls retry forever instead of failing: cleanup steps give up. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

interface Database {
  kind: string;
  url: string;
  pool: Pool;
  drop: () => Promise<void>;
}

/** A scratch database on the real server; PGlite when there is none, because a bench that runs beats one that does not. */
async function openDatabase(): Promise<Database> {
  let scratch: ScratchDatabase;
  try {
    scratch = await createScratchDatabase('kefu_bench', ADMIN_URL, 10);
  } catch (err) {
    say(`PostgreSQL at ${ADMIN_URL} is not usable (${errorText(err)}): falling back to an embedded PGlite`);
    say('numbers measured on PGlite are not comparable with numbers measured on PostgreSQL');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-pglite-'));
    const embedded = await startEmbeddedDatabase(dir, await findFreePort());
    const pool = createPool(embedded.url, 10);
    await migrate(pool);
    return {
      kind: 'PGlite (embedded)',
      url: embedded.url,
      pool,
      drop: async () => {
        await pool.end();
        await embedded.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { rows } = await scratch.pool.query<{ version: string }>(
    "SELECT split_part(current_setting('server_version'), ' ', 1) AS version",
  );
  return { kind: `PostgreSQL ${rows[0]?.version ?? '?'}`, ...scratch };
}

async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const body = await postGraphQL<T>(url, query, variables, token, AbortSignal.timeout(30_000));
  if (body.status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`GraphQL answered ${body.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

const START_CASE = 'mutation { startCase(input: { channel: WEB }) { token case { id } } }';
const SEND_MESSAGE =
  'mutation($caseId: ID!, $text: String!) { sendMessage(caseId: $caseId, text: $text) { replies { text } case { status } } }';

interface Samples {
  send: number[];
  floor: number[];
}

/**
 * Runs journeys, each message followed by one ping, so that whatever the machine does meanwhile (GC, the server's
 * background work, another process) lands on both series alike.
 */
async function runJourneys(graphqlUrl: string, floor: WorkflowHandle, journeys: number): Promise<Samples> {
  const samples: Samples = { send: [], floor: [] };
  for (let i = 0; i < journeys; i++) {
    const { startCase } = await gql<{ startCase: { token: string; case: { id: string } } }>(
      graphqlUrl,
      START_CASE,
      {},
    );
    const caseId = startCase.case.id;
    let lastReply = '';
    for (const text of MESSAGES) {
      const sent = await timed(() =>
        gql<{ sendMessage: { replies: { text: string }[] } }>(
          graphqlUrl,
          SEND_MESSAGE,
          { caseId, text },
          startCase.token,
        ),
      );
      samples.send.push(sent.ms);
      lastReply = sent.value.sendMessage.replies.map((r) => r.text).join('\n');
      samples.floor.push((await timed(() => floor.executeUpdate(pingUpdate))).ms);
    }
    if (!/UPS/.test(lastReply)) {
      throw new Error(
        `journey ${i + 1} (case ${caseId}) did not end with the UPS tracking answer; it said:\n${lastReply}`,
      );
    }
  }
  return samples;
}

/** `stopped` rejects if the worker ends by itself, so a crashed worker fails the bench instead of hanging it. */
function runWorker(worker: Worker, name: string): { stopped: Promise<never>; stop: () => Promise<void> } {
  const running = worker.run();
  let stopping = false;
  const stopped = new Promise<never>((_, reject) => {
    running.then(
      () => stopping || reject(new Error(`${name} stopped on its own`)),
      (err: unknown) => stopping || reject(new Error(`${name} failed: ${errorText(err)}`)),
    );
  });
  stopped.catch(() => undefined);
  return {
    stopped,
    stop: async () => {
      stopping = true;
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

function printTable(series: [string, Stats][]): void {
  const width = Math.max(...series.map(([label]) => label.length));
  const row = (label: string, cells: string[]) =>
    console.log(`${label.padEnd(width)}${cells.map((cell) => cell.padStart(8)).join('')}`);
  console.log('');
  row('series (ms)', ['samples', 'p50', 'p90', 'p99', 'mean']);
  for (const [label, s] of series) {
    row(label, [String(s.samples), ...[s.p50, s.p90, s.p99, s.mean].map((ms) => ms.toFixed(1))]);
  }
  console.log('');
}

async function main(): Promise<void> {
  const journeys = intOption('--journeys', 'BENCH_JOURNEYS', 40, 1);
  const warmup = intOption('--warmup', 'BENCH_WARMUP', 5, 0);
  const startedAt = new Date();
  const cleanups: Cleanup[] = [];
  const onCleanup = (name: string, run: () => Promise<void>) => cleanups.push({ name, run });
  // Ctrl-C still shuts everything down: it fails the run like any error, and the finally block cleans up.
  const interrupted = new Promise<never>((_, reject) =>
    process.once('SIGINT', () => reject(new Error('interrupted (SIGINT)'))),
  );
  interrupted.catch(() => undefined);
  // The SDK's INFO lines would bury the progress lines, and the floor worker has no activities on purpose.
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message }) => {
      if (!message.startsWith('No activities registered')) console.error(`[temporal] ${level} ${message}`);
    }),
  });

  let failed = false;
  try {
    say(
      `${journeys} journeys (${journeys * MESSAGES.length} sendMessage samples), ${warmup} warm-up journeys`,
    );
    const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-'));
    onCleanup('remove temporary files', async () => fs.rmSync(bundleDir, { recursive: true, force: true }));

    // Independent of one another: started together, as test/global-setup.ts does, to keep the set-up short.
    const setup = [
      (async () => {
        const cliPath = await step('find the temporal CLI', () => findOrInstallTool('temporal', say));
        const { stdout } = await promisify(execFile)(cliPath, ['--version']);
        const port = await findFreePort();
        const server = await step('start an in-memory Temporal dev server', () =>
          startTemporalDevServer({
            cliPath,
            port,
            headless: true,
            namespace: NAMESPACE,
            retention: '24h',
            log: say,
            logFile: path.join(bundleDir, 'temporal-server.log'),
          }),
        );
        onCleanup('stop the Temporal dev server', () => server.stop());
        return { server, version: stdout.trim() };
      })(),
      step('create the database (migrate, import demo data)', async () => {
        const db = await openDatabase();
        onCleanup(`drop the ${db.kind} database`, () => db.drop());
        const imported = await importFile(db.pool, DEMO_DATA, { shiftDatesTo: new Date() });
        say(`demo data imported in ${imported.durationMs} ms`);
        return db;
      }),
      step('bundle the Kefu workflows', async () => {
        const { code } = await bundleWorkflowCode({
          workflowsPath: require.resolve('../workflows'),
          logger: new DefaultLogger('WARN'),
        });
        const file = path.join(bundleDir, 'workflow-bundle.js');
        fs.writeFileSync(file, code);
        return file;
      }),
    ] as const;
    // Every branch has registered its cleanups before the first failure is thrown.
    await Promise.allSettled(setup);
    const [temporal, database, bundlePath] = await Promise.all(setup);
    say(`database: ${database.kind}`);

    const address = temporal.server.address;
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      KEFU_TASK_QUEUE: CASE_QUEUE,
      LOG_LEVEL: 'warn',
    });
    const workerConnection = await NativeConnection.connect({ address });
    onCleanup('close the worker connection', () => workerConnection.close());
    const clientConnection = await Connection.connect({ address });
    onCleanup('close the client connection', () => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: NAMESPACE });

    // Each worker runs as soon as it exists, so a failure while creating the next one still shuts the first down.
    const kefuRun = await step('start the Kefu worker', async () =>
      runWorker(
        await createKefuWorker({
          connection: workerConnection,
          namespace: NAMESPACE,
          taskQueue: CASE_QUEUE,
          db: database.pool,
          llm: createLocalProvider(),
          workflowBundlePath: bundlePath,
        }),
        'the Kefu worker',
      ),
    );
    onCleanup('stop the Kefu worker', kefuRun.stop);
    const floorRun = await step('start the floor worker (bundles bench/floor-workflow.ts)', async () =>
      runWorker(
        await Worker.create({
          connection: workerConnection,
          namespace: NAMESPACE,
          taskQueue: FLOOR_QUEUE,
          workflowsPath: require.resolve('./floor-workflow'),
        }),
        'the floor worker',
      ),
    );
    onCleanup('stop the floor worker', floorRun.stop);

    const api = await startApi({ config, db: database.pool, temporal: client }, pino({ level: 'warn' }), 0);
    onCleanup('stop the API', () => api.close());
    say(`API on ${api.graphqlUrl}`);

    const floor = await client.workflow.start(floorWorkflow, {
      workflowId: `bench-floor-${startedAt.getTime()}`,
      taskQueue: FLOOR_QUEUE,
    });
    onCleanup('stop the floor workflow', async () => {
      await floor.signal(stopSignal);
      await floor.result();
    });

    const guarded = <T>(work: Promise<T>) =>
      Promise.race([work, kefuRun.stopped, floorRun.stopped, interrupted]);
    await step(`warm up (${warmup} journeys, ${10 + warmup * MESSAGES.length} pings)`, () =>
      guarded(
        (async () => {
          for (let i = 0; i < 10; i++) await floor.executeUpdate(pingUpdate);
          await runJourneys(api.graphqlUrl, floor, warmup);
        })(),
      ),
    );
    const samples = await step(`measure (${journeys} journeys, interleaved with pings)`, () =>
      guarded(runJourneys(api.graphqlUrl, floor, journeys)),
    );

    const send = stats(samples.send);
    const floorStats = stats(samples.floor);
    const ratios = { p50: round(send.p50 / floorStats.p50), p99: round(send.p99 / floorStats.p99) };
    printTable([
      [SEND_LABEL, send],
      [FLOOR_LABEL, floorStats],
    ]);
    console.log(`sendMessage p50 is ${ratios.p50}× the floor, p99 is ${ratios.p99}× the floor`);
    console.log('');

    const result = {
      startedAt: startedAt.toISOString(),
      journeys,
      warmupJourneys: warmup,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        platform: `${process.platform} ${os.release()} ${process.arch}`,
        node: process.version,
        temporalCli: temporal.version,
        database: database.kind,
      },
      series: {
        sendMessage: { label: SEND_LABEL, ...send, samplesMs: samples.send.map(round) },
        floor: { label: FLOOR_LABEL, ...floorStats, samplesMs: samples.floor.map(round) },
      },
      ratios,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    // Colons are not allowed in file names everywhere; the ISO timestamp stays sortable without them.
    const file = path.join(RESULTS_DIR, `${startedAt.toISOString().replace(/:/g, '-')}.json`);
    const json = `${JSON.stringify(result, null, 2)}\n`;
    fs.writeFileSync(file, json);
    fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
    say(
      `results in ${path.relative(process.cwd(), file)} and ${path.relative(process.cwd(), RESULTS_DIR)}/latest.json`,
    );
  } catch (err) {
    failed = true;
    console.error(`[bench] FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await withTimeout(cleanup.run(), CLEANUP_TIMEOUT_MS);
        say(`${cleanup.name}: ok`);
      } catch (err) {
        failed = true;
        console.error(`[bench] ${cleanup.name} failed: ${errorText(err)}`);
      }
    }
  }
  // A failed run may leave a call retrying against a server that is gone; it must not keep the process alive.
  if (failed) process.exit(1);
}

main().catch((err: unknown) => {
  // Only bad options get here: everything after them is caught, reported and cleaned up inside main.
  console.error(`[bench] ${errorText(err)}`);
  process.exitCode = 1;
});
