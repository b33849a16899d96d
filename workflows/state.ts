// The state a case carries across continue-as-new, and the pure functions that change it.
import type { VerifiedCustomer } from '../activities/identity/types';
import type { CaseEvent, CaseEventBody } from './events';
import type { ActiveFlow, Memory } from './flows/flow';
import type { DeskState, DeskView } from './humans/desk';
import type { CaseOpening } from './maintenance/opening';
import { deskView } from './humans/view';
import { mayChangeStatus } from './status';
import type {
  Actor,
  CaseCustomer,
  CaseMessage,
  CaseSettings,
  CaseStatus,
  Channel,
  Entities,
  Intent,
  Locale,
  MessageRole,
  ReplyStyle,
  Sentiment,
  Source,
  VerifiedBy,
} from './types';

/** What the identity gate knows and is waiting for. */
export interface IdentityState {
  customer: VerifiedCustomer | null;
  level: VerifiedBy | null;
  /** Order ids the contact claimed at start was already tried against (each try counts; never twice). */
  claimTried: string[];
  /** The one-time code challenge in progress, if any. */
  challengeId: string | null;
}

/** The case as the API sees it: no settings, no internal bookkeeping, only the latest messages. */
export interface CaseView {
  id: string;
  status: CaseStatus;
  locale: Locale;
  channel: Channel;
  customer: CaseCustomer;
  intent: Intent | null;
  /** What the agent has gathered: the slots of the flows in progress over what earlier flows learned. */
  slots: Record<string, unknown>;
  sentiment: Sentiment | null;
  /** The flow in progress, if any. */
  flow: string | null;
  /** The latest messages (the whole transcript pages from PostgreSQL). */
  recentMessages: CaseMessage[];
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  /** Grows with every change; projections keep only the newest. */
  version: number;
  /** The human desk: assignee, queue place, handover and suggested reply (absent until the customer first writes). */
  desk?: DeskView;
}

export interface CaseState {
  id: string;
  status: CaseStatus;
  locale: Locale;
  channel: Channel;
  customer: CaseCustomer;
  intent: Intent | null;
  sentiment: Sentiment | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  settings: CaseSettings;
  /** Flows in progress: the last is the one talking, the ones below wait to resume. */
  flows: ActiveFlow[];
  /** Facts the case learned outside a flow or kept from finished ones (e.g. an order id in an angry message). */
  memory: Memory;
  identity: IdentityState;
  /** The latest messages, plus any not yet stored in PostgreSQL. */
  recent: CaseMessage[];
  nextSeq: number;
  /** Highest message seq stored in PostgreSQL. */
  storedSeq: number;
  /** Events not yet stored in PostgreSQL. */
  events: CaseEvent[];
  nextEventSeq: number;
  /** Customer message id → ids of its replies, oldest first; a list so it survives serialisation. */
  answered: [string, string[]][];
  /** Consecutive turns the agent could not understand. */
  misunderstood: number;
  /** The requests a clarifying question offered, until the customer picks one. */
  clarifying?: Intent[];
  /** The message that was unclear: its details still count once the customer says which request it was. */
  clarifyingFrom?: { text: string; entities: Entities };
  /** Requests from an earlier message still to be handled, in the order the customer asked. */
  pendingRequests?: Intent[];
  /** How frustrated the customer has been over the conversation, 0 to 1: each message moves it part of the way. */
  frustration?: number;
  /** How many times the case has continued as new (for audits and tests). */
  runs: number;
  /** The human desk (workflows/humans): queue, assignee, moods; absent until first needed. */
  desk?: DeskState;
}

export interface CaseWorkflowInput {
  caseId: string;
  channel: Channel;
  locale?: Locale;
  customer?: CaseCustomer;
  settings: CaseSettings;
  /** Set when continuing as new: the state of the previous run. */
  resume?: CaseState;
  /** A case the agent opens itself (a maintenance reminder): its flow and first words instead of the greeting. */
  opening?: CaseOpening;
}

/** How many answered message ids a case remembers for deduplication. */
export const ANSWERED_MEMORY = 200;

