// The escalation policy: when the agent steps aside for a human, read from the case's settings (fixed at its start).
import type { EscalationReason } from '../events';
import type { CaseState } from '../state';
import type { Turn } from '../turn';
import type { EscalationPolicy, Sentiment } from '../types';

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  extremeIntensity: 0.9,
  negativeStreak: 2,
  negativePolarity: -0.7,
  misunderstoodLimit: 2,
  pickupTimeoutMs: 120_000,
};

/** A complaint in anger goes to a human at a lower intensity than anger about anything else. */
const ANGRY_COMPLAINT_INTENSITY = 0.8;

/** Threats and fraud are for a person to handle, whatever the mood: lawyers, courts, the press, chargebacks. */
const HIGH_RISK =
  /\b(lawyers?|attorney|sue|suing|lawsuit|court|chargeback|fraud|scam|police|journalist|the press)\b|律师|起诉|法院|投诉到消协|消协|12315|报警|诈骗|欺诈|曝光|媒体/i;

/** Cases started before the policy existed keep the defaults. */
export function policyOf(state: CaseState): EscalationPolicy {
  return { ...DEFAULT_ESCALATION_POLICY, ...state.settings.escalation };
}

/** Anger and frustration count toward the streak; a worried customer needs an answer, not a queue. */
export function stronglyNegative(sentiment: Sentiment, policy: EscalationPolicy): boolean {
  return (
    (sentiment.emotion === 'ANGRY' || sentiment.emotion === 'FRUSTRATED') &&
    sentiment.polarity <= policy.negativePolarity
  );
}

/**
 * Why this message should go to a human now, or null. Checked before any flow sees the message; asking for a human
 * (the human_agent intent) and failing to understand are handled where they arise (router, small talk).
 */
export function escalationTrigger(turn: Turn, negativeStreak: number): EscalationReason | null {
  const policy = policyOf(turn.state);
  const { sentiment, intent } = turn.understanding;
  if (HIGH_RISK.test(turn.message.text)) return 'high_risk';
  const angry = sentiment.emotion === 'ANGRY';
  if (angry && sentiment.intensity >= policy.extremeIntensity) return 'angry_customer';
  if (angry && intent === 'complaint' && sentiment.intensity >= ANGRY_COMPLAINT_INTENSITY)
    return 'angry_customer';
  if (negativeStreak >= policy.negativeStreak) return 'negative_streak';
  return null;
}
