// Pure case-state logic: message ids, idempotent answers, the status table with its events, and what the API sees.
import { TEST_CASE_SETTINGS } from '../helpers/case-settings';
import {
  ANSWERED_MEMORY,
  answeredReplies,
  appendMessage,
  changeStatus,
  newCaseState,
  rememberAnswer,
  toView,
} from '../../workflows/state';
import { STATUS_TRANSITIONS, closesWhenIdle, mayChangeStatus } from '../../workflows/status';
import type { CaseSettings, CaseStatus } from '../../workflows/types';

const settings: CaseSettings = { ...TEST_CASE_SETTINGS, recentMessages: 4 };
const at = '2026-11-25T08:00:00.000Z';
const newCase = () => newCaseState({ caseId: 'c1', channel: 'WEB', locale: 'zh-CN', settings }, at);

test('a new case is open, unverified, speaks the requested language and records that it opened', () => {
  const state = newCase();
  expect(state).toMatchObject({ id: 'c1', status: 'OPEN', locale: 'zh-CN', customer: { verified: false } });
  expect(state.events).toEqual([{ type: 'case_opened', channel: 'WEB', seq: 1, at, actor: 'system' }]);
});

test('messages get case-scoped ids and seqs in order and bump the version', () => {
  const state = newCase();
  const before = state.version;
  const a = appendMessage(state, 'CUSTOMER', 'hi', at);
  const b = appendMessage(state, 'AGENT', 'hello', at);
  expect([a.id, b.id]).toEqual(['c1:1', 'c1:2']);
  expect([a.seq, b.seq]).toEqual([1, 2]);
  expect(state.version).toBe(before + 2);
});

test('the case carries only its latest messages once they are stored, and every unstored one', () => {
  const state = newCase();
  for (let i = 0; i < 10; i++) appendMessage(state, 'CUSTOMER', `m${i}`, at);
  expect(state.recent).toHaveLength(10);
  state.storedSeq = 10;
  appendMessage(state, 'AGENT', 'latest', at);
  expect(state.recent.map((m) => m.seq)).toEqual([8, 9, 10, 11]);
  expect(toView(state)).toMatchObject({ messageCount: 11 });
});

test('answered message ids are remembered up to a limit; user text like "__proto__" is just an id', () => {
  const state = newCase();
  for (const id of ['constructor', '__proto__', 'toString']) {
    expect(answeredReplies(state, id)).toBeUndefined();
    rememberAnswer(state, id, [`r-${id}`]);
    expect(answeredReplies(state, id)).toEqual([`r-${id}`]);
  }
  for (let i = 0; i < ANSWERED_MEMORY + 5; i++) rememberAnswer(state, `m${i}`, []);
  expect(state.answered).toHaveLength(ANSWERED_MEMORY);
  expect(answeredReplies(state, 'constructor')).toBeUndefined();
  expect(JSON.parse(JSON.stringify(state.answered))).toEqual(state.answered);
});

test('every status change goes through the table and is recorded with who made it and why', () => {
  const state = newCase();
  expect(changeStatus(state, 'ESCALATED', 'customer', 'customer_request', at)).toBe(true);
  // The automated agent cannot take the case back from the humans; only a human can.
  expect(changeStatus(state, 'OPEN', 'agent', 'answering', at)).toBe(false);
  expect(changeStatus(state, 'RESOLVED', 'agent', 'answered', at)).toBe(false);
  expect(state.status).toBe('ESCALATED');
  expect(changeStatus(state, 'WITH_HUMAN', 'human', 'taken', at)).toBe(true);
  expect(state.events.filter((e) => e.type === 'status_changed')).toEqual([
    expect.objectContaining({ from: 'OPEN', to: 'ESCALATED', actor: 'customer', reason: 'customer_request' }),
    expect.objectContaining({ from: 'ESCALATED', to: 'WITH_HUMAN', actor: 'human', reason: 'taken' }),
  ]);
});

test('nothing leaves CLOSED, every status can be closed by someone, and idle closing spares waiting cases', () => {
  const statuses = Object.keys(STATUS_TRANSITIONS) as CaseStatus[];
  for (const to of statuses) expect(mayChangeStatus('CLOSED', to, 'human')).toBe(false);
  for (const from of statuses.filter((s) => s !== 'CLOSED')) {
    expect(['customer', 'human', 'system'].some((a) => mayChangeStatus(from, 'CLOSED', a as 'human'))).toBe(
      true,
    );
  }
  expect(closesWhenIdle('WAITING_CUSTOMER')).toBe(true);
  expect(closesWhenIdle('ESCALATED')).toBe(false);
  expect(closesWhenIdle('WAITING_EVENT')).toBe(false);
});

test('the view hides settings and bookkeeping and is a copy', () => {
  const state = newCase();
  appendMessage(state, 'CUSTOMER', 'hi', at);
  state.memory.orderId = 'W1234567';
  const view = toView(state);
  expect(view).not.toHaveProperty('settings');
  expect(view).not.toHaveProperty('answered');
  expect(view.slots).toEqual({ orderId: 'W1234567' });
  view.recentMessages.push({ id: 'x', seq: 99, role: 'SYSTEM', text: 'x', at });
  expect(state.recent).toHaveLength(1);
});
