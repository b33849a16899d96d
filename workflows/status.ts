// The one table of which case status may follow which, and who may cause it; every status change goes through it.
import type { Actor, CaseStatus } from './types';

type Transitions = { readonly [From in CaseStatus]: { readonly [To in CaseStatus]?: readonly Actor[] } };

/**
 * The agent answers and asks; the customer reopens, escalates and closes; a human takes and hands back;
 * the system closes idle cases and reports outside events. Nothing leaves CLOSED.
 */
export const STATUS_TRANSITIONS: Transitions = {
  OPEN: {
    WAITING_CUSTOMER: ['agent', 'human'],
    // A return (its own workflow) reports its parcel and its refund through the system.
    WAITING_EVENT: ['agent', 'system'],
    RESOLVED: ['agent', 'human', 'system'],
    ESCALATED: ['agent', 'customer', 'system'],
    WITH_HUMAN: ['human'],
    CLOSED: ['customer', 'human', 'system'],
  },
  WAITING_CUSTOMER: {
    OPEN: ['customer', 'human'],
    WAITING_EVENT: ['system'],
    RESOLVED: ['agent', 'human', 'system'],
    ESCALATED: ['agent', 'customer', 'system'],
    WITH_HUMAN: ['human'],
    CLOSED: ['customer', 'human', 'system'],
  },
  WAITING_EVENT: {
    OPEN: ['customer', 'system'],
    WAITING_CUSTOMER: ['system'],
    RESOLVED: ['system'],
    ESCALATED: ['agent', 'customer', 'system'],
    WITH_HUMAN: ['human'],
    CLOSED: ['customer', 'human', 'system'],
  },
  RESOLVED: {
    OPEN: ['customer', 'human'],
    WAITING_EVENT: ['system'],
    ESCALATED: ['agent', 'customer', 'system'],
    WITH_HUMAN: ['human'],
    CLOSED: ['customer', 'human', 'system'],
  },
  ESCALATED: {
    WITH_HUMAN: ['human'],
    CLOSED: ['customer', 'human', 'system'],
  },
  WITH_HUMAN: {
    OPEN: ['human'],
    WAITING_CUSTOMER: ['human'],
    RESOLVED: ['human'],
    ESCALATED: ['human', 'system'],
    CLOSED: ['customer', 'human'],
  },
  CLOSED: {},
};

export function mayChangeStatus(from: CaseStatus, to: CaseStatus, actor: Actor): boolean {
  return from !== to && (STATUS_TRANSITIONS[from][to]?.includes(actor) ?? false);
}

/** Statuses in which nobody is waiting on the customer, so a quiet case may be closed. */
export function closesWhenIdle(status: CaseStatus): boolean {
  return status === 'OPEN' || status === 'WAITING_CUSTOMER' || status === 'RESOLVED';
}

/** Statuses in which the automated agent does not answer on its own: the case belongs to humans. */
export function heldForHumans(status: CaseStatus): boolean {
  return status === 'ESCALATED' || status === 'WITH_HUMAN';
}
