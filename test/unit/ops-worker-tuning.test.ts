// config.worker reaches Worker.create: the worker's cache and concurrency limits are the operator's to set.
import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createLocalProvider } from '../../activities/nlu/local';
import { loadConfig } from '../../activities/platform/config';
import { createKefuWorker, workerTuning } from '../../workers/worker';

afterEach(() => jest.restoreAllMocks());

test('KEFU_WORKER_* settings become Worker.create options', async () => {
  const config = loadConfig({
    KEFU_WORKER_MAX_CACHED_WORKFLOWS: '321',
    KEFU_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '12',
    KEFU_WORKER_MAX_CONCURRENT_ACTIVITIES: '34',
    KEFU_WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '56',
  });
  const create = jest.spyOn(Worker, 'create').mockResolvedValue({} as Worker);
  await createKefuWorker({
    connection: {} as NativeConnection,
    namespace: 'kefu',
    taskQueue: 'q',
    db: {} as Pool,
    llm: createLocalProvider(),
    workflowBundlePath: '/nonexistent/bundle.js',
    config,
    ...workerTuning(config),
  });
  expect(create).toHaveBeenCalledTimes(1);
  expect(create.mock.calls[0]![0]).toMatchObject({
    maxCachedWorkflows: 321,
    maxConcurrentWorkflowTaskExecutions: 12,
    maxConcurrentActivityTaskExecutions: 34,
    maxConcurrentLocalActivityExecutions: 56,
  });
});

test('left out, they are left to Temporal', async () => {
  const create = jest.spyOn(Worker, 'create').mockResolvedValue({} as Worker);
  await createKefuWorker({
    connection: {} as NativeConnection,
    namespace: 'kefu',
    taskQueue: 'q',
    db: {} as Pool,
    llm: createLocalProvider(),
    workflowBundlePath: '/nonexistent/bundle.js',
  });
  expect(create.mock.calls[0]![0]).not.toHaveProperty('maxCachedWorkflows');
});
