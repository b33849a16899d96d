// One customer message being answered: the case state, what was understood, and the replies the flows queue up.
import type { ReplyIntent, ReplyKey, ReplyParams } from './replies';
import type { CaseState, PendingQuestion } from './state';
import type { CaseStatus, Understanding } from './types';

export interface Turn {
  state: CaseState;
  understanding: Understanding;
  replies: ReplyIntent[];
}

export function say(turn: Turn, key: ReplyKey, params?: ReplyParams): void {
  turn.replies.push({ key, params });
}

/** Moves the case to a status, except out of a human's hands: only a human hands a case back. */
export function setStatus(turn: Turn, status: CaseStatus): void {
  const current = turn.state.status;
  if ((current === 'ESCALATED' || current === 'WITH_HUMAN') && status !== 'CLOSED') return;
  turn.state.status = status;
}

export function waitFor(turn: Turn, pending: PendingQuestion): void {
  turn.state.pending = pending;
  setStatus(turn, 'WAITING_CUSTOMER');
}
