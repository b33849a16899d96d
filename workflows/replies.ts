// What the agent wants to say: a template key with its typed parameters, or free text with sources (answers from documents).
import type { KnowledgeReplyParams } from './flows/knowledge/replies';
import type { ReturnsReplyParams } from './flows/returns/replies';
import type { TroubleshootingReplyParams } from './flows/troubleshooting/replies';
import type { MaintenanceReplyParams } from './flows/maintenance/replies';
import type { UnderstandingReplyParams } from './understanding/replies';
import type { HumanReplyParams } from './humans/replies';
import type { RecommendationReplyParams } from './flows/recommendation/replies';
import type { OrderChangeReplyParams } from './flows/order-change/replies';
import type { Intent, Locale, ReplyStyle, Sentiment, Source } from './types';

/** The latest tracking event of a shipment, as the order-status replies show it. */
export interface TrackingParams {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  shipmentStatus: string;
  eventDescription: string | null;
  eventLocation: string | null;
  eventAt: string | null;
}

export interface OrderChoice {
  id: string;
  placedAt: string;
  /** e.g. "Trail Runner Shoes (blue, 42)" in the customer's language, composed by the activity. */
  summaryEn: string;
  summaryZh: string;
}

/** The case core's templates and their parameters. */
export interface CoreReplyParams {
  welcome: { bilingual: boolean };
  greeting: Record<string, never>;
  thanks: Record<string, never>;
  goodbye: Record<string, never>;
  clarify: Record<string, never>;
  ask_order_id: Record<string, never>;
  ask_contact: { orderId: string };
  ask_identifier: Record<string, never>;
  code_sent: Record<string, never>;
  ask_code: Record<string, never>;
  ask_knowledge: Record<string, never>;
  contact_mismatch: { attemptsLeft: number };
  code_mismatch: { attemptsLeft: number };
  identity_failed: Record<string, never>;
  verified: { name: string | null };
  choose_order: { orders: OrderChoice[] };
  no_orders: Record<string, never>;
  order_not_on_account: { orderId: string };
  order_not_shipped: { orderId: string; placedAt: string; orderStatus: string };
  order_in_transit: TrackingParams;
  order_delivered: TrackingParams;
  order_cancelled: { orderId: string };
  order_returned: { orderId: string };
  shipment_exception: TrackingParams;
  escalated: Record<string, never>;
  held_for_human: Record<string, never>;
  not_supported_yet: Record<string, never>;
  temporary_problem: Record<string, never>;
  flow_cancelled: Record<string, never>;
  nothing_to_cancel: Record<string, never>;
  correction_noted: Record<string, never>;
  resume_flow: { flow: string };
  confirm_summary: { summary: string; summaryZh: string };
  confirm_again: Record<string, never>;
  inactivity_close: Record<string, never>;
  case_closed: Record<string, never>;
}

/**
 * Every template and the parameters it needs: a missing or misspelt parameter is a compile error. A capability adds
 * its own interface (in its flow folder) to this list, and its wording to TEMPLATES in wording/templates.ts.
 */
export interface ReplyParamsByKey
  extends
    CoreReplyParams,
    HumanReplyParams,
    KnowledgeReplyParams,
    ReturnsReplyParams,
    UnderstandingReplyParams,
    RecommendationReplyParams,
    OrderChangeReplyParams,
    TroubleshootingReplyParams,
    MaintenanceReplyParams {}

export type ReplyKey = keyof ReplyParamsByKey;

export type TemplateReply = {
  [K in ReplyKey]: { kind: 'template'; key: K; params: ReplyParamsByKey[K] };
}[ReplyKey];

/** Free text, e.g. an answer drawn from the knowledge base, with the documents it came from. */
export interface TextReply {
  kind: 'text';
  text: string;
  sources: Source[];
}

export type Reply = TemplateReply | TextReply;

type ParamsArg<K extends ReplyKey> =
  Record<string, never> extends ReplyParamsByKey[K]
    ? [params?: ReplyParamsByKey[K]]
    : [params: ReplyParamsByKey[K]];

/** A template reply; parameters are required exactly when the template has some. */
export function reply<K extends ReplyKey>(key: K, ...[params]: ParamsArg<K>): TemplateReply {
  return { kind: 'template', key, params: params ?? {} } as TemplateReply;
}

export interface ComposeRequest {
  locale: Locale;
  /** The customer's latest mood; a distressed customer hears empathy first, then the solution. */
  sentiment: Sentiment | null;
  /** What the case is about, so the empathy line fits it (a late parcel is not a broken machine). */
  topic: Intent | null;
  replies: Reply[];
}

/** A composed reply: its words, the sources of a text reply, and the style it was worded in. */
export interface ComposedReply {
  text: string;
  sources?: Source[];
  style?: ReplyStyle;
}
