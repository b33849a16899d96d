// `npm start` under a terminal's Ctrl-C (SIGINT to the whole process group, repeated): nothing is left running,
// the next start works; Temporal is restarted when it dies; the embedded database wants its password.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';
import { postGraphQL } from '../../scripts/lib/graphql-client';
import { findFreePort, isPortInUse } from '../../scripts/lib/temporal-server';
import { testEnv } from '../helpers/env';
import { eventually } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let ports: { temporal: number; ui: number; api: number; db: number };
const started: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-ops-'));
  // As loose as a folder made with the usual umask: npm start must narrow it.
  fs.chmodSync(dataDir, 0o755);
  const [temporal, ui, api, db] = await Promise.all([
    findFreePort(),
    findFreePort(),
    findFreePort(),
    findFreePort(),
  ]);
  ports = { temporal, ui, api, db };
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _t, npm_lifecycle_event: _e, ...inherited } = process.env;
  env = {
    ...inherited,
    NODE_ENV: 'production',
    KEFU_DATA_DIR: dataDir,
    TEMPORAL_CLI: testEnv().temporalCliPath,
    TEMPORAL_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(ui),
    KEFU_API_PORT: String(api),
    KEFU_EMBEDDED_DB_PORT: String(db),
    LOG_LEVEL: 'warn',
  };
});

afterAll(() => {
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** `npm start` exactly as a terminal runs it, in a process group of its own, as a terminal's foreground job is. */
function npmStart(): Running {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      for (const w of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    });
  }
  const waitFor = (pattern: RegExp, timeoutMs = 120_000) => {
    const seen = output.find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output.join('\n')}`)),
        timeoutMs,
      );
      waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(
          new Error(`npm start exited (${code}) before a line matching ${pattern}:\n${output.join('\n')}`),
        );
      });
    });
  };
  return { child, output, exited, waitFor };
}

/** Every process below pid, read from /proc (detached children included: only the group differs). */
function descendants(root: number): { pid: number; cmd: string }[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; cmd: string }[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parents) {
      if (ppid !== parent) continue;
      queue.push(pid);
      let cmd = '';
      try {
        cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        // gone meanwhile
      }
      found.push({ pid, cmd });
    }
  }
  return found;
}

/** Running, not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function processesInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The suites' `eventually`, for a yes/no probe, naming what did not happen. */
async function waitUntil(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  try {
    await eventually(
      async () => probe(),
      (ok) => ok,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function portsInUse(): Promise<string[]> {
  const busy: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (await isPortInUse(port)) busy.push(`${name} ${port}`);
  return busy;
}

/** Ctrl-C as a terminal sends it: SIGINT to every process of the group, here twice in quick succession. */
async function ctrlC(running: Running, times = 2): Promise<void> {
  const tree = descendants(running.child.pid!);
  expect(tree.some((p) => /start-dev/.test(p.cmd))).toBe(true);
  for (let i = 0; i < times; i++) {
    try {
      process.kill(-running.child.pid!, 'SIGINT');
    } catch (err) {
      // Stopped before the second one: the group is already gone.
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await running.exited;
  await waitUntil('every process of npm start gone', () => tree.every((p) => !isAlive(p.pid)));
  expect(processesInGroup(running.child.pid!)).toEqual([]);
  expect(await portsInUse()).toEqual([]);
  expect(running.output.join('\n')).toMatch(/stopped; every case is kept/);
}

function embeddedUrl(password?: string): string {
  const auth = password === undefined ? 'postgres' : `postgres:${encodeURIComponent(password)}`;
  return `postgres://${auth}@127.0.0.1:${ports.db}/postgres?sslmode=disable`;
}

async function connects(url: string): Promise<true | string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

test('Ctrl-C to the whole group, twice, stops everything, twice in a row; Temporal is restarted when it dies; the database wants its password', async () => {
  const first = npmStart();
  await first.waitFor(/^Ctrl-C stops everything/);
  const graphql = /GraphQL \(GraphiQL\)\s+(\S+)/.exec(first.output.join('\n'))![1]!;

  // The data folder and the password in it are this user's only.
  expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
  const passwordFile = path.join(dataDir, 'db-password');
  expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  expect(password.length).toBeGreaterThanOrEqual(32);
  expect(await connects(embeddedUrl(password))).toBe(true);
  expect(await connects(embeddedUrl('wrong-password'))).toMatch(/password authentication failed/);
  expect(await connects(embeddedUrl())).not.toBe(true);
  // The password never reaches the terminal.
  expect(first.output.join('\n')).not.toContain(password);

  // Temporal dies under npm start: it comes back on the same data, and the case is still there.
  const keys = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-keys.json'), 'utf8')) as Record<
    string,
    string
  >;
  const startedCase = await postGraphQL<{ startCase: { case: { id: string } } }>(
    graphql,
    'mutation { startCase(input: {}) { case { id } } }',
  );
  expect(startedCase.errors).toBeUndefined();
  const caseId = startedCase.data!.startCase.case.id;
  const temporal = descendants(first.child.pid!).find((p) => /start-dev/.test(p.cmd))!;
  process.kill(temporal.pid, 'SIGKILL');
  await first.waitFor(/Temporal dev server stopped unexpectedly/);
  await first.waitFor(/Temporal dev server is back/);
  await waitUntil('the case readable again', async () => {
    const read = await postGraphQL<{ case: { id: string } }>(
      graphql,
      'query($id: ID!) { case(id: $id) { id } }',
      { id: caseId },
      keys.auditor,
    ).catch(() => undefined);
    return read?.data?.case.id === caseId;
  });

  await ctrlC(first);
  // A second start finds every port free, and another Ctrl-C stops it as cleanly.
  const second = npmStart();
  await second.waitFor(/^Ctrl-C stops everything/);
  expect(second.output.join('\n')).not.toMatch(/loading the demo data/);
  expect(fs.readFileSync(passwordFile, 'utf8').trim()).toBe(password);
  await ctrlC(second);
  const third = npmStart();
  await third.waitFor(/^Ctrl-C stops everything/);
  await ctrlC(third, 1);
}, 300_000);

test('Ctrl-C while npm start is still starting (bundling) stops everything', async () => {
  const running = npmStart();
  await running.waitFor(/bundling workflows/);
  await ctrlC(running);
  expect(running.output.join('\n')).not.toMatch(/Kefu is running/);
}, 180_000);
