// Negated requests: a request word the customer turns down never decides the intent, in either language.
import { classifyIntent } from '../../activities/nlu/local/intents';
import { markNegatedRequests } from '../../activities/nlu/local/negation';
import { analyzeSentiment } from '../../activities/nlu/local/sentiment';
import { normalizeText } from '../../activities/nlu/local/text';
import type { Intent } from '../../workflows/types';

const classify = (text: string) => {
  const normalized = normalizeText(text);
  return classifyIntent(normalized, analyzeSentiment(normalized)).intent;
};

describe('a turned-down request word is marked, a missing one is not', () => {
  test.each([
    ["I don't want my money back", 'notrefund'],
    ['we are not looking to cancel anything', 'notcancel'],
    ['please do not return it to the sender', 'notreturn'],
    ['I would take store credit instead of a refund', 'notrefund'],
    ['我不想退款了', 'notrefund'],
    ['不用取消，留着吧', 'notcancel'],
    ['别给我退货', 'notreturn'],
  ])('%s', (text, token) => {
    expect(markNegatedRequests(text)).toContain(token);
  });

  test.each([
    'my refund has not arrived',
    'still no refund after ten days',
    "you haven't refunded me yet",
    '退款怎么还没到',
    '这个能不能退货',
  ])('%s keeps its request word', (text) => {
    expect(markNegatedRequests(text)).not.toMatch(/\bnot(refund|return|cancel|exchange)/);
  });
});

describe('the rest of the message decides', () => {
  test.each<[string, Intent]>([
    ['not wanting to cancel, I only need to know when the parcel gets here', 'order_status'],
    ['不想取消订单，就是想问问快递到哪了', 'order_status'],
    ['my refund has not arrived yet', 'refund_request'],
  ])('%s → %s', (text, intent) => {
    expect(classify(text)).toBe(intent);
  });
});
