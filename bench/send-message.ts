// `npm run bench`: latency of a customer message through GraphQL and where it goes, next to a no-op Update's floor; plus load parts.
import { formatScores, localReader, readEvaluationSet, scoreReader } from '../scripts/lib/understanding-eval';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import pino from 'pino';
import { createActivities } from '../activities';
import { caseForToken } from '../activities/cases/tokens';
import { importFile } from '../activities/commerce/import';
import { createLocalProvider } from '../activities/nlu/local';
import { loadConfig, type Config } from '../activities/platform/config';
import { createPool, migrate, startEmbeddedDatabase } from '../activities/platform/db';
import { startApi } from '../api/server';
import { createScratchDatabase, type ScratchDatabase } from '../scripts/lib/scratch-db';
import { findFreePort, startTemporalDevServer } from '../scripts/lib/temporal-server';
import { findOrInstallTool } from '../scripts/lib/toolchain';
import {
  errorText,
  intOption,
  listOption,
  p50,
  round,
  say,
  sendMessageVia,
  startCaseVia,
  stats,
  step,
  timed,
  withTimeout,
  type Stats,
} from './common';
import { floorWorkflow, pingUpdate, stopSignal } from './floor-workflow';
import { Probe, timeActivities, timeUpdates } from './instrument';
import { benchKnowledge, knowledgeOptions, type KnowledgeBenchResult } from './knowledge';
import { benchMaintenance, maintenanceOptions, type MaintenanceBenchResult } from './maintenance';
import { benchRecommendations, type RecommendationBenchResult } from './recommendations';
import { concurrentStarts, idleCases, longCase, type ScaleContext } from './scale';
import { workerScaling } from './workers';

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
const PARTS = [
  'sendMessage',
  'startCase',
  'idle',
  'long',
  'understanding',
  'knowledge',
  'workers',
  'maintenance',
  'recommendations',
] as const;
/** Regular activities: they run after the update has answered, so they are not part of a message's wait. */
const BACKGROUND_ACTIVITIES = new Set(['recordCase', 'queueNotification']);

