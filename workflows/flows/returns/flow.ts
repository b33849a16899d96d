// Returns and exchanges: who the customer is, which order and items, return or exchange, why, where the money goes, yes; then an RMA whose own workflow waits for the parcel.
import { ParentClosePolicy, startChild, uuid4 } from '@temporalio/workflow';
import { readOrderId } from '../order-slot';
import type {
  ExchangeOption,
  OrderSnapshot,
  PaymentOption,
  ReturnPlan,
} from '../../../activities/returns/types';
import { durable, quick } from '../../activity-proxies';
import { reply, type Reply } from '../../replies';
import { RETURN_SLOTS } from '../../returns/progress';
import { returnWorkflow } from '../../returns/return-workflow';
import { moveTo, record, say, type Turn } from '../../turn';
import type { ReturnPolicy } from '../../types';
import type { ActiveFlow, FlowDefinition, FlowOutcome } from '../flow';
import { pickOrdinal } from '../ordinals';
import { optionWords, readKind, readLines, readMethod, readReason, readRefundTo, readVariant } from './read';
import type { LineChoice, RefusalReason } from './replies';

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  windowDays: 30,
  reminderMs: 7 * 86_400_000,
  expiryMs: 14 * 86_400_000,
  cancelReasons: ['no longer needed', 'ordered by mistake'],
};

export function returnPolicy(turn: Turn): ReturnPolicy {
  return turn.state.settings.returns ?? DEFAULT_RETURN_POLICY;
}

export interface ReturnsSlots {
  [slot: string]: string | string[] | undefined;
  orderId?: string;
  /** Order ids offered in a numbered list, and the list itself (JSON) to ask again. */
  choices?: string[];
  offered?: string;
  /** What the customer remembers: [from, to, words] of a time range, and colours. */
  period?: string[];
  colours?: string[];
  /** Products mentioned (a sku or category from the catalogue, else the word). */
  things?: string[];
  /** The order as loaded once the customer was verified (JSON OrderSnapshot). */
  order?: string;
  lines?: string[];
  kind?: string;
  reason?: string;
  /** Variants offered (JSON ExchangeOption[]) and the one chosen (JSON). */
  variants?: string;
  exchangeTo?: string;
  /** Ways to settle a price difference (JSON PaymentOption[]) and the chosen method id. */
  methods?: string;
  payWith?: string;
  refundTo?: string;
  rmaId?: string;
}

type ReturnsFlow = ActiveFlow & { slots: ReturnsSlots };

const parse = <T>(json: string | undefined): T | undefined => (json ? (JSON.parse(json) as T) : undefined);
const orderOf = (slots: Readonly<ReturnsSlots>) => parse<OrderSnapshot>(slots.order);
const variantOf = (slots: Readonly<ReturnsSlots>) => parse<ExchangeOption>(slots.exchangeTo);
const chosenLines = (slots: Readonly<ReturnsSlots>) => (slots.lines ?? []).map(Number);

function lineChoices(order: OrderSnapshot): LineChoice[] {
  return order.lines.map((l) => ({
    line: l.line,
    nameEn: l.nameEn,
    nameZh: l.nameZh,
    options: optionWords(l.options),
    finalSale: l.finalSale,
  }));
}

function returnedCents(order: OrderSnapshot, lines: number[]): number {
  return order.lines
    .filter((l) => lines.includes(l.line))
    .reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
}

/** New price minus old for the exchanged line: positive is charged, negative refunded. */
function differenceCents(order: OrderSnapshot, lines: number[], variant: ExchangeOption): number {
  const line = order.lines.find((l) => l.line === lines[0]);
  return line ? variant.priceCents - line.unitCents : 0;
}

