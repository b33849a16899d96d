// Reply wording: the customer's language, statuses in words, and an empathy line that fits what the customer is going through.
import { composeReplies } from '../../workflows/wording/compose';
import { CORE_TEMPLATES, TEMPLATES } from '../../workflows/wording/templates';
import { reply, type Reply, type ReplyParamsByKey } from '../../workflows/replies';

const tracking = {
  orderId: 'W1234567',
  carrier: 'UPS',
  trackingNumber: '1Z999AA10123456784',
  shipmentStatus: 'in_transit',
  eventDescription: 'Arrived at facility',
  eventLocation: 'Louisville, KY',
  eventAt: '2026-11-24T14:05:00.000Z',
};
const transit = reply('order_in_transit', tracking);
const texts = (replies: Reply[], extra: Partial<Parameters<typeof composeReplies>[0]> = {}) =>
  composeReplies({ locale: 'en', sentiment: null, topic: null, replies, ...extra }).map((r) => r.text);

test('English in-transit answer names the carrier, tracking number and latest event', () => {
  expect(texts([transit])).toEqual([
    'Order W1234567 is in transit with UPS (tracking 1Z999AA10123456784). Latest update: Arrived at facility, Louisville, KY (Nov 24, 14:05 UTC).',
  ]);
});

test('Chinese answer uses Chinese statuses and Beijing time', () => {
  const [text] = texts([transit], { locale: 'zh-CN' });
  expect(text).toContain('运输中');
  expect(text).toContain('【Louisville, KY】');
  expect(text).toContain('22:05');
});

test('an angry customer asking about a late order gets the solution first, then a short apology for the wait', () => {
  const composed = composeReplies({
    locale: 'en',
    sentiment: { polarity: -0.8, emotion: 'ANGRY', intensity: 0.9 },
    topic: 'order_status',
    replies: [transit, reply('thanks')],
  });
  expect(composed[0]!.text).toMatch(/^Order W1234567 is in transit.*\. Sorry for the wait\.$/);
  // No closing offer for an upset customer, and the style is on every message.
  expect(composed[1]!.text).toBe("You're welcome!");
  expect(composed.map((c) => c.style)).toEqual(['brief', 'brief']);
  const [zh] = texts([transit], {
    locale: 'zh-CN',
    sentiment: { polarity: -0.8, emotion: 'ANGRY', intensity: 0.9 },
    topic: 'order_status',
  });
  expect(zh).toMatch(/^您的订单 W1234567.*抱歉让您久等了。$/);
});

test('a frustrated customer with a broken machine is not told "sorry for the wait"', () => {
  const [machine] = texts([reply('not_supported_yet')], {
    sentiment: { polarity: -0.5, emotion: 'FRUSTRATED', intensity: 0.6 },
    topic: 'troubleshooting',
  });
  expect(machine).toMatch(/Sorry for the trouble\.$/);
  expect(machine).not.toMatch(/wait/);
  const [parcel] = texts([transit], {
    sentiment: { polarity: -0.5, emotion: 'FRUSTRATED', intensity: 0.6 },
    topic: 'order_status',
  });
  expect(parcel).toMatch(/Sorry for the wait\.$/);
});

test('a worried customer still hears the empathy line first, in the standard style', () => {
  const [composed] = composeReplies({
    locale: 'en',
    sentiment: { polarity: -0.6, emotion: 'ANXIOUS', intensity: 0.8 },
    topic: 'order_status',
    replies: [transit],
  });
  expect(composed!.text).toMatch(/^I understand you need this soon.*Order W1234567/);
  expect(composed!.style).toBe('standard');
});

test('a calm customer gets no empathy line, and a goodbye never gets one', () => {
  expect(texts([reply('ask_order_id')], { locale: 'zh-CN' })).toEqual([
    '好的，我来帮您查询。请提供您的订单号（格式如 W1234567）。',
  ]);
  const [goodbye] = texts([reply('goodbye')], {
    sentiment: { polarity: -0.9, emotion: 'ANGRY', intensity: 1 },
  });
  expect(goodbye).toBe('Thank you for contacting us. Have a great day!');
});

