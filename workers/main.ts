// The worker process: runs case workflows and their activities until SIGINT or SIGTERM (or npm start going away), then drains and exits.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { checkLlmEndpoint, createLlmProvider, describeLlm } from '../activities/nlu/provider';
import { loadConfig, temporalConnectionOptions } from '../activities/platform/config';
import { checkSchemaVersion, createPool, poolOptions } from '../activities/platform/db';
import { createLogger, errorDetails } from '../activities/platform/logger';
import { startTracing } from '../activities/platform/telemetry';
import { ensureMaintenanceScheduleOnStart } from '../activities/manufacturing/schedule';
import { createKefuWorker, workerTuning } from './worker';

/** Running tasks get this long to finish after a stop is asked for; then the worker gives up on them. */
const SHUTDOWN_GRACE = '10s';
const SHUTDOWN_FORCE = '20s';

/**
 * Temporal's own logs (workflow and activity failures among them) through pino, so they get its redaction of
 * customer fields instead of going to stderr as they are.
 */
function temporalLogger(logger: Logger): TemporalLogger {
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const { error, failure, ...rest } = meta ?? {};
    const cause = error ?? failure;
    logger[levels[level]]({ ...rest, ...(cause !== undefined ? { err: errorDetails(cause) } : {}) }, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  if (!config.databaseUrl) {
    throw new Error('DATABASE_URL is not set: run the worker through `npm start`, or point it at PostgreSQL');
  }
  // Signals are handled below, not by the Runtime: it stops listening after the first, and a second Ctrl-C would
  // then kill the worker mid-drain.
  const metricsPort = config.telemetry.metricsPort;
  Runtime.install({
    logger: temporalLogger(logger),
    shutdownSignals: [],
    // The Temporal runtime's own metrics (task latencies, slots, polls, cache) for Prometheus.
    ...(metricsPort
      ? {
          telemetryOptions: { metrics: { prometheus: { bindAddress: `${config.api.host}:${metricsPort}` } } },
        }
      : {}),
  });
  const tracing = startTracing(config, 'kefu-worker');
  const db = createPool(config.databaseUrl, 10, poolOptions(config));
  await checkSchemaVersion(db, (line) => logger.warn(line));
  logger.info(describeLlm(config.llm));
  // Not awaited: a stalled endpoint must not hold the worker back, and the local reading answers meanwhile.
  void checkLlmEndpoint(config.llm).then((warning) => warning && logger.warn(warning));
  const options = temporalConnectionOptions(config);
  const address = options.address;
  const connection = await NativeConnection.connect(options);
  let worker: Worker | undefined;
  let stopRequested: string | undefined;
  const stop = (reason: string) => {
    if (stopRequested) return;
    stopRequested = reason;
    logger.info({ reason }, 'worker stopping: running tasks finish first');
    if (worker?.getState() === 'RUNNING') worker.shutdown();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  // Under npm start: when it goes away (even killed), the worker stops too instead of running on unsupervised.
  if (process.send) {
    process.on('disconnect', () => stop('npm start went away'));
    process.channel?.unref();
  }
  try {
    worker = await createKefuWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      db,
      llm: createLlmProvider(config.llm),
      config,
      workflowBundlePath: config.temporal.workflowBundle,
      tracing,
      shutdownGraceTime: SHUTDOWN_GRACE,
      shutdownForceTime: SHUTDOWN_FORCE,
      ...workerTuning(config),
    });
    if (stopRequested) return;
    await ensureMaintenanceScheduleOnStart(config, (level, line) => logger[level](line));
    logger.info(
      // `address` is a redacted key (customers' addresses); the server's is logged as `temporal`.
      { temporal: address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue },
      'worker ready',
    );
    const running = worker.run();
    await running;
    logger.info('worker stopped');
  } finally {
    await tracing.shutdown();
    await connection.close();
    await db.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[kefu worker] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