export function newCaseState(input: CaseWorkflowInput, now: string): CaseState {
  const customer = input.customer ?? { verified: false };
  const state: CaseState = {
    id: input.caseId,
    status: 'OPEN',
    locale: input.locale ?? input.customer?.locale ?? 'en',
    channel: input.channel,
    customer,
    intent: null,
    sentiment: null,
    createdAt: now,
    updatedAt: now,
    version: 0,
    settings: input.settings,
    flows: [],
    memory: {},
    identity: {
      customer:
        customer.verified && customer.id
          ? {
              id: customer.id,
              name: customer.name ?? '',
              email: customer.email,
              phone: customer.phone,
              locale: customer.locale ?? 'en',
            }
          : null,
      level: customer.verified ? (customer.verifiedBy ?? 'channel') : null,
      claimTried: [],
      challengeId: null,
    },
    recent: [],
    nextSeq: 1,
    storedSeq: 0,
    events: [],
    nextEventSeq: 1,
    answered: [],
    misunderstood: 0,
    runs: 0,
  };
  recordEvent(state, 'system', { type: 'case_opened', channel: input.channel }, now);
  return state;
}

export function touch(state: CaseState, at: string): void {
  state.updatedAt = at;
  state.version += 1;
}

export function appendMessage(
  state: CaseState,
  role: MessageRole,
  text: string,
  at: string,
  sources?: Source[],
  style?: ReplyStyle,
): CaseMessage {
  const seq = state.nextSeq;
  const message: CaseMessage = {
    id: `${state.id}:${seq}`,
    seq,
    role,
    text,
    at,
    ...(sources?.length ? { sources } : {}),
    ...(style ? { style } : {}),
  };
  state.nextSeq += 1;
  state.recent.push(message);
  trimRecent(state);
  touch(state, at);
  return message;
}

/** Keeps the configured number of latest messages, and every message PostgreSQL does not have yet. */
export function trimRecent(state: CaseState): void {
  const keep = state.settings.recentMessages;
  while (state.recent.length > keep && (state.recent[0]?.seq ?? Infinity) <= state.storedSeq)
    state.recent.shift();
}

export function recordEvent(state: CaseState, actor: Actor, body: CaseEventBody, at: string): CaseEvent {
  const event = { ...body, seq: state.nextEventSeq, at, actor } as CaseEvent;
  state.nextEventSeq += 1;
  state.events.push(event);
  touch(state, at);
  return event;
}

/**
 * Moves the case to a status when the transition table allows this actor to, and records it.
 * Returns false (changing nothing) when it does not: e.g. the agent cannot take a case out of a human's hands.
 */
export function changeStatus(
  state: CaseState,
  to: CaseStatus,
  actor: Actor,
  reason: string,
  at: string,
): boolean {
  const from = state.status;
  if (!mayChangeStatus(from, to, actor)) return false;
  state.status = to;
  recordEvent(state, actor, { type: 'status_changed', from, to, reason }, at);
  return true;
}

export function answeredReplies(state: CaseState, messageId: string): string[] | undefined {
  for (const [id, replies] of state.answered) if (id === messageId) return replies;
  return undefined;
}

export function rememberAnswer(state: CaseState, messageId: string, replyIds: string[]): void {
  state.answered.push([messageId, replyIds]);
  if (state.answered.length > ANSWERED_MEMORY)
    state.answered.splice(0, state.answered.length - ANSWERED_MEMORY);
}

/** The slots of every flow in progress over what the case remembers: what a human would need to know. */
export function knownSlots(state: CaseState): Record<string, unknown> {
  const slots: Record<string, unknown> = { ...state.memory };
  for (const flow of state.flows) Object.assign(slots, flow.slots);
  return slots;
}

export function toView(state: CaseState): CaseView {
  return {
    id: state.id,
    status: state.status,
    locale: state.locale,
    channel: state.channel,
    customer: { ...state.customer },
    intent: state.intent,
    slots: knownSlots(state),
    sentiment: state.sentiment,
    flow: state.flows.at(-1)?.name ?? null,
    recentMessages: state.recent.slice(-state.settings.recentMessages),
    messageCount: state.nextSeq - 1,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    version: state.version,
    ...(state.desk ? { desk: deskView(state) } : {}),
  };
}
