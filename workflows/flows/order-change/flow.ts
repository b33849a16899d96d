// Changing a paid order before it ships: its address, its payment method, or an item's variant; the difference moved once on the method picked.
import { ActivityFailure, ApplicationFailure, uuid4 } from '@temporalio/workflow';
import { orderIdSlot } from '../order-slot';
import type { Address, OrderChangePlan, PaymentChoice } from '../../../activities/presales/types';
import type { ChangeContext } from '../../../activities/presales/changes';
import type { ExchangeOption, OrderSnapshot } from '../../../activities/returns/types';
import { durable, quick } from '../../activity-proxies';
import { reply, type Reply } from '../../replies';
import { say, type Turn } from '../../turn';
import { escalate } from '../escalation';
import type { ActiveFlow, FlowDefinition, FlowOutcome } from '../flow';
import { pickOrdinal } from '../ordinals';
import { optionWords, readLines, readMethod, readVariant } from '../returns/read';
import { readAddress, readWhat } from './read';
import type { ChangeKind, ChangeRefusalReason } from './replies';

export interface OrderChangeSlots {
  [slot: string]: string | string[] | undefined;
  orderId?: string;
  choices?: string[];
  what?: string;
  /** The order and what it may change to, loaded once the customer is verified (JSON). */
  order?: string;
  context?: string;
  address?: string;
  line?: string;
  variants?: string;
  variantTo?: string;
  /** What each offered variant costs more or less, in the order's currency (JSON number[]). */
  differences?: string;
  payWith?: string;
  /** Made once on the yes: the change's id and the root of its money keys. */
  changeId?: string;
}

type OrderChangeFlow = ActiveFlow & { slots: OrderChangeSlots };

const parse = <T>(json: string | undefined): T | undefined => (json ? (JSON.parse(json) as T) : undefined);
const orderOf = (s: Readonly<OrderChangeSlots>) => parse<OrderSnapshot>(s.order);
const contextOf = (s: Readonly<OrderChangeSlots>) => parse<ChangeContext>(s.context);

export function formatAddress(a: Address): string {
  return [a.line1, a.line2, a.city, [a.state, a.postcode].filter(Boolean).join(' '), a.country]
    .filter(Boolean)
    .join(', ');
}

function refuse(turn: Turn, order: OrderSnapshot, reason: ChangeRefusalReason): FlowOutcome {
  say(turn, reply('order_change_refused', { orderId: order.id, reason, orderStatus: order.status }));
  return 'done';
}

function refusalOf(order: OrderSnapshot): ChangeRefusalReason | null {
  if (order.status === 'cancelled') return 'cancelled';
  if (
    order.shipped ||
    ['shipped', 'delivered', 'returned', 'return_requested', 'exchange_requested'].includes(order.status)
  )
    return 'shipped';
  if (order.status !== 'paid') return 'not_paid';
  return null;
}

const paidCents = (order: OrderSnapshot) => order.payments.reduce((sum, p) => sum + p.paidCents, 0);

/** Methods for a payment change: every method the order is not paid with already. */
function newMethods(order: OrderSnapshot, context: ChangeContext): PaymentChoice[] {
  const current = new Set(order.payments.map((p) => p.methodId));
  return context.methods.filter((m) => !current.has(m.methodId));
}

/** Methods for an item's difference: the order's card (or PayPal), store credit and gift cards. */
function differenceMethods(order: OrderSnapshot, context: ChangeContext): PaymentChoice[] {
  const onOrder = order.payments
    .filter((p) => p.kind === 'card' || p.kind === 'paypal')
    .map(({ methodId, kind, label }) => ({ methodId, kind, label, balanceCents: null }));
  return [...onOrder, ...context.methods.filter((m) => m.kind === 'store_credit' || m.kind === 'gift_card')];
}

function lineOf(slots: Readonly<OrderChangeSlots>) {
  return orderOf(slots)?.lines.find((l) => l.line === Number(slots.line));
}

function differenceOf(slots: Readonly<OrderChangeSlots>, variantTo = slots.variantTo): number {
  const offered = parse<ExchangeOption[]>(slots.variants) ?? [];
  const differences = parse<number[]>(slots.differences) ?? [];
  const at = offered.findIndex((o) => JSON.stringify(o) === variantTo);
  return at >= 0 ? (differences[at] ?? 0) : 0;
}

function methodsFor(slots: Readonly<OrderChangeSlots>): PaymentChoice[] {
  const order = orderOf(slots);
  const context = contextOf(slots);
  if (!order || !context) return [];
  return slots.what === 'payment' ? newMethods(order, context) : differenceMethods(order, context);
}

function chosenMethod(slots: Readonly<OrderChangeSlots>): PaymentChoice | undefined {
  return methodsFor(slots).find((m) => m.methodId === slots.payWith);
}

