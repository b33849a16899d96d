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
import {
  awaitRefundMessage,
  expectRefundedOnce,
  importReturnableOrder,
  returnToCard,
  type ReturnableOrder,
} from '../helpers/returnable-order';
import { eventually, startKefuStack, type KefuStack } from '../helpers/stack';
import { startStripeCounter, type StripeCounter } from '../helpers/stripe-counter';

const run = String(randomInt(100_000, 999_999));
const NAMESPACE = 'kefu-restart';
let workDir: string;
let port: number;
let server: TemporalDevServer | undefined;
let kefu: KefuStack;
let stripe: StripeCounter;
let order: ReturnableOrder;

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
  order = await importReturnableOrder(kefu.db, { prefix: 'KS', name: 'Kim Server', run });
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
  const { caseId, token, rmaId, status } = await returnToCard(kefu, order, agentKey);
  expect(status).toBe('WAITING_EVENT');
  // Waiting in earnest: the label and the records are written and nothing is in flight, only the parcel's timers.
  const awaiting = await eventually(
    () => kefu.gql<{ returnRequest: { status: string } }>(RETURN_STATUS, { id: rmaId }, warehouseKey),
    (res) => res.data?.returnRequest.status === 'AWAITING_PARCEL',
  );
  expect(awaiting.errors).toBeUndefined();
  for (const workflowId of [rmaId, caseId]) {
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
  await expectRefundedOnce(kefu, stripe, rmaId, order);
  await eventually(
    () => kefu.gql<{ returnRequest: { status: string } }>(RETURN_STATUS, { id: rmaId }, warehouseKey),
    (res) => res.data?.returnRequest.status === 'REFUNDED',
  );
  await awaitRefundMessage(kefu, caseId, token);
});
