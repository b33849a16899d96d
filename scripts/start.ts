// npm start: the whole Kefu stack on one machine (Temporal dev server, database, worker, API), stopped by Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { ConfigError, loadConfig, type Config } from '../activities/platform/config';
import { migrate } from '../activities/platform/db';
import { importFile } from '../activities/commerce/import';
import { ensurePrivateDataDir, openDatabase, redactUrl, type OpenDatabase } from './lib/database';
import { ensureDevKeys } from './lib/dev-keys';
import {
  startTemporalDevServer,
  type TemporalDevServer,
  type TemporalDevServerOptions,
} from './lib/temporal-server';
import { findOrInstallTool } from './lib/toolchain';
import { loadDemoKnowledge } from './lib/demo-knowledge';
import { loadDemoManufacturing } from './lib/demo-manufacturing';

const ROOT = path.resolve(__dirname, '..');
const DEMO_FILE = path.join(ROOT, 'data/demo/kefu-demo.json');
/** The API answers what it has in flight; the worker gets its drain time (10 s grace + 20 s force) and a margin. */
const STOP_DEADLINE_MS = { api: 15_000, worker: 35_000 };
/** Signals closer together than this are one Ctrl-C: the terminal, npm and tsx each pass it on. */
const SAME_SIGNAL_MS = 2_000;
const TEMPORAL_RESTARTS_PER_5_MIN = 3;

const say = (line: string) => process.stdout.write(`[kefu] ${line}\n`);
/** Set in the detached process that runs the stack; the process npm started only relays signals to it. */
const STACK_PROCESS_ENV = 'KEFU_START_STACK_PROCESS';

interface Supervised {
  name: string;
  child?: ChildProcess;
  stopping: boolean;
  restarts: number[];
}

/** Thrown by a start-up step that notices a stop was asked for; not an error to report. */
class StopRequested extends Error {}

/**
 * The process npm starts only passes signals on. tsx's wrapper SIGKILLs its child when that child does not
 * acknowledge a signal within 30 ms, which a process busy bundling or serving PGlite often cannot do; so the
 * stack runs in a detached process of its own, and this one stays idle enough to always answer.
 */
