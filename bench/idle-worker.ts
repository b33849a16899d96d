// Bench-only child process: a Kefu worker alone in its process, so the idle-cases part can read its memory from /proc.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createLocalProvider } from '../activities/nlu/local';
import { loadConfig } from '../activities/platform/config';
import { createPool } from '../activities/platform/db';

/** Messages from the bench: `memory` asks for process.memoryUsage() after a full GC, `stop` ends the worker. */
type Request = { type: 'memory' } | { type: 'stop' };

async function main(): Promise<void> {
  const send = (message: unknown) => process.send?.(message);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig(process.env);
  const address = process.env.TEMPORAL_ADDRESS;
  const bundlePath = process.env.BENCH_WORKFLOW_BUNDLE;
  if (!bundlePath || !config.databaseUrl || !address) {
    throw new Error('BENCH_WORKFLOW_BUNDLE, DATABASE_URL and TEMPORAL_ADDRESS are required');
  }
  const db = createPool(config.databaseUrl, 5);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: bundlePath },
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentLocalActivityExecutions: config.worker.maxConcurrentLocalActivities,
    activities: createActivities({ db, llm: createLocalProvider(), config }),
  });
  const running = worker.run();
  process.on('message', (request: Request) => {
    if (request.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      send({ type: 'memory', usage: process.memoryUsage(), gc: Boolean(gc) });
    } else if (request.type === 'stop') {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  });
  // The bench going away (even killed) ends this worker too.
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  send({ type: 'ready' });
  await running;
  await connection.close();
  await db.end();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(`[idle-worker] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
