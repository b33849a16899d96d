// Flow tests for the shopping guide and order changes: the case workflow on the real dev server with stubbed activities, for the branches.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { KefuActivities } from '../../activities';
import { understandSync } from '../../activities/nlu/local';
import type { OrderChangePlan, ShoppingAnswer, ShoppingRequest } from '../../activities/presales/types';
import type { MoneyRequest } from '../../activities/returns/payments';
import type { OrderSnapshot } from '../../activities/returns/types';
import type { caseWorkflow } from '../../workflows/case';
import { openCaseUpdate, sendMessageUpdate } from '../../workflows/messages';
import type { CaseWorkflowInput } from '../../workflows/state';
import { TEST_CASE_SETTINGS } from '../helpers/case-settings';
import { startStubWorker, type StubWorker } from '../helpers/stub-worker';

const ORDER: OrderSnapshot = {
  id: 'W5550001',
  status: 'paid',
  placedAt: '2026-11-20T00:00:00Z',
  deliveredAt: null,
  currency: 'USD',
  shipped: false,
  openRequest: false,
  lines: [
    {
      line: 1,
      sku: 'KB-MECH-60',
      nameEn: 'TypeCraft Keyboard',
      nameZh: 'TypeCraft 键盘',
      options: { colour: 'black' },
      unitCents: 8900,
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
      paidCents: 8900,
      reference: 'pi_1',
    },
  ],
};

/** What the stubs saw and will answer; each test sets what it needs. */
const stub = {
  shopping: [] as ShoppingAnswer[],
  requests: [] as ShoppingRequest[],
  order: ORDER,
  declineCharges: false,
  money: [] as MoneyRequest[],
  begun: [] as OrderChangePlan[],
  completed: [] as string[],
  failed: [] as string[],
  knowledge: 'unknown' as 'unknown' | 'answer',
  recorded: [] as string[][],
};

const activities = {
  understand: ({ text, now, localeHint }: { text: string; now: string; localeHint?: 'en' | 'zh-CN' }) =>
    understandSync({ text, now, localeHint }, { products: [] }),
  async recordCase() {},
  async recommendProducts(request: ShoppingRequest): Promise<ShoppingAnswer> {
    stub.requests.push(request);
    return stub.shopping.shift() ?? { kind: 'none', reason: 'stock', cheapest: null };
  },
  async recordRecommendations({ items }: { items: { sku: string }[] }) {
    stub.recorded.push(items.map((i) => i.sku));
  },
  async productsNamed() {
    return [];
  },
  async productFacts({ text }: { text: string }) {
    return /flask/i.test(text)
      ? {
          sku: 'BT-VAC-50',
          nameEn: 'Easy-Grip Flask',
          nameZh: '保温杯',
          fact: null,
          value: null,
          currency: 'USD',
          descriptionEn: 'A flask.',
          descriptionZh: '保温杯。',
        }
      : null;
  },
  async answerQuestion() {
    return stub.knowledge === 'unknown'
      ? { kind: 'unknown', gapId: '1' }
      : {
          kind: 'answer',
          text: 'Two years.',
          sources: [{ title: 'Warranty', ref: 'kb:warranty-en' }],
          articleLocale: 'en',
          translated: false,
          confidence: 0.5,
        };
  },
  async loadOrderForReturn() {
    return stub.order;
  },
  async orderChangeContext() {
    return {
      shippingAddress: { line1: '1 Old Rd', city: 'Springfield', country: 'US' },
      addresses: [],
      methods: [
        { methodId: 'PM-1', kind: 'card', label: 'visa •••• 4242', balanceCents: null },
        { methodId: 'SC-1', kind: 'store_credit', label: 'store credit', balanceCents: 500 },
      ],
      itemsChanged: false,
    };
  },
  async exchangeOptions() {
    return [{ variantSku: 'KB-WHITE', options: { colour: 'white' }, priceCents: 9900 }];
  },
  async itemDifferences() {
    return [1000];
  },
  async beginOrderChange(plan: OrderChangePlan) {
    stub.begun.push(plan);
    return { refused: null, status: 'pending' };
  },
  async moveMoney(request: MoneyRequest) {
    stub.money.push(request);
    if (stub.declineCharges && request.kind === 'charge')
      throw ApplicationFailure.nonRetryable('card declined', 'PaymentDeclined');
    return {
      key: request.key,
      status: 'succeeded',
      provider: 'stripe',
      amountCents: request.amountCents,
      label: 'card',
    };
  },
  async completeOrderChange(plan: OrderChangePlan) {
    stub.completed.push(plan.changeId);
  },
  async failOrderChange({ changeId }: { changeId: string }) {
    stub.failed.push(changeId);
  },
} as unknown as KefuActivities;

