// Returns and exchanges end to end through GraphQL: real Temporal, PostgreSQL and stripe-mock (behind a counting proxy).
import { randomInt } from 'node:crypto';
import { importData, type ImportFile } from '../../activities/commerce/import';
import { createApiKey } from '../../activities/platform/api-keys';
import { startKefuStack, eventually, type KefuStack } from '../helpers/stack';
import { testEnv } from '../helpers/env';
import { startStripeCounter, type StripeCounter } from '../helpers/stripe-counter';

let kefu: KefuStack;
let stripe: StripeCounter;
let agentKey: string;
let warehouseKey: string;

const DAY = 86_400_000;
const run = String(randomInt(100_000, 999_999));
const id = (n: number) => `RT${run}${n}`;
const zhEmail = `zhaolei.${run}@example.cn`;
const enEmail = `erin.${run}@example.com`;

/** The 15th of last month, at an hour that is last month in Shanghai and in UTC alike. */
function lastMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 4)).toISOString();
}
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

function delivered(orderId: string, at: string, n: number) {
  return {
    id: `S-${orderId}`,
    orderId,
    carrier: 'UPS',
    trackingNumber: `1ZRT${run}${n}`,
    status: 'delivered' as const,
    events: [{ at, status: 'delivered' as const, description: 'Delivered, front door' }],
  };
}

const card = (orderId: string, methodId: string, amount: number, at: string) => ({
  id: `PAY-${orderId}-${methodId}`,
  kind: 'payment' as const,
  methodId,
  methodKind: 'card' as const,
  amount,
  reference: `pi_3Rt${orderId}`,
  at,
});

/** Customers and orders of this suite only: returns change orders, so the shared demo orders stay untouched. */
function fixture(): ImportFile {
  const placed = lastMonth();
  return {
    customers: [
      {
        id: `C-ZL-${run}`,
        name: '赵雷',
        email: zhEmail,
        locale: 'zh-CN',
        addresses: [
          {
            id: `A-ZL-${run}`,
            line1: '人民路88号',
            city: '杭州',
            state: '浙江省',
            country: 'CN',
            postcode: '310002',
          },
        ],
        paymentMethods: [{ id: `PM-ZL-${run}`, kind: 'card', brand: 'unionpay', last4: '8888' }],
      },
      {
        id: `C-ER-${run}`,
        name: 'Erin Walsh',
        email: enEmail,
        locale: 'en',
        addresses: [
          {
            id: `A-ER-${run}`,
            line1: '12 Pine St',
            city: 'Portland',
            state: 'OR',
            country: 'US',
            postcode: '97201',
          },
        ],
        paymentMethods: [
          { id: `PM-ER-${run}`, kind: 'card', brand: 'visa', last4: '4242' },
          { id: `PM-ERC-${run}`, kind: 'store_credit', balance: 20, currency: 'USD' },
          { id: `PM-ERG-${run}`, kind: 'gift_card', balance: 30, currency: 'USD' },
        ],
      },
    ],
    orders: [
      {
        id: id(1),
        customerId: `C-ZL-${run}`,
        placedAt: placed,
        status: 'delivered',
        currency: 'CNY',
        items: [{ sku: 'JK-WP-100', quantity: 1, unitPrice: 919, options: { colour: 'blue', size: 'M' } }],
        payments: [card(id(1), `PM-ZL-${run}`, 919, placed)],
      },
      {
        id: id(2),
        customerId: `C-ER-${run}`,
        placedAt: placed,
        status: 'delivered',
        currency: 'USD',
        items: [
          { sku: 'HP-AIR-01', quantity: 1, unitPrice: 79.99, options: { colour: 'blue' } },
          { sku: 'KT-ELC-17', quantity: 1, unitPrice: 39.99, options: { colour: 'white' } },
        ],
        payments: [card(id(2), `PM-ER-${run}`, 119.98, placed)],
      },
      {
        id: id(3),
        customerId: `C-ER-${run}`,
        placedAt: ago(6),
        status: 'delivered',
        currency: 'USD',
        items: [
          {
            sku: 'KB-MECH-60',
            quantity: 1,
            unitPrice: 89,
            options: { colour: 'black', 'switch type': 'red', layout: '60%' },
            variantSku: 'KB-MECH-60-BLK-RED',
          },
        ],
        payments: [card(id(3), `PM-ER-${run}`, 89, ago(6))],
      },
      {
        id: id(4),
        customerId: `C-ER-${run}`,
        placedAt: ago(70),
        status: 'delivered',
        currency: 'USD',
        items: [{ sku: 'BP-CMT-01', quantity: 1, unitPrice: 69, options: { colour: 'grey' } }],
        payments: [card(id(4), `PM-ER-${run}`, 69, ago(70))],
      },
      {
        id: id(5),
        customerId: `C-ER-${run}`,
        placedAt: ago(5),
        status: 'delivered',
        currency: 'USD',
        items: [{ sku: 'GF-BOX-01', quantity: 1, unitPrice: 25 }],
        payments: [card(id(5), `PM-ER-${run}`, 25, ago(5))],
      },
      {
        id: id(6),
        customerId: `C-ER-${run}`,
        placedAt: ago(2),
        status: 'shipped',
        currency: 'USD',
        items: [{ sku: 'SH-RUN-10', quantity: 1, unitPrice: 119, options: { colour: 'grey', size: '42' } }],
        payments: [card(id(6), `PM-ER-${run}`, 119, ago(2))],
      },
    ],
    shipments: [
      delivered(id(1), ago(3), 1),
      delivered(id(2), ago(3), 2),
      delivered(id(3), ago(4), 3),
      delivered(id(4), ago(65), 4),
      delivered(id(5), ago(3), 5),
      {
        id: `S-${id(6)}`,
        orderId: id(6),
        carrier: 'UPS',
        trackingNumber: `1ZRT${run}6`,
        status: 'in_transit',
        events: [{ at: ago(1), status: 'in_transit', description: 'Departed facility' }],
      },
    ],
  };
}

