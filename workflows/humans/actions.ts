// What a human does to a case (take over, write, note, transfer, hand back) and the bot's reply to each, as pure state changes.
import { ApplicationFailure } from '@temporalio/workflow';
import { resumeAfterDigression } from '../flows/engine';
import { gateQuestion } from '../flows/identity/gate';
import { flowNamed } from '../flows/registry';
import { reply, type Reply } from '../replies';
import { appendMessage, changeStatus, recordEvent, type CaseState } from '../state';
import type { Turn } from '../turn';
import type { CaseMessage, Understanding } from '../types';
import { composeReplies } from '../wording/compose';
import { assertMayAct, deskOf, mayTakeOver, refuse, type StaffRef } from './desk';

function refuseClosed(state: CaseState): void {
  if (state.status === 'CLOSED')
    throw ApplicationFailure.nonRetryable(`case ${state.id} is closed`, 'CaseClosed');
}

/** The human takes the case; a second agent gets a clear refusal (the turn lock decides who was first). */
export function takeOver(state: CaseState, agent: StaffRef, at: string): Reply[] {
  refuseClosed(state);
  const desk = deskOf(state);
  if (state.status === 'WITH_HUMAN') {
    if (desk.assignee?.id === agent.id) return [];
    throw refuse(
      `case ${state.id} was already taken by ${desk.assignee?.name ?? 'another agent'}`,
      'CaseTaken',
    );
  }
  if (!mayTakeOver(state.status) || !changeStatus(state, 'WITH_HUMAN', 'human', `taken by ${agent.name}`, at))
    throw refuse(`case ${state.id} cannot be taken from status ${state.status}`, 'NotWithHuman');
  desk.assignee = agent;
  recordEvent(state, 'human', { type: 'taken_over', agent }, at);
  return [reply('human_joined', { name: agent.name })];
}

export function writeAsHuman(state: CaseState, agent: StaffRef, text: string, at: string): CaseMessage {
  refuseClosed(state);
  assertMayAct(state, agent, 'sendAgentMessage');
  const message = appendMessage(state, 'HUMAN', text, at);
  recordEvent(state, 'human', { type: 'human_replied', agent, messageSeq: message.seq }, at);
  return message;
}

/** A note for colleagues: in the audit trail, never in the customer's transcript. */
export function addNote(state: CaseState, agent: StaffRef, text: string, at: string): void {
  refuseClosed(state);
  if (agent.role === 'agent' && state.status === 'WITH_HUMAN') assertMayAct(state, agent, 'addInternalNote');
  deskOf(state).notes += 1;
  recordEvent(state, 'human', { type: 'internal_note', agent, text }, at);
}

/** The assignee passes the case on; a supervisor may also assign a case still waiting in the queue. */
export function transfer(state: CaseState, agent: StaffRef, to: StaffRef, at: string): Reply[] {
  refuseClosed(state);
  const desk = deskOf(state);
  if (state.status === 'WITH_HUMAN') assertMayAct(state, agent, 'transferCase');
  else if (agent.role === 'agent' || !mayTakeOver(state.status))
    throw refuse(
      `transferCase: case ${state.id} is not with a human (status ${state.status})`,
      'NotWithHuman',
    );
  else changeStatus(state, 'WITH_HUMAN', 'human', `assigned to ${to.name} by ${agent.name}`, at);
  desk.assignee = to;
  recordEvent(state, 'human', { type: 'transferred', agent, to }, at);
  return [reply('human_transferred', { name: to.name })];
}

/** A turn with no customer message, so the flow engine can ask its pending question on the bot's behalf. */
function botTurn(state: CaseState, at: string, id: string): Turn {
  const understanding: Understanding = {
    language: state.locale,
    intent: 'unknown',
    confidence: 0,
    entities: {
      orderIds: [],
      emails: [],
      phones: [],
      colours: [],
      sizes: [],
      products: [],
      quantities: [],
      serialNumbers: [],
    },
    sentiment: state.sentiment ?? { polarity: 0, emotion: 'NEUTRAL', intensity: 0 },
    cues: { correction: false, cancel: false },
  };
  return { state, understanding, message: { id, text: '', client: null }, replies: [], now: at };
}

/**
 * The bot takes the case back and resumes the flow it was in, every slot intact: it asks its pending question again
 * (never one whose answer it already has).
 */
export function handBack(state: CaseState, agent: StaffRef, note: string, at: string): Reply[] {
  refuseClosed(state);
  assertMayAct(state, agent, 'handBackCase');
  const desk = deskOf(state);
  changeStatus(state, 'OPEN', 'human', `handed back by ${agent.name}`, at);
  const flow = state.flows.at(-1);
  recordEvent(state, 'human', { type: 'handed_back', agent, note, resumes: flow?.name ?? null }, at);
  desk.assignee = null;
  desk.queuedAt = null;
  desk.negativeStreak = 0;
  state.misunderstood = 0;
  const turn = botTurn(state, at, `handback-${state.nextEventSeq}`);
  if (flow) resumeAfterDigression(turn, flow);
  else turn.replies.push(reply('nothing_to_cancel'));
  return [reply('handed_back'), ...turn.replies];
}

/** The question the flow in progress waits on, without changing anything. */
function pendingQuestion(state: CaseState): Reply | null {
  const flow = state.flows.at(-1);
  const awaiting = flow?.awaiting;
  const def = flow && flowNamed(flow.name);
  if (!flow || !awaiting || !def) return null;
  if (awaiting.kind === 'slot')
    return def.form.find((s) => s.name === awaiting.slot)?.ask(flow.slots) ?? null;
  if (awaiting.kind === 'confirm') return def.confirm?.(flow.slots) ?? null;
  return gateQuestion(botTurn(state, state.updatedAt, 'assist'), awaiting.need);
}

/** Agent assist: an opening that names what the case is about, then the question the bot was waiting on. */
export function suggestReply(state: CaseState): string {
  const replies: Reply[] = [
    reply('assist_opening', { name: state.customer.name ?? null, topic: state.intent }),
  ];
  const pending = pendingQuestion(state);
  if (pending) replies.push(pending);
  const composed = composeReplies({ locale: state.locale, sentiment: null, topic: state.intent, replies });
  return composed.map((c) => c.text).join(state.locale === 'zh-CN' ? '' : ' ');
}
