// What the identity gate's activities take and answer; workflows import these as types only.
import type { Config, VerificationLevel } from '../platform/config';

export type { VerificationLevel };

/** Lock thresholds, window, code lifetime and phone region: config.identity. */
export type IdentityPolicy = Config['identity'];

export interface VerifiedCustomer {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  locale: 'en' | 'zh-CN';
}

export interface AttemptSource {
  caseId: string;
  /** Idempotency: the customer message id (plus a step suffix); a retried activity counts its values once. */
  attemptKey: string;
  /** The client address the message came from, when known. */
  client?: string | null;
  /** Failures this case may have in all before it locks (the case's own budget). */
  maxAttemptsPerCase: number;
}

export type IdentityOutcome =
  | { outcome: 'verified'; level: VerificationLevel; customer: VerifiedCustomer }
  | { outcome: 'mismatch'; attemptsLeft: number }
  | { outcome: 'locked' };

export interface ContactCheckRequest extends AttemptSource {
  orderId: string;
  emails: string[];
  phones: string[];
}

export interface SendCodeRequest extends AttemptSource {
  orderId?: string;
  emails: string[];
  phones: string[];
  /** The customer's message: name and postcode are looked for in it. */
  text: string;
  locale: 'en' | 'zh-CN';
}

export interface SendCodeResult {
  /** Always given, whether or not anyone matched, so the answer tells nothing. */
  challengeId: string;
}

export interface CodeCheckRequest extends AttemptSource {
  challengeId: string;
  code: string;
}

export interface KnowledgeCheckRequest extends AttemptSource {
  orderId?: string;
  emails: string[];
  phones: string[];
  /** The customer's answer: the postcode and the amount of a recent order are looked for in it. */
  text: string;
}
