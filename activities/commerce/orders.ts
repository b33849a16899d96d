// Reads orders, their customers and shipments from the reference commerce store in PostgreSQL.
import type { Pool } from 'pg';
import type { OrderChoice } from '../../workflows/replies';

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
  /** Null until a carrier is booked (imports may leave it out). */
  carrier: string | null;
  trackingNumber: string | null;
  status: string;
  latestEvent: TrackingEvent | null;
}

export interface OrderStatusAnswer {
  order: OrderSummary;
  /** The shipment with the newest tracking event, if the order shipped. */
  shipment: ShipmentSummary | null;
}

export function createOrderActivities(db: Pool) {
  const activities = {
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

    /** Every shipment of the order with its latest tracking event, newest shipment first. */
    async getShipments(orderId: string): Promise<ShipmentSummary[]> {
      const { rows } = await db.query<{
        carrier: string | null;
        tracking_number: string | null;
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

    /** The order and its latest shipment in one call: the order-status answer needs both. Only after verification. */
    async lookupOrderStatus(orderId: string): Promise<OrderStatusAnswer | null> {
      const order = await activities.findOrder(orderId);
      if (!order) return null;
      const [shipment] = await activities.getShipments(order.id);
      return { order, shipment: shipment ?? null };
    },

    /** A verified customer's latest orders, newest first, for them to pick from. */
    async listRecentOrders({
      customerId,
      limit,
    }: {
      customerId: string;
      limit: number;
    }): Promise<OrderChoice[]> {
      const { rows } = await db.query<{ id: string; placed_at: Date; en: string | null; zh: string | null }>(
        `SELECT o.id, o.placed_at,
                (SELECT string_agg(p.name_en, ', ' ORDER BY i.line_no) FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id = o.id) AS en,
                (SELECT string_agg(p.name_zh, '、' ORDER BY i.line_no) FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id = o.id) AS zh
           FROM orders o WHERE o.customer_id = $1 ORDER BY o.placed_at DESC LIMIT $2`,
        [customerId, limit],
      );
      return rows.map((r) => ({
        id: r.id,
        placedAt: r.placed_at.toISOString(),
        summaryEn: r.en ?? '',
        summaryZh: r.zh ?? r.en ?? '',
      }));
    },
  };
  return activities;
}
