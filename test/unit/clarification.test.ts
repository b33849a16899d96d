// The clarifying question keeps what the unclear message said: the pick acts on the first message's details.
import { understandSync } from '../../activities/nlu/local';
import { newCaseState } from '../../workflows/state';
import type { Turn } from '../../workflows/turn';
import { askWhichRequest, settleClarification } from '../../workflows/understanding/decide';
import { TEST_CASE_SETTINGS } from '../helpers/case-settings';

const now = '2026-11-25T08:00:00.000Z';
const catalog = { products: [] };

function turnFor(state: Turn['state'], text: string): Turn {
  return {
    state,
    understanding: understandSync({ text, now, localeHint: 'en' }, catalog),
    message: { id: `m-${text}`, text, client: null },
    replies: [],
    now,
  };
}

test('"the second one" after a clarifying question acts on the unclear message\'s order number and colour', () => {
  const state = newCaseState({ caseId: 'c1', channel: 'WEB', settings: TEST_CASE_SETTINGS }, now);
  const unclear = turnFor(state, 'about the blue one from order W1234567');
  askWhichRequest(unclear, ['order_status', 'return_request']);
  expect(state.clarifying).toEqual(['order_status', 'return_request']);

  const picked = settleClarification(turnFor(state, 'the second one'));
  expect(picked.understanding.intent).toBe('return_request');
  expect(picked.understanding.entities.orderIds).toEqual(['W1234567']);
  expect(picked.understanding.entities.colours).toEqual(['blue']);
  expect(picked.message.text).toContain('W1234567');
  expect(state.clarifying).toBeUndefined();
  expect(state.clarifyingFrom).toBeUndefined();
});

test('an answer that names its own order keeps it over the earlier one', () => {
  const state = newCaseState({ caseId: 'c2', channel: 'WEB', settings: TEST_CASE_SETTINGS }, now);
  askWhichRequest(turnFor(state, 'order W1234567'), ['order_status', 'cancel_order']);
  const picked = settleClarification(turnFor(state, 'track W7654321 please'));
  expect(picked.understanding.intent).toBe('order_status');
  expect(picked.understanding.entities.orderIds).toEqual(['W7654321']);
});
