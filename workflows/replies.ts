// What the agent wants to say, by template key; the composeReplies activity turns it into words in the customer's language.
import type { Locale, Sentiment } from './types';

export type ReplyKey =
  | 'welcome'
  | 'greeting'
  | 'thanks'
  | 'goodbye'
  | 'clarify'
  | 'ask_order_id'
  | 'ask_contact'
  | 'order_not_found'
  | 'order_not_on_account'
  | 'contact_mismatch'
  | 'identity_failed'
  | 'verified'
  | 'order_not_shipped'
  | 'order_in_transit'
  | 'order_delivered'
  | 'order_cancelled'
  | 'order_returned'
  | 'shipment_exception'
  | 'escalated'
  | 'not_supported_yet'
  | 'temporary_problem'
  | 'inactivity_close'
  | 'case_closed';

export type ReplyParams = Record<string, string | number | null | undefined>;

export interface ReplyIntent {
  key: ReplyKey;
  params?: ReplyParams;
}

export interface ComposeRequest {
  locale: Locale;
  /** The customer's latest mood; a distressed customer hears empathy first, then the solution. */
  sentiment: Sentiment | null;
  replies: ReplyIntent[];
}
