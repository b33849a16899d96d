// npm start: the whole Kefu stack on one machine (Temporal dev server, database, worker, API), stopped by Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { ConfigError, loadConfig, type Config } from '../activities/platform/config';
import { migrate } from '../activities/platform/db';
import { importFile } from '../activities/commerce/import';
import { openDatabase, type OpenDatabase } from './lib/database';
import { ensureDevKeys } from './lib/dev-keys';
import { startTemporalDevServer, type TemporalDevServer } from './lib/temporal-server';
import { findOrInstallTool } from './lib/toolchain';

const ROOT = path.resolve(__dirname, '..');
const DEMO_FILE = path.join(ROOT, 'data/demo/kefu-demo.json');

const say = (line: string) => process.stdout.write(`[kefu] ${line}\n`);

interface Supervised {
  name: string;
  child?: ChildProcess;
  stopping: boolean;
  restarts: number[];
}

async function main(): Promise<void> {
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
  fs.mkdirSync(config.dataDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  const children: Supervised[] = [];
  let shuttingDown = false;

  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say('stopping…');
    await Promise.all(children.map(stopChild));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    say('stopped; every case is kept in .data for the next start');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    // Temporal: an external server, or the dev server with its state in .data.
    let temporalAddress = config.temporal.address;
    let server: TemporalDevServer | undefined;
    if (!temporalAddress) {
      const cli = await findOrInstallTool('temporal', say);
      server = await startTemporalDevServer({
        cliPath: cli,
        dbFile: path.join(config.dataDir, 'temporal.db'),
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        retention: config.temporal.namespaceRetention,
        log: say,
        logFile: path.join(config.dataDir, 'temporal.log'),
      });
      const running = server;
      cleanups.push(() => running.stop());
      temporalAddress = server.address;
    }

    const db: OpenDatabase = await openDatabase(config, say);
    cleanups.push(() => db.close());
    if (db.kind === 'shared')
      throw new Error(`port ${config.embeddedDbPort} is taken: is Kefu already running?`);
    say(db.kind === 'server' ? 'database: DATABASE_URL' : `database: embedded (PGlite) on ${db.url}`);
    await migrate(db.pool, (line) => say(line));

    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM customers');
    if (config.loadDemoData && Number(rows[0]?.n ?? 0) === 0) {
      say('first start: loading the demo data set (data/demo)');
      const summary = await importFile(db.pool, DEMO_FILE, { shiftDatesTo: new Date(), onProgress: say });
      say(`demo data loaded: ${summary.customers.inserted} customers, ${summary.orders.inserted} orders`);
    }
    const devKeys = await ensureDevKeys(db.pool, config.dataDir);

    say('bundling workflows');
    const bundleFile = path.join(config.dataDir, 'workflow-bundle.js');
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      logger: new DefaultLogger('WARN'),
    });
    fs.writeFileSync(bundleFile, code);

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporalAddress,
      KEFU_WORKFLOW_BUNDLE: bundleFile,
    };
    children.push(supervise('worker', 'workers/main.ts', childEnv, () => shuttingDown));
    children.push(supervise('api', 'api/main.ts', childEnv, () => shuttingDown));

    const api = `http://${config.api.host === '0.0.0.0' ? '127.0.0.1' : config.api.host}:${config.api.port}`;
    await waitForHealth(`${api}/healthz`);
    const lines = [
      '',
      'Kefu is running.',
      `  GraphQL (GraphiQL)  ${api}/graphql`,
      `  Health              ${api}/healthz`,
      ...(server?.uiUrl
        ? [`  Temporal UI         ${server.uiUrl}/namespaces/${config.temporal.namespace}/workflows`]
        : []),
      `  Dev API keys        ${devKeys.file}`,
      ...Object.entries(devKeys.keys).map(([role, key]) => `    ${role.padEnd(11)} ${key}`),
      '',
      'Try it:',
      `  curl -s ${api}/graphql -H 'content-type: application/json' \\`,
      `    -d '{"query":"mutation { startCase(input: {}) { token case { id messages { text } } } }"}'`,
      '',
      'Ctrl-C stops everything; cases are kept for the next start.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } catch (err) {
    process.stderr.write(`[kefu] ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown(1);
  }
}

/** Runs a Kefu process, prefixes its output, and restarts it if it dies (at most 5 times a minute). */
function supervise(name: string, entry: string, env: NodeJS.ProcessEnv, stopping: () => boolean): Supervised {
  const entryState: Supervised = { name, stopping: false, restarts: [] };
  const launch = () => {
    // One process (no tsx wrapper), so the signals and the SIGKILL of a stop reach the worker or API itself.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entryState.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      readline
        .createInterface({ input: stream })
        .on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
    }
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

async function stopChild(entry: Supervised): Promise<void> {
  entry.stopping = true;
  const child = entry.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHealth(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

void main();
