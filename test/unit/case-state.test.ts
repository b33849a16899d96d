// Pure case-state logic: message ids, idempotent answers, and what the API sees of a case.
import {
  ANSWERED_MEMORY,
  appendMessage,
  closesWhenIdle,
  newCaseState,
  previousAnswer,
  rememberAnswer,
  toView,
} from '../../workflows/state';

const settings = { inactivityTimeoutMs: 60_000, historyLimit: 0, identityMaxAttempts: 3 };
const at = '2026-11-25T08:00:00.000Z';

test('a new case is open, unverified, and speaks the requested language', () => {
  const state = newCaseState({ caseId: 'c1', channel: 'WEB', locale: 'zh-CN', settings }, at);
  expect(state).toMatchObject({
    id: 'c1',
    status: 'OPEN',
    locale: 'zh-CN',
    customer: { verified: false },
    version: 0,
  });
});

test('messages get case-scoped ids in order and bump the version', () => {
  const state = newCaseState({ caseId: 'c1', channel: 'WEB', settings }, at);
  const a = appendMessage(state, 'CUSTOMER', 'hi', at);
  const b = appendMessage(state, 'AGENT', 'hello', at);
  expect([a.id, b.id]).toEqual(['c1:1', 'c1:2']);
  expect(state.version).toBe(2);
});

test('a remembered message returns the same replies; old ones are forgotten past the memory', () => {
  const state = newCaseState({ caseId: 'c1', channel: 'WEB', settings }, at);
  appendMessage(state, 'CUSTOMER', 'where is my order', at);
  const reply = appendMessage(state, 'AGENT', 'which order?', at);
  rememberAnswer(state, 'm-1', [reply.id]);
  expect(previousAnswer(state, 'm-1')).toEqual([reply]);
  expect(previousAnswer(state, 'm-2')).toBeUndefined();
  for (let i = 0; i < ANSWERED_MEMORY; i++) rememberAnswer(state, `later-${i}`, []);
  expect(previousAnswer(state, 'm-1')).toBeUndefined();
  expect(Object.keys(state.answered)).toHaveLength(ANSWERED_MEMORY);
});

test('the view hides internal bookkeeping and is a copy', () => {
  const state = newCaseState({ caseId: 'c1', channel: 'WEB', settings }, at);
  const view = toView(state);
  expect(view).not.toHaveProperty('answered');
  expect(view).not.toHaveProperty('settings');
  view.messages.push({ id: 'x', role: 'SYSTEM', text: 'x', at });
  expect(state.messages).toHaveLength(0);
});

test('only cases nobody else is waiting on close when idle', () => {
  expect(closesWhenIdle('OPEN')).toBe(true);
  expect(closesWhenIdle('RESOLVED')).toBe(true);
  expect(closesWhenIdle('ESCALATED')).toBe(false);
  expect(closesWhenIdle('WITH_HUMAN')).toBe(false);
  expect(closesWhenIdle('WAITING_EVENT')).toBe(false);
});
