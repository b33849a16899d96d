// Runs Kefu's worker and API in the test process against the run's Temporal server and database, plus a GraphQL client.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import pino from 'pino';
import type { Pool } from 'pg';
import { createLocalProvider } from '../../activities/nlu/local';
import { loadConfig, type Config } from '../../activities/platform/config';
import { createPool, poolOptions } from '../../activities/platform/db';
import { startApi, type RunningApi } from '../../api/server';
import { createKefuWorker } from '../../workers/worker';
import { postGraphQL, type GraphQLResponse } from '../../scripts/lib/graphql-client';
import { testEnv } from './env';
import { readTranscript } from '../../activities/cases/records';
import { getCaseQuery } from '../../workflows/messages';

export type { GraphQLResponse };

export interface KefuStack {
  config: Config;
  db: Pool;
  temporal: Client;
  api: RunningApi;
  /** Runs a GraphQL operation as a customer (case token), staff (API key) or anonymously. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    bearer?: string,
  ): Promise<GraphQLResponse<T>>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment for loadConfig, e.g. { KEFU_CASE_INACTIVITY_TIMEOUT: '2s' }. */
  env?: Record<string, string>;
  /** Start without a worker (tests that run the worker in another process). */
  worker?: boolean;
  /** A different database for the worker's activities, e.g. one that does not exist, to see failures handled. */
  workerDatabaseUrl?: string;
  /** A Temporal server of the test's own (e.g. one it restarts) instead of the run's shared one. */
  temporal?: { address: string; namespace: string };
}

/**
 * Every test talks from 127.0.0.1 to one shared database, and several suites guess wrong at the demo orders on
 * purpose: identity limits wide enough that they do not lock each other out (lock tests use orders of their own).
 */
export const SHARED_DATABASE_ENV = {
  KEFU_IDENTITY_MAX_FAILURES_PER_CLIENT: '1000',
  KEFU_IDENTITY_MAX_FAILURES_PER_SUBJECT: '100',
};

export async function startKefuStack(options: StackOptions = {}): Promise<KefuStack> {
  const own = options.temporal;
  const env = { ...testEnv(), ...(own && { temporalAddress: own.address, namespace: own.namespace }) };
  const config = loadConfig({
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.namespace,
    // Each test file gets its own task queue, so workers of different files never steal each other's cases.
    KEFU_TASK_QUEUE: `kefu-test-${randomUUID()}`,
    LOG_LEVEL: 'warn',
    ...SHARED_DATABASE_ENV,
    ...options.env,
  });
  const logger = pino({ level: 'warn' });
  const db = createPool(env.databaseUrl, 5, poolOptions(config));
  const connection = await Connection.connect({ address: env.temporalAddress });
  const temporal = new Client({ connection, namespace: env.namespace });
  const api = await startApi({ config, db, temporal }, logger, 0);

  const workerDb = options.workerDatabaseUrl ? createPool(options.workerDatabaseUrl, 2) : db;
  let worker: { instance: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  const startWorker = async () => {
    const workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
    const instance = await createKefuWorker({
      connection: workerConnection,
      namespace: env.namespace,
      taskQueue: config.temporal.taskQueue,
      db: workerDb,
      llm: createLocalProvider(),
      config,
      workflowBundlePath: env.workflowBundlePath,
    });
    worker = { instance, running: instance.run(), connection: workerConnection };
  };
  const stopWorker = async () => {
    if (!worker) return;
    const { instance, running, connection: workerConnection } = worker;
    worker = undefined;
    instance.shutdown();
    await running;
    await workerConnection.close();
  };
  if (options.worker ?? true) await startWorker();

  return {
    config,
    db,
    temporal,
    api,
    gql: (query, variables, bearer) => postGraphQL(api.graphqlUrl, query, variables, bearer),
    startWorker,
    stopWorker,
    async stop() {
      await api.close();
      await stopWorker();
      await connection.close();
      await db.end();
      if (workerDb !== db) await workerDb.end();
    },
  };
}

/** Awaits a condition by polling it, for state that settles asynchronously (projections); fails with the last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await probe();
  }
  return last;
}

export const CASE_FIELDS = `id status locale channel intent slots flow messageCount createdAt updatedAt
  customer { id name email phone verified }
  messages(first: 50) { edges { node { id seq role text at } } }
  sentiment { polarity emotion intensity }`;

export interface MessageData {
  id: string;
  seq: number;
  role: string;
  text: string;
  at: string;
}

/** The messages of a case fetched with CASE_FIELDS, as a plain list. */
export function messagesOf(c: { messages: { edges: { node: MessageData }[] } }): MessageData[] {
  return c.messages.edges.map((e) => e.node);
}

/** The whole stored transcript of a case, once PostgreSQL has caught up with the live case (its writes run behind). */
export async function storedTranscript(kefu: KefuStack, caseId: string): Promise<MessageData[]> {
  const view = await kefu.temporal.workflow.getHandle(caseId).query(getCaseQuery);
  const rows = await eventually(
    () => readTranscript(kefu.db, caseId, { limit: 100_000, fromEnd: false }),
    (messages) => messages.length >= view.messageCount,
  );
  return rows;
}
