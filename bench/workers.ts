// The bench's worker-scaling part: turn latency under concurrent conversations with 1 and with 3 worker processes.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { mapLimit, say, sendMessageVia, startCaseVia, stats, timed, type Stats } from './common';
import type { ScaleContext } from './scale';

const ROOT = path.resolve(__dirname, '..');
/** The image's worker command (Dockerfile, docker-compose.yml), run by this node. */
const WORKER_ARGS = ['--import', 'tsx', 'workers/main.ts'];
const MESSAGES = ['Where is my order W1234567?', 'alice@example.com'];

function startWorker(ctx: ScaleContext, taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, WORKER_ARGS, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: ctx.databaseUrl,
      TEMPORAL_ADDRESS: ctx.temporalAddress,
      TEMPORAL_NAMESPACE: ctx.namespace,
      KEFU_TASK_QUEUE: taskQueue,
      KEFU_WORKFLOW_BUNDLE: ctx.bundlePath,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker ready')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  await exited;
  clearTimeout(timer);
}

async function measure(
  ctx: ScaleContext,
  workerCount: number,
  conversations: number,
  concurrency: number,
): Promise<Stats & { workers: number; messagesPerSecond: number }> {
  const taskQueue = `kefu-bench-workers-${workerCount}-${Date.now()}`;
  const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorker(ctx, taskQueue)));
  try {
    const { graphqlUrl } = await ctx.apiOn(taskQueue);
    // Warm every worker's cache of the bundle and connections before measuring.
    await mapLimit(Array.from({ length: workerCount * 2 }), concurrency, async () => {
      await sendMessageVia(graphqlUrl, await startCaseVia(graphqlUrl), 'hello');
    });
    const samples: number[] = [];
    const started = performance.now();
    await mapLimit(Array.from({ length: conversations }), concurrency, async () => {
      const c = await startCaseVia(graphqlUrl);
      for (const text of MESSAGES) samples.push((await timed(() => sendMessageVia(graphqlUrl, c, text))).ms);
    });
    const seconds = (performance.now() - started) / 1000;
    const result = {
      workers: workerCount,
      ...stats(samples),
      messagesPerSecond: Math.round((samples.length / seconds) * 10) / 10,
    };
    say(
      `${workerCount} worker${workerCount > 1 ? 's' : ''}: sendMessage p50 ${result.p50} ms, p90 ${result.p90} ms, ` +
        `p99 ${result.p99} ms, ${result.messagesPerSecond} messages/s (${samples.length} messages, ${concurrency} at once)`,
    );
    return result;
  } finally {
    await Promise.all(workers.map(stopWorker));
  }
}

/** 1 worker, then 3, each a separate process on its own task queue, under the same load through GraphQL. */
export async function workerScaling(
  ctx: ScaleContext,
  conversations = 60,
  concurrency = 12,
): Promise<Record<string, unknown>> {
  const one = await measure(ctx, 1, conversations, concurrency);
  const three = await measure(ctx, 3, conversations, concurrency);
  return { conversations, concurrency, oneWorker: one, threeWorkers: three };
}
