// Returns and exchanges end to end through GraphQL: real Temporal, PostgreSQL and stripe-mock (behind a counting proxy).
import { randomInt } from 'node:crypto';
import { importData, type ImportFile } from '../../activities/commerce/import';
import { createApiKey } from '../../activities/platform/api-keys';
import { latestCode } from '../helpers/outbox';
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
/** Letters for the run's digits: six digits in an email would read as a one-time code. */
const tag = [...run].map((d) => String.fromCharCode(97 + Number(d))).join('');
const zhEmail = `zhaolei.${tag}@example.cn`;
const enEmail = `erin.${tag}@example.com`;

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
      ...[7, 8, 9, 10, 11, 14].map((n) => ({
        id: id(n),
        customerId: `C-ER-${run}`,
        placedAt: ago(8),
        status: 'delivered' as const,
        currency: 'USD',
        items: [{ sku: 'KT-GLS-15', quantity: 1, unitPrice: 34.99, options: { colour: 'silver' } }],
        payments: [card(id(n), `PM-ER-${run}`, 34.99, ago(8))],
      })),
      {
        id: id(15),
        customerId: `C-ZL-${run}`,
        placedAt: ago(3),
        status: 'shipped',
        currency: 'CNY',
        items: [{ sku: 'KT-GLS-15', quantity: 1, unitPrice: 249, options: { colour: 'black' } }],
      },
      {
        id: id(13),
        customerId: `C-ER-${run}`,
        placedAt: ago(1),
        status: 'shipped',
        currency: 'USD',
        items: [{ sku: 'KT-GLS-15', quantity: 1, unitPrice: 34.99, options: { colour: 'black' } }],
      },
      {
        id: id(12),
        customerId: `C-ER-${run}`,
        placedAt: ago(1),
        status: 'paid',
        currency: 'USD',
        items: [{ sku: 'SH-CAN-20', quantity: 1, unitPrice: 80, options: { colour: 'red', size: '40' } }],
        payments: [
          card(id(12), `PM-ER-${run}`, 50, ago(1)),
          {
            id: `PAY-${id(12)}-GIFT`,
            kind: 'payment',
            methodId: `PM-ERG-${run}`,
            methodKind: 'gift_card',
            amount: 30,
            at: ago(1),
          },
        ],
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
      delivered(id(7), ago(4), 7),
      delivered(id(8), ago(4), 8),
      delivered(id(9), ago(4), 9),
      delivered(id(10), ago(4), 10),
      delivered(id(11), ago(4), 11),
      delivered(id(14), ago(4), 14),
      {
        id: `S-${id(15)}`,
        orderId: id(15),
        carrier: '顺丰速运',
        trackingNumber: `SFRT${run}15`,
        status: 'in_transit',
        events: [
          { at: ago(2), status: 'in_transit', location: '深圳', description: '【深圳】快件已揽收' },
          {
            at: ago(1),
            status: 'in_transit',
            location: '杭州',
            description: '【杭州】快件已到达【杭州转运中心】',
          },
        ],
      },
      {
        id: `S-${id(13)}`,
        orderId: id(13),
        status: 'label_created',
        items: [{ line: 1, quantity: 1 }],
        events: [],
      },
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
const codeFor = (c: Started) => latestCode(kefu, c.id, agentKey);

const CODE_SENT = /6-digit code|6位验证码/;
const WHICH_REQUEST = /Just to be sure|请问您是想/;

/**
 * The customer's first message. When the reading is not sure enough the agent asks which request is meant; the
 * customer then says it again, as people do ("yes, …"), so the details of the first message are kept.
 */
async function opening(c: Started, text: string): Promise<Sent & { said: string }> {
  const first = await send(c, text);
  if (!WHICH_REQUEST.test(first.said)) return first;
  return send(c, /[\u4e00-\u9fff]/.test(text) ? `是的，${text}` : `yes, ${text}`);
}

/** Verifies the case's customer with a one-time code: sent at once for a typed order number, else to the email. */
async function verify(c: Started, email: string, last: string): Promise<Sent & { said: string }> {
  if (!CODE_SENT.test(last)) expect((await send(c, email)).said).toMatch(CODE_SENT);
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
    const first = await opening(c, '我想退换一个产品,但是忘记了订单号,只记得大概是上个月买的蓝色款');
    expect(first.said).toMatch(/验证身份/);
    const verified = await verify(c, zhEmail, first.said);
    expect(verified.said).toMatch(/身份已验证/);
    // Only one order matches "last month" and "blue": it is taken, and the question is return or exchange.
    expect(verified.said).toMatch(/退货退款，还是换成/);
    expect(verified.case.slots.orderId).toBe(id(1));
    expect((await send(c, '退货')).said).toMatch(/原因/);
    expect((await send(c, '尺码太小了')).said).toMatch(/原路退回.*银联卡（尾号 8888）/);
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

describe('returns and exchanges in English', () => {
  test('en: the blue one from last month, both items, no reason, to store credit: credit at once, no card touched', async () => {
    const c = await newCase();
    const first = await opening(
      c,
      'I want to return something but I forgot the order number; it was the blue one I bought last month.',
    );
    expect(first.said).toMatch(/verify you first/);
    const wrong = await send(c, enEmail);
    const bad = await send(c, (await codeFor(c)) === '000000' ? '111111' : '000000');
    expect(wrong.said).toMatch(/6-digit code/);
    expect(bad.said).toMatch(/code isn't right/);
    const listed = await send(c, await codeFor(c));
    expect(listed.said).toMatch(/you're verified/);
    // Two lines in the order: both are listed to pick from.
    expect(listed.said).toMatch(/1\. AirBeat Wireless Earbuds \(blue\)\n2\. Electric Kettle 1\.7L \(white\)/);
    expect((await send(c, 'both of them')).said).toMatch(/May I ask why/);
    expect((await send(c, 'skip')).said).toMatch(/store credit/);
    const summary = await send(c, 'store credit please');
    expect(summary.said).toMatch(
      /return AirBeat Wireless Earbuds, Electric Kettle 1\.7L .*refunding \$119\.98 to store credit/,
    );
    const done = await send(c, 'yes');
    const rmaId = /RMA-[A-Z0-9]+/.exec(done.said)![0];
    expect(done.case.status).toBe('WAITING_EVENT');
    // A word from the customer meanwhile is answered; the case still waits for the parcel, not to be closed as idle.
    const thanks = await send(c, 'thank you');
    expect(thanks.said).toMatch(/You're welcome/);
    expect(thanks.case.status).toBe('WAITING_EVENT');

    await receive(rmaId);
    const refunded = await eventually(
      () => caseState(c),
      (s) => s.returns[0]?.status === 'REFUNDED' && s.status === 'RESOLVED',
    );
    expect(transcript(refunded)).toMatch(/refund of \$119\.98 .* issued to store credit/);
    expect(refunded.returns[0]!.lines).toEqual([1, 2]);
    const rows = await moneyRows(rmaId);
    expect(rows).toEqual([
      expect.objectContaining({ provider: 'credit', status: 'succeeded', amount_cents: '11998' }),
    ]);
    expect(stripe.requestsFor(rows[0]!.business_key)).toBe(0);
    const balance = await kefu.db.query<{ cents: string }>(
      `SELECT sum(amount_cents)::text AS cents FROM credit_ledger WHERE method_id = $1`,
      [`PM-ERC-${run}`],
    );
    expect(balance.rows[0]!.cents).toBe(String(2000 + 11998));
  });

  test('an exchange to another variant costing more (an out-of-stock one is not offered), the difference paid by store credit', async () => {
    const c = await newCase();
    const first = await opening(c, `I'd like to exchange my keyboard from order ${id(3)}`);
    expect(first.said).toMatch(CODE_SENT);
    await verify(c, enEmail, first.said);
    const asked = await send(c, 'the switches are too loud');
    // The black blue-switch variant is out of stock, so it is not offered.
    expect(asked.said).toMatch(/1\. black, brown switch type\n2\. white, brown switch type \(\+\$10\.00\)/);
    expect(asked.said).not.toMatch(/blue switch/);
    const pay = await send(c, 'the white one');
    expect(pay.said).toMatch(/costs \$10\.00 more[\s\S]*store credit \(balance/);
    const summary = await send(c, 'store credit');
    expect(summary.said).toMatch(
      /exchange TypeCraft 60% Mechanical Keyboard .* for white, brown switch type .*paying \$10\.00 with store credit/,
    );
    const done = await send(c, 'yes');
    const rmaId = /RMA-[A-Z0-9]+/.exec(done.said)![0];
    await receive(rmaId);
    const exchanged = await eventually(
      () => caseState(c),
      (s) => s.returns[0]?.status === 'EXCHANGED' && /on its way/.test(transcript(s)),
    );
    expect(transcript(exchanged)).toMatch(
      /replacement .* on its way \(difference of \$10\.00 paid with store credit\)/,
    );
    const rows = await moneyRows(rmaId);
    expect(rows).toEqual([
      expect.objectContaining({ provider: 'credit', status: 'succeeded', amount_cents: '1000' }),
    ]);
    const shipment = await kefu.db.query('SELECT status FROM shipments WHERE id = $1', [`S-${rmaId}`]);
    expect(shipment.rows).toEqual([{ status: 'label_created' }]);
  });

  test('policy refusals are explained in plain words with a human offered: window, final sale, not delivered, one request per order', async () => {
    // An earlier return of one order, completed: each order takes one request.
    await kefu.db.query(
      `INSERT INTO return_requests (id, order_id, customer_id, kind, status, lines, amount_cents, currency)
       VALUES ($1, $2, $3, 'return', 'refunded', '{1}', 3499, 'USD')`,
      [`RMA-PRIOR-${run}`, id(14), `C-ER-${run}`],
    );
    const tries: [string, RegExp][] = [
      [
        `I want to return order ${id(4)}`,
        /more than 30 days ago, which is past our return window[\s\S]*"human"/,
      ],
      [`I want to return order ${id(5)}`, /sold as final sale/],
      [`I want to return order ${id(6)}`, /hasn't been delivered/],
      [`I want to return order ${id(14)}`, /already has a return or exchange; each order takes one request/],
    ];
    for (const [text, refusal] of tries) {
      const c = await newCase();
      const verified = await verify(c, enEmail, (await opening(c, text)).said);
      expect(verified.said).toMatch(refusal);
      expect(verified.case.flow).toBeNull();
    }
    const { rows } = await kefu.db.query(
      'SELECT count(*)::int AS n FROM return_requests WHERE order_id = ANY($1)',
      [[id(4), id(5), id(6)]],
    );
    expect(rows[0]).toEqual({ n: 0 });
  });

  test('a correction at the confirmation re-confirms with the new value; "never mind" drops the request and nothing is created', async () => {
    const c = await newCase();
    // Someone else's order: the code goes to its owner, so Erin cannot pass the gate with her own email.
    const first = await opening(c, `I want to return order ${id(1)}`);
    expect(first.said).toMatch(CODE_SENT);
    const other = await send(c, '123456');
    expect(other.said).toMatch(/code isn't right/);
    const c2 = await newCase();
    await verify(c2, enEmail, (await opening(c2, `I want to return order ${id(7)}`)).said);
    await send(c2, 'it leaks');
    expect((await send(c2, 'store credit')).said).toMatch(
      new RegExp(`To confirm: return .* from order ${id(7)}`),
    );
    const corrected = await send(c2, `sorry, I meant ${id(8)}`);
    expect(corrected.said).toMatch(/Got it, I have updated that/);
    expect(corrected.said).toMatch(
      new RegExp(`To confirm: return .* from order ${id(8)} \\(reason: it leaks\\)`),
    );
    expect(corrected.case.slots.orderId).toBe(id(8));
    const stop = await send(c2, 'never mind');
    expect(stop.said).toMatch(/I have stopped that/);
    expect(stop.case.flow).toBeNull();
    const { rows } = await kefu.db.query(
      'SELECT count(*)::int AS n FROM return_requests WHERE case_id = ANY($1)',
      [[c.id, c2.id]],
    );
    expect(rows[0]).toEqual({ n: 0 });
  });
});

describe('the return outlives the chat and moves money once', () => {
  test('the worker stops between the label and the refund: the receipt waits, and the refund is made once (one row, one Stripe request)', async () => {
    const c = await newCase();
    await verify(c, enEmail, (await opening(c, `I want to return order ${id(9)}`)).said);
    await send(c, 'skip');
    await send(c, 'back to my card');
    const done = await send(c, 'yes');
    const rmaId = /RMA-[A-Z0-9]+/.exec(done.said)![0];
    await kefu.stopWorker();
    // The warehouse reports the parcel while no worker runs: the signal waits in the return's history.
    await receive(rmaId);
    await kefu.startWorker();
    const refunded = await eventually(
      () => caseState(c),
      (s) => s.returns[0]?.status === 'REFUNDED' && /issued to/.test(transcript(s)),
    );
    expect(transcript(refunded)).toMatch(/refund of \$34\.99 .* issued to your card/);
    // A second report of the same parcel changes nothing.
    const again = await kefu.gql(
      'mutation($id: ID!) { reportReturnReceived(id: $id) { id } }',
      { id: rmaId },
      warehouseKey,
    );
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const rows = await moneyRows(rmaId);
    expect(rows).toEqual([
      expect.objectContaining({ provider: 'stripe', status: 'succeeded', amount_cents: '3499' }),
    ]);
    expect(stripe.requestsFor(rows[0]!.business_key)).toBe(1);
    expect(refunded.returns[0]!.money).toEqual([
      expect.objectContaining({ kind: 'refund', provider: 'stripe', amount: 34.99, status: 'succeeded' }),
    ]);
  });

  test('a refund the card refuses is not retried: the case goes to a human with the return and the error', async () => {
    stripe.declineWhenBodyHas(id(10));
    const c = await newCase();
    await verify(c, enEmail, (await opening(c, `I want to return order ${id(10)}`)).said);
    await send(c, 'skip');
    await send(c, 'to the card');
    const rmaId = /RMA-[A-Z0-9]+/.exec((await send(c, 'yes')).said)![0];
    await receive(rmaId);
    const escalated = await eventually(
      () => caseState(c),
      (s) => s.status === 'ESCALATED',
    );
    expect(transcript(escalated)).toMatch(/refund didn't go through\. I've passed it to a colleague/);
    expect(escalated.returns[0]!.status).toBe('FAILED');
    const rows = await moneyRows(rmaId);
    expect(rows).toEqual([expect.objectContaining({ provider: 'stripe', status: 'declined' })]);
    expect(stripe.requestsFor(rows[0]!.business_key)).toBe(1);
    // Events are stored behind the conversation: wait until the escalation is among them.
    const readEvents = async () => {
      const events = await kefu.gql<{
        case: { events: { edges: { node: { type: string; data: Record<string, unknown> } }[] } };
      }>(
        'query($id: ID!) { case(id: $id) { events(first: 100) { edges { node { type data } } } } }',
        { id: c.id },
        agentKey,
      );
      return events.data!.case.events.edges.map((e) => e.node);
    };
    const types = await eventually(readEvents, (list) => list.some((e) => e.type === 'escalated'));
    expect(types).toContainEqual(
      expect.objectContaining({
        type: 'escalated',
        data: expect.objectContaining({ reason: 'payment_failure' }),
      }),
    );
    expect(types).toContainEqual(
      expect.objectContaining({
        type: 'status_changed',
        data: expect.objectContaining({ to: 'ESCALATED', reason: expect.stringMatching(/declined/) }),
      }),
    );
  });

  test('only the warehouse or an admin may report a parcel received', async () => {
    const res = await kefu.gql('mutation { reportReturnReceived(id: "RMA-NOPE") { id } }', {}, agentKey);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await kefu.gql(
      'mutation { reportReturnReceived(id: "RMA-NOPE") { id } }',
      {},
      warehouseKey,
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('reminder and expiry with short timers', () => {
  let main: KefuStack;
  let short: KefuStack;
  beforeAll(async () => {
    main = kefu;
    short = await startKefuStack({
      env: {
        KEFU_STRIPE_SECRET_KEY: 'sk_test_kefu',
        KEFU_STRIPE_API_BASE: stripe.url,
        KEFU_RETURN_REMINDER_AFTER: '2s',
        KEFU_RETURN_EXPIRES_AFTER: '2s',
      },
    });
    kefu = short;
  });
  afterAll(async () => {
    kefu = main;
    await short?.stop();
  });

  test('no parcel: a reminder in the chat and the outbox, then the return expires and the order is returnable again', async () => {
    const c = await newCase();
    await verify(c, enEmail, (await opening(c, `I want to return order ${id(11)}`)).said);
    await send(c, 'skip');
    await send(c, 'store credit');
    const done = await send(c, 'yes');
    const rmaId = /RMA-[A-Z0-9]+/.exec(done.said)![0];
    const expired = await eventually(
      () => caseState(c),
      (s) => s.returns[0]?.status === 'EXPIRED' && /has expired/.test(transcript(s)),
    );
    expect(transcript(expired)).toMatch(
      new RegExp(`reminder: we haven't received the parcel for return ${rmaId}`, 'i'),
    );
    expect(expired.status).toBe('RESOLVED');
    expect(expired.slots.returnStep).toBe('expired');
    const outbox = await kefu.gql<{ notifications: { edges: { node: { subject: string } }[] } }>(
      'query($id: ID!) { notifications(caseId: $id) { edges { node { subject } } } }',
      { id: c.id },
      agentKey,
    );
    const subjects = outbox.data!.notifications.edges.map((e) => e.node.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        `Your return label for ${rmaId}`,
        `Reminder: return ${rmaId} is waiting for your parcel`,
        `Return ${rmaId} has expired`,
      ]),
    );
    const order = await kefu.db.query('SELECT status FROM orders WHERE id = $1', [id(11)]);
    expect(order.rows).toEqual([{ status: 'delivered' }]);
    expect(await moneyRows(rmaId)).toEqual([]);
  });
});

describe('cancelling an order that has not shipped', () => {
  test('a reason from the list, a yes, and every payment back to its method once: the card through Stripe, the gift card at once', async () => {
    const c = await newCase();
    const first = await opening(c, `Please cancel my order ${id(12)}`);
    await verify(c, enEmail, first.said);
    const asked = await send(c, 'hello');
    expect(asked.said).toMatch(
      /Why would you like to cancel\?\n1\. no longer needed\n2\. ordered by mistake/,
    );
    const summary = await send(c, 'I ordered it by mistake');
    expect(summary.said).toMatch(
      new RegExp(
        `cancel the whole order ${id(12)} \\(reason: ordered by mistake\\) and refund \\$80\\.00 to Visa ending 4242 and your gift card`,
      ),
    );
    const done = await send(c, 'yes');
    expect(done.said).toMatch(
      new RegExp(
        `Order ${id(12)} is cancelled\\. Refunds: \\$50\\.00 to Visa ending 4242; \\$30\\.00 to your gift card`,
      ),
    );
    const order = await kefu.db.query('SELECT status, cancel_reason FROM orders WHERE id = $1', [id(12)]);
    expect(order.rows).toEqual([{ status: 'cancelled', cancel_reason: 'ordered by mistake' }]);
    const { rows } = await kefu.db.query<{
      business_key: string;
      provider: string;
      amount_cents: string;
      status: string;
    }>(
      `SELECT business_key, provider, amount_cents::text, status FROM money_movements WHERE order_id = $1 ORDER BY business_key`,
      [id(12)],
    );
    expect(rows.map((r) => [r.provider, r.amount_cents, r.status])).toEqual([
      ['stripe', '5000', 'succeeded'],
      ['credit', '3000', 'succeeded'],
    ]);
    expect(stripe.requestsFor(rows[0]!.business_key)).toBe(1);
    // A shipped order is not cancelled: it can be returned once it arrives.
    const late = await newCase();
    const refused = await verify(late, enEmail, (await opening(late, `cancel order ${id(6)}`)).said);
    expect(refused.said).toMatch(/can't be cancelled any more/);
  });
});

test('a parcel with no carrier and no scan yet is answered in plain words', async () => {
  const c = await newCase();
  expect((await send(c, `Where is my order ${id(13)}?`)).said).toMatch(/email address or phone number/);
  const answer = await send(c, enEmail);
  expect(answer.said).toMatch(
    new RegExp(
      `Order ${id(13)} is packed and waiting to be picked up by a carrier; there's no tracking update yet`,
    ),
  );
  expect(answer.said).not.toMatch(/unknown|Latest update: +\(/);
});

test('tracking: asked for the details, the agent lists every event of the parcel (zh)', async () => {
  const c = await newCase();
  const asked = await send(c, `我的订单 ${id(15)} 的物流详情`);
  expect(asked.said).toMatch(/邮箱或手机号/);
  const answer = await send(c, zhEmail);
  expect(answer.said).toMatch(
    new RegExp(`订单 ${id(15)} 的物流详情：\\n.*【深圳】快件已揽收\\n.*【杭州】快件已到达【杭州转运中心】`),
  );
});
