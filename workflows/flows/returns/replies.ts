// What the returns, exchange, cancellation and satisfaction flows say, with the parameters each reply needs.
import type { OrderChoice } from '../../replies';

/** An order line as the customer sees it in a list. */
export interface LineChoice {
  line: number;
  nameEn: string;
  nameZh: string;
  /** e.g. "blue, M" or "black, brown switches". */
  options: string;
  finalSale: boolean;
}

/** A payment method as offered in a list: its kind, how it is named, and what it holds. */
export interface MethodChoice {
  kind: string;
  label: string;
  balanceCents: number | null;
}

export interface Money {
  amountCents: number;
  currency: string;
}

export type RefusalReason = 'not_delivered' | 'not_shipped' | 'window' | 'final_sale' | 'open_request';

export interface ReturnsReplyParams {
  return_choose_order: { orders: OrderChoice[]; matched: 'all' | 'attributes' | 'none' };
  return_no_orders: Record<string, never>;
  return_choose_items: { orderId: string; lines: LineChoice[] };
  return_ask_kind: Record<string, never>;
  return_ask_reason: Record<string, never>;
  return_ask_refund_method: { original: string };
  return_refused: { reason: RefusalReason; orderId: string; windowDays: number; orderStatus: string };
  return_final_sale_skipped: { names: string[]; namesZh: string[] };
  exchange_choose_variant: {
    nameEn: string;
    nameZh: string;
    options: { label: string; difference: Money }[];
  };
  exchange_no_variants: { nameEn: string; nameZh: string };
  exchange_ask_payment: { difference: Money; charge: boolean; methods: MethodChoice[] };
  exchange_balance_short: { method: string; balance: Money };
  return_confirm: {
    kind: 'return' | 'exchange';
    orderId: string;
    itemsEn: string[];
    itemsZh: string[];
    reason: string | null;
    amount: Money;
    refundTo: string | null;
    exchangeTo: string | null;
    difference: Money | null;
    payWith: string | null;
  };
  return_created: {
    rmaId: string;
    kind: 'return' | 'exchange';
    carrier: string;
    trackingNumber: string;
    windowDays: number;
  };
  return_reminder: { rmaId: string };
  return_received: { rmaId: string };
  return_refunded: { rmaId: string; amountCents: number; currency: string; method: string };
  return_refund_with_finance: { rmaId: string; amountCents: number; currency: string; method: string };
  return_exchanged: { rmaId: string; amountCents: number; currency: string; method: string };
  return_expired: { rmaId: string };
  refund_failed: { rmaId: string };
  csat_ask: Record<string, never>;
  csat_thanks: { score: number };
  cancel_ask_reason: { reasons: string[] };
  cancel_refused: { orderId: string; orderStatus: string };
  cancel_confirm: { orderId: string; amount: Money; reason: string; paidWith: string[] };
  cancel_done: { orderId: string; refunds: { method: string; amount: Money }[] };
  cancel_failed: { orderId: string };
  /** Every tracking event of an order's latest parcel, oldest first. */
  tracking_history: {
    orderId: string;
    events: { at: string; location: string | null; description: string }[];
  };
  /** An order-status answer for a parcel with no carrier or no scan yet, or a cancelled one. */
  shipment_without_tracking: { orderId: string; cancelled: boolean; carrier: string | null };
}
