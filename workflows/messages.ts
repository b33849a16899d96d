// Every message a case workflow accepts (updates, signals, queries), defined once for the API and the workflow.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseView } from './state';
import type { CaseMessage } from './types';

export interface SendMessageInput {
  /** Idempotency key: the same id sent twice is answered once, even across continue-as-new. */
  messageId: string;
  text: string;
}

export interface SendMessageResult {
  /** The agent's replies to this message, in order. */
  replies: CaseMessage[];
  case: CaseView;
}

export interface CloseCaseInput {
  reason: string;
}

/** Why the case refused a message (the failure type of a rejected update), so callers can name the field. */
export const MESSAGE_REFUSALS = {
  CaseClosed: 'caseId',
  InvalidText: 'text',
  InvalidMessageId: 'clientMessageId',
} as const;
export type MessageRefusal = keyof typeof MESSAGE_REFUSALS;

/** Sent with the start of a case: returns the case once the agent has greeted the customer. */
export const openCaseUpdate = defineUpdate<CaseView>('openCase');

/** A customer message; returns the agent's replies once they are composed. */
export const sendMessageUpdate = defineUpdate<SendMessageResult, [SendMessageInput]>('sendMessage');

/** Closes the case now (a customer leaving, an operator cleaning up); returns the closed case. */
export const closeCaseUpdate = defineUpdate<CaseView, [CloseCaseInput]>('closeCase');

/** The case as it stands: status, customer, slots and the whole conversation. */
export const getCaseQuery = defineQuery<CaseView>('getCase');