function relay(): void {
  const stack = spawn(process.execPath, ['--import', 'tsx', __filename], {
    cwd: process.cwd(),
    env: { ...process.env, [STACK_PROCESS_ENV]: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stack.exitCode === null && stack.signalCode === null) stack.kill(signal);
    });
  }
  stack.once('error', (err) => {
    process.stderr.write(`[kefu] could not start: ${err.message}\n`);
    process.exit(1);
  });
  stack.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`[kefu] ${err.message}\n[kefu] See "Configuration" in README.md.\n`);
      process.exit(2);
    }
    throw err;
  }
  // The folder holds the database, its password and the dev API keys: this user's only.
  ensurePrivateDataDir(config.dataDir);
  const cleanups: { name: string; run: () => Promise<void> }[] = [];
  const children: Supervised[] = [];
  const abort = new AbortController();
  let stopping: Promise<void> | undefined;
  let firstSignalAt = 0;
  let forced = false;
  let temporalDevServer: TemporalDevServer | undefined;

  /** Resolves when a stop is asked for: long start-up steps race it instead of holding the stop up. */
  const stopAsked = new Promise<never>((_, reject) =>
    abort.signal.addEventListener('abort', () => reject(new StopRequested('stopping')), { once: true }),
  );
  stopAsked.catch(() => undefined);
  const checkpoint = () => {
    if (abort.signal.aborted) throw new StopRequested('stopping');
  };

  const shutdown = (code: number, why?: string): Promise<void> => {
    stopping ??= (async () => {
      say(why ? `${why}; stopping…` : 'stopping… (the worker finishes what it is doing first)');
      abort.abort();
      // Steps that own state (opening the database, migrations, the demo import) finish before anything closes.
      await startup.catch(() => undefined);
      // The API first, so requests in flight still have a worker to answer them; then the worker drains.
      for (const name of ['api', 'worker']) {
        const entry = children.find((c) => c.name === name);
        if (entry) await stopChild(entry, STOP_DEADLINE_MS[name as 'api' | 'worker']);
      }
      for (const cleanup of cleanups.reverse()) {
        await cleanup.run().catch((err: unknown) => {
          process.stderr.write(
            `[kefu] stopping ${cleanup.name} failed: ${err instanceof Error ? err.message : String(err)}\n`,
          );
        });
      }
      say(
        config.databaseUrl || config.temporal.address
          ? 'stopped; every case stays in Temporal and PostgreSQL for the next start'
          : `stopped; every case is kept in ${path.relative(process.cwd(), config.dataDir) || '.'} for the next start`,
      );
      process.exit(code);
    })();
    return stopping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (!stopping) {
      firstSignalAt = now;
      say(`${signal} received`);
      void shutdown(0);
      return;
    }
    // Later signals never end this process before Temporal and the database are down. One that comes well after
    // the first (a person pressing Ctrl-C again) stops the worker and API at once instead of waiting for them.
    if (now - firstSignalAt < SAME_SIGNAL_MS || forced) return;
    forced = true;
    say('stopping now: the worker and the API are killed; Temporal and the database still stop cleanly');
    for (const entry of children) entry.child?.kill('SIGKILL');
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // The relaying process gone (killed, or its terminal closed) means stop, not run on with no one to stop it.
  if (process.send) {
    process.on('disconnect', () => void shutdown(0, 'npm start went away'));
    process.channel?.unref();
  }

  const startTemporal = async (options: TemporalDevServerOptions): Promise<TemporalDevServer> => {
    const server = await startTemporalDevServer(options);
    temporalDevServer = server;
    const restarts: number[] = [];
    const watch = (running: TemporalDevServer) =>
      running.onUnexpectedExit((why) => {
        if (stopping) return;
        const now = Date.now();
        restarts.push(now);
        const recent = restarts.filter((t) => now - t < 5 * 60_000);
        if (recent.length > TEMPORAL_RESTARTS_PER_5_MIN) {
          process.stderr.write(`[kefu] the Temporal dev server stopped again: ${why}\n`);
          void shutdown(1, 'the Temporal dev server keeps stopping (see .data/temporal.log)');
          return;
        }
        say(
          `the Temporal dev server stopped unexpectedly (${why.split('\n')[0]}); restarting it on the same data`,
        );
        startTemporalDevServer({ ...options, signal: abort.signal }).then(
          (again) => {
            temporalDevServer = again;
            if (stopping) return;
            say('the Temporal dev server is back; every case is kept');
            watch(again);
          },
          (err: unknown) => {
            if (err instanceof StopRequested || stopping) return;
            process.stderr.write(`[kefu] ${err instanceof Error ? err.message : String(err)}\n`);
            void shutdown(1, 'the Temporal dev server could not be restarted');
          },
        );
      });
    watch(server);
    return server;
  };

  // shutdown() (above) waits for this; no signal can reach it before this line has run.
  const startup = (async () => {
    // Temporal: an external server, or the dev server with its state in .data.
    let temporalAddress = config.temporal.address;
    let uiUrl: string | undefined;
    if (!temporalAddress) {
      const cli = await Promise.race([findOrInstallTool('temporal', say), stopAsked]);
      checkpoint();
      const server = await startTemporal({
        cliPath: cli,
        dbFile: path.join(config.dataDir, 'temporal.db'),
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        retention: config.temporal.namespaceRetention,
        log: say,
        logFile: path.join(config.dataDir, 'temporal.log'),
        signal: abort.signal,
      });
      cleanups.push({
        name: 'the Temporal dev server',
        run: () => temporalDevServer?.stop() ?? Promise.resolve(),
      });
      temporalAddress = server.address;
      uiUrl = server.uiUrl;
    }
    checkpoint();

    const db: OpenDatabase = await openDatabase(config, say);
    cleanups.push({ name: 'the database', run: () => db.close() });
    if (db.kind === 'shared')
      throw new Error(`port ${config.embeddedDbPort} is taken: is Kefu already running?`);
    say(
      db.kind === 'server' ? 'database: DATABASE_URL' : `database: embedded (PGlite) on ${redactUrl(db.url)}`,
    );
    checkpoint();
    await migrate(db.pool, (line) => say(line));
    checkpoint();

    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM customers');
    if (config.loadDemoData && Number(rows[0]?.n ?? 0) === 0) {
      say('first start: loading the demo data set (data/demo)');
      const summary = await importFile(db.pool, DEMO_FILE, { shiftDatesTo: new Date(), onProgress: say });
      say(`demo data loaded: ${summary.customers.inserted} customers, ${summary.orders.inserted} orders`);
    }
    if (config.loadDemoData) await loadDemoKnowledge(db.pool, config, say);
    if (config.loadDemoData) await loadDemoManufacturing(db.pool, say);
    checkpoint();
    const devKeys = await ensureDevKeys(db.pool, config.dataDir);
    checkpoint();

    say('bundling workflows');
    const bundleFile = path.join(config.dataDir, 'workflow-bundle.js');
    // Bundling holds no state: a stop does not wait for it.
    const { code } = await Promise.race([
      bundleWorkflowCode({
        workflowsPath: require.resolve('../workflows'),
        logger: new DefaultLogger('WARN'),
      }),
      stopAsked,
    ]);
    checkpoint();
    fs.writeFileSync(bundleFile, code);

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporalAddress,
      KEFU_WORKFLOW_BUNDLE: bundleFile,
    };
    children.push(supervise('worker', 'workers/main.ts', childEnv, () => Boolean(stopping)));
    children.push(supervise('api', 'api/main.ts', childEnv, () => Boolean(stopping)));

    const api = `http://${config.api.host === '0.0.0.0' ? '127.0.0.1' : config.api.host}:${config.api.port}`;
    await waitForHealth(`${api}/healthz`, abort.signal);
    checkpoint();
    const lines = [
      '',
      'Kefu is running.',
      `  GraphQL (GraphiQL)  ${api}/graphql`,
      `  Agent console       ${api}/console`,
      `  Customer chat       ${api}/chat`,
      `  Health              ${api}/healthz`,
      ...(uiUrl ? [`  Temporal UI         ${uiUrl}/namespaces/${config.temporal.namespace}/workflows`] : []),
      `  Dev API keys        ${devKeys.file}`,
      ...Object.entries(devKeys.keys).map(([role, key]) => `    ${role.padEnd(11)} ${key}`),
      '',
      'Try it:',
      `  curl -s ${api}/graphql -H 'content-type: application/json' \\`,
      `    -d '{"query":"mutation { startCase(input: {}) { token case { id messages(last: 5) { edges { node { text } } } } } }"}'`,
      '',
      'Ctrl-C stops everything; cases are kept for the next start.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  })();

  startup.catch((err: unknown) => {
    if (err instanceof StopRequested || stopping) return;
    process.stderr.write(`[kefu] ${err instanceof Error ? err.message : String(err)}\n`);
    void shutdown(1);
  });
}

/** Runs a Kefu process, prefixes its output, and restarts it if it dies (at most 5 times a minute). */
function supervise(name: string, entry: string, env: NodeJS.ProcessEnv, stopping: () => boolean): Supervised {
  const entryState: Supervised = { name, stopping: false, restarts: [] };
  const launch = () => {
    if (stopping() || entryState.stopping) return;
    // One process (no tsx wrapper), so the signals and the SIGKILL of a stop reach the worker or API itself.
    // Its own process group: the terminal's Ctrl-C reaches only npm start, which stops the API before the worker.
    // The IPC channel tells the child when npm start is gone, however it ended, so nothing is left running.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    entryState.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      readline
        .createInterface({ input: stream! })
        .on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
    }
    child.on('error', (err) => say(`${name}: ${err.message}`));
    child.once('exit', (code, signal) => {
      if (stopping() || entryState.stopping) return;
      const now = Date.now();
      entryState.restarts = entryState.restarts.filter((t) => now - t < 60_000).concat(now);
      if (entryState.restarts.length > 5) {
        say(
          `${name} keeps failing (last exit ${signal ?? code}); not restarting it. Fix the cause and run npm start again.`,
        );
        return;
      }
      say(`${name} exited (${signal ?? code}); restarting`);
      setTimeout(launch, 1000);
    });
  };
  launch();
  return entryState;
}

async function stopChild(entry: Supervised, deadlineMs: number): Promise<void> {
  entry.stopping = true;
  const child = entry.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    say(`${entry.name} did not stop within ${deadlineMs / 1000} s; killing it`);
    child.kill('SIGKILL');
  }, deadlineMs);
  await exited;
  clearTimeout(timer);
}

async function waitForHealth(url: string, signal: AbortSignal, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

if (process.env[STACK_PROCESS_ENV] === '1') main();
else relay();
