// Runs `temporal server start-dev` and leaves Kefu's namespace retention and search attributes in place.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { msNumberToTs, msToNumber, optionalTsToMs } from '@temporalio/common/lib/time';
import { KEFU_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export interface TemporalDevServerOptions {
  cliPath: string;
  /** SQLite file that keeps workflows across restarts; without it the server keeps everything in memory. */
  dbFile?: string;
  port: number;
  /** Defaults to port + 1000, as the CLI does. */
  uiPort?: number;
  headless?: boolean;
  namespace: string;
  /** How long closed workflows are kept, e.g. '720h'. */
  retention: string;
  log: (line: string) => void;
  /** The server's own output is appended here; without it only the last lines are kept, for error messages. */
  logFile?: string;
  /** Aborting it while the server is still starting stops the server and rejects (Ctrl-C during npm start). */
  signal?: AbortSignal;
}

export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  namespace: string;
  pid?: number;
  /** Called once if the server exits on its own (not through stop()), with what happened. */
  onUnexpectedExit(listener: (why: string) => void): void;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const READY_DEADLINE_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const retentionMs = parseRetention(opts.retention);
  const address = `${HOST}:${opts.port}`;
  const pidFile = opts.dbFile ? `${opts.dbFile}.pid` : undefined;
  if (pidFile) await stopLeftover(pidFile, opts.log);
  if (await isPortInUse(opts.port)) {
    throw new Error(
      `port ${opts.port} is in use: is another Temporal server running? set TEMPORAL_ADDRESS to use it, or TEMPORAL_PORT to move`,
    );
  }
  const uiPort = opts.headless ? undefined : (opts.uiPort ?? opts.port + 1000);
  if (uiPort !== undefined && (await isPortInUse(uiPort))) {
    throw new Error(`port ${uiPort} (the Temporal UI) is in use: set TEMPORAL_UI_PORT to move the UI`);
  }

  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(opts.port)];
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  args.push('--namespace', opts.namespace);
  for (const attribute of KEFU_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${attribute.name}=${attribute.type}`);
  args.push('--log-level', 'warn');

  const output = new OutputTail(opts.logFile);
  // Its own process group: a Ctrl-C in the terminal must not stop Temporal before the worker has drained.
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', output.stdio, output.stdio], detached: true });
  output.spawned(child.stdout, child.stderr);
  // Temporal runs in its own group, so a SIGKILLed npm start cannot take it along: the next start finds it by this file.
  if (pidFile && child.pid) fs.writeFileSync(pidFile, String(child.pid));
  const exited = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`could not start ${opts.cliPath}: ${err.message}`));
    child.once('exit', (code, signal) => {
      if (pidFile) fs.rmSync(pidFile, { force: true });
      resolve(`exited with ${signal ?? `code ${code}`}`);
    });
  });
  let hasExited = false;
  let stopRequested = false;
  const exitListeners: ((why: string) => void)[] = [];
  void exited.then((why) => {
    hasExited = true;
    if (!stopRequested) for (const listener of exitListeners) listener(`${why}${output.describe()}`);
  });
  // A server left behind by a crashed parent would hold the port and break the next run.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopRequested = true;
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (!hasExited) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(force);
      }
    })();
    return stopping;
  };

  const failure = (why: string) =>
    new Error(`temporal server start-dev on ${address} ${why}${output.describe()}`);
  const aborted = new Promise<string>((resolve) => {
    if (opts.signal?.aborted) resolve('stopped while starting');
    opts.signal?.addEventListener('abort', () => resolve('stopped while starting'), { once: true });
  });
  try {
    const connection = await waitUntilServing(address, Promise.race([exited, aborted]), failure);
    try {
      await connection.withDeadline(Date.now() + READY_DEADLINE_MS, async () => {
        await ensureNamespace(connection, opts.namespace, retentionMs, opts.retention, opts.log);
        await ensureSearchAttributes(connection, opts.namespace, opts.log);
      });
      if (opts.signal?.aborted) throw failure('was stopped while starting');
    } finally {
      await connection.close();
    }
  } catch (err) {
    await stop();
    throw err;
  }

  const uiUrl = uiPort === undefined ? undefined : `http://${HOST}:${uiPort}`;
  opts.log(
    `Temporal dev server on ${address}, namespace ${opts.namespace}` +
      `${opts.dbFile ? `, data in ${opts.dbFile}` : ', in memory'}${uiUrl ? `, UI ${uiUrl}` : ''}`,
  );
  return {
    address,
    uiUrl,
    namespace: opts.namespace,
    pid: child.pid,
    onUnexpectedExit: (listener) => void exitListeners.push(listener),
    stop,
  };
}

