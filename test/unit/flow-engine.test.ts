// The flow engine without Temporal: slot filling, corrections, the reusable confirmation step, cancel and resume.
import { understandSync } from '../../activities/nlu/local';
import { TEST_CASE_SETTINGS } from '../helpers/case-settings';
import { cancelFlow, startFlow, advance, activeFlow } from '../../workflows/flows/engine';
import type { FlowDefinition, Memory } from '../../workflows/flows/flow';
import { FLOWS } from '../../workflows/flows/registry';
import { reply, type Reply } from '../../workflows/replies';
import { newCaseState, type CaseState } from '../../workflows/state';
import type { Turn } from '../../workflows/turn';
import { say } from '../../workflows/turn';

interface SwapSlots extends Memory {
  orderId?: string;
  colour?: string;
}

const acted: SwapSlots[] = [];

/** A flow that needs two slots and an explicit yes, and touches nothing outside the case. */
const swapFlow: FlowDefinition<SwapSlots> = {
  name: 'test_swap',
  startsOn: ['return_request'],
  form: [
    {
      name: 'orderId',
      required: true,
      read: (turn) => turn.understanding.entities.orderIds[0],
      ask: () => reply('ask_order_id'),
    },
    {
      name: 'colour',
      required: true,
      read: (turn) => turn.understanding.entities.colours[0],
      ask: () => reply('clarify'),
    },
  ],
  confirm: (slots) =>
    reply('confirm_summary', {
      summary: `swap ${slots.orderId} for ${slots.colour}`,
      summaryZh: `将 ${slots.orderId} 换成 ${slots.colour}`,
    }),
  async act(turn, flow) {
    acted.push({ ...flow.slots });
    say(turn, reply('thanks'));
    return 'done';
  },
};

beforeAll(() => {
  (FLOWS as FlowDefinition<Memory>[]).push(swapFlow as unknown as FlowDefinition<Memory>);
});

afterAll(() => {
  (FLOWS as FlowDefinition<Memory>[]).pop();
});

const settings = TEST_CASE_SETTINGS;
const catalog = {
  products: [
    { sku: 'S1', nameEn: 'Runner', nameZh: '跑鞋', category: 'shoes', colours: ['blue', 'green'], sizes: [] },
  ],
};

function turnFor(state: CaseState, text: string): Turn {
  const now = '2026-11-25T08:00:00.000Z';
  return {
    state,
    understanding: understandSync({ text, now, localeHint: 'en' }, catalog),
    message: { id: `m-${text}`, text, client: null },
    replies: [],
    now,
  };
}

const keys = (replies: Reply[]) => replies.map((r) => (r.kind === 'template' ? r.key : 'text'));

test('asks for each missing slot, then summarises and waits for an explicit yes before acting', async () => {
  acted.length = 0;
  const state = newCaseState(
    { caseId: 'c1', channel: 'WEB', settings: { ...settings } },
    '2026-11-25T08:00:00.000Z',
  );
  const first = turnFor(state, 'I want to exchange something from order W1234567');
  await startFlow(first, swapFlow as unknown as FlowDefinition<Memory>);
  expect(keys(first.replies)).toEqual(['clarify']);
  expect(state.status).toBe('WAITING_CUSTOMER');

  const colour = turnFor(state, 'the green one');
  await advance(colour);
  expect(keys(colour.replies)).toEqual(['confirm_summary']);

  const maybe = turnFor(state, 'hmm what?');
  await advance(maybe);
  expect(keys(maybe.replies)).toEqual(['confirm_again', 'confirm_summary']);
  expect(acted).toHaveLength(0);

  const yes = turnFor(state, 'yes');
  await advance(yes);
  expect(acted).toEqual([{ orderId: 'W1234567', colour: 'green' }]);
  expect(activeFlow(yes)).toBeUndefined();
  expect(state.status).toBe('RESOLVED');
});

test('a correction after the summary asks for confirmation again with the new value; no cancels', async () => {
  acted.length = 0;
  const state = newCaseState(
    { caseId: 'c2', channel: 'WEB', settings: { ...settings } },
    '2026-11-25T08:00:00.000Z',
  );
  await startFlow(
    turnFor(state, 'exchange W1234567 for the blue one'),
    swapFlow as unknown as FlowDefinition<Memory>,
  );
  const corrected = turnFor(state, 'sorry, I meant green');
  await advance(corrected);
  expect(keys(corrected.replies)).toEqual(['correction_noted', 'confirm_summary']);
  expect(JSON.stringify(corrected.replies[1])).toContain('green');
  const no = turnFor(state, 'no');
  await advance(no);
  expect(keys(no.replies)).toEqual(['flow_cancelled']);
  expect(acted).toHaveLength(0);
  expect(state.events.map((e) => e.type)).toEqual(
    expect.arrayContaining(['flow_started', 'slot_filled', 'flow_cancelled']),
  );
});

test('a flow started on top of another resumes the first with its question when it ends', async () => {
  const state = newCaseState(
    { caseId: 'c3', channel: 'WEB', settings: { ...settings } },
    '2026-11-25T08:00:00.000Z',
  );
  await startFlow(turnFor(state, 'exchange something'), swapFlow as unknown as FlowDefinition<Memory>);
  const inner = turnFor(state, 'exchange W7654321 blue');
  await startFlow(inner, swapFlow as unknown as FlowDefinition<Memory>);
  expect(state.flows).toHaveLength(2);
  cancelFlow(inner);
  expect(keys(inner.replies)).toEqual(['confirm_summary', 'flow_cancelled', 'resume_flow', 'ask_order_id']);
  expect(state.flows).toHaveLength(1);
});
