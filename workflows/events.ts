// Typed case events: who changed what, why and when; the vocabulary of the audit trail and of analytics.
import type { FlowName } from './flows/registry';
import type { StaffRef } from './humans/desk';
import type { Actor, CaseStatus, Channel, VerifiedBy } from './types';

export type EscalationReason =
  | 'customer_request'
  | 'angry_customer'
  | 'identity_failed'
  | 'delivery_problem'
  | 'repeated_failure'
  /** Strongly negative messages in a row (KEFU_ESCALATION_NEGATIVE_STREAK). */
  | 'negative_streak'
  /** Legal threats, fraud, chargebacks, media: a person decides. */
  | 'high_risk'
  /** A request outside what the policy lets the agent grant (flows call it). */
  | 'policy_exception'
  /** A refund or payment that failed (flows call it). */
  | 'payment_failure'
  /** Burning smell, water on the floor: troubleshooting stops at once. */
  | 'safety_hazard';

/** One event without its place in the case; the case numbers and timestamps it. */
export type CaseEventBody =
  | { type: 'case_opened'; channel: Channel }
  | { type: 'status_changed'; from: CaseStatus; to: CaseStatus; reason: string }
  | { type: 'flow_started'; flow: FlowName }
  | { type: 'flow_suspended'; flow: FlowName; for: string }
  | { type: 'flow_resumed'; flow: FlowName }
  | { type: 'flow_completed'; flow: FlowName }
  | { type: 'flow_cancelled'; flow: FlowName }
  /** The reading was unsure: the agent asked which of these requests the customer means. */
  | { type: 'request_unclear'; options: import('./types').Intent[] }
  | { type: 'request_clarified'; intent: import('./types').Intent }
  | { type: 'slot_filled'; flow: FlowName; slot: string; corrected: boolean }
  | { type: 'identity_requested'; action: string; level: VerifiedBy }
  | { type: 'identity_verified'; level: VerifiedBy; customerId: string }
  | { type: 'identity_failed'; level: VerifiedBy; attemptsLeft: number }
  | { type: 'identity_locked'; level: VerifiedBy }
  | { type: 'escalated'; reason: EscalationReason }
  | { type: 'message_held'; messageId: string }
  /** A return (its own workflow) reported a step: the parcel, the refund or the exchange. */
  | { type: 'return_progress'; rmaId: string; step: string }
  | { type: 'csat_recorded'; score: number }
  | { type: 'turn_failed'; messageId: string; error: string }
  /** Guided troubleshooting (flows/troubleshooting): the tree version pinned, each step's reading, how it ended. */
  | { type: 'troubleshooting_started'; treeId: string; version: number; serial: string | null }
  | { type: 'troubleshooting_step'; treeId: string; version: number; step: string; reading: string }
  | {
      type: 'troubleshooting_ended';
      outcome: 'resolved' | 'technician' | 'knowledge';
      ticketId?: string;
    }
  | { type: 'troubleshooting_rated'; score: number }
  | { type: 'safety_stop'; step: string | null; words: string }
  | { type: 'visit_booked'; ticketId: string; at: string }
  /** A maintenance reminder's answer (flows/maintenance): a visit, a later reminder, or already done. */
  | { type: 'maintenance_answered'; outreachId: string; answer: 'book' | 'snooze' | 'done' }
  | { type: 'case_closed'; reason: string; resolution?: string }
  | { type: 'taken_over'; agent: StaffRef }
  | { type: 'human_replied'; agent: StaffRef; messageSeq: number }
  | { type: 'internal_note'; agent: StaffRef; text: string }
  | { type: 'handed_back'; agent: StaffRef; note: string; resumes: FlowName | null }
  | { type: 'transferred'; agent: StaffRef; to: StaffRef }
  | { type: 'sla_breached'; waitedMs: number }
  | { type: 'callback_requested'; messageId: string };

export type CaseEventType = CaseEventBody['type'];

export type CaseEvent = CaseEventBody & {
  /** Position in the case's event log, from 1. */
  seq: number;
  at: string;
  actor: Actor;
};
