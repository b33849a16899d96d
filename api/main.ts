// The API process: GraphQL over HTTP until SIGINT or SIGTERM (or npm start going away), then it stops taking requests and closes its connections.
import { Client, Connection } from '@temporalio/client';
import { loadConfig, temporalConnectionOptions } from '../activities/platform/config';
import { checkSchemaVersion, createPool, poolOptions } from '../activities/platform/db';
import { createLogger, errorDetails } from '../activities/platform/logger';
import {
  createApiMetrics,
  serveMetrics,
  startTracing,
  tracingClientInterceptors,
} from '../activities/platform/telemetry';
import { startApi } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
  if (!config.databaseUrl) {
    throw new Error('DATABASE_URL is not set: run the API through `npm start`, or point it at PostgreSQL');
  }
  const db = createPool(config.databaseUrl, 10, poolOptions(config));
  await checkSchemaVersion(db, (line) => logger.warn(line));
  const tracing = startTracing(config, 'kefu-api');
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    interceptors: tracingClientInterceptors(tracing),
  });
  const metricsPort = config.telemetry.metricsPort;
  const metrics = metricsPort ? createApiMetrics(db) : undefined;
  const metricsServer = metrics && (await serveMetrics(metrics.registry, config.api.host, metricsPort!));
  const api = await startApi({ config, db, temporal }, logger, config.api.port, metrics);
  logger.info(
    { graphql: api.graphqlUrl, tracing: tracing.enabled, metricsPort: metricsServer?.port },
    'api ready',
  );

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    // Every later signal lands here too and is ignored, so a repeated Ctrl-C cannot kill the drain half-way.
    if (stopping) return;
    logger.info({ reason }, 'api stopping');
    stopping = (async () => {
      await api.close();
      await metricsServer?.close();
      await tracing.shutdown();
      await connection.close();
      await db.end();
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: errorDetails(err) }, 'api did not stop cleanly');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  // Under npm start: when it goes away (even killed), so does the API, instead of holding its port.
  if (process.send) {
    process.on('disconnect', () => shutdown('npm start went away'));
    process.channel?.unref();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[kefu api] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
