// The identity gate any flow calls: asks, checks, locks and escalates after too many failures, then hands back to the flow.
import type { IdentityOutcome } from '../../../activities/identity/types';
import { quick } from '../../activity-proxies';
import { reply, type Reply } from '../../replies';
import { record, say, type Turn } from '../../turn';
import type { VerifiedBy } from '../../types';
import { escalate } from '../escalation';
import type { IdentityNeed } from '../flow';

const STRENGTH: Record<VerifiedBy, number> = { contact: 1, knowledge: 2, code: 3, channel: 4 };

/** A one-time code as the customer types it: six digits, perhaps spaced ("123 456"). */
const CODE = /(?<!\d)(\d{3})\s?(\d{3})(?!\d)/;

export function levelFor(turn: Turn, need: IdentityNeed): Exclude<VerifiedBy, 'channel'> {
  return turn.state.settings.identityLevels[need.action];
}

export function satisfies(have: VerifiedBy | null, needed: VerifiedBy): boolean {
  return have !== null && STRENGTH[have] >= STRENGTH[needed];
}

/**
 * 'passed' when the customer is verified well enough for the need; 'asking' when the turn holds the gate's next
 * question; 'stopped' when the gate locked and escalated the case.
 */
export async function requireIdentity(
  turn: Turn,
  need: IdentityNeed,
): Promise<'passed' | 'asking' | 'stopped'> {
  const level = levelFor(turn, need);
  if (satisfies(turn.state.identity.level, level)) return 'passed';
  const identity = turn.state.identity;
  const { entities } = turn.understanding;
  const source = {
    caseId: turn.state.id,
    attemptKey: `${turn.message.id}:${level}`,
    client: turn.message.client,
    maxAttemptsPerCase: turn.state.settings.identityMaxAttempts,
  };
  const asked = turn.state.flows.at(-1)?.awaiting?.kind === 'identity';
  if (!asked) record(turn, { type: 'identity_requested', action: need.action, level });

  if (level === 'contact') {
    if (!need.orderId) return ask(turn, reply('ask_order_id'));
    let emails = entities.emails;
    let phones = entities.phones;
    let silent = false;
    const claim = turn.state.customer;
    if (
      emails.length + phones.length === 0 &&
      !identity.claimTried.includes(need.orderId) &&
      (claim.email || claim.phone)
    ) {
      // A contact claimed when the case started is tried once per order, and counted like any other attempt.
      emails = claim.email ? [claim.email] : [];
      phones = claim.phone ? [claim.phone] : [];
      silent = true;
      identity.claimTried.push(need.orderId);
    }
    if (emails.length + phones.length === 0)
      return ask(turn, reply('ask_contact', { orderId: need.orderId }));
    const outcome = await quick.checkContact({ ...source, orderId: need.orderId, emails, phones });
    return settle(turn, level, outcome, silent ? reply('ask_contact', { orderId: need.orderId }) : undefined);
  }

  if (level === 'code') {
    const typed = CODE.exec(turn.message.text);
    if (identity.challengeId && typed && entities.phones.length === 0) {
      const outcome = await quick.checkCode({
        ...source,
        challengeId: identity.challengeId,
        code: `${typed[1]}${typed[2]}`,
      });
      if (outcome.outcome !== 'mismatch') identity.challengeId = null;
      return settle(turn, level, outcome);
    }
    const claim = turn.state.customer;
    const identifiers = {
      orderId: need.orderId ?? entities.orderIds[0],
      emails: entities.emails.length ? entities.emails : claim.email ? [claim.email] : [],
      phones: entities.phones.length ? entities.phones : claim.phone ? [claim.phone] : [],
    };
    const named = /\d{5,6}/.test(turn.message.text) && /\p{L}{2,}/u.test(turn.message.text);
    if (!identifiers.orderId && identifiers.emails.length + identifiers.phones.length === 0 && !named) {
      return ask(turn, reply('ask_identifier'));
    }
    const { challengeId } = await quick.sendCode({
      ...source,
      ...identifiers,
      text: turn.message.text,
      locale: turn.state.locale,
    });
    identity.challengeId = challengeId;
    return ask(turn, reply('code_sent'));
  }

  // knowledge: an identifier plus two facts only the customer knows (postcode, a recent order's amount).
  if (!asked) return ask(turn, reply('ask_knowledge'));
  const outcome = await quick.checkKnowledge({
    ...source,
    orderId: need.orderId ?? entities.orderIds[0],
    emails: entities.emails,
    phones: entities.phones,
    text: turn.message.text,
  });
  return settle(turn, level, outcome);
}

/** The gate's question for a need, asked again after a digression. */
export function gateQuestion(turn: Turn, need: IdentityNeed): Reply {
  const level = levelFor(turn, need);
  if (level === 'contact')
    return need.orderId ? reply('ask_contact', { orderId: need.orderId }) : reply('ask_order_id');
  if (level === 'code') return turn.state.identity.challengeId ? reply('ask_code') : reply('ask_identifier');
  return reply('ask_knowledge');
}

function ask(turn: Turn, question: Reply): 'asking' {
  say(turn, question);
  return 'asking';
}

function settle(
  turn: Turn,
  level: Exclude<VerifiedBy, 'channel'>,
  outcome: IdentityOutcome,
  onSilentMismatch?: Reply,
): 'passed' | 'asking' | 'stopped' {
  const state = turn.state;
  if (outcome.outcome === 'verified') {
    const { customer } = outcome;
    state.identity.customer = customer;
    state.identity.level = level;
    state.customer = { ...customer, verified: true, verifiedBy: level };
    record(turn, { type: 'identity_verified', level, customerId: customer.id }, 'customer');
    say(turn, reply('verified', { name: customer.name || null }));
    return 'passed';
  }
  if (outcome.outcome === 'locked') {
    record(turn, { type: 'identity_locked', level }, 'system');
    say(turn, reply('identity_failed'));
    escalate(turn, 'identity_failed', { announce: false });
    return 'stopped';
  }
  record(turn, { type: 'identity_failed', level, attemptsLeft: outcome.attemptsLeft }, 'customer');
  if (onSilentMismatch) return ask(turn, onSilentMismatch);
  const key = level === 'code' ? 'code_mismatch' : 'contact_mismatch';
  return ask(turn, reply(key, { attemptsLeft: outcome.attemptsLeft }));
}
