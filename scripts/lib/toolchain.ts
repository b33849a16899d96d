// Finds the temporal, stripe-mock and helm binaries, or builds them with Go into a cache shared by every clone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Tool = 'temporal' | 'stripe-mock' | 'helm';

export interface ToolchainOptions {
  /** Where TEMPORAL_CLI/STRIPE_MOCK, PATH, XDG_CACHE_HOME and HOME are read, and what Go runs with. */
  env?: NodeJS.ProcessEnv;
  /** Checkout whose .tools/bin is searched. */
  repoRoot?: string;
  /** Places to look for Go when it is not on PATH (a bare machine has it outside PATH, under /usr/local/go). */
  goFallbacks?: string[];
  /** Overrides the release archive address of the temporal download fallback. */
  downloadUrl?: string;
}

interface ToolSpec {
  envVar: string;
  /** The Go module, as `go version -m` names it. */
  goModule: string;
  goPackage: string;
  version: string;
  versionArgs: string[];
  coldBuild: string;
  warmBuild: string;
  /** Only the Temporal CLI publishes release archives that Kefu falls back to. */
  downloadable: boolean;
}

const TOOLS: Record<Tool, ToolSpec> = {
  temporal: {
    envVar: 'TEMPORAL_CLI',
    goModule: 'github.com/temporalio/cli',
    goPackage: 'github.com/temporalio/cli/cmd/temporal',
    version: '1.5.1',
    versionArgs: ['--version'],
    coldBuild: '~5 minutes',
    warmBuild: '~15 s',
    downloadable: true,
  },
  'stripe-mock': {
    envVar: 'STRIPE_MOCK',
    goModule: 'github.com/stripe/stripe-mock',
    goPackage: 'github.com/stripe/stripe-mock',
    version: '0.197.0',
    versionArgs: ['-version'],
    coldBuild: '~1 minute',
    warmBuild: '~10 s',
    downloadable: false,
  },
  // For the chart's lint and render test (deploy/helm/kefu); helm lint and template work offline.
  helm: {
    envVar: 'HELM',
    goModule: 'helm.sh/helm/v3',
    goPackage: 'helm.sh/helm/v3/cmd/helm',
    version: '3.17.3',
    versionArgs: ['version', '--short'],
    coldBuild: '~1 minute',
    warmBuild: '~15 s',
    downloadable: false,
  },
};

const REPO_ROOT = path.resolve(__dirname, '../..');
const HEARTBEAT_MS = 20_000;
/** A lock whose holder stopped refreshing it for this long is abandoned (the holder refreshes at every heartbeat). */
const LOCK_STALE_MS = 3 * HEARTBEAT_MS;

/** `${XDG_CACHE_HOME:-$HOME/.cache}/kefu/bin`: outside any clone, so fresh clones and CI reuse one build. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(cacheHome, 'kefu', 'bin');
}

/** Returns an absolute path to a working `tool`, building or downloading it into the cache if none is found. */
export async function findOrInstallTool(
  tool: Tool,
  log: (line: string) => void,
  options: ToolchainOptions = {},
): Promise<string> {
  const spec = TOOLS[tool];
  const env = options.env ?? process.env;
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const goFallbacks = options.goFallbacks ?? ['/usr/local/go/bin/go'];
  const cacheDir = toolCacheDir(env);
  const say = (line: string) => log(`${tool}: ${line}`);

  const explicit = env[spec.envVar];
  if (explicit) {
    const file = path.resolve(explicit);
    if (!isExecutable(file)) throw new Error(`${spec.envVar}=${explicit} is not an executable file`);
    // The user chose this binary: if it does not run, say so rather than quietly building another.
    try {
      await checkVersion(tool, file, env, goFallbacks, say);
    } catch (err) {
      throw new Error(`${spec.envVar}=${explicit}: ${errorMessage(err)}`);
    }
    return file;
  }

  const places = [
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean),
    path.join(repoRoot, '.tools', 'bin'),
    cacheDir,
  ];
  const found = await firstWorking(tool, places, env, goFallbacks, say);
  if (found) return found;

  const looked = `$${spec.envVar}, PATH, ${path.join(repoRoot, '.tools', 'bin')}, ${cacheDir}`;
  say(`not found (looked in ${looked})`);
  fs.mkdirSync(cacheDir, { recursive: true });
  return withFileLock(path.join(cacheDir, `.${tool}.lock`), tool, say, async () => {
    // Another process may have finished the same build while this one waited for the lock.
    const built = await firstWorking(tool, [cacheDir], env, goFallbacks, say);
    if (built) return built;
    return install(tool, cacheDir, env, goFallbacks, options.downloadUrl, say);
  });
}

