// The Temporal server restarted while a return waits for its parcel: the return is still there and refunds once.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiKey } from '../../activities/platform/api-keys';
import {
  findFreePort,
  startTemporalDevServer,
  type TemporalDevServer,
} from '../../scripts/lib/temporal-server';
import { testEnv } from '../helpers/env';
import { importReturnableOrder } from '../helpers/returnable-order';
import { eventually, startKefuStack, type KefuStack } from '../helpers/stack';
import { startStripeCounter, type StripeCounter } from '../helpers/stripe-counter';

const run = String(randomInt(100_000, 999_999));
const orderId = `KS${run}1`;
const NAMESPACE = 'kefu-restart';
let workDir: string;
let port: number;
let server: TemporalDevServer | undefined;
let kefu: KefuStack;
let stripe: StripeCounter;

const RETURN_STATUS = 'query($id: ID!) { returnRequest(id: $id) { status } }';

/** A file-backed dev server of this test's own, always on the same port and file, so it can be restarted. */
function startServer(): Promise<TemporalDevServer> {
  return startTemporalDevServer({
    cliPath: testEnv().temporalCliPath,
    port,
    dbFile: path.join(workDir, 'temporal.db'),
    headless: true,
    namespace: NAMESPACE,
    retention: '24h',
    log: () => undefined,
    logFile: path.join(workDir, 'server.log'),
  });
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-returns-restart-'));
  port = await findFreePort();
  server = await startServer();
  stripe = await startStripeCounter(testEnv().stripeMockUrl);
  kefu = await startKefuStack({
    temporal: { address: server.address, namespace: NAMESPACE },
    env: { KEFU_STRIPE_SECRET_KEY: 'sk_test_kefu', KEFU_STRIPE_API_BASE: stripe.url },
  });
  await importReturnableOrder(kefu.db, { prefix: 'KS', name: 'Kim Server', run });
});

afterAll(async () => {
  await kefu?.stop();
  await server?.stop();
  await stripe?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('the server stops and starts again on its file while the return waits: the parcel is refunded once (one row, one Stripe request)', async () => {
  const agentKey = (await createApiKey(kefu.db, 'agent', 'returns restart test')).key;
  const warehouseKey = (await createApiKey(kefu.db, 'warehouse', 'returns restart test')).key;
  // A signed-in channel: the customer starts verified, so the conversation goes straight to the return.
  const started = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation($id: ID!) { startCase(input: { customer: { id: $id } }) { token case { id } } }',
    { id: `C-KS-${run}` },
    agentKey,
  );
  const { token, case: c } = started.data!.startCase;
  const send = async (text: string) => {
    const res = await kefu.gql<{ sendMessage: { replies: { text: string }[]; case: { status: string } } }>(
      'mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } case { status } } }',
      { id: c.id, text },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.sendMessage;
  };
  const said = (sent: Awaited<ReturnType<typeof send>>) => sent.replies.map((r) => r.text).join('\n');
  let turn = await send(`I want to return order ${orderId}`);
  if (/Just to be sure/.test(said(turn))) turn = await send(`yes, I want to return order ${orderId}`);
  expect(said(turn)).toMatch(/May I ask why/);
  await send('skip');
  expect(said(await send('to my card'))).toMatch(/refunding \$69\.00 to Visa ending 4242/);
  const done = await send('yes');
  const rmaId = /RMA-[A-Z0-9]+/.exec(said(done))![0];
  expect(done.case.status).toBe('WAITING_EVENT');
  // Waiting in earnest: the label and the records are written and nothing is in flight, only the parcel's timers.
  const awaiting = await eventually(
    () => kefu.gql<{ returnRequest: { status: string } }>(RETURN_STATUS, { id: rmaId }, warehouseKey),
    (res) => res.data?.returnRequest.status === 'AWAITING_PARCEL',
  );
  expect(awaiting.errors).toBeUndefined();
  for (const workflowId of [rmaId, c.id]) {
    await eventually(
      () => kefu.temporal.workflow.getHandle(workflowId).describe(),
      (d) => d.status.name === 'RUNNING' && (d.raw.pendingActivities ?? []).length === 0,
    );
  }

  await server!.stop();
  server = undefined;
  server = await startServer();

  // The API's connection comes back by itself; the warehouse's report reaches the return the server kept on file.
  const received = await eventually(
    () =>
      kefu.gql('mutation($id: ID!) { reportReturnReceived(id: $id) { id } }', { id: rmaId }, warehouseKey),
    (res) => res.errors === undefined,
    30_000,
  );
  expect(received.errors).toBeUndefined();
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
    { business_key: `${rmaId}:refund:PM-KS-${run}`, status: 'succeeded', amount_cents: '6900' },
  ]);
  expect(stripe.requestsFor(`${rmaId}:refund:PM-KS-${run}`)).toBe(1);
  await eventually(
    () => kefu.gql<{ returnRequest: { status: string } }>(RETURN_STATUS, { id: rmaId }, warehouseKey),
    (res) => res.data?.returnRequest.status === 'REFUNDED',
  );
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
