// The vocabulary of a case, shared by workflows, activities and the API: plain types, no behaviour.
export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export type CaseStatus =
  'OPEN' | 'WAITING_CUSTOMER' | 'ESCALATED' | 'WITH_HUMAN' | 'WAITING_EVENT' | 'RESOLVED' | 'CLOSED';
export type Channel = 'WEB' | 'APP' | 'EMAIL' | 'WECHAT' | 'SMS' | 'PHONE' | 'API';
export type MessageRole = 'CUSTOMER' | 'AGENT' | 'HUMAN' | 'SYSTEM';

/** A document an answer was drawn from, for the customer to open. */
export interface Source {
  title: string;
  /** An id or link the frontend can open. */
  ref: string;
}

export interface CaseMessage {
  /** `${caseId}:${seq}`. */
  id: string;
  /** Position in the case's transcript, from 1. */
  seq: number;
  role: MessageRole;
  text: string;
  /** ISO-8601 time taken from workflow time, so replays agree. */
  at: string;
  /** For answers drawn from documents: where they came from. */
  sources?: Source[];
  /** How the agent worded it: `brief` (solution first, short, for an upset customer) or `standard`. */
  style?: ReplyStyle;
}

/** The tone of an agent message; an upset customer gets the short one. */
export type ReplyStyle = 'standard' | 'brief';

/** Everything a customer message can be about; the first ten ask the agent to do something. */
export const INTENTS = [
  'order_status',
  'return_request',
  'refund_request',
  'cancel_order',
  'order_change',
  'product_question',
  'recommendation',
  'troubleshooting',
  'human_agent',
  'complaint',
  'greeting',
  'thanks',
  'goodbye',
  'affirm',
  'deny',
  'provide_info',
  'unknown',
] as const;

export type Intent = (typeof INTENTS)[number];

/** Intents that ask the agent to do something, as opposed to small talk, answers and details. */
export const TASK_INTENTS: readonly Intent[] = INTENTS.slice(0, 10);

export type Emotion = 'NEUTRAL' | 'HAPPY' | 'ANGRY' | 'ANXIOUS' | 'FRUSTRATED' | 'SAD';

export interface Sentiment {
  /** -1 (very negative) to 1 (very positive). */
  polarity: number;
  emotion: Emotion;
  /** 0 to 1: how strongly the emotion shows (exclamation marks, intensifiers, repetition). */
  intensity: number;
}

export interface DateRange {
  /** Inclusive start, ISO-8601. */
  from: string;
  /** Exclusive end, ISO-8601. */
  to: string;
  /** The words it came from, e.g. "上个月" or "last month". */
  expression: string;
}

export interface ProductMention {
  term: string;
  sku?: string;
  category?: string;
}

export interface Entities {
  orderIds: string[];
  emails: string[];
  phones: string[];
  dateRange?: DateRange;
  /** Canonical colour codes from the catalog, e.g. "blue". */
  colours: string[];
  sizes: string[];
  products: ProductMention[];
  quantities: number[];
  serialNumbers: string[];
}

/** Discourse cues that change what a message does to a flow in progress, whatever its intent. */
export interface Cues {
  /** "不对，是绿色的", "sorry, I meant the shoes": the values in this message replace earlier ones. */
  correction: boolean;
  /** "算了", "never mind", "forget it": drop the request in progress. */
  cancel: boolean;
}

export interface Understanding {
  language: Locale;
  intent: Intent;
  confidence: number;
  entities: Entities;
  sentiment: Sentiment;
  cues: Cues;
  /** The next most likely intent and how sure the reader is of it; close to `intent`, the agent asks which. */
  runnerUp?: { intent: Intent; confidence: number };
  /** Further requests in the same message ("where is it, and can I return the mug?"), handled after `intent`. */
  also?: Intent[];
}

/** How the customer proved who they are, weakest first; `channel` is a trusted, signed-in channel. */
export type VerifiedBy = 'contact' | 'knowledge' | 'code' | 'channel';

export interface CaseCustomer {
  id?: string;
  name?: string;
  email?: string;
  phone?: string;
  locale?: Locale;
  verified: boolean;
  verifiedBy?: VerifiedBy;
}

/** Who caused a change to a case: the automated agent, the customer, a human agent, or the system (timers, events). */
export type Actor = 'agent' | 'customer' | 'human' | 'system';

/** Case settings fixed at start (workflows cannot read configuration), so a config change never alters a running case. */
export interface CaseSettings {
  inactivityTimeoutMs: number;
  /** Continue-as-new once history reaches this many events (0: only when Temporal suggests it). */
  historyLimit: number;
  /** How many of the latest messages the case carries; the whole transcript is in PostgreSQL. */
  recentMessages: number;
  identityMaxAttempts: number;
  /** The verification level each action needs. */
  identityLevels: Record<
    'order_status' | 'order_history' | 'order_change' | 'payment',
    Exclude<VerifiedBy, 'channel'>
  >;
  /** When the agent steps aside for a human, and how long a human has to pick the case up (absent: the defaults). */
  escalation?: EscalationPolicy;
  /** Return window, reminder and expiry, cancel reasons (absent: the defaults). */
  returns?: ReturnPolicy;
}

/** Returns and cancellations (KEFU_RETURN_*, KEFU_CANCEL_REASONS), fixed into each case when it starts. */
export interface ReturnPolicy {
  /** Days from delivery in which an order may be returned or exchanged. */
  windowDays: number;
  /** A reminder goes out when no parcel arrived this long after the label. */
  reminderMs: number;
  /** The return expires this long after the reminder. */
  expiryMs: number;
  /** Reasons a customer may give for cancelling an order. */
  cancelReasons: string[];
}

/** What hands a case to a human (KEFU_ESCALATION_*), fixed into each case when it starts. */
export interface EscalationPolicy {
  /** One message at least this angry (0 to 1) goes to a human. */
  extremeIntensity: number;
  /** This many strongly negative messages in a row go to a human. */
  negativeStreak: number;
  /** Polarity at or below which a message counts as strongly negative (-1 to 0). */
  negativePolarity: number;
  /** Turns in a row the agent did not understand before a human takes over. */
  misunderstoodLimit: number;
  /** How long an escalated case may wait before supervisors hear of it and the customer is offered a callback. */
  pickupTimeoutMs: number;
}