async function firstWorking(
  tool: Tool,
  dirs: string[],
  env: NodeJS.ProcessEnv,
  goFallbacks: string[],
  say: (line: string) => void,
): Promise<string | undefined> {
  for (const dir of dirs) {
    const file = path.resolve(dir, tool);
    if (!isExecutable(file)) continue;
    try {
      await checkVersion(tool, file, env, goFallbacks, say);
      return file;
    } catch (err) {
      say(`skipping ${file}: ${errorMessage(err)}`);
    }
  }
  return undefined;
}

async function install(
  tool: Tool,
  cacheDir: string,
  env: NodeJS.ProcessEnv,
  goFallbacks: string[],
  downloadUrl: string | undefined,
  say: (line: string) => void,
): Promise<string> {
  const spec = TOOLS[tool];
  const target = path.join(cacheDir, tool);
  const failures: string[] = [];
  const fail = (reason: string) => {
    failures.push(reason);
    say(reason);
  };
  const go = findGo(env, goFallbacks);
  if (go) {
    // Build into a private directory and rename: an interrupted build never leaves a half-written binary in the cache.
    const staging = fs.mkdtempSync(path.join(cacheDir, `.${tool}-build-`));
    try {
      await goInstall(tool, go, staging, env, say);
      fs.renameSync(path.join(staging, tool), target);
      await checkVersion(tool, target, env, goFallbacks, say);
      return target;
    } catch (err) {
      fail(`go install failed: ${errorMessage(err)}`);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } else {
    fail(`Go was not found on PATH${goFallbacks.length ? ` nor at ${goFallbacks.join(', ')}` : ''}`);
  }

  if (spec.downloadable) {
    const staging = fs.mkdtempSync(path.join(cacheDir, `.${tool}-download-`));
    try {
      await downloadRelease(tool, staging, env, downloadUrl, say);
      fs.renameSync(path.join(staging, tool), target);
      await checkVersion(tool, target, env, goFallbacks, say);
      return target;
    } catch (err) {
      fail(`download failed: ${errorMessage(err)}`);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  throw new Error(
    [
      `could not find or install ${tool} ${spec.version}:`,
      ...failures.map((f) => `  - ${f}`),
      'Provide it in one of these ways:',
      `  1. set ${spec.envVar} to the path of a ${tool} ${spec.version} binary;`,
      `  2. install Go (https://go.dev/dl) so that Kefu can run: go install ${spec.goPackage}@v${spec.version};`,
      `  3. put a ${tool} binary on PATH (or in ${path.join(REPO_ROOT, '.tools', 'bin')}).`,
    ].join('\n'),
  );
}

function findGo(env: NodeJS.ProcessEnv, fallbacks: string[]): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.resolve(dir, 'go');
    if (isExecutable(file)) return file;
  }
  return fallbacks.find(isExecutable);
}

async function goInstall(
  tool: Tool,
  go: string,
  gobin: string,
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
): Promise<void> {
  const spec = TOOLS[tool];
  const target = `${spec.goPackage}@v${spec.version}`;
  say(`building it with ${go}: go install ${target}`);
  say(
    `the first build on a machine takes ${spec.coldBuild} (it downloads and compiles every dependency); ` +
      `later ones reuse Go's caches in your home directory and take ${spec.warmBuild}`,
  );
  const started = Date.now();
  // go install prints almost nothing while it compiles, so a heartbeat shows the build is alive.
  const heartbeat = () => say(`still building (${formatElapsed(Date.now() - started)} elapsed)`);
  const result = await runWithHeartbeat(go, ['install', target], { ...env, GOBIN: gobin }, heartbeat, say);
  if (result.code !== 0) throw new Error(`exit code ${result.code}: ${lastLines(result.output, 15)}`);
  say(`built in ${formatElapsed(Date.now() - started)}`);
}

async function downloadRelease(
  tool: Tool,
  staging: string,
  env: NodeJS.ProcessEnv,
  urlOverride: string | undefined,
  say: (line: string) => void,
): Promise<void> {
  const spec = TOOLS[tool];
  const platforms: Record<string, string> = { linux: 'linux', darwin: 'darwin' };
  const arches: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
  const platform = platforms[process.platform];
  const arch = arches[process.arch];
  if (!urlOverride && (!platform || !arch)) {
    throw new Error(`no release archive for ${process.platform}/${process.arch}`);
  }
  const url =
    urlOverride ?? `https://temporal.download/cli/archive/v${spec.version}?platform=${platform}&arch=${arch}`;
  say(`downloading ${url}`);
  const started = Date.now();
  let received = 0;
  const heartbeat = setInterval(() => {
    const megabytes = (received / 1e6).toFixed(1);
    say(`still downloading (${megabytes} MB, ${formatElapsed(Date.now() - started)} elapsed)`);
  }, HEARTBEAT_MS);
  const archive = path.join(staging, `${tool}.tar.gz`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10 * 60_000) });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} from ${url}`);
    const file = await fs.promises.open(archive, 'w');
    try {
      const reader = response.body.getReader();
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        received += chunk.value.byteLength;
        await file.write(chunk.value);
      }
    } finally {
      await file.close();
    }
  } catch (err) {
    throw new Error(`${url}: ${errorMessage(err)}`);
  } finally {
    clearInterval(heartbeat);
  }
  const untar = await run('tar', ['-xzf', archive, '-C', staging, tool], env, 120_000);
  if (untar.code !== 0) {
    throw new Error(`tar could not extract ${tool} from ${url}: ${lastLines(untar.output, 5)}`);
  }
  fs.chmodSync(path.join(staging, tool), 0o755);
  say(`downloaded ${(received / 1e6).toFixed(1)} MB in ${formatElapsed(Date.now() - started)}`);
}

/** Throws when the binary does not run; warns, without failing, when it is not the version Kefu is tested with. */
async function checkVersion(
  tool: Tool,
  file: string,
  env: NodeJS.ProcessEnv,
  goFallbacks: string[],
  say: (line: string) => void,
): Promise<void> {
  const spec = TOOLS[tool];
  const result = await run(file, spec.versionArgs, env, 30_000);
  if (result.code !== 0) {
    throw new Error(`\`${tool} ${spec.versionArgs.join(' ')}\` failed: ${lastLines(result.output, 5)}`);
  }
  let version = /\b(\d+\.\d+\.\d+)\b/.exec(result.output)?.[1];
  // `go install` leaves the version unstamped (temporal says 0.0.0-DEV, stripe-mock says master); Go's build info has it.
  if (!version || version === '0.0.0') version = await goModuleVersion(file, spec.goModule, env, goFallbacks);
  const wanted = spec.version.split('.').slice(0, 2).join('.');
  if (!version) {
    say(
      `using ${file} (version unknown: a source build without a version stamp; Kefu is tested with ${spec.version})`,
    );
  } else if (version.startsWith(`${wanted}.`)) {
    say(`using ${file} (${version})`);
  } else {
    say(`warning: ${file} is version ${version}, Kefu is tested with ${spec.version}; continuing with it`);
  }
}