function methodQuestion(slots: Readonly<OrderChangeSlots>): Reply {
  const order = orderOf(slots);
  const methods = methodsFor(slots).map(({ kind, label, balanceCents }) => ({ kind, label, balanceCents }));
  const currency = order?.currency ?? 'USD';
  if (slots.what === 'payment')
    return reply('order_change_ask_method', {
      total: { amountCents: order ? paidCents(order) : 0, currency },
      methods,
    });
  const difference = differenceOf(slots);
  return reply('exchange_ask_payment', {
    difference: { amountCents: Math.abs(difference), currency },
    charge: difference > 0,
    methods,
  });
}

/** Everything gathered: the summary the engine confirms. Null while something is missing. */
function summary(slots: Readonly<OrderChangeSlots>): Reply | null {
  const order = orderOf(slots);
  if (!order || order.id !== slots.orderId || !slots.what) return null;
  const base = {
    orderId: order.id,
    address: null,
    itemEn: null,
    itemZh: null,
    to: null,
    amount: null,
    method: null,
  };
  if (slots.what === 'address') {
    const address = parse<Address>(slots.address);
    return address
      ? reply('order_change_confirm', { ...base, kind: 'address', address: formatAddress(address) })
      : null;
  }
  const method = chosenMethod(slots);
  // Store credit or a gift card that does not cover a charge: back to gather, which says so and asks again.
  const charge = slots.what === 'payment' ? paidCents(order) : Math.max(differenceOf(slots), 0);
  if (method && method.balanceCents !== null && method.balanceCents < charge) return null;
  if (slots.what === 'payment') {
    if (!method) return null;
    return reply('order_change_confirm', {
      ...base,
      kind: 'payment',
      amount: { amountCents: paidCents(order), currency: order.currency },
      method: method.label,
    });
  }
  const line = lineOf(slots);
  const variant = parse<ExchangeOption>(slots.variantTo);
  if (!line || !variant) return null;
  const difference = differenceOf(slots);
  if (difference !== 0 && !method) return null;
  return reply('order_change_confirm', {
    ...base,
    kind: 'items',
    itemEn: line.nameEn,
    itemZh: line.nameZh,
    to: optionWords(variant.options),
    amount: { amountCents: difference, currency: order.currency },
    method: method?.label ?? null,
  });
}

export const orderChangeFlow: FlowDefinition<OrderChangeSlots> = {
  name: 'order_change',
  startsOn: ['order_change'],
  form: [
    orderIdSlot<OrderChangeSlots>(),
    {
      name: 'what',
      required: false,
      read: (turn, awaited, slots) =>
        slots.what && awaited !== 'what' ? undefined : readWhat(turn.message.text),
      ask: (slots) => reply('order_change_ask_what', { orderId: slots.orderId ?? '' }),
    },
    {
      name: 'address',
      required: false,
      read(turn, awaited, slots) {
        if (awaited !== 'address' && readWhat(turn.message.text) !== 'address') return undefined;
        const context = contextOf(slots);
        const saved =
          awaited === 'address' ? pickOrdinal(turn.message.text, context?.addresses ?? []) : undefined;
        const typed = saved ?? readAddress(turn.message.text, context?.shippingAddress?.country ?? 'US');
        return typed ? JSON.stringify(typed) : undefined;
      },
      ask: (slots) => addressQuestion(slots),
    },
    {
      name: 'line',
      required: false,
      read(turn, awaited, slots) {
        const order = orderOf(slots);
        if (awaited !== 'line' || !order) return undefined;
        return readLines(turn.message.text, order.lines)?.[0]?.toString();
      },
      ask: (slots) => itemQuestion(slots),
    },
    {
      name: 'variantTo',
      required: false,
      read(turn, awaited, slots) {
        const offered = parse<ExchangeOption[]>(slots.variants);
        if (awaited !== 'variantTo' || !offered) return undefined;
        const chosen = readVariant(turn, offered);
        return chosen ? JSON.stringify(chosen) : undefined;
      },
      ask: (slots) => variantQuestion(slots),
    },
    {
      name: 'payWith',
      required: false,
      read(turn, awaited, slots) {
        if (awaited !== 'payWith') return undefined;
        return readMethod(turn.message.text, methodsFor(slots))?.methodId;
      },
      ask: (slots) => methodQuestion(slots),
    },
  ],
  identity: (slots) => ({ action: 'order_change', ...(slots.orderId ? { orderId: slots.orderId } : {}) }),
  confirm: summary,
  act: (turn, flow) => (flow.confirmed ? change(turn, flow) : gather(turn, flow)),
};

