// Returns in the commerce store: finding the order, its lines and payments, creating the RMA with its label, and its progress.
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { inTransaction } from '../platform/db';
import { queueNotification } from '../notifications/outbox';
import { buildReturnLabel, type LabelAddress } from './label';
import type {
  ExchangeOption,
  OrderSnapshot,
  PaymentKind,
  PaymentOption,
  ReturnLine,
  ReturnOrderChoice,
  ReturnPlan,
} from './types';

export interface ReturnStoreSettings {
  carrier: string;
  /** Where returned parcels go: printed on the label. */
  warehouse: LabelAddress;
}

const cents = (amount: string | number) => Math.round(Number(amount) * 100);

/** "visa ending 4242", "PayPal", "gift card"; the chat words it per language from these parts. */
export function methodLabel(kind: PaymentKind, brand: string | null, last4: string | null): string {
  if (kind === 'card') return `${brand ?? 'card'}${last4 ? ` •••• ${last4}` : ''}`;
  if (kind === 'paypal') return 'PayPal';
  return kind === 'gift_card' ? 'gift card' : 'store credit';
}

export function createReturnStoreActivities(db: Pool, settings: ReturnStoreSettings) {
  return {
    /**
     * The verified customer's orders that match what they remember (a time range, colours, product words), newest
     * first; when nothing matches all of it, the ones that match the colours or words alone, then the latest.
     */
    async findOrdersForReturn(query: {
      customerId: string;
      from?: string;
      to?: string;
      colours: string[];
      /** Products mentioned: a sku, a category or a word of the name. */
      things?: string[];
      limit: number;
    }): Promise<{ orders: ReturnOrderChoice[]; matched: 'all' | 'attributes' | 'none' }> {
      const { rows } = await db.query<{
        id: string;
        placed_at: Date;
        en: string;
        zh: string;
        colours: string[];
        keys: string[];
      }>(
        `SELECT o.id, o.placed_at,
                string_agg(p.name_en || COALESCE(' (' || (i.options->>'colour') || ')', ''), ', ' ORDER BY i.line_no) AS en,
                string_agg(COALESCE(p.name_zh, p.name_en), '、' ORDER BY i.line_no) AS zh,
                array_remove(array_agg(i.options->>'colour'), NULL) AS colours,
                array_agg(lower(i.sku || ' ' || p.category || ' ' || p.name_en || ' ' || COALESCE(p.name_zh, ''))) AS keys
           FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.sku = i.sku
          WHERE o.customer_id = $1
          GROUP BY o.id ORDER BY o.placed_at DESC LIMIT 50`,
        [query.customerId],
      );
      const inRange = (at: Date) =>
        (!query.from || at >= new Date(query.from)) && (!query.to || at < new Date(query.to));
      const things = (query.things ?? []).map((t) => t.toLowerCase());
      // Colours and products mentioned must all be found among the order's lines.
      const hasColour = (colours: string[], keys: string[] = []) =>
        (query.colours.length === 0 || colours.some((c) => query.colours.includes(c))) &&
        things.every((t) => keys.some((k) => k.includes(t)));
      const toChoice = (r: (typeof rows)[number]): ReturnOrderChoice => ({
        id: r.id,
        placedAt: r.placed_at.toISOString(),
        summaryEn: r.en,
        summaryZh: r.zh,
      });
      const all = rows.filter((r) => inRange(r.placed_at) && hasColour(r.colours, r.keys));
      if (all.length) return { orders: all.slice(0, query.limit).map(toChoice), matched: 'all' };
      const some = rows.filter((r) => hasColour(r.colours, r.keys));
      if (some.length && (query.colours.length || things.length))
        return { orders: some.slice(0, query.limit).map(toChoice), matched: 'attributes' };
      return { orders: rows.slice(0, query.limit).map(toChoice), matched: 'none' };
    },

    /** The order with what a return or cancellation needs, or null when it is not this customer's. */
    async loadOrderForReturn({
      orderId,
      customerId,
    }: {
      orderId: string;
      customerId: string;
    }): Promise<OrderSnapshot | null> {
      const order = await db.query<{
        id: string;
        status: string;
        placed_at: Date;
        currency: string;
        delivered_at: Date | null;
        shipped: boolean;
        open_request: boolean;
      }>(
        `SELECT o.id, o.status, o.placed_at, o.currency,
                (SELECT max(e.at) FROM shipments s JOIN shipment_events e ON e.shipment_id = s.id
                  WHERE s.order_id = o.id AND e.status = 'delivered') AS delivered_at,
                EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.status <> 'cancelled'
                          AND (s.status <> 'label_created' OR s.carrier IS NOT NULL)) AS shipped,
                EXISTS (SELECT 1 FROM return_requests r WHERE r.order_id = o.id
                          AND r.status <> 'expired') AS open_request
           FROM orders o WHERE o.id = $1 AND o.customer_id = $2`,
        [orderId.toUpperCase(), customerId],
      );
      const row = order.rows[0];
      if (!row) return null;
      const lines = await db.query<{
        line_no: number;
        sku: string;
        name_en: string;
        name_zh: string | null;
        options: Record<string, string>;
        unit_price: string;
        quantity: number;
        final_sale: boolean;
      }>(
        `SELECT i.line_no, i.sku, p.name_en, p.name_zh, i.options, i.unit_price::text AS unit_price, i.quantity, p.final_sale
           FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id = $1 ORDER BY i.line_no`,
        [row.id],
      );
      const payments = await db.query<{
        method_id: string | null;
        method_kind: PaymentKind;
        brand: string | null;
        last4: string | null;
        paid: string;
        reference: string | null;
        balance: string | null;
      }>(
        `SELECT p.method_id, p.method_kind, m.brand, m.last4,
                sum(CASE WHEN p.kind = 'payment' THEN p.amount ELSE -p.amount END)::text AS paid,
                max(p.reference) AS reference,
                (SELECT sum(amount_cents)::text FROM credit_ledger l WHERE l.method_id = p.method_id) AS balance
           FROM order_payments p LEFT JOIN payment_methods m ON m.id = p.method_id
          WHERE p.order_id = $1 GROUP BY p.method_id, p.method_kind, m.brand, m.last4 ORDER BY min(p.at)`,
        [row.id],
      );
      return {
        id: row.id,
        status: row.status,
        placedAt: row.placed_at.toISOString(),
        deliveredAt: row.delivered_at?.toISOString() ?? null,
        currency: row.currency,
        shipped: row.shipped,
        openRequest: row.open_request,
        lines: lines.rows.map((l): ReturnLine => ({
          line: l.line_no,
          sku: l.sku,
          nameEn: l.name_en,
          nameZh: l.name_zh ?? l.name_en,
          options: l.options,
          unitCents: cents(l.unit_price),
          quantity: l.quantity,
          finalSale: l.final_sale,
        })),
        payments: payments.rows
          .filter((p) => cents(p.paid) > 0)
          .map((p) => ({
            methodId: p.method_id ?? `order:${row.id}`,
            kind: p.method_kind,
            label: methodLabel(p.method_kind, p.brand, p.last4),
            balanceCents: p.balance === null ? null : Number(p.balance),
            paidCents: cents(p.paid),
            reference: p.reference,
          })),
      };
    },

    /** Other variants of a line's product: declared variants in stock, or every combination of its option lists. */
    async exchangeOptions({ orderId, line }: { orderId: string; line: number }): Promise<ExchangeOption[]> {
      const { rows } = await db.query<{
        sku: string;
        options: Record<string, string>;
        price: string;
        product_options: Record<string, string[]>;
        chosen: Record<string, string>;
        variants:
          | { sku: string; options: Record<string, string>; price: string | null; stock: number | null }[]
          | null;
      }>(
        `SELECT p.sku, p.options AS product_options, p.price::text AS price, i.options AS chosen, i.options,
                (SELECT json_agg(json_build_object('sku', v.sku, 'options', v.options, 'price', v.price::text, 'stock', v.stock) ORDER BY v.sku)
                   FROM product_variants v WHERE v.product_sku = p.sku) AS variants
           FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id = $1 AND i.line_no = $2`,
        [orderId, line],
      );
      const row = rows[0];
      if (!row) return [];
      const same = (a: Record<string, string>, b: Record<string, string>) =>
        Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);
      if (row.variants?.length) {
        return row.variants
          .filter((v) => (v.stock === null || v.stock > 0) && !same(v.options, row.chosen))
          .map((v) => ({ variantSku: v.sku, options: v.options, priceCents: cents(v.price ?? row.price) }));
      }
      // Without declared variants every combination of the option lists is sold at the product's price.
      let combos: Record<string, string>[] = [{}];
      for (const [option, values] of Object.entries(row.product_options ?? {}))
        combos = combos.flatMap((c) => values.map((v) => ({ ...c, [option]: v })));
      return combos
        .filter((c) => !same(c, row.chosen))
        .slice(0, 30)
        .map((c) => ({ variantSku: null, options: c, priceCents: cents(row.price) }));
    },

    /** Gift cards and store credit the customer holds, with their balances: what may pay a price difference. */
    async balancesOf({ customerId }: { customerId: string }): Promise<PaymentOption[]> {
      const { rows } = await db.query<{ id: string; kind: PaymentKind; balance: string | null }>(
        `SELECT m.id, m.kind, (SELECT sum(amount_cents)::text FROM credit_ledger l WHERE l.method_id = m.id) AS balance
           FROM payment_methods m WHERE m.customer_id = $1 AND m.kind IN ('gift_card', 'store_credit') ORDER BY m.kind, m.id`,
        [customerId],
      );
      return rows.map((r) => ({
        methodId: r.id,
        kind: r.kind,
        label: methodLabel(r.kind, null, null),
        balanceCents: Number(r.balance ?? 0),
      }));
    },

    /**
     * Creates the RMA and its label once (the RMA id is made by the case), marks the order, and sends the label
     * through the outbox. Returns the label's tracking number.
     */
    async createReturn(
      plan: ReturnPlan,
    ): Promise<{ rmaId: string; carrier: string; trackingNumber: string }> {
      return inTransaction(db, async (client) => {
        const existing = await client.query<{ label_tracking: string }>(
          'SELECT label_tracking FROM return_requests WHERE id = $1',
          [plan.rmaId],
        );
        if (existing.rows[0])
          return {
            rmaId: plan.rmaId,
            carrier: settings.carrier,
            trackingNumber: existing.rows[0].label_tracking,
          };
        const customer = await client.query<{
          name: string;
          email: string | null;
          phone: string | null;
          line1: string | null;
          line2: string | null;
          city: string | null;
          state: string | null;
          country: string | null;
          postcode: string | null;
          shipping: LabelAddress | null;
        }>(
          `SELECT c.name, c.email, c.phone, a.line1, a.line2, a.city, a.state, a.country, COALESCE(a.postcode, c.postcode) AS postcode,
                  o.shipping_address AS shipping
             FROM customers c JOIN orders o ON o.customer_id = c.id
             LEFT JOIN customer_addresses a ON a.customer_id = c.id AND a.is_default
            WHERE c.id = $1 AND o.id = $2`,
          [plan.customerId, plan.orderId],
        );
        const c = customer.rows[0];
        if (!c) throw new Error(`order ${plan.orderId} is not customer ${plan.customerId}'s`);
        const from: LabelAddress = c.shipping ?? {
          line1: c.line1 ?? '',
          line2: c.line2 ?? undefined,
          city: c.city ?? '',
          state: c.state ?? undefined,
          country: c.country ?? '',
          postcode: c.postcode ?? undefined,
        };
        const trackingNumber = `RT${plan.rmaId.replace(/\W/g, '').slice(-10)}`;
        const pdf = await buildReturnLabel({
          rmaId: plan.rmaId,
          orderId: plan.orderId,
          carrier: settings.carrier,
          trackingNumber,
          from: { ...from, name: c.name },
          to: settings.warehouse,
        });
        await client.query(
          `INSERT INTO return_requests (id, case_id, order_id, customer_id, kind, status, reason, lines, refund_to,
                                        amount_cents, currency, exchange, label_pdf, label_tracking)
           VALUES ($1, $2, $3, $4, $5, 'awaiting_parcel', $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            plan.rmaId,
            plan.caseId,
            plan.orderId,
            plan.customerId,
            plan.kind,
            plan.reason,
            plan.lines,
            plan.kind === 'return' ? plan.refundTo : (plan.exchange?.payWith ?? null),
            plan.amountCents,
            plan.currency,
            plan.exchange ? JSON.stringify(plan.exchange) : null,
            pdf,
            trackingNumber,
          ],
        );
        await client.query('UPDATE orders SET status = $2, updated_at = now() WHERE id = $1', [
          plan.orderId,
          plan.kind === 'return' ? 'return_requested' : 'exchange_requested',
        ]);
        if (c.email) {
          const zh = plan.locale === 'zh-CN';
          await queueNotification(client, {
            key: `${plan.rmaId}:label`,
            channel: 'email',
            recipient: c.email,
            subject: zh ? `退货单 ${plan.rmaId} 的退货面单` : `Your return label for ${plan.rmaId}`,
            body: zh
              ? `请打印退货面单（${settings.carrier}，运单号 ${trackingNumber}），贴在包裹上寄回。退货单号：${plan.rmaId}。`
              : `Print the return label (${settings.carrier}, tracking ${trackingNumber}) and attach it to the parcel. Return number: ${plan.rmaId}.`,
            caseId: plan.caseId,
          });
        }
        return { rmaId: plan.rmaId, carrier: settings.carrier, trackingNumber };
      });
    },

    /** Moves a return to its next state; the order follows (returned, exchanged back to delivered, or as it was). */
    async markReturn({
      rmaId,
      status,
    }: {
      rmaId: string;
      status: 'received' | 'refunded' | 'exchanged' | 'expired' | 'failed';
    }): Promise<void> {
      await inTransaction(db, async (client) => {
        const { rows } = await client.query<{ order_id: string }>(
          `UPDATE return_requests SET status = $2, updated_at = now(),
                  received_at = CASE WHEN $2 = 'received' THEN COALESCE(received_at, now()) ELSE received_at END
            WHERE id = $1 RETURNING order_id`,
          [rmaId, status],
        );
        const orderId = rows[0]?.order_id;
        if (!orderId) throw new Error(`no return ${rmaId}`);
        const orderStatus = { refunded: 'returned', exchanged: 'delivered', expired: 'delivered' }[
          status as 'refunded' | 'exchanged' | 'expired'
        ];
        if (orderStatus)
          await client.query('UPDATE orders SET status = $2, updated_at = now() WHERE id = $1', [
            orderId,
            orderStatus,
          ]);
      });
    },

    /** The replacement parcel of an exchange, once: a shipment carrying the new variant, waiting for pickup. */
    async shipExchange({ rmaId }: { rmaId: string }): Promise<{ shipmentId: string }> {
      const shipmentId = `S-${rmaId}`;
      await db.query(
        `INSERT INTO shipments (id, order_id, carrier, tracking_number, status)
         SELECT $1, order_id, $2, NULL, 'label_created' FROM return_requests WHERE id = $3
         ON CONFLICT (id) DO NOTHING`,
        [shipmentId, settings.carrier, rmaId],
      );
      return { shipmentId };
    },

    /** A notification to the customer of a return, once per key. */
    async notifyReturnCustomer({
      rmaId,
      key,
      subject,
      body,
    }: {
      rmaId: string;
      key: string;
      subject: string;
      body: string;
    }): Promise<void> {
      const { rows } = await db.query<{ email: string | null; phone: string | null; case_id: string | null }>(
        `SELECT c.email, c.phone, r.case_id FROM return_requests r JOIN customers c ON c.id = r.customer_id WHERE r.id = $1`,
        [rmaId],
      );
      const to = rows[0];
      if (!to || (!to.email && !to.phone)) return;
      await queueNotification(db, {
        key: `${rmaId}:${key}`,
        channel: to.email ? 'email' : 'sms',
        recipient: (to.email ?? to.phone) as string,
        subject,
        body,
        caseId: to.case_id,
      });
    },

    /** Cancels a whole order that has not shipped, with its reason; a parcel still waiting for pickup is cancelled too. */
    async cancelOrder({ orderId, reason }: { orderId: string; reason: string }): Promise<void> {
      await inTransaction(db, async (client) => {
        const { rows } = await client.query<{ status: string }>(
          'SELECT status FROM orders WHERE id = $1 FOR UPDATE',
          [orderId],
        );
        const status = rows[0]?.status;
        if (status === 'cancelled') return;
        if (status !== 'pending' && status !== 'paid')
          throw ApplicationFailure.nonRetryable(
            `order ${orderId} is ${status ?? 'unknown'}: it can no longer be cancelled`,
          );
        await client.query(
          `UPDATE orders SET status = 'cancelled', cancel_reason = $2, updated_at = now() WHERE id = $1`,
          [orderId, reason],
        );
        await client.query(
          `UPDATE shipments SET status = 'cancelled', updated_at = now() WHERE order_id = $1 AND status = 'label_created'`,
          [orderId],
        );
      });
    },

    /** Every tracking event of the order's latest parcel, oldest first. */
    async shipmentHistory({
      orderId,
    }: {
      orderId: string;
    }): Promise<{ at: string; location: string | null; description: string }[]> {
      const { rows } = await db.query<{ at: Date; location: string | null; description: string }>(
        `SELECT e.at, e.location, e.description FROM shipment_events e
          WHERE e.shipment_id = (SELECT s.id FROM shipments s
                                   LEFT JOIN LATERAL (SELECT max(at) AS last FROM shipment_events WHERE shipment_id = s.id) l ON true
                                  WHERE s.order_id = $1 ORDER BY l.last DESC NULLS LAST, s.id LIMIT 1)
          ORDER BY e.at, e.seq`,
        [orderId.toUpperCase()],
      );
      return rows.map((r) => ({ at: r.at.toISOString(), location: r.location, description: r.description }));
    },

    /** The customer's satisfaction score for a case (1–5); the latest answer counts. */
    async recordCsat({ caseId, score }: { caseId: string; score: number }): Promise<void> {
      await db.query(
        `INSERT INTO case_feedback (case_id, score) VALUES ($1, $2)
         ON CONFLICT (case_id) DO UPDATE SET score = EXCLUDED.score, at = now()`,
        [caseId, score],
      );
    },
  };
}
