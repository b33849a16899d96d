// Runs stripe-mock (Stripe's API, stateless) on a loopback port, for tests and for `npm start` without a Stripe account.
import { spawn, type ChildProcess } from 'node:child_process';
import { findFreePort } from './temporal-server';

export interface RunningStripeMock {
  /** e.g. http://127.0.0.1:12111: KEFU_STRIPE_API_BASE. */
  url: string;
  stop(): Promise<void>;
}

/** Starts stripe-mock and resolves once it answers a request; rejects with its output when it does not come up. */
export async function startStripeMock(
  binary: string,
  port?: number,
  timeoutMs = 15_000,
): Promise<RunningStripeMock> {
  const chosen = port ?? (await findFreePort());
  // stripe-mock also serves HTTPS, on 12112 unless told otherwise: a free port keeps two runs apart.
  const https = await findFreePort();
  const child: ChildProcess = spawn(
    binary,
    ['-http-addr', `127.0.0.1:${chosen}`, '-https-addr', `127.0.0.1:${https}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`stripe-mock exited (${child.exitCode}): ${output.slice(-500)}`);
    try {
      const res = await fetch(`${url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_kefu' } });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`stripe-mock did not answer on ${url} within ${timeoutMs} ms: ${output.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