let stubWorker: StubWorker;
let client: Client;
let taskQueue: string;

beforeAll(async () => {
  stubWorker = await startStubWorker(activities, 'kefu-presales-flows');
  ({ client, taskQueue } = stubWorker);
});

afterAll(async () => {
  await stubWorker?.stop();
});

beforeEach(() => {
  Object.assign(stub, {
    shopping: [],
    requests: [],
    order: ORDER,
    declineCharges: false,
    money: [],
    begun: [],
    completed: [],
    failed: [],
    knowledge: 'unknown',
    recorded: [],
  });
});

/** A signed-in customer's case (a trusted channel), so the gate passes at once. */
async function open(locale: 'en' | 'zh-CN' = 'en') {
  const caseId = randomUUID();
  const input: CaseWorkflowInput = {
    caseId,
    channel: 'WEB',
    locale,
    customer: { id: 'C-1', name: 'Bo', verified: true, verifiedBy: 'channel', locale },
    settings: TEST_CASE_SETTINGS,
  };
  await client.workflow.executeUpdateWithStart(openCaseUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
    }),
  });
  const handle = client.workflow.getHandle(caseId);
  return async (text: string) => {
    const result = await handle.executeUpdate(sendMessageUpdate, {
      args: [{ messageId: randomUUID(), text }],
    });
    return { ...result, said: result.replies.map((r) => r.text).join('\n') };
  };
}

/** The agent may ask which request is meant when unsure; the customer then says it again. */
async function opening(send: Awaited<ReturnType<typeof open>>, text: string) {
  const first = await send(text);
  return /Just to be sure|请问您是想/.test(first.said) ? send(`yes, ${text}`) : first;
}

test('shopping: budget and use are asked in one question, once; nothing within budget says the cheapest price and records nothing', async () => {
  stub.shopping = [{ kind: 'none', reason: 'budget', cheapest: { amountCents: 2499, currency: 'USD' } }];
  const send = await open();
  const asked = await opening(send, 'Can you recommend some headphones?');
  expect(asked.said).toMatch(
    /What's your budget \(in USD\), and who is it for or what will it be used for\?/,
  );
  const answered = await send('under $10, for my dad');
  expect(stub.requests[0]).toMatchObject({ budget: 10, uses: ['gift'], customerId: 'C-1' });
  expect(answered.said).toMatch(
    /couldn't find anything in stock within that budget; the closest starts at \$24\.99/,
  );
  expect(stub.recorded).toEqual([]);
});

test('a product question the product and the knowledge base cannot answer: "I don\'t have that detail", no guess', async () => {
  const send = await open();
  const r = await opening(send, 'Is the flask dishwasher safe?');
  expect(r.said).toMatch(/I don't have that detail for the Easy-Grip Flask/);
  stub.knowledge = 'answer';
  const kb = await opening(send, 'What is the warranty on the flask?');
  expect(kb.said).toMatch(/Two years\./);
  expect(kb.replies.flatMap((x) => x.sources ?? [])).toContainEqual({
    title: 'Warranty',
    ref: 'kb:warranty-en',
  });
});

test('order change: a declined charge changes nothing, and the change is marked failed', async () => {
  stub.declineCharges = true;
  const send = await open();
  await opening(send, `I'd like to change the colour of the keyboard on order ${ORDER.id} before it ships`);
  expect((await send('white')).said).toMatch(/costs \$10\.00 more/);
  expect((await send('my card')).said).toMatch(/To confirm/);
  const r = await send('yes');
  expect(r.said).toMatch(/payment was declined, so order W5550001 stays as it was/);
  expect(stub.money.map((m) => m.kind)).toEqual(['charge']);
  expect(stub.failed).toEqual([stub.begun[0]?.changeId]);
  expect(stub.completed).toEqual([]);
});

test('order change: store credit that does not cover the payment is refused and another method asked for', async () => {
  const send = await open();
  const r = await opening(send, `I want to pay for order ${ORDER.id} with store credit instead of my card`);
  expect(r.said).toMatch(/Which method should pay the \$89\.00 instead/);
  const short = await send('store credit');
  expect(short.said).toMatch(/only has \$5\.00/);
  expect(stub.begun).toEqual([]);
});

test('order change: a delivered order is refused with a return offered, in Chinese', async () => {
  stub.order = { ...ORDER, status: 'delivered', shipped: true };
  const send = await open('zh-CN');
  const r = await opening(send, `帮我改一下订单 ${ORDER.id} 的收货地址`);
  expect(r.said).toMatch(/已经发货，无法再修改。包裹签收后我可以为您办理退货或换货/);
  expect(stub.begun).toEqual([]);
});
