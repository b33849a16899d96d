// Order status: find the order, make sure it is the customer's, answer with the shipment's latest tracking event.
import { quick } from '../activity-proxies';
import { say, setStatus, waitFor, type Turn } from '../turn';
import { escalate } from './escalation';
import { customerOwnsOrder } from './identity';

export async function orderStatus(turn: Turn): Promise<void> {
  const { state, understanding } = turn;
  state.intent = 'order_status';
  const orderId = understanding.entities.orderIds[0] ?? (state.slots.orderId as string | undefined);
  if (!orderId) {
    say(turn, 'ask_order_id');
    waitFor(turn, { flow: 'order_status', awaiting: 'orderId', attempts: 0 });
    return;
  }

  const order = await quick.findOrder(orderId);
  if (!order) {
    delete state.slots.orderId;
    say(turn, 'order_not_found', { orderId });
    waitFor(turn, { flow: 'order_status', awaiting: 'orderId', attempts: 0 });
    return;
  }
  state.slots.orderId = order.id;

  if (!(await customerOwnsOrder(turn, order))) return;
  await answerOrderStatus(turn, order);
}

/** Picks up a question the agent asked: true when this message answered it. */
export async function continueOrderStatus(turn: Turn): Promise<boolean> {
  const { entities } = turn.understanding;
  const answered =
    (turn.state.pending?.awaiting === 'orderId' && entities.orderIds.length > 0) ||
    (turn.state.pending?.awaiting === 'contact' && entities.emails.length + entities.phones.length > 0);
  if (answered) await orderStatus(turn);
  return answered;
}

async function answerOrderStatus(
  turn: Turn,
  order: { id: string; status: string; placedAt: string },
): Promise<void> {
  turn.state.pending = null;
  if (order.status === 'cancelled') {
    say(turn, 'order_cancelled', { orderId: order.id });
  } else if (order.status === 'returned') {
    say(turn, 'order_returned', { orderId: order.id });
  } else {
    const [latest] = await quick.getShipments(order.id);
    if (!latest) {
      say(turn, 'order_not_shipped', {
        orderId: order.id,
        placedAt: order.placedAt,
        orderStatus: order.status,
      });
    } else {
      const params = {
        orderId: order.id,
        carrier: latest.carrier,
        trackingNumber: latest.trackingNumber,
        shipmentStatus: latest.status,
        eventDescription: latest.latestEvent?.description,
        eventLocation: latest.latestEvent?.location,
        eventAt: latest.latestEvent?.at,
      };
      if (latest.status === 'exception') {
        say(turn, 'shipment_exception', params);
        escalate(turn, 'delivery_problem', { announce: false });
        return;
      }
      say(turn, latest.status === 'delivered' ? 'order_delivered' : 'order_in_transit', params);
    }
  }
  setStatus(turn, 'RESOLVED');
}
