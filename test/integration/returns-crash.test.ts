// A worker process killed with SIGKILL between the return label and the refund: the return resumes and refunds once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { createApiKey } from '../../activities/platform/api-keys';
import { testEnv } from '../helpers/env';
import {
  awaitRefundMessage,
  expectRefundedOnce,
  importReturnableOrder,
  returnToCard,
  type ReturnableOrder,
} from '../helpers/returnable-order';
import { SHARED_DATABASE_ENV, startKefuStack, type KefuStack } from '../helpers/stack';
import { startStripeCounter, type StripeCounter } from '../helpers/stripe-counter';

const ROOT = path.resolve(__dirname, '../..');
const run = String(randomInt(100_000, 999_999));
let kefu: KefuStack;
let stripe: StripeCounter;
let order: ReturnableOrder;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  stripe = await startStripeCounter(testEnv().stripeMockUrl);
  kefu = await startKefuStack({ worker: false });
  order = await importReturnableOrder(kefu.db, { prefix: 'KC', name: 'Kai Crash', run });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await kefu?.stop();
  await stripe?.close();
});

/** workers/main.ts as its own process, paying through the counting proxy; resolves once it polls. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const env = testEnv();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...SHARED_DATABASE_ENV,
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      KEFU_TASK_QUEUE: kefu.config.temporal.taskQueue,
      KEFU_WORKFLOW_BUNDLE: env.workflowBundlePath,
      KEFU_STRIPE_SECRET_KEY: 'sk_test_kefu',
      KEFU_STRIPE_API_BASE: stripe.url,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (line.includes('worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output.join('\n')}`)));
  });
  return child;
}

test('SIGKILL after the label: the parcel reported meanwhile is refunded once the worker is back (one row, one Stripe request)', async () => {
  const first = await startWorkerProcess();
  const agentKey = (await createApiKey(kefu.db, 'agent', 'returns crash test')).key;
  const warehouseKey = (await createApiKey(kefu.db, 'warehouse', 'returns crash test')).key;
  const { caseId, token, rmaId } = await returnToCard(kefu, order, agentKey);

  const exited = new Promise((resolve) => first.once('exit', resolve));
  first.kill('SIGKILL');
  await exited;
  const received = await kefu.gql(
    'mutation($id: ID!) { reportReturnReceived(id: $id) { id } }',
    { id: rmaId },
    warehouseKey,
  );
  expect(received.errors).toBeUndefined();
  await startWorkerProcess();

  await expectRefundedOnce(kefu, stripe, rmaId, order);
  await awaitRefundMessage(kefu, caseId, token);
});
