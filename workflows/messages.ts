// Every message a case workflow accepts (updates, queries), defined once for the API and the workflow.
import { ApplicationFailure, defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReturnProgress, ReturnStatus } from './returns/progress';
import type { StaffRef } from './humans/desk';
import type { CaseView } from './state';
import type { CaseMessage } from './types';

export interface SendMessageInput {
  /** Idempotency key: the same id sent twice is answered once, even across continue-as-new. */
  messageId: string;
  text: string;
  /** The address the message came from, for the identity gate's rate limits. */
  client?: string | null;
}

export interface SendMessageResult {
  /** The agent's replies to this message, in order. */
  replies: CaseMessage[];
  case: CaseView;
}

export interface CloseCaseInput {
  reason: string;
  /** How a human resolved the case, for the audit trail. */
  resolution?: string;
  /** The staff member closing it; absent when the customer closes. */
  by?: StaffRef;
}

/** Why the case refused a message (the failure type of a rejected update), so callers can name the field. */
export const MESSAGE_REFUSALS = {
  CaseClosed: 'caseId',
  InvalidText: 'text',
  InvalidMessageId: 'clientMessageId',
} as const;
export type MessageRefusal = keyof typeof MESSAGE_REFUSALS;

/** Far beyond any real chat message; the API enforces the configured, smaller limit. */
export const HARD_MESSAGE_LIMIT = 20_000;

/**
 * Why a piece of text cannot be stored as it is, or null when it can: PostgreSQL rejects NUL bytes, and a lone
 * surrogate is not Unicode. Shared by the API (a clear error) and the workflow (a refusal, for direct callers).
 */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters (U+0000)';
  if (!text.isWellFormed()) return 'must be valid Unicode (it contains a lone surrogate)';
  return null;
}

/** The checks of the sendMessage validator: a refused message is never written to history. */
export function validateMessage(
  { messageId, text, client }: SendMessageInput,
  context: { closed: boolean; known: boolean; caseId: string },
): void {
  const refuse = (message: string, type: MessageRefusal) => ApplicationFailure.nonRetryable(message, type);
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > 200) {
    throw refuse('messageId must be 1 to 200 characters', 'InvalidMessageId');
  }
  const badId = unstorableText(messageId);
  if (badId) throw refuse(`messageId ${badId}`, 'InvalidMessageId');
  if (typeof text !== 'string' || text.trim().length === 0) throw refuse('must not be empty', 'InvalidText');
  if (text.length > HARD_MESSAGE_LIMIT)
    throw refuse(`must be at most ${HARD_MESSAGE_LIMIT} characters`, 'InvalidText');
  const badText = unstorableText(text);
  if (badText) throw refuse(badText, 'InvalidText');
  if (client !== undefined && client !== null && (typeof client !== 'string' || client.length > 100)) {
    throw refuse('client must be an address', 'InvalidText');
  }
  // A retry of an answered message gets its first answer even after the case closed.
  if (context.closed && !context.known) throw refuse(`case ${context.caseId} is closed`, 'CaseClosed');
}

/** Sent with the start of a case: returns the case once the agent has greeted the customer. */
export const openCaseUpdate = defineUpdate<CaseView>('openCase');

/** A customer message; returns the agent's replies once they are composed. */
export const sendMessageUpdate = defineUpdate<SendMessageResult, [SendMessageInput]>('sendMessage');

/** Closes the case now (a customer leaving, an operator cleaning up); returns the closed case. */
export const closeCaseUpdate = defineUpdate<CaseView, [CloseCaseInput]>('closeCase');

/** The case as it stands: status, customer, slots and the latest messages. */
export const getCaseQuery = defineQuery<CaseView>('getCase');

/** A human agent's action on a case; `agent` is who the API key belongs to. */
export interface DeskActionInput {
  agent: StaffRef;
}

export interface AgentMessageInput extends DeskActionInput {
  text: string;
}

export interface InternalNoteInput extends DeskActionInput {
  text: string;
}

export interface HandBackInput extends DeskActionInput {
  /** Why the human is done, for the audit trail and the next colleague. */
  note: string;
}

export interface TransferInput extends DeskActionInput {
  to: StaffRef;
}

/** The checks of the desk validators: a refused action is never written to history. */
export function validateDeskAction(input: DeskActionInput & { text?: string; note?: string }): void {
  const refuse = (message: string) => ApplicationFailure.nonRetryable(message, 'InvalidText');
  const { agent } = input;
  if (!agent || typeof agent.id !== 'string' || typeof agent.name !== 'string')
    throw refuse('agent is required');
  for (const value of [input.text, input.note]) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > HARD_MESSAGE_LIMIT)
      throw refuse(`must be at most ${HARD_MESSAGE_LIMIT} characters`);
    const bad = unstorableText(value);
    if (bad) throw refuse(bad);
  }
  if (input.text !== undefined && input.text.trim().length === 0) throw refuse('must not be empty');
}

/** A human takes the case; the second of two simultaneous take-overs is refused (CaseTaken). */
export const takeOverCaseUpdate = defineUpdate<CaseView, [DeskActionInput]>('takeOverCase');

/** The assigned human writes to the customer; returns the message as the customer sees it. */
export const sendAgentMessageUpdate = defineUpdate<SendMessageResult, [AgentMessageInput]>(
  'sendAgentMessage',
);

/** A note for colleagues, kept in the case's events and never shown to the customer. */
export const addInternalNoteUpdate = defineUpdate<CaseView, [InternalNoteInput]>('addInternalNote');

/** The human gives the case back to the bot, which resumes the flow it was in. */
export const handBackCaseUpdate = defineUpdate<SendMessageResult, [HandBackInput]>('handBackCase');

/** The assignee (or a supervisor) passes the case to another staff member. */
export const transferCaseUpdate = defineUpdate<CaseView, [TransferInput]>('transferCase');

/** A return (its own workflow, id = RMA id) tells the case that started it how the parcel and the money are doing. */
export const returnProgressSignal = defineSignal<[ReturnProgress]>('returnProgress');

/** The warehouse received the return's parcel (reportReturnReceived); a second report changes nothing. */
export const returnReceivedSignal = defineSignal<[{ by: string }]>('returnReceived');

/** Where a return stands: its step and the money moved so far. */
export const getReturnQuery = defineQuery<ReturnStatus>('getReturn');