/** Everything gathered: what the confirmation shows and the RMA is made from. Null while something is missing. */
function readyToConfirm(slots: Readonly<ReturnsSlots>): Reply | null {
  const order = orderOf(slots);
  const lines = chosenLines(slots);
  if (!order || order.id !== slots.orderId || lines.length === 0 || !slots.kind || slots.reason === undefined)
    return null;
  const items = order.lines.filter((l) => lines.includes(l.line));
  const money = { amountCents: returnedCents(order, lines), currency: order.currency };
  const reason = slots.reason === '-' ? null : slots.reason;
  if (slots.kind === 'return') {
    if (!slots.refundTo) return null;
    return reply('return_confirm', {
      kind: 'return',
      orderId: order.id,
      itemsEn: items.map((l) => l.nameEn),
      itemsZh: items.map((l) => l.nameZh),
      reason,
      amount: money,
      refundTo: slots.refundTo === 'store_credit' ? 'store_credit' : (order.payments[0]?.label ?? 'original'),
      exchangeTo: null,
      difference: null,
      payWith: null,
    });
  }
  const variant = variantOf(slots);
  if (!variant) return null;
  const difference = differenceCents(order, lines, variant);
  if (difference !== 0 && !slots.payWith) return null;
  const methods = parse<PaymentOption[]>(slots.methods) ?? [];
  // A gift card or store credit must cover a charge: not confirmable (gather() says so and asks again).
  const payer = methods.find((m) => m.methodId === slots.payWith);
  if (difference > 0 && payer?.balanceCents != null && payer.balanceCents < difference) return null;
  return reply('return_confirm', {
    kind: 'exchange',
    orderId: order.id,
    itemsEn: items.slice(0, 1).map((l) => l.nameEn),
    itemsZh: items.slice(0, 1).map((l) => l.nameZh),
    reason,
    amount: money,
    refundTo: null,
    exchangeTo: optionWords(variant.options),
    difference: { amountCents: difference, currency: order.currency },
    payWith: methods.find((m) => m.methodId === slots.payWith)?.label ?? slots.payWith ?? null,
  });
}

const awaiting = (turn: Turn, flow: ReturnsFlow, slot: string, question: Reply): FlowOutcome => {
  flow.awaiting = { kind: 'slot', slot };
  say(turn, question);
  return 'waiting';
};

