// Changes to paid orders that have not shipped: the choices offered, then a change begun, applied or failed once per id made by the case.
import { ApplicationFailure } from '@temporalio/common';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../platform/db';
import { methodLabel } from '../returns/store';
import type { PaymentKind } from '../returns/types';
import { convertCents, type PresalesSettings } from './settings';
import type { Address, OrderChangePlan, PaymentChoice } from './types';

/** Why a change cannot be made; the flow says it in plain words. */
export type ChangeRefusal = 'shipped' | 'not_paid' | 'items_changed';

export interface ChangeContext {
  shippingAddress: Address | null;
  /** The customer's saved addresses, default first. */
  addresses: Address[];
  /** Every way the customer can pay or be paid back, with balances for gift cards and store credit. */
  methods: PaymentChoice[];
  itemsChanged: boolean;
}

/** An order that can no longer change; the order is as it was. */
export const ORDER_CHANGE_REFUSED = 'OrderChangeRefused';

const SHIPPED = `EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.status <> 'cancelled'
                   AND (s.status <> 'label_created' OR s.carrier IS NOT NULL))`;

async function refusalFor(client: PoolClient | Pool, orderId: string, kind: string, changeId: string) {
  const { rows } = await client.query<{ status: string; shipped: boolean; items_changed: boolean }>(
    `SELECT o.status, ${SHIPPED} AS shipped,
            EXISTS (SELECT 1 FROM order_changes c WHERE c.order_id = o.id AND c.kind = 'items'
                      AND c.status <> 'failed' AND c.id <> $2) AS items_changed
       FROM orders o WHERE o.id = $1 FOR UPDATE`,
    [orderId, changeId],
  );
  const row = rows[0];
  if (!row) throw ApplicationFailure.nonRetryable(`no order ${orderId}`);
  if (row.shipped || ['shipped', 'delivered', 'returned'].includes(row.status)) return 'shipped' as const;
  if (row.status !== 'paid') return 'not_paid' as const;
  if (kind === 'items' && row.items_changed) return 'items_changed' as const;
  return null;
}

