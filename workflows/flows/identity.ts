// Identity: a customer sees an order's details only once the email or phone they give matches the order.
import { quick } from '../activity-proxies';
import { say, waitFor, type Turn } from '../turn';
import { escalate } from './escalation';

interface OrderRef {
  id: string;
  customerId: string;
}

/**
 * True when the case's customer may see this order. Otherwise the turn holds the next question
 * (contact details), a refusal, or an escalation after too many wrong answers.
 */
export async function customerOwnsOrder(turn: Turn, order: OrderRef): Promise<boolean> {
  const { state, understanding } = turn;
  const customer = state.customer;
  if (customer.verified && customer.id === order.customerId) return true;
  if (customer.verified) {
    say(turn, 'order_not_on_account', { orderId: order.id });
    state.pending = null;
    return false;
  }

  const typed = { emails: understanding.entities.emails, phones: understanding.entities.phones };
  const typedSomething = typed.emails.length + typed.phones.length > 0;
  // Contact details claimed when the case started are tried silently once, so a signed-in chat is not asked again.
  const claimed = {
    emails: customer.email ? [customer.email] : [],
    phones: customer.phone ? [customer.phone] : [],
  };
  const offered = typedSomething ? typed : claimed;
  if (offered.emails.length + offered.phones.length === 0) {
    say(turn, 'ask_contact', { orderId: order.id });
    waitFor(turn, { flow: 'order_status', awaiting: 'contact', attempts: 0 });
    return false;
  }

  const result = await quick.verifyOrderContact({ orderId: order.id, ...offered });
  if (result.matched && result.customer) {
    state.customer = { ...result.customer, verified: true, verifiedBy: 'order-contact' };
    state.pending = null;
    say(turn, 'verified', { name: result.customer.name });
    return true;
  }
  if (!typedSomething) {
    say(turn, 'ask_contact', { orderId: order.id });
    waitFor(turn, { flow: 'order_status', awaiting: 'contact', attempts: 0 });
    return false;
  }

  const attempts = (state.pending?.awaiting === 'contact' ? state.pending.attempts : 0) + 1;
  const attemptsLeft = state.settings.identityMaxAttempts - attempts;
  if (attemptsLeft <= 0) {
    say(turn, 'identity_failed');
    escalate(turn, 'identity_failed', { announce: false });
    return false;
  }
  say(turn, 'contact_mismatch', { orderId: order.id, attemptsLeft });
  waitFor(turn, { flow: 'order_status', awaiting: 'contact', attempts });
  return false;
}