export const returnsFlow: FlowDefinition<ReturnsSlots> = {
  name: 'returns',
  startsOn: ['return_request'],
  form: [
    {
      name: 'orderId',
      required: false,
      read(turn, awaited, slots) {
        const read = readOrderId(turn, awaited, slots.choices);
        if (read || awaited !== 'orderId' || !slots.choices) return read;
        // "the kettle one": the only offered order whose summary has the words.
        const offered = parse<{ id: string; summaryEn: string; summaryZh: string }[]>(slots.offered) ?? [];
        const text = turn.message.text.toLowerCase();
        const named = offered.filter((o) =>
          o.summaryEn
            .toLowerCase()
            .split(/[^a-z0-9]+/)
            .some((w) => w.length >= 4 && text.includes(w)),
        );
        return named.length === 1 ? named[0]?.id : undefined;
      },
      ask: (slots) => {
        const offered = parse<{ id: string; placedAt: string; summaryEn: string; summaryZh: string }[]>(
          slots.offered,
        );
        return offered
          ? reply('return_choose_order', { orders: offered, matched: 'all' })
          : reply('ask_order_id');
      },
    },
    {
      name: 'period',
      required: false,
      read(turn, _awaited, slots) {
        const range = turn.understanding.entities.dateRange;
        if (!range || slots.orderId) return undefined;
        return [range.from, range.to, range.expression];
      },
      ask: () => reply('ask_order_id'),
    },
    {
      name: 'colours',
      required: false,
      read(turn, awaited, slots) {
        const { colours } = turn.understanding.entities;
        if (slots.orderId || awaited === 'exchangeTo' || colours.length === 0) return undefined;
        return colours;
      },
      ask: () => reply('ask_order_id'),
    },
    {
      name: 'things',
      required: false,
      read(turn, awaited, slots) {
        const { products } = turn.understanding.entities;
        if (slots.orderId || awaited === 'exchangeTo' || products.length === 0) return undefined;
        return products.map((p) => p.sku ?? p.category ?? p.term);
      },
      ask: () => reply('ask_order_id'),
    },
    {
      name: 'lines',
      required: false,
      read(turn, awaited, slots) {
        const order = orderOf(slots);
        if (awaited !== 'lines' || !order) return undefined;
        return readLines(turn.message.text, order.lines)?.map(String);
      },
      ask: (slots) => {
        const order = orderOf(slots);
        return order
          ? reply('return_choose_items', { orderId: order.id, lines: lineChoices(order) })
          : reply('ask_order_id');
      },
    },
    {
      name: 'kind',
      required: false,
      read(turn, awaited) {
        if (awaited === 'reason') return undefined;
        const kind = readKind(turn.message.text);
        if (kind || awaited !== 'kind') return kind;
        return pickOrdinal(turn.message.text, ['return', 'exchange'] as const);
      },
      ask: () => reply('return_ask_kind'),
    },
    {
      name: 'reason',
      required: false,
      read: (turn, awaited) => (awaited === 'reason' ? readReason(turn.message.text) : undefined),
      ask: () => reply('return_ask_reason'),
    },
    {
      name: 'exchangeTo',
      required: false,
      read(turn, awaited, slots) {
        const offered = parse<ExchangeOption[]>(slots.variants);
        if (awaited !== 'exchangeTo' || !offered) return undefined;
        const chosen = readVariant(turn, offered);
        return chosen ? JSON.stringify(chosen) : undefined;
      },
      ask: (slots) => {
        const order = orderOf(slots);
        const line = order?.lines.find((l) => l.line === chosenLines(slots)[0]);
        const offered = parse<ExchangeOption[]>(slots.variants) ?? [];
        if (!order || !line) return reply('return_ask_kind');
        return reply('exchange_choose_variant', {
          nameEn: line.nameEn,
          nameZh: line.nameZh,
          options: offered.map((o) => ({
            label: optionWords(o.options),
            difference: { amountCents: o.priceCents - line.unitCents, currency: order.currency },
          })),
        });
      },
    },
    {
      name: 'payWith',
      required: false,
      read(turn, awaited, slots) {
        const offered = parse<PaymentOption[]>(slots.methods);
        if (awaited !== 'payWith' || !offered) return undefined;
        return readMethod(turn.message.text, offered)?.methodId;
      },
      ask: (slots) => paymentQuestion(slots) ?? reply('return_ask_kind'),
    },
    {
      name: 'refundTo',
      required: false,
      read(turn, awaited, slots) {
        if (awaited !== 'refundTo' && slots.kind !== 'return') return undefined;
        if (awaited !== 'refundTo' && !slots.refundTo) return undefined;
        return readRefundTo(turn.message.text);
      },
      ask: (slots) =>
        reply('return_ask_refund_method', { original: orderOf(slots)?.payments[0]?.label ?? 'original' }),
    },
  ],
  identity: (slots) => ({ action: 'order_change', ...(slots.orderId ? { orderId: slots.orderId } : {}) }),
  confirm: readyToConfirm,
  act: (turn, flow) => (flow.confirmed ? createReturn(turn, flow) : gather(turn, flow)),
};

function paymentQuestion(slots: Readonly<ReturnsSlots>): Reply | null {
  const order = orderOf(slots);
  const variant = variantOf(slots);
  const methods = parse<PaymentOption[]>(slots.methods);
  if (!order || !variant || !methods) return null;
  const difference = differenceCents(order, chosenLines(slots), variant);
  return reply('exchange_ask_payment', {
    difference: { amountCents: Math.abs(difference), currency: order.currency },
    charge: difference > 0,
    methods: methods.map((m) => ({ kind: m.kind, label: m.label, balanceCents: m.balanceCents })),
  });
}

function refuse(turn: Turn, order: OrderSnapshot, reason: RefusalReason): FlowOutcome {
  say(
    turn,
    reply('return_refused', {
      reason,
      orderId: order.id,
      windowDays: returnPolicy(turn).windowDays,
      orderStatus: order.status,
    }),
  );
  return 'done';
}

/** Why this order cannot be returned, or null when it can: delivered, within the window, one request, not final sale. */
function policyRefusal(turn: Turn, order: OrderSnapshot): RefusalReason | null {
  // One return or exchange per order: a request in progress, or one already completed (an expired one does not count).
  if (order.openRequest || ['return_requested', 'exchange_requested', 'returned'].includes(order.status))
    return 'open_request';
  if ((order.status === 'paid' || order.status === 'pending') && !order.shipped) return 'not_shipped';
  if (order.status !== 'delivered' || !order.deliveredAt) return 'not_delivered';
  const windowMs = returnPolicy(turn).windowDays * 86_400_000;
  if (Date.parse(turn.now) - Date.parse(order.deliveredAt) > windowMs) return 'window';
  if (order.lines.every((l) => l.finalSale)) return 'final_sale';
  return null;
}