interface Cleanup {
  name: string;
  run: () => Promise<void>;
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

/** What one sendMessage was made of, measured from the client, the API's Temporal client, the worker and the DB. */
interface MessageParts {
  totalMs: number;
  updateMs: number;
  outsideMs: number;
  tokenMs: number;
  activitiesMs: number;
  activities: Record<string, number[]>;
  bytes: number;
}

interface Samples {
  send: number[];
  floor: number[];
  parts: MessageParts[];
}

/**
 * Runs journeys, each message followed by one ping, so that whatever the machine does meanwhile (GC, the server's
 * background work, another process) lands on both series alike.
 */
async function runJourneys(
  graphqlUrl: string,
  floor: WorkflowHandle,
  journeys: number,
  probe: Probe,
  db: Pool,
): Promise<Samples> {
  const samples: Samples = { send: [], floor: [], parts: [] };
  for (let i = 0; i < journeys; i++) {
    const started = await startCaseVia(graphqlUrl);
    const caseId = started.caseId;
    let lastReply = '';
    for (const text of MESSAGES) {
      probe.clear();
      probe.recording = true;
      const sent = await timed(() => sendMessageVia(graphqlUrl, started, text));
      probe.recording = false;
      samples.send.push(sent.ms);
      lastReply = sent.value;
      const update = probe.updates.find((u) => u.workflowId === caseId);
      const activities: Record<string, number[]> = {};
      for (const call of probe.activities) {
        if (BACKGROUND_ACTIVITIES.has(call.name)) continue;
        (activities[call.name] ??= []).push(call.ms);
      }
      const activitiesMs = Object.values(activities)
        .flat()
        .reduce((sum, ms) => sum + ms, 0);
      // The lookup every customer request makes before anything else, timed on its own against the same database.
      const token = await timed(() => caseForToken(db, started.token));
      samples.parts.push({
        totalMs: sent.ms,
        updateMs: update?.ms ?? Number.NaN,
        outsideMs: sent.ms - (update?.ms ?? Number.NaN),
        tokenMs: token.ms,
        activitiesMs,
        activities,
        bytes: update?.bytes ?? Number.NaN,
      });
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

interface Breakdown {
  totalMs: number;
  outsideUpdateMs: number;
  tokenLookupMs: number;
  updateMs: number;
  localActivitiesMs: number;
  updateBeyondActivitiesMs: number;
  caseJsonBytes: number;
  activities: Record<string, { callsPerMessage: number; p50PerCallMs: number; p50PerMessageMs: number }>;
  inTheWay: string | null;
}

/** p50 of each measured part of a sendMessage, and what keeps it above 2× the floor if it is. */
function printBreakdown(parts: MessageParts[], send: Stats, floor: Stats): Breakdown {
  const of = (pick: (p: MessageParts) => number) => p50(parts.map(pick));
  const names = [...new Set(parts.flatMap((p) => Object.keys(p.activities)))].sort();
  const activities: Breakdown['activities'] = {};
  for (const name of names) {
    const calls = parts.flatMap((p) => p.activities[name] ?? []);
    const withIt = parts.filter((p) => p.activities[name]);
    activities[name] = {
      callsPerMessage: round(calls.length / parts.length),
      p50PerCallMs: p50(calls),
      p50PerMessageMs: p50(withIt.map((p) => (p.activities[name] ?? []).reduce((s, ms) => s + ms, 0))),
    };
  }
  const b: Breakdown = {
    totalMs: of((p) => p.totalMs),
    outsideUpdateMs: of((p) => p.outsideMs),
    tokenLookupMs: of((p) => p.tokenMs),
    updateMs: of((p) => p.updateMs),
    localActivitiesMs: of((p) => p.activitiesMs),
    updateBeyondActivitiesMs: of((p) => p.updateMs - p.activitiesMs),
    caseJsonBytes: of((p) => p.bytes),
    activities,
    inTheWay: null,
  };
  const line = (label: string, ms: number, note = '') =>
    console.log(`${label.padEnd(48)}${ms.toFixed(1).padStart(8)}${note ? `   ${note}` : ''}`);
  console.log(
    `where the time goes: p50 per sendMessage over ${parts.length} messages (ms; p50s do not add up exactly)`,
  );
  line('whole request, seen by the client', b.totalMs);
  line('  API outside the Temporal update', b.outsideUpdateMs, 'HTTP, GraphQL, auth, serialising the answer');
  line(
    '    token lookup (caseForToken on the bench DB)',
    b.tokenLookupMs,
    'timed on its own after each message',
  );
  line('  Temporal update (executeUpdate in the API)', b.updateMs);
  line('    local activities, all of the turn', b.localActivitiesMs);
  for (const [name, a] of Object.entries(activities)) {
    line(
      `      ${name}`,
      a.p50PerMessageMs,
      `${a.p50PerCallMs.toFixed(1)} per call, ${a.callsPerMessage} calls per message`,
    );
  }
  line(
    '    rest: Temporal round trip + workflow code',
    b.updateBeyondActivitiesMs,
    `the floor is ${floor.p50.toFixed(1)}`,
  );
  console.log(
    `${'case JSON returned by the update (bytes)'.padEnd(48)}${String(b.caseJsonBytes).padStart(8)}`,
  );
  if (send.p50 > 2 * floor.p50) {
    const top = Object.entries(activities)
      .sort((x, y) => y[1].p50PerMessageMs - x[1].p50PerMessageMs)
      .slice(0, 2)
      .map(([name, a]) => `${name} ${a.p50PerMessageMs.toFixed(1)}`)
      .join(', ');
    const blockers: [string, number][] = [
      [`local activities ${b.localActivitiesMs.toFixed(1)} ms (${top})`, b.localActivitiesMs],
      [
        `API outside the update ${b.outsideUpdateMs.toFixed(1)} ms (token lookup ${b.tokenLookupMs.toFixed(1)})`,
        b.outsideUpdateMs,
      ],
      [
        `Temporal + workflow code beyond the floor ${(b.updateBeyondActivitiesMs - floor.p50).toFixed(1)} ms`,
        b.updateBeyondActivitiesMs - floor.p50,
      ],
    ];
    b.inTheWay =
      `sendMessage p50 ${send.p50.toFixed(1)} ms is above 2× the floor (${(2 * floor.p50).toFixed(1)} ms); ` +
      `in the way, largest first: ${blockers
        .sort((x, y) => y[1] - x[1])
        .map(([text]) => text)
        .join('; ')}`;
    console.log(b.inTheWay);
  }
  console.log('');
  return b;
}

/** The Kefu worker as workers/worker.ts builds it, but with every activity call timed into `probe`. */
async function createTimedKefuWorker(
  connection: NativeConnection,
  config: Config,
  db: Pool,
  bundlePath: string,
  probe: Probe,
): Promise<Worker> {
  const activities = createActivities({ db, llm: createLocalProvider(), config });
  return Worker.create({
    connection,
    namespace: NAMESPACE,
    taskQueue: CASE_QUEUE,
    workflowBundle: { codePath: bundlePath },
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentLocalActivityExecutions: config.worker.maxConcurrentLocalActivities,
    activities: timeActivities(activities, probe),
  });
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
  const parts = listOption('--only', 'BENCH_ONLY', PARTS);
  const concurrentCases = intOption('--concurrent-cases', 'BENCH_CONCURRENT_CASES', 200, 1);
  const idleCount = intOption('--idle-cases', 'BENCH_IDLE_CASES', 2_000, 1);
  const longCount = intOption('--long-case', 'BENCH_LONG_CASE', 5_000, 200);
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
    say(`parts: ${[...parts].join(', ')}`);
    if (parts.has('understanding')) {
      // Needs no server: scored first, so its report is there even when a later part fails.
      console.log(`\n${formatScores(scoreReader(localReader(), readEvaluationSet()))}\n`);
    }
    let maintenance: MaintenanceBenchResult | undefined;
    if (parts.has('maintenance')) {
      // Its own scratch database and no Temporal, like the knowledge part: the evaluation's queries over the fleet.
      maintenance = await step('maintenance: the daily evaluation at growing fleet sizes', () =>
        Promise.race([
          benchMaintenance({ adminUrl: ADMIN_URL, ...maintenanceOptions(), onCleanup }),
          interrupted,
        ]),
      );
    }
    let recommendations: RecommendationBenchResult | undefined;
    if (parts.has('recommendations')) {
      // Its own scratch database with the demo data: the held-back purchase's hit rate in the top 5.
      recommendations = await step('recommendations: a held-back purchase in the top 5', () =>
        Promise.race([benchRecommendations({ adminUrl: ADMIN_URL, onCleanup }), interrupted]),
      );
    }
    let knowledge: KnowledgeBenchResult | undefined;
    if (parts.has('knowledge')) {
      // Its own scratch database and no Temporal: measured before the server starts, so nothing else competes.
      knowledge = await step('knowledge: retrieval at scale and answer hit rates', () =>
        Promise.race([
          benchKnowledge({ adminUrl: ADMIN_URL, ...knowledgeOptions(), onCleanup }),
          interrupted,
        ]),
      );
    }
    if (parts.has('sendMessage')) {
      say(
        `${journeys} journeys (${journeys * MESSAGES.length} sendMessage samples), ${warmup} warm-up journeys`,
      );
    }
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
    const configEnv: Record<string, string> = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      KEFU_TASK_QUEUE: CASE_QUEUE,
      LOG_LEVEL: 'warn',
      // The worker's cache size is the one tuning the bench passes on, for the idle-cases part.
      ...(process.env.KEFU_WORKER_MAX_CACHED_WORKFLOWS
        ? { KEFU_WORKER_MAX_CACHED_WORKFLOWS: process.env.KEFU_WORKER_MAX_CACHED_WORKFLOWS }
        : {}),
    };
    const config = loadConfig(configEnv);
    const workerConnection = await NativeConnection.connect({ address });
    onCleanup('close the worker connection', () => workerConnection.close());
    const clientConnection = await Connection.connect({ address });
    onCleanup('close the client connection', () => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: NAMESPACE });
    const probe = new Probe();
    timeUpdates(client, probe);

    // Each worker runs as soon as it exists, so a failure while creating the next one still shuts the first down.
    const kefuRun = await step('start the Kefu worker', async () =>
      runWorker(
        await createTimedKefuWorker(workerConnection, config, database.pool, bundlePath, probe),
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
          await runJourneys(api.graphqlUrl, floor, warmup, probe, database.pool);
        })(),
      ),
    );

