// Builds the Kefu worker (task queue kefu-cases) from its dependencies, for the worker process and the tests alike.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import type { LlmProvider } from '../activities/nlu/types';

export interface KefuWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Pool;
  llm: LlmProvider;
  /** A prebuilt bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  identity?: string;
}

export async function createKefuWorker(options: KefuWorkerOptions): Promise<Worker> {
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.identity ? { identity: options.identity } : {}),
    ...workflows,
    activities: createActivities({ db: options.db, llm: options.llm }),
  });
}
