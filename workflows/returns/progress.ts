// What a return reports to its case, and how the case shows it: a reply, an event, a status change by the system.
import type { Reply } from '../replies';
import { reply } from '../replies';
import { changeStatus, recordEvent, type CaseState } from '../state';

export type ReturnStep =
  'awaiting_parcel' | 'reminder_sent' | 'received' | 'refunded' | 'exchanged' | 'expired' | 'refund_failed';

export interface ReturnProgress {
  rmaId: string;
  step: ReturnStep;
  /** Money moved (refunds positive, a charged difference negative), in the order's currency. */
  amountCents?: number;
  currency?: string;
  /** Where the money went: 'card', 'paypal', 'gift_card', 'store_credit'. */
  method?: string;
  /** Why a refund failed, for the human who takes the case. */
  error?: string;
  /**
   * Part of the refund went to finance to pay out by hand (a method without a payment provider, or no Stripe
   * configured): it is promised, not yet back on the method.
   */
  withFinance?: boolean;
}

export interface ReturnStatus {
  rmaId: string;
  step: ReturnStep;
  receivedBy: string | null;
  /** Business keys of the money moved, in order. */
  moneyKeys: string[];
}

/** The case's name for the open return in its slots, so staff and the customer's app see the progress. */
export const RETURN_SLOTS = { id: 'returnId', step: 'returnStep' } as const;

/** The CSAT question is a slot of this flow (flows/returns/csat.ts), pushed when a return completes. */
export const CSAT_FLOW = 'csat';

/**
 * Applies one report of a return to the case and returns what to tell the customer. A report for a return the case
 * no longer follows (another return replaced it) is still recorded, without changing the case's status.
 */
export function applyReturnProgress(state: CaseState, progress: ReturnProgress, at: string): Reply[] {
  // The return this case follows (the latest it started); a report from an older one is only recorded.
  const followed = state.memory[RETURN_SLOTS.id];
  const current = followed === undefined || followed === progress.rmaId;
  if (followed === undefined) state.memory[RETURN_SLOTS.id] = progress.rmaId;
  recordEvent(state, 'system', { type: 'return_progress', rmaId: progress.rmaId, step: progress.step }, at);
  if (current) state.memory[RETURN_SLOTS.step] = progress.step;
  const money = {
    rmaId: progress.rmaId,
    amountCents: Math.abs(progress.amountCents ?? 0),
    currency: progress.currency ?? '',
    method: progress.method ?? '',
  };
  const finish = (reason: string) => {
    if (!current) return;
    changeStatus(state, 'RESOLVED', 'system', reason, at);
    // The customer may answer the satisfaction question whenever they come back.
    if (!state.flows.some((f) => f.name === CSAT_FLOW))
      state.flows.push({
        name: CSAT_FLOW,
        slots: {},
        awaiting: { kind: 'slot', slot: 'score' },
        confirmed: false,
      });
  };
  switch (progress.step) {
    case 'awaiting_parcel':
      if (current) changeStatus(state, 'WAITING_EVENT', 'system', 'waiting for the return parcel', at);
      return [];
    case 'reminder_sent':
      return [reply('return_reminder', { rmaId: progress.rmaId })];
    case 'received':
      return [reply('return_received', { rmaId: progress.rmaId })];
    case 'refunded':
      finish('return refunded');
      return [
        reply(progress.withFinance ? 'return_refund_with_finance' : 'return_refunded', money),
        reply('csat_ask'),
      ];
    case 'exchanged':
      finish('exchange shipped');
      // Signed: a difference refunded is positive, one paid is negative.
      return [
        reply('return_exchanged', { ...money, amountCents: progress.amountCents ?? 0 }),
        reply('csat_ask'),
      ];
    case 'expired':
      if (current) changeStatus(state, 'RESOLVED', 'system', 'return expired', at);
      return [reply('return_expired', { rmaId: progress.rmaId })];
    case 'refund_failed':
      if (
        changeStatus(state, 'ESCALATED', 'system', `refund failed: ${progress.error ?? ''}`.slice(0, 200), at)
      )
        recordEvent(state, 'system', { type: 'escalated', reason: 'payment_failure' }, at);
      return [reply('refund_failed', { rmaId: progress.rmaId })];
  }
}

/** Steps in which the return still waits for something outside the chat. */
const STILL_WAITING: readonly string[] = ['awaiting_parcel', 'reminder_sent', 'received'];

/**
 * After a turn: a case whose return still waits for its parcel goes back to WAITING_EVENT once nothing else is in
 * progress, so a "thanks" does not leave it open to be closed as idle before the refund is reported.
 */
export function keepWaitingForReturn(state: CaseState, at: string): void {
  const step = state.memory[RETURN_SLOTS.step];
  if (typeof step !== 'string' || !STILL_WAITING.includes(step)) return;
  if (state.flows.length > 0 || (state.status !== 'OPEN' && state.status !== 'RESOLVED')) return;
  changeStatus(state, 'WAITING_EVENT', 'system', 'the return still waits for its parcel', at);
}