async function waitUntilServing(
  address: string,
  exited: Promise<string>,
  failure: (why: string) => Error,
): Promise<Connection> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  let lastError = '';
  for (;;) {
    const attempt = Connection.connect({ address, connectTimeout: 1000 });
    const outcome = await Promise.race([
      attempt.then(
        (connection) => ({ connection }),
        (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
      ),
      exited.then((why) => ({ exited: why })),
    ]);
    if ('connection' in outcome) return outcome.connection;
    if ('exited' in outcome) {
      void attempt.then(
        (c) => c.close(),
        () => undefined,
      );
      throw failure(outcome.exited);
    }
    lastError = outcome.error;
    if (Date.now() > deadline) {
      throw failure(`did not answer within ${READY_DEADLINE_MS / 1000} s (last error: ${lastError})`);
    }
    // Polling is the only signal: start-dev prints nothing when ready at --log-level warn.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retentionMs: number,
  retention: string,
  log: (line: string) => void,
): Promise<void> {
  const service = connection.workflowService;
  let currentMs: number | undefined;
  try {
    const described = await service.describeNamespace({ namespace });
    currentMs = optionalTsToMs(described.config?.workflowExecutionRetentionTtl);
  } catch (err) {
    if (!isGrpcServiceError(err) || err.code !== GRPC_NOT_FOUND) throw err;
    // start-dev --namespace creates it; this covers a CLI that did not.
    await service.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msNumberToTs(retentionMs),
    });
    log(`created namespace ${namespace} with retention ${retention}`);
    return;
  }
  if (currentMs === retentionMs) return;
  await service.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msNumberToTs(retentionMs) },
  });
  log(`namespace ${namespace}: retention set to ${retention}`);
}

async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  log: (line: string) => void,
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: Record<string, ReturnType<typeof indexedValueType>> = {};
  for (const { name, type } of KEFU_SEARCH_ATTRIBUTES) {
    const wanted = indexedValueType(type);
    const existing = customAttributes?.[name];
    if (existing === undefined || existing === null) missing[name] = wanted;
    else if (existing !== wanted) {
      throw new Error(
        `search attribute ${name} exists in namespace ${namespace} with another type (${existing}); Kefu needs ${type}`,
      );
    }
  }
  if (Object.keys(missing).length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  } catch (err) {
    // Another process registering the same attributes at the same moment is as good as doing it here.
    if (!isGrpcServiceError(err) || err.code !== GRPC_ALREADY_EXISTS) throw err;
  }
  log(`namespace ${namespace}: registered search attributes ${Object.keys(missing).join(', ')}`);
}

/** 'Keyword' (the CLI's spelling) → the API's enum value. */
function indexedValueType(type: string) {
  const upper = type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  const encoded = encodeSearchAttributeIndexedValueType(
    upper as Parameters<typeof encodeSearchAttributeIndexedValueType>[0],
  );
  if (encoded === undefined) throw new Error(`unknown search attribute type ${type}`);
  return encoded;
}

function parseRetention(retention: string): number {
  try {
    const ms = msToNumber(retention as Parameters<typeof msToNumber>[0]);
    if (Number.isFinite(ms) && ms > 0) return ms;
  } catch {
    // reported below
  }
  throw new Error(`namespace retention must be a duration such as "720h" (got "${retention}")`);
}

/** Keeps the server's output in logFile, or only its last lines in memory, to explain a failed start. */
class OutputTail {
  readonly stdio: 'pipe' | number;
  private readonly fd?: number;
  private lines: string[] = [];
  private pending = '';

  constructor(private readonly logFile?: string) {
    if (logFile) {
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      this.fd = fs.openSync(logFile, 'a');
    }
    this.stdio = this.fd ?? 'pipe';
  }

  /** Our copy of the log file's descriptor is closed: the child has its own. */
  spawned(...streams: (NodeJS.ReadableStream | null)[]): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    for (const stream of streams) {
      stream?.on('data', (chunk: Buffer) => {
        const parts = (this.pending + chunk.toString()).split('\n');
        this.pending = parts.pop() ?? '';
        this.lines = [...this.lines, ...parts].slice(-30);
      });
    }
  }

  describe(): string {
    const tail = this.logFile ? this.fileTail() : [...this.lines, this.pending].join('\n').trim();
    const where = this.logFile ? ` (full log: ${this.logFile})` : '';
    return tail ? `\n--- last lines of its output${where} ---\n${tail}` : where;
  }

  private fileTail(): string {
    if (!this.logFile) return '';
    const text = fs.readFileSync(this.logFile, 'utf8');
    return text.trim().split('\n').slice(-30).join('\n');
  }
}

/** A port the OS says is free right now on 127.0.0.1 (another process may still take it before it is used). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port the OS chose'));
      });
    });
  });
}

/** True when something already listens on, or holds, the port on 127.0.0.1. */
export function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve(true);
      else reject(err);
    });
    server.listen(port, HOST, () => server.close(() => resolve(false)));
  });
}

/**
 * Stops a dev server that an earlier npm start left running on this data file (it was killed before it could stop
 * it). Only a process whose command line is that server's is touched.
 */
async function stopLeftover(pidFile: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  const dbFile = pidFile.slice(0, -'.pid'.length);
  let commandLine = '';
  try {
    commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    // not running any more (or not Linux): nothing to stop
  }
  if (Number.isInteger(pid) && pid > 1 && commandLine.includes('start-dev') && commandLine.includes(dbFile)) {
    log(`stopping a Temporal dev server an earlier npm start left running (pid ${pid})`);
    const gone = () => !fs.existsSync(`/proc/${pid}`);
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; !gone() && waited < STOP_GRACE_MS; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!gone()) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(pidFile, { force: true });
}
