// The state a case carries (across continue-as-new too) and the pure functions that change it.
import type {
  CaseCustomer,
  CaseMessage,
  CaseSettings,
  CaseStatus,
  Channel,
  Intent,
  Locale,
  MessageRole,
  Sentiment,
} from './types';

/** What the agent asked the customer for and is waiting to hear. */
export interface PendingQuestion {
  flow: 'order_status';
  awaiting: 'orderId' | 'contact';
  attempts: number;
}

export interface CaseView {
  id: string;
  status: CaseStatus;
  locale: Locale;
  channel: Channel;
  customer: CaseCustomer;
  messages: CaseMessage[];
  intent: Intent | null;
  slots: Record<string, unknown>;
  sentiment: Sentiment | null;
  createdAt: string;
  updatedAt: string;
  /** Grows with every change; projections keep only the newest. */
  version: number;
}

export interface CaseState extends CaseView {
  settings: CaseSettings;
  pending: PendingQuestion | null;
  /** Next message sequence number; message ids are `${caseId}:${seq}`. */
  nextSeq: number;
  /** Customer message id → ids of the replies it got, for the most recent messages (idempotent retries). */
  answered: Record<string, string[]>;
  /** How many times the case has continued as new (for audits and tests). */
  runs: number;
}

export interface CaseWorkflowInput {
  caseId: string;
  channel: Channel;
  locale?: Locale;
  customer?: CaseCustomer;
  settings: CaseSettings;
  /** Set when continuing as new: the full state of the previous run. */
  resume?: CaseState;
}

/** How many answered message ids a case remembers for deduplication. */
export const ANSWERED_MEMORY = 200;

export function newCaseState(input: CaseWorkflowInput, now: string): CaseState {
  return {
    id: input.caseId,
    status: 'OPEN',
    locale: input.locale ?? input.customer?.locale ?? 'en',
    channel: input.channel,
    customer: input.customer ?? { verified: false },
    messages: [],
    intent: null,
    slots: {},
    sentiment: null,
    createdAt: now,
    updatedAt: now,
    version: 0,
    settings: input.settings,
    pending: null,
    nextSeq: 1,
    answered: {},
    runs: 0,
  };
}

export function appendMessage(state: CaseState, role: MessageRole, text: string, at: string): CaseMessage {
  const message: CaseMessage = { id: `${state.id}:${state.nextSeq}`, role, text, at };
  state.nextSeq += 1;
  state.messages.push(message);
  touch(state, at);
  return message;
}

export function touch(state: CaseState, at: string): void {
  state.updatedAt = at;
  state.version += 1;
}

export function rememberAnswer(state: CaseState, messageId: string, replyIds: string[]): void {
  state.answered[messageId] = replyIds;
  const ids = Object.keys(state.answered);
  for (const old of ids.slice(0, Math.max(0, ids.length - ANSWERED_MEMORY))) delete state.answered[old];
}

/** The replies an already-answered message got, or undefined when the message is new. */
export function previousAnswer(state: CaseState, messageId: string): CaseMessage[] | undefined {
  const ids = state.answered[messageId];
  if (!ids) return undefined;
  const byId = new Map(state.messages.map((m) => [m.id, m]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function toView(state: CaseState): CaseView {
  const { settings: _s, pending: _p, nextSeq: _n, answered: _a, runs: _r, ...view } = state;
  return { ...view, messages: [...view.messages], slots: { ...view.slots }, customer: { ...view.customer } };
}

/** Statuses in which nobody is waiting on the customer, so a quiet case may be closed. */
export function closesWhenIdle(status: CaseStatus): boolean {
  return status === 'OPEN' || status === 'WAITING_CUSTOMER' || status === 'RESOLVED';
}