    const result: Record<string, unknown> = {
      startedAt: startedAt.toISOString(),
      parts: [...parts],
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        platform: `${process.platform} ${os.release()} ${process.arch}`,
        node: process.version,
        temporalCli: temporal.version,
        database: database.kind,
      },
      ...(knowledge ? { knowledge } : {}),
      ...(maintenance ? { maintenance } : {}),
      ...(recommendations ? { recommendations } : {}),
    };
    let floorP50: number;
    if (parts.has('sendMessage')) {
      const samples = await step(`measure (${journeys} journeys, interleaved with pings)`, () =>
        guarded(runJourneys(api.graphqlUrl, floor, journeys, probe, database.pool)),
      );
      const send = stats(samples.send);
      const floorStats = stats(samples.floor);
      floorP50 = floorStats.p50;
      const ratios = { p50: round(send.p50 / floorStats.p50), p99: round(send.p99 / floorStats.p99) };
      printTable([
        [SEND_LABEL, send],
        [FLOOR_LABEL, floorStats],
      ]);
      console.log(`sendMessage p50 is ${ratios.p50}× the floor, p99 is ${ratios.p99}× the floor`);
      console.log('');
      const breakdown = printBreakdown(samples.parts, send, floorStats);
      Object.assign(result, {
        journeys,
        warmupJourneys: warmup,
        series: {
          sendMessage: { label: SEND_LABEL, ...send, samplesMs: samples.send.map(round) },
          floor: { label: FLOOR_LABEL, ...floorStats, samplesMs: samples.floor.map(round) },
        },
        ratios,
        breakdown,
      });
    } else {
      const pings: number[] = [];
      for (let i = 0; i < 40; i++) pings.push((await timed(() => floor.executeUpdate(pingUpdate))).ms);
      floorP50 = p50(pings);
      say(`floor p50 ${floorP50} ms (40 pings)`);
      result.floorP50 = floorP50;
    }

    const scale: ScaleContext = {
      client,
      graphqlUrl: api.graphqlUrl,
      db: database.pool,
      databaseUrl: database.url,
      temporalAddress: address,
      namespace: NAMESPACE,
      bundlePath,
      floorP50,
      apiOn: async (taskQueue) => {
        const other = await startApi(
          {
            config: loadConfig({ ...configEnv, KEFU_TASK_QUEUE: taskQueue }),
            db: database.pool,
            temporal: client,
          },
          pino({ level: 'warn' }),
          0,
        );
        onCleanup(`stop the API for ${taskQueue}`, () => other.close());
        return other;
      },
      onCleanup,
    };
    if (parts.has('startCase')) {
      result.startCase = await step(`start ${concurrentCases} cases at once, then one message each`, () =>
        guarded(concurrentStarts(scale, concurrentCases)),
      );
    }
    if (parts.has('idle')) {
      result.idle = await step(`worker memory for ${idleCount} idle cases`, () =>
        guarded(idleCases(scale, idleCount)),
      );
    }
    if (parts.has('long')) {
      result.longCase = await step(`one case of ${longCount} messages`, () =>
        guarded(longCase(scale, longCount)),
      );
    }

    if (parts.has('workers')) {
      result.workers = await step('turn latency with 1 and with 3 worker processes', () =>
        guarded(workerScaling(scale)),
      );
    }

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
