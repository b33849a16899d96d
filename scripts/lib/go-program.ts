// Builds a small Go program of this repository (e.g. scripts/compose-check) once per source version, into the tool cache.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { toolCacheDir, withFileLock } from './toolchain';

const GO_FALLBACKS = ['/usr/local/go/bin/go'];

function findGo(env: NodeJS.ProcessEnv): string | undefined {
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'go'));
  return [...onPath, ...GO_FALLBACKS].find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** A name that changes with the program's sources and module versions, so an edit rebuilds and nothing else does. */
function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/\.go$|^go\.(mod|sum)$/.test(file)) continue;
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(dir, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** Returns the path of the built program, building it (a few seconds with warm Go caches) only when missing. */
export async function buildGoProgram(
  dir: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const name = path.basename(dir);
  const cacheDir = toolCacheDir(env);
  const target = path.join(cacheDir, `${name}-${sourceHash(dir)}`);
  if (fs.existsSync(target)) return target;
  const go = findGo(env);
  if (!go)
    throw new Error(`Go is needed to build ${name} (looked on PATH and in ${GO_FALLBACKS.join(', ')})`);
  fs.mkdirSync(cacheDir, { recursive: true });
  return withFileLock(path.join(cacheDir, `.${name}.lock`), name, log, async () => {
    if (fs.existsSync(target)) return target;
    const staging = `${target}.${process.pid}.tmp`;
    log(`${name}: building with ${go} (the first build downloads its modules)`);
    const started = Date.now();
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      const child = spawn(go, ['build', '-o', staging, '.'], {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`go build of ${name} failed (exit ${code}):\n${text}`)),
      );
    });
    if (output.trim()) log(output.trim());
    fs.renameSync(staging, target);
    log(`${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return target;
  });
}
