// The agent's decision for one customer message: continue what it asked, else route by intent to a flow.
import { clarify, farewell, greet, notSupportedYet, thank } from './flows/conversation';
import { escalate } from './flows/escalation';
import { continueOrderStatus, orderStatus } from './flows/order-status';
import { setStatus, type Turn } from './turn';

/** Anger this strong goes to a human rather than an automated answer. */
const ESCALATE_ANGER_INTENSITY = 0.8;

export async function respond(turn: Turn): Promise<void> {
  const { state, understanding } = turn;
  if (state.status === 'WAITING_CUSTOMER') setStatus(turn, 'OPEN');
  if (state.status === 'RESOLVED') setStatus(turn, 'OPEN');

  const { intent, sentiment } = understanding;
  if (intent === 'human_agent') return escalate(turn, 'customer_request');
  if (
    intent === 'complaint' &&
    sentiment.emotion === 'ANGRY' &&
    sentiment.intensity >= ESCALATE_ANGER_INTENSITY
  ) {
    return escalate(turn, 'angry_customer');
  }
  if (intent === 'goodbye') return farewell(turn);
  if (await continueOrderStatus(turn)) return;

  switch (intent) {
    case 'order_status':
      return orderStatus(turn);
    case 'greeting':
      return greet(turn);
    case 'thanks':
      return thank(turn);
    case 'return_request':
    case 'refund_request':
    case 'cancel_order':
    case 'product_question':
    case 'recommendation':
    case 'troubleshooting':
    case 'complaint':
      // Keep the order number for whoever handles it (a later flow or a human).
      if (understanding.entities.orderIds[0]) state.slots.orderId = understanding.entities.orderIds[0];
      return notSupportedYet(turn);
    default:
      // A bare order number, or details with one, is most likely a question about that order.
      if (understanding.entities.orderIds.length > 0) return orderStatus(turn);
      if (state.pending) return repeatQuestion(turn);
      return clarify(turn);
  }
}

/** The customer said something that did not answer the pending question: ask it again. */
async function repeatQuestion(turn: Turn): Promise<void> {
  if (turn.state.pending?.flow === 'order_status') return orderStatus(turn);
  clarify(turn);
}
