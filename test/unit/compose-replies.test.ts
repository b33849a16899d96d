// Reply wording: the customer's language, order and shipment statuses in words, empathy first for upset customers.
import { composeReplies } from '../../activities/replies/compose';
import { TEMPLATES } from '../../activities/replies/templates';

const transit = {
  key: 'order_in_transit' as const,
  params: {
    orderId: 'W1234567',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    shipmentStatus: 'in_transit',
    eventDescription: 'Arrived at facility',
    eventLocation: 'Louisville, KY',
    eventAt: '2026-11-24T14:05:00.000Z',
  },
};

test('English in-transit answer names the carrier, tracking number and latest event', () => {
  const [text] = composeReplies({ locale: 'en', sentiment: null, replies: [transit] });
  expect(text).toBe(
    'Order W1234567 is in transit with UPS (tracking 1Z999AA10123456784). Latest update: Arrived at facility, Louisville, KY (Nov 24, 14:05 UTC).',
  );
});

test('Chinese answer uses Chinese statuses and Beijing time', () => {
  const [text] = composeReplies({ locale: 'zh-CN', sentiment: null, replies: [transit] });
  expect(text).toContain('运输中');
  expect(text).toContain('【Louisville, KY】');
  expect(text).toContain('22:05');
});

test('an angry customer hears empathy first, then the solution', () => {
  const texts = composeReplies({
    locale: 'en',
    sentiment: { polarity: -0.8, emotion: 'ANGRY', intensity: 0.9 },
    replies: [transit, { key: 'thanks' }],
  });
  expect(texts[0]).toMatch(/^I'm sorry about the trouble.*Order W1234567 is in transit/);
  expect(texts[1]).not.toMatch(/sorry/);
});

test('a calm customer gets no empathy line', () => {
  const [text] = composeReplies({
    locale: 'zh-CN',
    sentiment: { polarity: 0, emotion: 'NEUTRAL', intensity: 0 },
    replies: [{ key: 'ask_order_id' }],
  });
  expect(text).toBe('好的，我来帮您查询。请提供您的订单号（格式如 W1234567）。');
});

test('every template has both languages and no unfilled placeholders', () => {
  for (const [key, byLocale] of Object.entries(TEMPLATES)) {
    for (const locale of ['en', 'zh-CN'] as const) {
      const [text] = composeReplies({
        locale,
        sentiment: null,
        replies: [{ key: key as keyof typeof TEMPLATES, params: transit.params }],
      });
      expect(text!.length).toBeGreaterThan(5);
      expect(text).not.toMatch(/undefined|null|\$\{/);
      expect(byLocale[locale]).toBeInstanceOf(Function);
    }
  }
});
