// The shapes the shopping guide and order changes pass between the store and the flows: plain data.
import type { Locale } from '../../workflows/types';
import type { PaymentKind } from '../returns/types';

export interface Money {
  amountCents: number;
  currency: string;
}

export interface ProductName {
  sku: string;
  nameEn: string;
  nameZh: string;
}

/** Why a product is recommended; the flow words each in the customer's language. */
export type Reason =
  | { code: 'use'; use: string }
  | { code: 'lighter'; than: ProductName; weight: string; theirs: string }
  | { code: 'viewed' }
  | { code: 'bought_together'; with: ProductName }
  | { code: 'rating'; rating: string }
  | { code: 'budget'; budget: Money }
  | { code: 'match' };

export interface ShoppingRequest {
  caseId: string;
  customerId: string | null;
  /** What the customer said they are looking for, in their words. */
  query: string;
  /** Uses and recipients read from the conversation, as product tags ('elderly', 'running'). */
  uses: string[];
  /** The most they want to spend, in the currency of their language; null: no limit. */
  budget: number | null;
  size: string | null;
  /** The customer said any size will do (or the product has none). */
  anySize?: boolean;
  colour: string | null;
  locale: Locale;
  /** How many to show; the configured number when absent. */
  limit?: number;
  /** History as it was at this instant (the bench's held-back purchase); now when absent. */
  asOf?: string;
}

export interface Recommendation extends ProductName {
  price: Money;
  descriptionEn: string | null;
  descriptionZh: string | null;
  reasons: Reason[];
}

export type ShoppingAnswer =
  | { kind: 'recommendations'; items: Recommendation[] }
  | { kind: 'ask_size'; sizes: string[] }
  | { kind: 'none'; reason: 'budget' | 'stock'; cheapest: Money | null };

/** What a product's own data says about the fact asked (value null: the product does not say). */
export interface ProductFacts extends ProductName {
  fact: string | null;
  value: string | null;
  currency: string;
  descriptionEn: string | null;
  descriptionZh: string | null;
}

export interface CompareRequest {
  skus: string[];
  locale: Locale;
}

export interface Comparison {
  products: (ProductName & { price: Money; available: boolean; facts: Record<string, string | null> })[];
  /** Every fact either product has, in a stable order. */
  facts: string[];
}

/** A paid, unshipped order as a change sees it. */
export interface ChangeableOrder {
  id: string;
  status: string;
  shipped: boolean;
  currency: string;
  shippingAddress: Address | null;
  /** Items changed already (a change whose payment failed does not count). */
  itemsChanged: boolean;
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  state?: string;
  postcode?: string;
  country: string;
}

export interface PaymentChoice {
  methodId: string;
  kind: PaymentKind;
  label: string;
  balanceCents: number | null;
}

/** Everything an order change needs, fixed when the customer said yes. */
export interface OrderChangePlan {
  /** Made by the case: the change's id and the root of its money keys. */
  changeId: string;
  caseId: string;
  customerId: string;
  orderId: string;
  kind: 'address' | 'payment' | 'items';
  address?: Address;
  /** Items: the line and the variant it becomes. */
  line?: number;
  variantSku?: string | null;
  options?: Record<string, string>;
  /** New price minus old for items (positive is charged); the whole paid amount for a payment change. */
  differenceCents: number;
  /** The method that pays or is paid back. */
  method?: PaymentChoice;
}
