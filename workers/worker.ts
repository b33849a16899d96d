// Builds the Kefu worker (task queue kefu-cases) from its dependencies, for the worker process and the tests alike.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import type { LlmProvider } from '../activities/nlu/types';
import { loadConfig, type Config } from '../activities/platform/config';
import { tracingWorkerOptions, type Tracing } from '../activities/platform/telemetry';

/** How much one worker process takes on at once (config.worker); Temporal's defaults apply to what is left out. */
export interface WorkerTuning {
  maxCachedWorkflows?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentLocalActivityExecutions?: number;
}

export interface KefuWorkerOptions extends WorkerTuning {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Pool;
  llm: LlmProvider;
  /** A prebuilt bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  identity?: string;
  /** Settings the activities need (identity checks and others); the defaults when left out. */
  config?: Config;
  /** How long running tasks may finish after shutdown is asked for (Temporal's default: 0, cancel at once). */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** After this the worker gives up draining, so a stuck activity cannot keep the process alive. */
  shutdownForceTime?: WorkerOptions['shutdownForceTime'];
  /** Traces of workflows and activities (startTracing); without it the workflows' span sink is a no-op. */
  tracing?: Tracing;
}

/** config.worker in Worker.create's words. */
export function workerTuning(config: Pick<Config, 'worker'>): WorkerTuning {
  return {
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentLocalActivityExecutions: config.worker.maxConcurrentLocalActivities,
  };
}

export async function createKefuWorker(options: KefuWorkerOptions): Promise<Worker> {
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  const tuning: WorkerTuning = {};
  for (const key of [
    'maxCachedWorkflows',
    'maxConcurrentWorkflowTaskExecutions',
    'maxConcurrentActivityTaskExecutions',
    'maxConcurrentLocalActivityExecutions',
  ] as const) {
    if (options[key] !== undefined) tuning[key] = options[key];
  }
  const config = options.config ?? loadConfig({});
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.shutdownGraceTime !== undefined ? { shutdownGraceTime: options.shutdownGraceTime } : {}),
    ...(options.shutdownForceTime !== undefined ? { shutdownForceTime: options.shutdownForceTime } : {}),
    ...tuning,
    ...workflows,
    activities: createActivities({ db: options.db, llm: options.llm, config }),
    ...tracingWorkerOptions(options.tracing),
  });
}