/** Asks for whatever is still missing, loading what the next question needs; the engine confirms once nothing is. */
async function gather(turn: Turn, flow: ReturnsFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const customer = turn.state.identity.customer;
  if (!customer) return awaiting(turn, flow, 'orderId', reply('ask_identifier'));

  if (!slots.orderId) {
    const period = slots.period;
    const found = await quick.findOrdersForReturn({
      customerId: customer.id,
      ...(period ? { from: period[0], to: period[1] } : {}),
      colours: slots.colours ?? [],
      things: slots.things ?? [],
      limit: 5,
    });
    if (found.orders.length === 0) {
      say(turn, reply('return_no_orders'));
      return 'done';
    }
    if (found.orders.length === 1 && found.matched === 'all') {
      slots.orderId = found.orders[0]?.id;
    } else {
      slots.choices = found.orders.map((o) => o.id);
      slots.offered = JSON.stringify(found.orders);
      return awaiting(turn, flow, 'orderId', reply('return_choose_order', found));
    }
  }

  let order = orderOf(slots);
  if (!order || order.id !== slots.orderId) {
    // A new order (or a corrected one): what was chosen for the old one no longer applies.
    for (const key of ['lines', 'variants', 'exchangeTo', 'methods', 'payWith'] as const) delete slots[key];
    const loaded = await quick.loadOrderForReturn({
      orderId: slots.orderId as string,
      customerId: customer.id,
    });
    if (!loaded) {
      say(turn, reply('order_not_on_account', { orderId: slots.orderId as string }));
      delete slots.orderId;
      return awaiting(turn, flow, 'orderId', reply('ask_order_id'));
    }
    order = loaded;
    slots.order = JSON.stringify(order);
    const refusal = policyRefusal(turn, order);
    if (refusal) return refuse(turn, order, refusal);
  }

  if (!slots.lines?.length) {
    const returnable = order.lines.filter((l) => !l.finalSale);
    if (order.lines.length === 1 || returnable.length === 1)
      slots.lines = returnable.map((l) => String(l.line));
    else
      return awaiting(
        turn,
        flow,
        'lines',
        reply('return_choose_items', { orderId: order.id, lines: lineChoices(order) }),
      );
  }
  const skipped = order.lines.filter((l) => l.finalSale && chosenLines(slots).includes(l.line));
  if (skipped.length) {
    say(
      turn,
      reply('return_final_sale_skipped', {
        names: skipped.map((l) => l.nameEn),
        namesZh: skipped.map((l) => l.nameZh),
      }),
    );
    slots.lines = chosenLines(slots)
      .filter((n) => !skipped.some((l) => l.line === n))
      .map(String);
    if (!slots.lines.length) return refuse(turn, order, 'final_sale');
  }

  if (!slots.kind) return awaiting(turn, flow, 'kind', reply('return_ask_kind'));
  if (slots.reason === undefined) return awaiting(turn, flow, 'reason', reply('return_ask_reason'));

  if (slots.kind === 'exchange') {
    if (!slots.variants) {
      const options = await quick.exchangeOptions({
        orderId: order.id,
        line: chosenLines(slots)[0] as number,
      });
      const line = order.lines.find((l) => l.line === chosenLines(slots)[0]);
      if (options.length === 0) {
        say(turn, reply('exchange_no_variants', { nameEn: line?.nameEn ?? '', nameZh: line?.nameZh ?? '' }));
        slots.kind = 'return';
        return gather(turn, flow);
      }
      slots.variants = JSON.stringify(options.slice(0, 9));
    }
    if (!slots.exchangeTo) {
      const ask = returnsFlow.form.find((s) => s.name === 'exchangeTo')?.ask(slots) as Reply;
      return awaiting(turn, flow, 'exchangeTo', ask);
    }
    const difference = differenceCents(order, chosenLines(slots), variantOf(slots) as ExchangeOption);
    if (difference !== 0) {
      if (!slots.methods) {
        const balances = await quick.balancesOf({ customerId: customer.id });
        const cards = order.payments.filter((p) => p.kind === 'card' || p.kind === 'paypal');
        const credit = balances.find((b) => b.kind === 'store_credit') ?? {
          methodId: 'store_credit',
          kind: 'store_credit' as const,
          label: 'store credit',
          balanceCents: 0,
        };
        const methods: PaymentOption[] = [
          ...cards.map(({ methodId, kind, label }) => ({ methodId, kind, label, balanceCents: null })),
          credit,
          ...balances.filter((b) => b.kind === 'gift_card'),
        ];
        slots.methods = JSON.stringify(methods);
      }
      const methods = parse<PaymentOption[]>(slots.methods) ?? [];
      const chosen = methods.find((m) => m.methodId === slots.payWith);
      if (chosen && difference > 0 && chosen.balanceCents !== null && chosen.balanceCents < difference) {
        // A gift card or store credit must cover a charge in full.
        say(
          turn,
          reply('exchange_balance_short', {
            method: chosen.label,
            balance: { amountCents: chosen.balanceCents, currency: order.currency },
          }),
        );
        delete slots.payWith;
      }
      if (!slots.payWith) return awaiting(turn, flow, 'payWith', paymentQuestion(slots) as Reply);
    }
  } else if (!slots.refundTo) {
    return awaiting(
      turn,
      flow,
      'refundTo',
      reply('return_ask_refund_method', { original: order.payments[0]?.label ?? 'original' }),
    );
  }

  const summary = readyToConfirm(slots);
  if (!summary) return awaiting(turn, flow, 'kind', reply('return_ask_kind'));
  flow.awaiting = { kind: 'confirm' };
  say(turn, summary);
  return 'waiting';
}