beforeAll(async () => {
  stripe = await startStripeCounter(testEnv().stripeMockUrl);
  kefu = await startKefuStack({
    env: { KEFU_STRIPE_SECRET_KEY: 'sk_test_kefu', KEFU_STRIPE_API_BASE: stripe.url },
  });
  await importData(kefu.db, fixture());
  agentKey = (await createApiKey(kefu.db, 'agent', 'returns test')).key;
  warehouseKey = (await createApiKey(kefu.db, 'warehouse', 'returns test warehouse')).key;
});

afterAll(async () => {
  await kefu?.stop();
  await stripe?.close();
});

interface Started {
  id: string;
  token: string;
}

interface Sent {
  replies: { text: string }[];
  case: {
    status: string;
    flow: string | null;
    slots: Record<string, unknown>;
    customer: { verified: boolean };
  };
}

async function newCase(): Promise<Started> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: {}) { token case { id } } }',
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function send(c: Started, text: string): Promise<Sent & { said: string }> {
  const res = await kefu.gql<{ sendMessage: Sent }>(
    `mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) {
       replies { text } case { status flow slots customer { verified } } } }`,
    { id: c.id, text },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  const sent = res.data!.sendMessage;
  return { ...sent, said: sent.replies.map((r) => r.text).join('\n') };
}

/** The latest one-time code sent for the case, read from the outbox as staff would. */
async function codeFor(c: Started): Promise<string> {
  const outbox = await kefu.gql<{ notifications: { edges: { node: { body: string } }[] } }>(
    'query($id: ID!) { notifications(caseId: $id) { edges { node { body } } } }',
    { id: c.id },
    agentKey,
  );
  const body = outbox.data!.notifications.edges.map((e) => e.node.body).find((b) => /\b\d{6}\b/.test(b));
  return /\b(\d{6})\b/.exec(body ?? '')![1]!;
}

/** Verifies the case's customer with a one-time code sent to the email. */
async function verify(c: Started, email: string): Promise<Sent & { said: string }> {
  const sent = await send(c, email);
  expect(sent.said).toMatch(/6-digit code|6位验证码/);
  return send(c, await codeFor(c));
}

const RETURN_FIELDS = `id status kind orderId lines amount currency refundTo
  label { filename contentType carrier trackingNumber pdfBase64 }
  money { key kind provider amount currency status }`;

interface ReturnData {
  id: string;
  status: string;
  kind: string;
  orderId: string;
  lines: number[];
  amount: number;
  currency: string;
  refundTo: string | null;
  label: {
    filename: string;
    contentType: string;
    carrier: string;
    trackingNumber: string;
    pdfBase64: string;
  };
  money: { key: string; kind: string; provider: string; amount: number; currency: string; status: string }[];
}

async function caseState(c: Started) {
  const res = await kefu.gql<{
    case: {
      status: string;
      slots: Record<string, unknown>;
      csat: number | null;
      returns: ReturnData[];
      messages: { edges: { node: { role: string; text: string } }[] };
    };
  }>(
    `query($id: ID!) { case(id: $id) { status slots csat returns { ${RETURN_FIELDS} }
       messages(last: 30) { edges { node { role text } } } } }`,
    { id: c.id },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.case;
}

const transcript = (state: Awaited<ReturnType<typeof caseState>>) =>
  state.messages.edges.map((e) => e.node.text).join('\n');

async function receive(rmaId: string) {
  const res = await kefu.gql<{ reportReturnReceived: { id: string } }>(
    'mutation($id: ID!) { reportReturnReceived(id: $id) { id } }',
    { id: rmaId },
    warehouseKey,
  );
  expect(res.errors).toBeUndefined();
}

async function moneyRows(rmaId: string) {
  const { rows } = await kefu.db.query<{
    business_key: string;
    provider: string;
    status: string;
    amount_cents: string;
  }>(
    `SELECT business_key, provider, status, amount_cents::text FROM money_movements WHERE business_key LIKE $1`,
    [`${rmaId}:%`],
  );
  return rows;
}

describe('the seed conversations', () => {
  test('zh: forgot the order number, blue one last month → code → return to the card → label → receipt → one refund → CSAT', async () => {
    const c = await newCase();
    const first = await send(c, '我想退换一个产品,但是忘记了订单号,只记得大概是上个月买的蓝色款');
    expect(first.said).toMatch(/验证身份/);
    const verified = await verify(c, zhEmail);
    expect(verified.said).toMatch(/身份已验证/);
    // Only one order matches "last month" and "blue": it is taken, and the question is return or exchange.
    expect(verified.said).toMatch(/退货退款，还是换成/);
    expect(verified.case.slots.orderId).toBe(id(1));
    expect((await send(c, '退货')).said).toMatch(/原因/);
    expect((await send(c, '尺码太小了')).said).toMatch(/原路退回.*unionpay 卡（尾号 8888）/);
    const summary = await send(c, '原路退回');
    expect(summary.said).toMatch(
      new RegExp(`请确认：退回订单 ${id(1)} 中的防水夹克（原因：尺码太小了），收到退货后退款 ¥919.00`),
    );
    const done = await send(c, '是的');
    expect(done.said).toMatch(/退货单号 RMA-/);
    expect(done.case.status).toBe('WAITING_EVENT');
    const rmaId = /RMA-[A-Z0-9]+/.exec(done.said)![0];

    const state = await caseState(c);
    const rma = state.returns[0]!;
    expect(rma).toMatchObject({
      id: rmaId,
      status: 'AWAITING_PARCEL',
      kind: 'RETURN',
      orderId: id(1),
      amount: 919,
    });
    const pdf = Buffer.from(rma.label.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The Chinese address is drawn with the embedded CJK font, not dropped.
    expect(pdf.toString('latin1')).toMatch(/WenQuanYi/);

    await receive(rmaId);
    const refunded = await eventually(
      () => caseState(c),
      (s) => s.status === 'RESOLVED' && /已退至/.test(transcript(s)),
    );
    expect(transcript(refunded)).toMatch(/¥919\.00 已退至原支付银行卡/);
    expect(refunded.returns[0]!.status).toBe('REFUNDED');
    const rows = await moneyRows(rmaId);
    expect(rows).toEqual([
      expect.objectContaining({ provider: 'stripe', status: 'succeeded', amount_cents: '91900' }),
    ]);
    expect(stripe.requestsFor(rows[0]!.business_key)).toBe(1);

    const rated = await send(c, '5');
    expect(rated.said).toMatch(/感谢您的 5 分评价/);
    expect((await caseState(c)).csat).toBe(5);
  });
});
