// Kefu's worker and API as separate processes, started with the command lines of the container image (docker-compose.yml).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { eventually } from './stack';

const ROOT = path.resolve(__dirname, '../..');

/** The command a compose service runs, e.g. ['node', '--import', 'tsx', 'workers/main.ts']. */
export function containerCommand(service: 'kefu-api' | 'kefu-worker' | 'kefu-migrate'): string[] {
  const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { command: string[] }>;
  };
  const command = compose.services[service]?.command;
  if (!command) throw new Error(`docker-compose.yml has no command for ${service}`);
  return command;
}

export interface KefuProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Waits until the process has printed a line matching the pattern. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then waits for the exit (a clean drain), SIGKILL after the deadline. */
  stop(timeoutMs?: number): Promise<number | null>;
  kill(): Promise<void>;
}

export function startKefuProcess(
  name: string,
  service: 'kefu-api' | 'kefu-worker',
  env: Record<string, string>,
): KefuProcess {
  const [command, ...args] = containerCommand(service);
  // The image runs `node`; here it is the node running the tests.
  const child = spawn(command === 'node' ? process.execPath : command!, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    name,
    child,
    output: () => output,
    async waitFor(pattern, timeoutMs = 60_000) {
      await eventually(
        async () => ({ matched: pattern.test(output), exited: child.exitCode !== null }),
        (state) => state.matched || state.exited,
        timeoutMs,
      );
      if (!pattern.test(output)) throw new Error(`${name} exited before ${pattern}:\n${output.slice(-3000)}`);
    },
    async stop(timeoutMs = 40_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
