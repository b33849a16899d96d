// Reads orders, their customers and shipments from the reference commerce store in PostgreSQL.
import type { Pool } from 'pg';
import type { Locale } from '../../workflows/types';
import { sameEmail, samePhone } from './contact';

export interface OrderItemSummary {
  sku: string;
  nameEn: string;
  nameZh: string;
  quantity: number;
  options: Record<string, string>;
}

export interface OrderSummary {
  id: string;
  customerId: string;
  status: string;
  placedAt: string;
  currency: string;
  total: string;
  items: OrderItemSummary[];
}

export interface TrackingEvent {
  at: string;
  status: string;
  location: string | null;
  description: string;
}

export interface ShipmentSummary {
  carrier: string;
  trackingNumber: string;
  status: string;
  latestEvent: TrackingEvent | null;
}

export interface VerifiedCustomer {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  locale: Locale;
}

export interface ContactCheck {
  orderId: string;
  emails: string[];
  phones: string[];
}

export interface ContactCheckResult {
  matched: boolean;
  /** Only when matched: who the customer is. */
  customer?: VerifiedCustomer;
}

export function createOrderActivities(db: Pool) {
  return {
    /** The order with its items, or null when there is no such order. */
    async findOrder(orderId: string): Promise<OrderSummary | null> {
      const { rows } = await db.query<{
        id: string;
        customer_id: string;
        status: string;
        placed_at: Date;
        currency: string;
        total: string;
        items: OrderItemSummary[] | null;
      }>(
        `SELECT o.id, o.customer_id, o.status, o.placed_at, o.currency, o.total::text AS total,
                (SELECT json_agg(json_build_object('sku', i.sku, 'nameEn', p.name_en, 'nameZh', p.name_zh,
                        'quantity', i.quantity, 'options', i.options) ORDER BY i.line_no)
                   FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id = o.id) AS items
           FROM orders o WHERE o.id = $1`,
        [orderId.toUpperCase()],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        id: row.id,
        customerId: row.customer_id,
        status: row.status,
        placedAt: row.placed_at.toISOString(),
        currency: row.currency,
        total: row.total,
        items: row.items ?? [],
      };
    },

    /** Checks the contact a customer gave against the one on the order, without revealing the stored one. */
    async verifyOrderContact(check: ContactCheck): Promise<ContactCheckResult> {
      const { rows } = await db.query<{
        id: string;
        name: string;
        email: string | null;
        phone: string | null;
        locale: Locale;
      }>(
        `SELECT c.id, c.name, c.email, c.phone, c.locale FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1`,
        [check.orderId.toUpperCase()],
      );
      const owner = rows[0];
      if (!owner) return { matched: false };
      const matched =
        (owner.email !== null && check.emails.some((e) => sameEmail(e, owner.email as string))) ||
        (owner.phone !== null && check.phones.some((p) => samePhone(p, owner.phone as string)));
      if (!matched) return { matched: false };
      return {
        matched: true,
        customer: {
          id: owner.id,
          name: owner.name,
          email: owner.email ?? undefined,
          phone: owner.phone ?? undefined,
          locale: owner.locale,
        },
      };
    },

    /** Every shipment of the order with its latest tracking event, newest shipment first. */
    async getShipments(orderId: string): Promise<ShipmentSummary[]> {
      const { rows } = await db.query<{
        carrier: string;
        tracking_number: string;
        status: string;
        at: Date | null;
        event_status: string | null;
        location: string | null;
        description: string | null;
      }>(
        `SELECT s.carrier, s.tracking_number, s.status, e.at, e.status AS event_status, e.location, e.description
           FROM shipments s
           LEFT JOIN LATERAL (SELECT * FROM shipment_events WHERE shipment_id = s.id ORDER BY at DESC, seq DESC LIMIT 1) e ON true
          WHERE s.order_id = $1
          ORDER BY e.at DESC NULLS LAST, s.id`,
        [orderId.toUpperCase()],
      );
      return rows.map((r) => ({
        carrier: r.carrier,
        trackingNumber: r.tracking_number,
        status: r.status,
        latestEvent:
          r.at && r.event_status && r.description
            ? {
                at: r.at.toISOString(),
                status: r.event_status,
                location: r.location,
                description: r.description,
              }
            : null,
      }));
    },
  };
}