function addressQuestion(slots: Readonly<OrderChangeSlots>): Reply {
  const context = contextOf(slots);
  return reply('order_change_ask_address', {
    current: context?.shippingAddress ? formatAddress(context.shippingAddress) : null,
    addresses: (context?.addresses ?? []).map(formatAddress),
  });
}

function itemQuestion(slots: Readonly<OrderChangeSlots>): Reply {
  const order = orderOf(slots);
  return reply('order_change_ask_item', {
    orderId: order?.id ?? '',
    lines: (order?.lines ?? []).map((l) => ({
      line: l.line,
      nameEn: l.nameEn,
      nameZh: l.nameZh,
      options: optionWords(l.options),
      finalSale: l.finalSale,
    })),
  });
}

function variantQuestion(slots: Readonly<OrderChangeSlots>): Reply {
  const line = lineOf(slots);
  const offered = parse<ExchangeOption[]>(slots.variants) ?? [];
  return reply('exchange_choose_variant', {
    nameEn: line?.nameEn ?? '',
    nameZh: line?.nameZh ?? '',
    options: offered.map((o) => ({
      label: optionWords(o.options),
      difference: {
        amountCents: differenceOf(slots, JSON.stringify(o)),
        currency: orderOf(slots)?.currency ?? 'USD',
      },
    })),
  });
}

const waitFor = (flow: OrderChangeFlow, turn: Turn, slot: string, question: Reply): FlowOutcome => {
  flow.awaiting = { kind: 'slot', slot };
  say(turn, question);
  return 'waiting';
};

/** Asks for what is missing, loading what the next question needs; refuses in plain words once the order shipped. */
async function gather(turn: Turn, flow: OrderChangeFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const customer = turn.state.identity.customer;
  if (!customer) return waitFor(flow, turn, 'orderId', reply('ask_identifier'));
  if (!slots.orderId) {
    const found = await quick.findOrdersForReturn({ customerId: customer.id, colours: [], limit: 5 });
    if (found.orders.length === 0) {
      say(turn, reply('no_orders'));
      return 'done';
    }
    slots.choices = found.orders.map((o) => o.id);
    return waitFor(flow, turn, 'orderId', reply('choose_order', { orders: found.orders }));
  }
  let order = orderOf(slots);
  if (!order || order.id !== slots.orderId) {
    // Another order than the one loaded: what was chosen for that one no longer applies.
    if (order)
      for (const key of [
        'order',
        'context',
        'address',
        'line',
        'variants',
        'differences',
        'variantTo',
        'payWith',
      ] as const)
        delete slots[key];
    const loaded = await quick.loadOrderForReturn({ orderId: slots.orderId, customerId: customer.id });
    if (!loaded) {
      say(turn, reply('order_not_on_account', { orderId: slots.orderId }));
      delete slots.orderId;
      return waitFor(flow, turn, 'orderId', reply('ask_order_id'));
    }
    order = loaded;
    slots.order = JSON.stringify(order);
    const refusal = refusalOf(order);
    if (refusal) return refuse(turn, order, refusal);
    slots.context = JSON.stringify(
      await quick.orderChangeContext({ orderId: order.id, customerId: customer.id }),
    );
  }
  const context = contextOf(slots) as ChangeContext;
  if (!slots.what) return waitFor(flow, turn, 'what', reply('order_change_ask_what', { orderId: order.id }));

  if (slots.what === 'address') {
    if (!slots.address) return waitFor(flow, turn, 'address', addressQuestion(slots));
  } else if (slots.what === 'payment') {
    if (!slots.payWith) return waitFor(flow, turn, 'payWith', methodQuestion(slots));
    const method = chosenMethod(slots);
    if (!method) {
      delete slots.payWith;
      say(
        turn,
        reply('order_change_refused', {
          orderId: order.id,
          reason: 'same_method',
          orderStatus: order.status,
        }),
      );
      return waitFor(flow, turn, 'payWith', methodQuestion(slots));
    }
    if (method.balanceCents !== null && method.balanceCents < paidCents(order)) {
      // Store credit or a gift card must cover the whole charge.
      delete slots.payWith;
      say(
        turn,
        reply('exchange_balance_short', {
          method: method.label,
          balance: { amountCents: method.balanceCents, currency: order.currency },
        }),
      );
      return waitFor(flow, turn, 'payWith', methodQuestion(slots));
    }
  } else {
    if (context.itemsChanged) return refuse(turn, order, 'items_changed');
    if (!slots.line) {
      if (order.lines.length === 1) slots.line = String(order.lines[0]?.line);
      else return waitFor(flow, turn, 'line', itemQuestion(slots));
    }
    if (!slots.variants) {
      const options = await quick.exchangeOptions({ orderId: order.id, line: Number(slots.line) });
      const line = lineOf(slots);
      if (options.length === 0) {
        say(turn, reply('exchange_no_variants', { nameEn: line?.nameEn ?? '', nameZh: line?.nameZh ?? '' }));
        return 'done';
      }
      const offered = options.slice(0, 9);
      slots.variants = JSON.stringify(offered);
      const differences = await quick.itemDifferences({
        orderId: order.id,
        line: Number(slots.line),
        priceCents: offered.map((o) => o.priceCents),
      });
      slots.differences = JSON.stringify(differences);
    }
    if (!slots.variantTo) return waitFor(flow, turn, 'variantTo', variantQuestion(slots));
    const difference = differenceOf(slots);
    if (difference !== 0) {
      const method = chosenMethod(slots);
      if (method && difference > 0 && method.balanceCents !== null && method.balanceCents < difference) {
        delete slots.payWith;
        say(
          turn,
          reply('exchange_balance_short', {
            method: method.label,
            balance: { amountCents: method.balanceCents, currency: order.currency },
          }),
        );
      }
      if (!chosenMethod(slots)) return waitFor(flow, turn, 'payWith', methodQuestion(slots));
    }
  }
  const ready = summary(slots);
  if (!ready) return waitFor(flow, turn, 'what', reply('order_change_ask_what', { orderId: order.id }));
  flow.awaiting = { kind: 'confirm' };
  say(turn, ready);
  return 'waiting';
}

