// What the order-change flow says: what to change, the choices, the summary, the outcome, and why an order cannot change.
import type { LineChoice, MethodChoice, Money } from '../returns/replies';

export type ChangeKind = 'address' | 'payment' | 'items';
export type ChangeRefusalReason = 'shipped' | 'not_paid' | 'cancelled' | 'items_changed' | 'same_method';

export interface OrderChangeReplyParams {
  order_change_ask_what: { orderId: string };
  order_change_refused: { orderId: string; reason: ChangeRefusalReason; orderStatus: string };
  order_change_ask_address: { current: string | null; addresses: string[] };
  order_change_ask_item: { orderId: string; lines: LineChoice[] };
  order_change_ask_method: { total: Money; methods: MethodChoice[] };
  order_change_confirm: {
    kind: ChangeKind;
    orderId: string;
    address: string | null;
    itemEn: string | null;
    itemZh: string | null;
    to: string | null;
    /** Items: new price minus old (positive is charged); payment: the amount moved to the new method. */
    amount: Money | null;
    method: string | null;
  };
  order_change_done: { kind: ChangeKind; orderId: string; amount: Money | null; method: string | null };
  order_change_declined: { orderId: string };
}