/** After the customer's yes: the RMA and its label, then the return's own workflow, which outlives this chat. */
async function createReturn(turn: Turn, flow: ReturnsFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const order = orderOf(slots) as OrderSnapshot;
  const customer = turn.state.identity.customer;
  if (!customer || !order) return gather(turn, flow);
  // Made once in the workflow and kept in the slots: every retry and replay uses the same RMA and money keys.
  slots.rmaId ??= `RMA-${uuid4().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const lines = chosenLines(slots);
  const variant = variantOf(slots);
  const policy = returnPolicy(turn);
  const plan: ReturnPlan = {
    rmaId: slots.rmaId,
    caseId: turn.state.id,
    customerId: customer.id,
    orderId: order.id,
    kind: slots.kind === 'exchange' ? 'exchange' : 'return',
    lines: slots.kind === 'exchange' ? lines.slice(0, 1) : lines,
    reason: slots.reason === '-' ? null : (slots.reason ?? null),
    currency: order.currency,
    amountCents: returnedCents(order, slots.kind === 'exchange' ? lines.slice(0, 1) : lines),
    refundTo: slots.refundTo === 'store_credit' ? 'store_credit' : 'original',
    exchange:
      slots.kind === 'exchange' && variant
        ? {
            line: lines[0] as number,
            variantSku: variant.variantSku,
            options: variant.options,
            differenceCents: differenceCents(order, lines, variant),
            payWith: slots.payWith ?? null,
            payWithKind:
              (parse<PaymentOption[]>(slots.methods) ?? []).find((m) => m.methodId === slots.payWith)?.kind ??
              null,
          }
        : null,
    locale: turn.state.locale,
  };
  const { carrier, trackingNumber } = await durable.createReturn(plan);
  await startChild(returnWorkflow, {
    workflowId: plan.rmaId,
    args: [
      { plan, order: { payments: order.payments }, reminderMs: policy.reminderMs, expiryMs: policy.expiryMs },
    ],
    // The return goes on when the chat closes: it waits days for the parcel and reports back if the case is there.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  say(
    turn,
    reply('return_created', {
      rmaId: plan.rmaId,
      kind: plan.kind,
      carrier,
      trackingNumber,
      windowDays: Math.round(policy.reminderMs / 86_400_000) || 1,
    }),
  );
  const state = turn.state;
  state.flows = state.flows.filter((f) => f !== flow);
  Object.assign(state.memory, { orderId: order.id });
  state.memory[RETURN_SLOTS.id] = plan.rmaId;
  state.memory[RETURN_SLOTS.step] = 'awaiting_parcel';
  record(turn, { type: 'flow_completed', flow: flow.name });
  moveTo(turn, 'WAITING_EVENT', `return ${plan.rmaId} waits for the parcel`);
  return 'stopped';
}
