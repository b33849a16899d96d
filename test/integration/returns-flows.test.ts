// Returns flow tests: the case and return workflows on the dev server with stubbed activities (no HTTP, no database).
import { randomUUID } from 'node:crypto';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { KefuActivities } from '../../activities';
import type { IdentityOutcome } from '../../activities/identity/types';
import { understandSync } from '../../activities/nlu/local';
import type { MoneyRequest } from '../../activities/returns/payments';
import type { OrderSnapshot, ReturnPlan } from '../../activities/returns/types';
import type { caseWorkflow } from '../../workflows/case';
import {
  getCaseQuery,
  getReturnQuery,
  openCaseUpdate,
  returnProgressSignal,
  returnReceivedSignal,
  sendMessageUpdate,
} from '../../workflows/messages';
import type { ReturnProgress } from '../../workflows/returns/progress';
import type { returnWorkflow } from '../../workflows/returns/return-workflow';
import type { CaseWorkflowInput } from '../../workflows/state';
import { TEST_CASE_SETTINGS } from '../helpers/case-settings';
import { startStubWorker, type StubWorker } from '../helpers/stub-worker';
import { eventually } from '../helpers/stack';

const ORDER: OrderSnapshot = {
  id: 'W5550001',
  status: 'delivered',
  placedAt: '2026-11-01T00:00:00Z',
  deliveredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  currency: 'USD',
  shipped: true,
  openRequest: false,
  lines: [
    {
      line: 1,
      sku: 'A',
      nameEn: 'Trail Jacket',
      nameZh: '夹克',
      options: { colour: 'blue' },
      unitCents: 5000,
      quantity: 1,
      finalSale: false,
    },
    {
      line: 2,
      sku: 'B',
      nameEn: 'Gift Box',
      nameZh: '礼盒',
      options: {},
      unitCents: 2500,
      quantity: 1,
      finalSale: true,
    },
    {
      line: 3,
      sku: 'C',
      nameEn: 'Wool Socks',
      nameZh: '羊毛袜',
      options: { size: 'M' },
      unitCents: 1000,
      quantity: 1,
      finalSale: false,
    },
  ],
  payments: [
    {
      methodId: 'PM-1',
      kind: 'card',
      label: 'visa •••• 4242',
      balanceCents: null,
      paidCents: 8500,
      reference: 'pi_1',
    },
  ],
};

const stub = {
  csat: [] as number[],
  created: [] as ReturnPlan[],
  money: [] as string[],
  failMoneyOnce: false,
};

const verified: IdentityOutcome = {
  outcome: 'verified',
  level: 'code',
  customer: { id: 'C-1', name: 'Kim', email: 'kim@example.com', locale: 'en' },
};

const activities = {
  understand: async ({ text, now, localeHint }: { text: string; now: string; localeHint?: 'en' | 'zh-CN' }) =>
    understandSync({ text, now, localeHint }, { products: [] }),
  recordCase: async () => undefined,
  sendCode: async () => ({ challengeId: 'challenge-1' }),
  checkCode: async () => verified,
  findOrdersForReturn: async () => ({
    orders: [
      { id: 'W5550002', placedAt: '2026-11-02T00:00:00Z', summaryEn: 'Kettle', summaryZh: '水壶' },
      {
        id: ORDER.id,
        placedAt: '2026-11-01T00:00:00Z',
        summaryEn: 'Trail Jacket, Gift Box',
        summaryZh: '夹克、礼盒',
      },
    ],
    matched: 'none',
  }),
  loadOrderForReturn: async ({ orderId }: { orderId: string }) => (orderId === ORDER.id ? ORDER : null),
  createReturn: async (plan: ReturnPlan) => {
    stub.created.push(plan);
    return { rmaId: plan.rmaId, carrier: 'UPS', trackingNumber: 'RT1' };
  },
  recordCsat: async ({ score }: { score: number }) => {
    stub.csat.push(score);
  },
  exchangeOptions: async () => [
    { variantSku: 'A-BLACK', options: { colour: 'black' }, priceCents: 6000 },
    { variantSku: 'A-GREEN', options: { colour: 'green' }, priceCents: 4000 },
  ],
  balancesOf: async () => [
    { methodId: 'GIFT-1', kind: 'gift_card', label: 'gift card', balanceCents: 500 },
    { methodId: 'SC-1', kind: 'store_credit', label: 'store credit', balanceCents: 3000 },
  ],
  markReturn: async () => undefined,
  notifyReturnCustomer: async () => undefined,
  shipExchange: async () => ({ shipmentId: 'S-1' }),
  moveMoney: async (request: MoneyRequest) => {
    stub.money.push(request.key);
    if (stub.failMoneyOnce) {
      stub.failMoneyOnce = false;
      throw new Error('connection reset');
    }
    return {
      key: request.key,
      status: 'succeeded',
      provider: 'stripe',
      amountCents: request.amountCents,
      label: 'card',
    };
  },
} as unknown as KefuActivities;

