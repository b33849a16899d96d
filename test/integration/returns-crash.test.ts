// A worker process killed with SIGKILL between the return label and the refund: the return resumes and refunds once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { createApiKey } from '../../activities/platform/api-keys';
import { testEnv } from '../helpers/env';
import { importReturnableOrder } from '../helpers/returnable-order';
import { SHARED_DATABASE_ENV, eventually, startKefuStack, type KefuStack } from '../helpers/stack';
import { startStripeCounter, type StripeCounter } from '../helpers/stripe-counter';

const ROOT = path.resolve(__dirname, '../..');
const run = String(randomInt(100_000, 999_999));
const orderId = `KC${run}1`;
let kefu: KefuStack;
let stripe: StripeCounter;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  stripe = await startStripeCounter(testEnv().stripeMockUrl);
  kefu = await startKefuStack({ worker: false });
  await importReturnableOrder(kefu.db, { prefix: 'KC', name: 'Kai Crash', run });
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
  // A signed-in channel: the customer starts verified, so the conversation goes straight to the return.
  const started = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation($id: ID!) { startCase(input: { customer: { id: $id } }) { token case { id } } }',
    { id: `C-KC-${run}` },
    agentKey,
  );
  const { token, case: c } = started.data!.startCase;
  const send = async (text: string) => {
    const res = await kefu.gql<{ sendMessage: { replies: { text: string }[] } }>(
      'mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } } }',
      { id: c.id, text },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.sendMessage.replies.map((r) => r.text).join('\n');
  };
  let said = await send(`I want to return order ${orderId}`);
  if (/Just to be sure/.test(said)) said = await send(`yes, I want to return order ${orderId}`);
  expect(said).toMatch(/May I ask why/);
  await send('skip');
  expect(await send('to my card')).toMatch(/refunding \$69\.00 to Visa ending 4242/);
  const rmaId = /RMA-[A-Z0-9]+/.exec(await send('yes'))![0];

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

  const refunded = await eventually(
    () =>
      kefu.db.query<{ business_key: string; status: string; amount_cents: string }>(
        `SELECT business_key, status, amount_cents::text FROM money_movements WHERE business_key LIKE $1`,
        [`${rmaId}:%`],
      ),
    (r) => r.rows[0]?.status === 'succeeded',
    30_000,
  );
  expect(refunded.rows).toEqual([
    { business_key: `${rmaId}:refund:PM-KC-${run}`, status: 'succeeded', amount_cents: '6900' },
  ]);
  expect(stripe.requestsFor(`${rmaId}:refund:PM-KC-${run}`)).toBe(1);
  const message = await eventually(
    () =>
      kefu.gql<{ case: { messages: { edges: { node: { text: string } }[] } } }>(
        'query($id: ID!) { case(id: $id) { messages(last: 5) { edges { node { text } } } } }',
        { id: c.id },
        token,
      ),
    (r) => r.data?.case.messages.edges.some((e) => /refund of \$69\.00/.test(e.node.text)) ?? false,
    30_000,
  );
  expect(message.errors).toBeUndefined();
});