const isDeclined = (err: unknown) => {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === 'PaymentDeclined';
};

/** After the yes: the change is begun under its id, money moves once per key, then the order is updated. */
async function change(turn: Turn, flow: OrderChangeFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const order = orderOf(slots);
  const customer = turn.state.identity.customer;
  if (!order || !customer || !slots.what) return gather(turn, flow);
  slots.changeId ??= `CHG-${uuid4().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const kind = slots.what as ChangeKind;
  const method = chosenMethod(slots);
  const line = lineOf(slots);
  const variant = parse<ExchangeOption>(slots.variantTo);
  const plan: OrderChangePlan = {
    changeId: slots.changeId,
    caseId: turn.state.id,
    customerId: customer.id,
    orderId: order.id,
    kind,
    ...(kind === 'address' ? { address: parse<Address>(slots.address) } : {}),
    ...(kind === 'items' && line && variant
      ? { line: line.line, variantSku: variant.variantSku, options: variant.options }
      : {}),
    differenceCents: kind === 'payment' ? paidCents(order) : kind === 'items' ? differenceOf(slots) : 0,
    ...(method ? { method } : {}),
  };
  const begun = await durable.beginOrderChange(plan);
  if (begun.refused) return refuse(turn, order, begun.refused);
  const key = (what: string, methodId: string) => `${order.id}:change:${plan.changeId}:${what}:${methodId}`;
  const money = (
    kindOf: 'charge' | 'refund',
    m: { methodId: string; kind: PaymentChoice['kind'] },
    cents: number,
    reference: string | null,
  ) =>
    durable.moveMoney({
      key: key(kindOf, m.methodId),
      kind: kindOf,
      orderId: order.id,
      customerId: customer.id,
      methodId: m.methodId,
      methodKind: m.kind,
      amountCents: cents,
      currency: order.currency,
      reference,
    });
  try {
    if (kind === 'items' && plan.differenceCents !== 0 && method) {
      const paidWith = order.payments.find((p) => p.methodId === method.methodId);
      await money(
        plan.differenceCents > 0 ? 'charge' : 'refund',
        method,
        Math.abs(plan.differenceCents),
        paidWith?.reference ?? null,
      );
    }
    if (kind === 'payment' && method) await money('charge', method, plan.differenceCents, null);
  } catch (err) {
    if (!isDeclined(err)) throw err;
    await durable.failOrderChange({ changeId: plan.changeId });
    say(turn, reply('order_change_declined', { orderId: order.id }));
    return 'done';
  }
  if (kind === 'payment') {
    try {
      for (const payment of order.payments)
        await money('refund', payment, payment.paidCents, payment.reference);
    } catch (err) {
      if (!isDeclined(err)) throw err;
      // The new payment went through and the old one would not come back: a human sorts it out.
      await durable.completeOrderChange(plan);
      say(turn, reply('cancel_failed', { orderId: order.id }));
      escalate(turn, 'payment_failure', { announce: false });
      return 'stopped';
    }
  }
  await durable.completeOrderChange(plan);
  say(
    turn,
    reply('order_change_done', {
      kind,
      orderId: order.id,
      amount: kind === 'address' ? null : { amountCents: plan.differenceCents, currency: order.currency },
      method: method?.label ?? null,
    }),
  );
  return 'done';
}
