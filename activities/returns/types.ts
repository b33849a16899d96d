// The shapes returns, exchanges and cancellations pass between the store, the flows and the return workflow: plain data.

export type PaymentKind = 'card' | 'paypal' | 'gift_card' | 'store_credit';

/** A way to pay or be paid back, as the customer chooses it in the chat. */
export interface PaymentOption {
  /** A payment method id, or 'store_credit' for the customer's store credit (made on first use). */
  methodId: string;
  kind: PaymentKind;
  /** e.g. "visa ending 4242", "PayPal", "gift card". */
  label: string;
  /** What a gift card or store credit holds; null for cards and PayPal. */
  balanceCents: number | null;
}

/** One line of an order as a return sees it. */
export interface ReturnLine {
  line: number;
  sku: string;
  nameEn: string;
  nameZh: string;
  options: Record<string, string>;
  unitCents: number;
  quantity: number;
  finalSale: boolean;
}

/** Another variant of a line's product the customer may exchange to. */
export interface ExchangeOption {
  variantSku: string | null;
  options: Record<string, string>;
  priceCents: number;
}

/** An order with what a return or cancellation needs, loaded once the customer is verified. */
export interface OrderSnapshot {
  id: string;
  status: string;
  placedAt: string;
  /** When the last shipment was delivered, if it was. */
  deliveredAt: string | null;
  currency: string;
  lines: ReturnLine[];
  /** Payments made for the order (refunds subtracted), by method. */
  payments: (PaymentOption & { paidCents: number; reference: string | null })[];
  /** A return or exchange is already open for this order. */
  openRequest: boolean;
  shipped: boolean;
}

export interface ReturnOrderChoice {
  id: string;
  placedAt: string;
  summaryEn: string;
  summaryZh: string;
}

/** Everything the return workflow needs, fixed when the customer said yes. */
export interface ReturnPlan {
  rmaId: string;
  caseId: string;
  customerId: string;
  orderId: string;
  kind: 'return' | 'exchange';
  lines: number[];
  reason: string | null;
  currency: string;
  /** What the returned lines cost. */
  amountCents: number;
  /** Where a refund goes: 'original' (the order's payments) or 'store_credit'. */
  refundTo: 'original' | 'store_credit';
  exchange: {
    line: number;
    variantSku: string | null;
    options: Record<string, string>;
    /** New price minus old: positive is charged, negative refunded. */
    differenceCents: number;
    payWith: string | null;
    payWithKind: PaymentKind | null;
  } | null;
  locale: 'en' | 'zh-CN';
}

export interface MoneyResult {
  key: string;
  status: 'succeeded' | 'for_finance';
  provider: 'stripe' | 'ledger' | 'credit';
  amountCents: number;
  label: string;
}
