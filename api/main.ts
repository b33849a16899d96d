// The API process: GraphQL over HTTP until SIGINT or SIGTERM, then it stops taking requests and closes its connections.
import { Client, Connection } from '@temporalio/client';
import { loadConfig, temporalConnectionOptions } from '../activities/platform/config';
import { createPool } from '../activities/platform/db';
import { createLogger } from '../activities/platform/logger';
import { startApi } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
  if (!config.databaseUrl) {
    throw new Error('DATABASE_URL is not set: run the API through `npm start`, or point it at PostgreSQL');
  }
  const db = createPool(config.databaseUrl);
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const api = await startApi({ config, db, temporal }, logger);
  logger.info({ graphql: api.graphqlUrl }, 'api ready');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'api stopping');
    await api.close();
    await connection.close();
    await db.end();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
}

main().catch((err: unknown) => {
  process.stderr.write(`[kefu api] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