test('a text reply keeps its words and its sources', () => {
  const composed = composeReplies({
    locale: 'en',
    sentiment: null,
    topic: null,
    replies: [
      {
        kind: 'text',
        text: 'Returns are free within 30 days.',
        sources: [{ title: 'Returns policy', ref: 'kb:returns' }],
      },
    ],
  });
  expect(composed).toEqual([
    {
      text: 'Returns are free within 30 days.',
      sources: [{ title: 'Returns policy', ref: 'kb:returns' }],
      style: 'standard',
    },
  ]);
});

/** Parameters that fill every template (each reads only its own). */
const anyParams = {
  ...tracking,
  bilingual: true,
  attemptsLeft: 2,
  name: 'Alice',
  placedAt: '2026-11-20T10:00:00.000Z',
  orderStatus: 'paid',
  flow: 'order_status',
  minutes: 2,
  topic: 'order_status',
  summary: 'return the blue shoes',
  summaryZh: '退回蓝色鞋子',
  orders: [{ id: 'W1234567', placedAt: '2026-11-20T10:00:00.000Z', summaryEn: 'Shoes', summaryZh: '鞋' }],
  options: ['order_status', 'return_request'],
  first: 'order_status',
  then: ['cancel_order'],
  intent: 'refund_request',
  // Returns, exchanges and cancellations.
  rmaId: 'RMA-1A2B3C',
  matched: 'all',
  lines: [{ line: 1, nameEn: 'Jacket', nameZh: '夹克', options: 'blue, M', finalSale: false }],
  original: 'visa •••• 4242',
  reason: 'window',
  windowDays: 30,
  names: ['Gift Box'],
  namesZh: ['礼盒'],
  nameEn: 'Keyboard',
  nameZh: '键盘',
  paidWith: ['visa •••• 4242', 'gift card'],
  difference: { amountCents: 1000, currency: 'USD' },
  charge: true,
  methods: [{ kind: 'store_credit', label: 'store credit', balanceCents: 2000 }],
  method: 'store_credit',
  balance: { amountCents: 500, currency: 'USD' },
  kind: 'return',
  itemsEn: ['Jacket'],
  itemsZh: ['夹克'],
  amount: { amountCents: 12900, currency: 'USD' },
  refundTo: 'store_credit',
  exchangeTo: 'black, L',
  payWith: 'store credit',
  amountCents: 12900,
  currency: 'USD',
  score: 5,
  reasons: ['no longer needed', 'ordered by mistake'],
  refunds: [{ method: 'visa •••• 4242', amount: { amountCents: 5000, currency: 'USD' } }],
  cancelled: false,
  events: [{ at: '2026-11-20T10:00:00.000Z', location: '上海', description: '已签收' }],
};

/** Where two templates give one parameter name different shapes, the key's own. */
const PARAMS_BY_KEY: Partial<Record<keyof ReplyParamsByKey, Record<string, unknown>>> = {
  exchange_choose_variant: {
    options: [{ label: 'white, brown switch type', difference: { amountCents: 1000, currency: 'USD' } }],
  },
};

// Both languages for every key are a compile-time guarantee (TemplatesFor); each capability's own tests word its
// replies with real parameters. This fills the case core's templates with one sample of every parameter.
test('every case-core template has both languages and no unfilled placeholders', () => {
  expect(Object.keys(TEMPLATES)).toEqual(expect.arrayContaining(Object.keys(CORE_TEMPLATES)));
  for (const key of Object.keys(CORE_TEMPLATES) as (keyof ReplyParamsByKey)[]) {
    for (const locale of ['en', 'zh-CN'] as const) {
      const params = { ...anyParams, ...PARAMS_BY_KEY[key] };
      const [text] = texts([{ kind: 'template', key, params } as Reply], { locale });
      expect(text!.length).toBeGreaterThan(5);
      expect(text).not.toMatch(/undefined|null|\$\{|\[object/);
    }
  }
});
