// One customer message being answered: the case, what was understood, and the replies the flows queue up.
import type { Reply } from './replies';
import { changeStatus, recordEvent, type CaseState } from './state';
import type { CaseEventBody } from './events';
import type { Actor, CaseStatus, Understanding } from './types';

export interface IncomingMessage {
  id: string;
  text: string;
  /** The client address it came from, for identity rate limits. */
  client: string | null;
}

export interface Turn {
  state: CaseState;
  message: IncomingMessage;
  understanding: Understanding;
  replies: Reply[];
  /** Workflow time when the turn began. */
  now: string;
}

export function say(turn: Turn, ...replies: Reply[]): void {
  turn.replies.push(...replies);
}

export function record(turn: Turn, body: CaseEventBody, actor: Actor = 'agent'): void {
  recordEvent(turn.state, actor, body, turn.now);
}

export function moveTo(turn: Turn, status: CaseStatus, reason: string, actor: Actor = 'agent'): boolean {
  return changeStatus(turn.state, status, actor, reason, turn.now);
}
