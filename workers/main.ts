// The worker process: runs case workflows and their activities until SIGINT or SIGTERM, then drains and exits.
import { NativeConnection } from '@temporalio/worker';
import { createLlmProvider } from '../activities/nlu/provider';
import { loadConfig, temporalConnectionOptions } from '../activities/platform/config';
import { createPool } from '../activities/platform/db';
import { createLogger } from '../activities/platform/logger';
import { createKefuWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  if (!config.databaseUrl) {
    throw new Error('DATABASE_URL is not set: run the worker through `npm start`, or point it at PostgreSQL');
  }
  const db = createPool(config.databaseUrl);
  const options = temporalConnectionOptions(config);
  const address = options.address;
  const connection = await NativeConnection.connect(options);
  try {
    const worker = await createKefuWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      db,
      llm: createLlmProvider(config.llm),
      workflowBundlePath: config.temporal.workflowBundle,
    });
    logger.info(
      { address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue },
      'worker ready',
    );
    // Temporal's runtime turns SIGINT/SIGTERM into a graceful shutdown: running tasks finish, then run() resolves.
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await db.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[kefu worker] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