export function createOrderChangeActivities(db: Pool, settings: PresalesSettings) {
  return {
    /**
     * What each offered variant costs more (or less) than the line's own, in the order's currency and for the line's
     * quantity: catalogue prices are in the catalogue's currency, a Chinese order is in yuan.
     */
    async itemDifferences({
      orderId,
      line,
      priceCents,
    }: {
      orderId: string;
      line: number;
      priceCents: number[];
    }): Promise<number[]> {
      const { rows } = await db.query<{
        base: string;
        currency: string;
        order_currency: string;
        quantity: number;
      }>(
        `SELECT COALESCE(v.price, p.price)::text AS base, p.currency, o.currency AS order_currency, i.quantity
           FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.sku = i.sku
           LEFT JOIN product_variants v ON v.sku = i.variant_sku
          WHERE i.order_id = $1 AND i.line_no = $2`,
        [orderId, line],
      );
      const row = rows[0];
      if (!row) return priceCents.map(() => 0);
      const base = Math.round(Number(row.base) * 100);
      return priceCents.map((cents) => {
        const delta = convertCents(settings, Math.abs(cents - base), row.currency, row.order_currency);
        return Math.sign(cents - base) * delta * row.quantity;
      });
    },

    /** What the customer may change to: saved addresses, payment methods, and whether items were changed already. */
    async orderChangeContext({
      orderId,
      customerId,
    }: {
      orderId: string;
      customerId: string;
    }): Promise<ChangeContext> {
      const [order, addresses, methods] = await Promise.all([
        db.query<{ shipping_address: Address | null; items_changed: boolean }>(
          `SELECT o.shipping_address, EXISTS (SELECT 1 FROM order_changes c WHERE c.order_id = o.id AND c.kind = 'items'
                    AND c.status <> 'failed') AS items_changed
             FROM orders o WHERE o.id = $1 AND o.customer_id = $2`,
          [orderId, customerId],
        ),
        db.query<Record<string, string | null>>(
          `SELECT line1, line2, city, state, country, postcode FROM customer_addresses
            WHERE customer_id = $1 ORDER BY is_default DESC, id`,
          [customerId],
        ),
        db.query<{
          id: string;
          kind: PaymentKind;
          brand: string | null;
          last4: string | null;
          balance: string | null;
        }>(
          `SELECT m.id, m.kind, m.brand, m.last4,
                  (SELECT sum(amount_cents)::text FROM credit_ledger l WHERE l.method_id = m.id) AS balance
             FROM payment_methods m WHERE m.customer_id = $1
            ORDER BY array_position(ARRAY['card', 'paypal', 'store_credit', 'gift_card'], m.kind), m.id`,
          [customerId],
        ),
      ]);
      const clean = (a: Record<string, string | null>): Address =>
        Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null && v !== '')) as unknown as Address;
      const choices: PaymentChoice[] = methods.rows.map((m) => ({
        methodId: m.id,
        kind: m.kind,
        label: methodLabel(m.kind, m.brand, m.last4),
        balanceCents: m.kind === 'gift_card' || m.kind === 'store_credit' ? Number(m.balance ?? 0) : null,
      }));
      if (!choices.some((c) => c.kind === 'store_credit'))
        choices.push({
          methodId: 'store_credit',
          kind: 'store_credit',
          label: 'store credit',
          balanceCents: 0,
        });
      return {
        shippingAddress: order.rows[0]?.shipping_address ?? null,
        addresses: addresses.rows.map(clean),
        methods: choices,
        itemsChanged: order.rows[0]?.items_changed ?? false,
      };
    },

    /**
     * Records the change as pending once its order is checked (paid, not shipped, items not changed before), under
     * a lock on the order. The same id again finds its row: a retry changes nothing.
     */
    async beginOrderChange(
      plan: OrderChangePlan,
    ): Promise<{ refused: ChangeRefusal | null; status: string }> {
      return inTransaction(db, async (client) => {
        const existing = await client.query<{ status: string }>(
          'SELECT status FROM order_changes WHERE id = $1',
          [plan.changeId],
        );
        if (existing.rows[0]) return { refused: null, status: existing.rows[0].status };
        const refused = await refusalFor(client, plan.orderId, plan.kind, plan.changeId);
        if (refused) return { refused, status: 'refused' };
        const before = await client.query<{ shipping_address: Address | null; items: unknown }>(
          `SELECT o.shipping_address, (SELECT json_agg(json_build_object('line', i.line_no, 'sku', i.sku, 'variantSku', i.variant_sku,
                    'options', i.options, 'unitPrice', i.unit_price) ORDER BY i.line_no) FROM order_items i WHERE i.order_id = o.id) AS items
             FROM orders o WHERE o.id = $1`,
          [plan.orderId],
        );
        await client.query(
          `INSERT INTO order_changes (id, order_id, case_id, kind, status, before, after, difference_cents, method_id)
           VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8)`,
          [
            plan.changeId,
            plan.orderId,
            plan.caseId,
            plan.kind,
            JSON.stringify(before.rows[0] ?? {}),
            JSON.stringify({
              address: plan.address ?? null,
              line: plan.line ?? null,
              variantSku: plan.variantSku ?? null,
              options: plan.options ?? null,
            }),
            plan.differenceCents,
            plan.method?.methodId ?? null,
          ],
        );
        return { refused: null, status: 'pending' };
      });
    },

    /** Applies a begun change to the order, with the payments its money moved (read back by their keys), once. */
    async completeOrderChange(plan: OrderChangePlan): Promise<void> {
      await inTransaction(db, async (client) => {
        const { rows } = await client.query<{ status: string }>(
          'SELECT status FROM order_changes WHERE id = $1 FOR UPDATE',
          [plan.changeId],
        );
        if (rows[0]?.status !== 'pending') return;
        if (plan.kind === 'address' && plan.address) {
          await client.query('UPDATE orders SET shipping_address = $2, updated_at = now() WHERE id = $1', [
            plan.orderId,
            JSON.stringify(plan.address),
          ]);
        }
        if (plan.kind === 'items' && plan.line !== undefined) {
          const old = await client.query<{ variant_sku: string | null; quantity: number }>(
            'SELECT variant_sku, quantity FROM order_items WHERE order_id = $1 AND line_no = $2',
            [plan.orderId, plan.line],
          );
          const quantity = old.rows[0]?.quantity ?? 1;
          await client.query(
            `UPDATE order_items SET options = $3, variant_sku = $4, unit_price = unit_price + $5::numeric / 100 / quantity
              WHERE order_id = $1 AND line_no = $2`,
            [
              plan.orderId,
              plan.line,
              JSON.stringify(plan.options ?? {}),
              plan.variantSku ?? null,
              plan.differenceCents,
            ],
          );
          // The swapped variants' stock follows the order: one back on the shelf, one taken.
          if (old.rows[0]?.variant_sku)
            await client.query(
              'UPDATE product_variants SET stock = stock + $2 WHERE sku = $1 AND stock IS NOT NULL',
              [old.rows[0].variant_sku, quantity],
            );
          if (plan.variantSku)
            await client.query(
              'UPDATE product_variants SET stock = greatest(stock - $2, 0) WHERE sku = $1 AND stock IS NOT NULL',
              [plan.variantSku, quantity],
            );
          await client.query(
            `UPDATE orders SET total = total + $2::numeric / 100, updated_at = now() WHERE id = $1`,
            [plan.orderId, plan.differenceCents],
          );
        }
        // Every movement of this change becomes a line of the order's payment history.
        await client.query(
          `INSERT INTO order_payments (id, order_id, kind, method_id, method_kind, amount, currency, reference, at)
           SELECT 'PAY-' || m.business_key, m.order_id, CASE m.kind WHEN 'charge' THEN 'payment' ELSE 'refund' END,
                  m.method_id, COALESCE(pm.kind, 'card'), m.amount_cents::numeric / 100, m.currency, m.provider_ref, now()
             FROM money_movements m LEFT JOIN payment_methods pm ON pm.id = m.method_id
            WHERE m.business_key LIKE $1 AND m.status IN ('succeeded', 'for_finance')
           ON CONFLICT (id) DO NOTHING`,
          [`${plan.orderId}:change:${plan.changeId}:%`],
        );
        await client.query(`UPDATE order_changes SET status = 'applied', updated_at = now() WHERE id = $1`, [
          plan.changeId,
        ]);
      });
    },

    /** A change whose payment was declined: it does not count, and the order stays as it was. */
    async failOrderChange({ changeId }: { changeId: string }): Promise<void> {
      await db.query(
        `UPDATE order_changes SET status = 'failed', updated_at = now() WHERE id = $1 AND status = 'pending'`,
        [changeId],
      );
    },
  };
}