async function goModuleVersion(
  file: string,
  goModule: string,
  env: NodeJS.ProcessEnv,
  goFallbacks: string[],
): Promise<string | undefined> {
  const go = findGo(env, goFallbacks);
  if (!go) return undefined;
  const result = await run(go, ['version', '-m', file], env, 30_000);
  const line = result.output.split('\n').find((l) => l.trim().startsWith(`mod\t${goModule}\t`));
  return line ? /\tv(\d+\.\d+\.\d+\S*)/.exec(line)?.[1] : undefined;
}

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/**
 * Runs fn while holding an exclusive lock file (created with O_EXCL), so concurrent processes never build the same
 * tool at once. A lock whose holder died on this host, or that was not refreshed for a while, is taken over.
 */
export async function withFileLock<T>(
  lockPath: string,
  what: string,
  say: (line: string) => void,
  fn: () => Promise<T>,
  timing: { pollMs?: number; staleMs?: number } = {},
): Promise<T> {
  const pollMs = timing.pollMs ?? 500;
  const staleMs = timing.staleMs ?? LOCK_STALE_MS;
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  const waitStarted = Date.now();
  let lastWaitNotice = 0;
  for (;;) {
    try {
      fs.writeFileSync(lockPath, mine, { flag: 'wx' });
      break;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    const held = readLock(lockPath);
    if (!held) continue; // released between our attempt and the read
    if (isStale(held, staleMs)) {
      say(`taking over an abandoned lock ${lockPath} (${held.content || 'empty'})`);
      // Remove it only if it is still the lock we judged stale, not a fresh one another waiter just made.
      if (readLock(lockPath)?.content === held.content) fs.rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() - lastWaitNotice >= HEARTBEAT_MS) {
      lastWaitNotice = Date.now();
      const who = held.holder ? `pid ${held.holder.pid} on ${held.holder.host}` : 'another process';
      say(
        `waiting for ${who} to finish installing ${what} (${formatElapsed(Date.now() - waitStarted)} so far)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  // Refreshing the lock's mtime tells waiters that this holder is alive however long the build takes.
  const refresh = setInterval(
    () => {
      const now = new Date();
      fs.utimes(lockPath, now, now, () => undefined);
    },
    Math.min(HEARTBEAT_MS, staleMs / 3),
  );
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    if (readLock(lockPath)?.content === mine) fs.rmSync(lockPath, { force: true });
  }
}

function readLock(lockPath: string): { content: string; holder?: LockHolder; mtimeMs: number } | undefined {
  try {
    const mtimeMs = fs.statSync(lockPath).mtimeMs;
    const content = fs.readFileSync(lockPath, 'utf8');
    let holder: LockHolder | undefined;
    try {
      const parsed: unknown = JSON.parse(content);
      if (isLockHolder(parsed)) holder = parsed;
    } catch {
      // A lock being written right now is momentarily empty; its age decides whether it is stale.
    }
    return { content, holder, mtimeMs };
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}

function isLockHolder(value: unknown): value is LockHolder {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'string';
}

function isStale(lock: { holder?: LockHolder; mtimeMs: number }, staleMs: number): boolean {
  if (lock.holder && lock.holder.host === os.hostname() && !isAlive(lock.holder.pid)) return true;
  return Date.now() - lock.mtimeMs > staleMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM');
  }
}

interface RunResult {
  code: number;
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => resolve({ code: -1, output: `${output}${err.message}` }));
    child.on('close', (code, signal) =>
      resolve({ code: code ?? -1, output: signal ? `${output}(${signal})` : output }),
    );
  });
}

/** Runs a long command, passing its output on line by line and calling beat every HEARTBEAT_MS while it runs. */
function runWithHeartbeat(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  beat: () => void,
  say: (line: string) => void,
): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    let pending = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) say(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(beat, HEARTBEAT_MS);
    const finish = (result: RunResult) => {
      clearInterval(timer);
      if (pending.trim()) say(`  ${pending}`);
      resolve(result);
    };
    child.on('error', (err) => finish({ code: -1, output: `${output}${err.message}` }));
    child.on('close', (code) => finish({ code: code ?? -1, output }));
  });
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Duck-typed rather than instanceof Error: under jest, errors from Node's own modules come from another realm.
function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as Error).message === 'string') {
    return (err as Error).message;
  }
  return String(err);
}

function lastLines(text: string, count: number): string {
  const lines = text.trim().split('\n');
  return lines.slice(-count).join('\n');
}

export function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
