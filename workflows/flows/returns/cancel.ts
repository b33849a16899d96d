// Cancelling an order that has not shipped: which order, why (a configured reason), yes; then every payment refunded to its method, once.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { orderIdSlot } from '../order-slot';
import type { OrderSnapshot } from '../../../activities/returns/types';
import { durable, quick } from '../../activity-proxies';
import { reply } from '../../replies';
import { say, type Turn } from '../../turn';
import { escalate } from '../escalation';
import type { ActiveFlow, FlowDefinition, FlowOutcome } from '../flow';
import { pickOrdinal } from '../ordinals';
import { returnPolicy } from './flow';

export interface CancelSlots {
  [slot: string]: string | string[] | undefined;
  orderId?: string;
  choices?: string[];
  offered?: string;
  reason?: string;
  /** The order as loaded once the customer was verified (JSON OrderSnapshot). */
  order?: string;
  /** The reasons offered (the configured list at the time of asking). */
  reasons?: string[];
}

type CancelFlow = ActiveFlow & { slots: CancelSlots };

/** Chinese ways of giving the default reasons. */
const REASON_WORDS: [RegExp, string][] = [
  [/不想要|不需要|不要了|no longer|don't need|do not need/i, 'no longer needed'],
  [/下错|买错|拍错|by mistake|wrong (item|order)|mistake/i, 'ordered by mistake'],
];

const orderOf = (slots: Readonly<CancelSlots>) =>
  slots.order ? (JSON.parse(slots.order) as OrderSnapshot) : undefined;

function readReason(text: string, reasons: readonly string[]): string | undefined {
  const picked = pickOrdinal(text, reasons);
  if (picked) return picked;
  const lower = text.toLowerCase();
  const named = reasons.find((r) => lower.includes(r.toLowerCase()));
  if (named) return named;
  const word = REASON_WORDS.find(([pattern, reason]) => pattern.test(text) && reasons.includes(reason));
  return word?.[1];
}

function paidCents(order: OrderSnapshot): number {
  return order.payments.reduce((sum, p) => sum + p.paidCents, 0);
}

export const cancelOrderFlow: FlowDefinition<CancelSlots> = {
  name: 'cancel_order',
  startsOn: ['cancel_order'],
  form: [
    orderIdSlot<CancelSlots>(),
    {
      name: 'reason',
      required: false,
      read: (turn, awaited, slots) =>
        awaited === 'reason' ? readReason(turn.message.text, slots.reasons ?? []) : undefined,
      ask: (slots) => reply('cancel_ask_reason', { reasons: slots.reasons ?? [] }),
    },
  ],
  identity: (slots) => ({ action: 'order_change', ...(slots.orderId ? { orderId: slots.orderId } : {}) }),
  confirm(slots) {
    const order = orderOf(slots);
    if (!order || order.id !== slots.orderId || !slots.reason) return null;
    return reply('cancel_confirm', {
      orderId: order.id,
      amount: { amountCents: paidCents(order), currency: order.currency },
      reason: slots.reason,
      paidWith: order.payments.map((p) => p.label),
    });
  },
  act: (turn, flow) => (flow.confirmed ? cancel(turn, flow) : gather(turn, flow)),
};

async function gather(turn: Turn, flow: CancelFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const customer = turn.state.identity.customer;
  flow.awaiting = { kind: 'slot', slot: 'orderId' };
  if (!customer) {
    say(turn, reply('ask_identifier'));
    return 'waiting';
  }
  if (!slots.orderId) {
    const found = await quick.findOrdersForReturn({ customerId: customer.id, colours: [], limit: 5 });
    if (found.orders.length === 0) {
      say(turn, reply('no_orders'));
      return 'done';
    }
    slots.choices = found.orders.map((o) => o.id);
    say(turn, reply('choose_order', { orders: found.orders }));
    return 'waiting';
  }
  let order = orderOf(slots);
  if (!order || order.id !== slots.orderId) {
    const loaded = await quick.loadOrderForReturn({ orderId: slots.orderId, customerId: customer.id });
    if (!loaded) {
      say(turn, reply('order_not_on_account', { orderId: slots.orderId }));
      delete slots.orderId;
      say(turn, reply('ask_order_id'));
      return 'waiting';
    }
    order = loaded;
    slots.order = JSON.stringify(order);
  }
  // Whole orders only, and only before they ship: after that it is a return.
  if (!['pending', 'paid'].includes(order.status) || order.shipped) {
    say(turn, reply('cancel_refused', { orderId: order.id, orderStatus: order.status }));
    return 'done';
  }
  slots.reasons ??= returnPolicy(turn).cancelReasons;
  if (!slots.reason) {
    flow.awaiting = { kind: 'slot', slot: 'reason' };
    say(turn, reply('cancel_ask_reason', { reasons: slots.reasons }));
    return 'waiting';
  }
  const summary = cancelOrderFlow.confirm?.(slots);
  if (!summary) return 'done';
  flow.awaiting = { kind: 'confirm' };
  say(turn, summary);
  return 'waiting';
}

/** After the yes: the order is cancelled, then each payment goes back to its method under a key made here. */
async function cancel(turn: Turn, flow: CancelFlow): Promise<FlowOutcome> {
  const order = orderOf(flow.slots) as OrderSnapshot;
  const customer = turn.state.identity.customer;
  if (!customer || !order) return gather(turn, flow);
  await durable.cancelOrder({ orderId: order.id, reason: flow.slots.reason ?? '' });
  const refunds: { method: string; amount: { amountCents: number; currency: string } }[] = [];
  try {
    for (const payment of order.payments) {
      await durable.moveMoney({
        key: `${order.id}:cancel:refund:${payment.methodId}`,
        kind: 'refund',
        orderId: order.id,
        customerId: customer.id,
        methodId: payment.methodId,
        methodKind: payment.kind,
        amountCents: payment.paidCents,
        currency: order.currency,
        reference: payment.reference,
      });
      refunds.push({
        method: payment.label,
        amount: { amountCents: payment.paidCents, currency: order.currency },
      });
    }
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : err;
    if (!(cause instanceof ApplicationFailure) || cause.type !== 'PaymentDeclined') throw err;
    say(turn, reply('cancel_failed', { orderId: order.id }));
    escalate(turn, 'payment_failure', { announce: false });
    return 'stopped';
  }
  say(turn, reply('cancel_done', { orderId: order.id, refunds }));
  return 'done';
}
