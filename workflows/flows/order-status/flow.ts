// Order status: which order (a number, or picked from the customer's recent orders), whose it is, where it is now.
import { quick } from '../../activity-proxies';
import { orderIdSlot } from '../order-slot';
import { reply, type TrackingParams } from '../../replies';
import { say, type Turn } from '../../turn';
import { escalate } from '../escalation';
import type { ActiveFlow, FlowDefinition, FlowOutcome } from '../flow';

export interface OrderStatusSlots {
  [slot: string]: string | string[] | undefined;
  /** The order asked about. */
  orderId?: string;
  /** An email or phone the customer gave instead of an order number: who to list orders for, once verified. */
  contact?: string;
  /** 'yes' when the customer asked for the whole tracking history ("物流详情", "tracking history"). */
  history?: string;
  /** The order ids offered in a numbered list, so "the second one" can be read. */
  choices?: string[];
}

type OrderStatusFlow = ActiveFlow & { slots: OrderStatusSlots };

/** Asking for every tracking event, not only the latest. */
const HISTORY =
  /tracking (history|details)|full tracking|all (the )?(tracking )?(updates|events|scans)|物流详情|物流轨迹|全部物流|物流记录|完整物流/i;

export const orderStatusFlow: FlowDefinition<OrderStatusSlots> = {
  name: 'order_status',
  startsOn: ['order_status'],
  startsOnSlots: ['orderId'],
  form: [
    orderIdSlot<OrderStatusSlots>(),
    {
      name: 'history',
      required: false,
      read: (turn) => (HISTORY.test(turn.message.text) ? 'yes' : undefined),
      ask: () => reply('ask_order_id'),
    },
    {
      name: 'contact',
      required: false,
      // Only when the customer answers "what is your order number?" with a way to find them instead.
      read(turn, awaited, slots) {
        if (awaited !== 'orderId' || slots.orderId || turn.understanding.entities.orderIds.length > 0)
          return undefined;
        const { emails, phones } = turn.understanding.entities;
        return emails[0] ?? phones[0];
      },
      ask: () => reply('ask_order_id'),
    },
  ],
  identity(slots) {
    if (slots.orderId) return { action: 'order_status', orderId: slots.orderId };
    if (slots.contact) return { action: 'order_history' };
    return null;
  },
  act: (turn, flow) =>
    flow.slots.orderId ? answerStatus(turn, flow, flow.slots.orderId) : findTheOrder(turn, flow),
};

/** No order number: list the verified customer's recent orders, or ask for the number. */
async function findTheOrder(turn: Turn, flow: OrderStatusFlow): Promise<FlowOutcome> {
  const customer = turn.state.identity.customer;
  flow.awaiting = { kind: 'slot', slot: 'orderId' };
  if (!flow.slots.contact || !customer) {
    say(turn, reply('ask_order_id'));
    return 'waiting';
  }
  const orders = await quick.listRecentOrders({ customerId: customer.id, limit: 5 });
  if (orders.length === 0) {
    say(turn, reply('no_orders'));
    return 'done';
  }
  if (orders.length === 1 && orders[0]) {
    flow.slots.orderId = orders[0].id;
    return answerStatus(turn, flow, orders[0].id);
  }
  flow.slots.choices = orders.map((o) => o.id);
  say(turn, reply('choose_order', { orders }));
  return 'waiting';
}

async function answerStatus(turn: Turn, flow: OrderStatusFlow, orderId: string): Promise<FlowOutcome> {
  const found = await quick.lookupOrderStatus(orderId);
  // Verified as someone else, or no such order: the same answer, so order ids cannot be probed.
  if (!found || found.order.customerId !== turn.state.identity.customer?.id) {
    say(turn, reply('order_not_on_account', { orderId }));
    delete flow.slots.orderId;
    flow.awaiting = { kind: 'slot', slot: 'orderId' };
    return 'waiting';
  }
  const { order, shipment } = found;
  if (order.status === 'cancelled') say(turn, reply('order_cancelled', { orderId }));
  else if (order.status === 'returned') say(turn, reply('order_returned', { orderId }));
  else if (!shipment) {
    say(turn, reply('order_not_shipped', { orderId, placedAt: order.placedAt, orderStatus: order.status }));
  } else if (
    !shipment.carrier ||
    !shipment.trackingNumber ||
    !shipment.latestEvent ||
    shipment.status === 'cancelled'
  ) {
    // No carrier or no scan yet (or a cancelled parcel): plain words, not a tracking line with blanks.
    say(
      turn,
      reply('shipment_without_tracking', {
        orderId,
        cancelled: shipment.status === 'cancelled',
        carrier: shipment.carrier,
      }),
    );
  } else {
    const tracking: TrackingParams = {
      orderId,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      shipmentStatus: shipment.status,
      eventDescription: shipment.latestEvent?.description ?? null,
      eventLocation: shipment.latestEvent?.location ?? null,
      eventAt: shipment.latestEvent?.at ?? null,
    };
    if (shipment.status === 'exception') {
      say(turn, reply('shipment_exception', tracking));
      escalate(turn, 'delivery_problem', { announce: false });
    } else {
      say(turn, reply(shipment.status === 'delivered' ? 'order_delivered' : 'order_in_transit', tracking));
    }
    if (flow.slots.history) {
      const events = await quick.shipmentHistory({ orderId });
      say(turn, reply('tracking_history', { orderId, events }));
    }
  }
  return 'done';
}
