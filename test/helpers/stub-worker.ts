// A worker that runs the real case workflows with stubbed activities on the tests' Temporal server: flow tests, no HTTP.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { KefuActivities } from '../../activities';
import { testEnv } from './env';

export interface StubWorker {
  /** A client on the tests' namespace. */
  client: Client;
  /** This worker's own task queue, so other suites' workers never take its cases. */
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startStubWorker(
  activities: Partial<KefuActivities>,
  name: string,
): Promise<StubWorker> {
  const env = testEnv();
  const taskQueue = `${name}-${randomUUID()}`;
  const workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: env.namespace,
    taskQueue,
    workflowBundle: { codePath: env.workflowBundlePath },
    activities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: env.temporalAddress });
  return {
    client: new Client({ connection, namespace: env.namespace }),
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
    },
  };
}
