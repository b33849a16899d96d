// Knowing when it is unsure: the runner-up and further requests the reader reports, and when the agent asks instead.
import { understandSync } from '../../activities/nlu/local';
import type { Understanding } from '../../workflows/types';
import { ACT_CONFIDENCE, unsureBetween } from '../../workflows/understanding/unsure';

const read = (text: string) => understandSync({ text, now: '2026-01-10T10:00:00Z' }, { products: [] });

const reading = (over: Partial<Understanding>): Understanding => ({
  ...read('hello'),
  ...over,
});

describe('when the agent asks', () => {
  test('a sure request is acted on', () => {
    expect(unsureBetween(reading({ intent: 'order_status', confidence: 0.95 }))).toBeNull();
  });

  test('a close second reading is offered beside the first', () => {
    const u = reading({
      intent: 'order_status',
      confidence: 0.55,
      runnerUp: { intent: 'return_request', confidence: 0.4 },
    });
    expect(unsureBetween(u)).toEqual(['order_status', 'return_request']);
  });

  test('a sure reading with a close second is still a close call', () => {
    const u = reading({
      intent: 'refund_request',
      confidence: ACT_CONFIDENCE + 0.05,
      runnerUp: { intent: 'return_request', confidence: ACT_CONFIDENCE - 0.1 },
    });
    expect(unsureBetween(u)).toEqual(['refund_request', 'return_request']);
  });

  test('small talk, details and an upset complaint are never questioned', () => {
    expect(unsureBetween(reading({ intent: 'thanks', confidence: 0.4 }))).toBeNull();
    expect(unsureBetween(reading({ intent: 'provide_info', confidence: 0.3 }))).toBeNull();
    const angry = reading({
      intent: 'complaint',
      confidence: 0.4,
      sentiment: { polarity: -0.8, emotion: 'ANGRY', intensity: 0.7 },
    });
    expect(unsureBetween(angry)).toBeNull();
  });
});

describe('what the reader reports', () => {
  test('a runner-up that is not the intent itself', () => {
    const u = read('the headphones crackle, can I get different ones?');
    expect(u.runnerUp).toBeDefined();
    expect(u.runnerUp?.intent).not.toBe(u.intent);
    expect(u.runnerUp!.confidence).toBeLessThanOrEqual(u.confidence);
  });

  test.each([
    ['has W2345678 shipped yet, and also I need to cancel a different order', 'order_status', 'cancel_order'],
    ['W2345678发货了吗，另外我想退款', 'order_status', 'refund_request'],
  ])('two requests: %s', (text, intent, also) => {
    const u = read(text);
    expect(u.intent).toBe(intent);
    expect(u.also).toContain(also);
  });

  test('a single request has no others', () => {
    expect(read('where is my parcel?').also).toEqual([]);
  });
});