let stubWorker: StubWorker;
let client: Client;
let taskQueue: string;

beforeAll(async () => {
  stubWorker = await startStubWorker(activities, 'kefu-returns-flows');
  ({ client, taskQueue } = stubWorker);
});

afterAll(async () => {
  await stubWorker?.stop();
});

beforeEach(() => {
  stub.csat = [];
  stub.created = [];
  stub.money = [];
  stub.failMoneyOnce = false;
});

async function open() {
  const caseId = randomUUID();
  const input: CaseWorkflowInput = { caseId, channel: 'WEB', locale: 'en', settings: TEST_CASE_SETTINGS };
  await client.workflow.executeUpdateWithStart(openCaseUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
    }),
  });
  const handle = client.workflow.getHandle(caseId);
  const send = async (text: string) => {
    const result = await handle.executeUpdate(sendMessageUpdate, {
      args: [{ messageId: randomUUID(), text }],
    });
    return { ...result, said: result.replies.map((r) => r.text).join('\n') };
  };
  return { caseId, handle, send };
}

test('several items with a final-sale one: it is left out and said so; a "no" at the confirmation creates nothing', async () => {
  const { send } = await open();
  await send('I want to return something');
  await send('kim@example.com');
  const listed = await send('123456');
  expect(listed.said).toMatch(/Here are your recent orders[\s\S]*2\. W5550001/);
  expect((await send('the second one')).said).toMatch(
    /1\. Trail Jacket \(blue\)\n2\. Gift Box \(final sale\)\n3\. Wool Socks \(M\)/,
  );
  const items = await send('all of them');
  expect(items.said).toMatch(/Gift Box was sold as final sale and can't be returned, so I left it out/);
  expect(items.said).toMatch(/May I ask why/);
  await send('skip');
  const summary = await send('refund to my card');
  expect(summary.said).toMatch(
    /return Trail Jacket, Wool Socks from order W5550001, refunding \$60\.00 to Visa ending 4242/,
  );
  const no = await send('no');
  expect(no.said).toMatch(/stopped that/);
  expect(stub.created).toEqual([]);
});

/** The return workflow's reports for a parcel sent and refunded, as it signals them; the case once it has said so. */
async function refundReported(
  handle: Awaited<ReturnType<typeof open>>['handle'],
  refund: Omit<ReturnProgress, 'step'>,
) {
  await handle.signal(returnProgressSignal, { rmaId: refund.rmaId, step: 'awaiting_parcel' });
  await handle.signal(returnProgressSignal, { ...refund, step: 'refunded' });
  return eventually(
    () => handle.query(getCaseQuery),
    (v) => v.recentMessages.some((m) => /rate it from 1|打分/.test(m.text)),
  );
}

test('a return reported refunded resolves the case and asks for a score; the answer is stored', async () => {
  const { handle, send } = await open();
  await send('hello');
  const view = await refundReported(handle, {
    rmaId: 'RMA-X',
    amountCents: 5000,
    currency: 'USD',
    method: 'card',
  });
  expect(view.recentMessages.map((m) => m.text).join('\n')).toMatch(
    /refund of \$50\.00 for return RMA-X has been issued to your card/,
  );
  expect(view.flow).toBe('csat');
  expect((await send('4')).said).toMatch(/Thank you for your rating of 4/);
  expect(stub.csat).toEqual([4]);
});

test('a refund left to finance (no payment provider for the method) is promised, not said to be back already', async () => {
  const { handle, send } = await open();
  await send('你好');
  const view = await refundReported(handle, {
    rmaId: 'RMA-F',
    amountCents: 56900,
    currency: 'CNY',
    method: 'card',
    withFinance: true,
  });
  const said = view.recentMessages.map((m) => m.text).join('\n');
  expect(said).toMatch(/退货单 RMA-F 的退款 ¥569\.00 已提交财务，将在几个工作日内退至/);
  expect(said).not.toMatch(/已退至/);
});

test('a failed refund takes the case to a human', async () => {
  const { handle, send } = await open();
  await send('hello');
  await handle.signal(returnProgressSignal, {
    rmaId: 'RMA-Y',
    step: 'refund_failed',
    error: 'card declined',
  });
  const view = await eventually(
    () => handle.query(getCaseQuery),
    (v) => v.status === 'ESCALATED',
  );
  expect(view.recentMessages.at(-1)?.text).toMatch(/refund didn't go through/);
});

test('the return workflow retries a failed payment call with the same business key, and moves the money once', async () => {
  stub.failMoneyOnce = true;
  const rmaId = `RMA-${randomUUID().slice(0, 8)}`;
  const plan: ReturnPlan = {
    rmaId,
    caseId: `no-such-case-${rmaId}`,
    customerId: 'C-1',
    orderId: ORDER.id,
    kind: 'return',
    lines: [1],
    reason: null,
    currency: 'USD',
    amountCents: 5000,
    refundTo: 'original',
    exchange: null,
    locale: 'en',
  };
  const handle = await client.workflow.start<typeof returnWorkflow>('returnWorkflow', {
    workflowId: rmaId,
    taskQueue,
    args: [{ plan, order: { payments: ORDER.payments }, reminderMs: 60_000, expiryMs: 60_000 }],
  });
  await handle.signal(returnReceivedSignal, { by: 'test' });
  await handle.signal(returnReceivedSignal, { by: 'again' });
  const status = await handle.result();
  expect(status).toMatchObject({ step: 'refunded', receivedBy: 'test', moneyKeys: [`${rmaId}:refund:PM-1`] });
  // Two calls (the first failed on the network), one key.
  expect(stub.money).toEqual([`${rmaId}:refund:PM-1`, `${rmaId}:refund:PM-1`]);
  expect((await handle.query(getReturnQuery)).step).toBe('refunded');
});

test('an exchange costing more: a gift card that does not cover the difference is refused, store credit that does is taken', async () => {
  const { send } = await open();
  await send(`I want to exchange the jacket from order ${ORDER.id}`);
  await send('123456');
  await send('the first one');
  const variants = await send('the colour is wrong');
  expect(variants.said).toMatch(/1\. black \(\+\$10\.00\)\n2\. green \(−\$10\.00\)/);
  expect((await send('black')).said).toMatch(/costs \$10\.00 more[\s\S]*your gift card \(balance \$5\.00\)/);
  const short = await send('gift card');
  expect(short.said).toMatch(/your gift card only has \$5\.00, which doesn't cover the difference/);
  const summary = await send('store credit');
  expect(summary.said).toMatch(
    /exchange Trail Jacket from order W5550001 for black .*paying \$10\.00 with store credit/,
  );
  await send('yes');
  expect(stub.created[0]?.exchange).toMatchObject({
    differenceCents: 1000,
    payWith: 'SC-1',
    payWithKind: 'store_credit',
  });
});
