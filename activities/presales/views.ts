// Browsing history from the shop front and what a case recommended, changed and sold: the store side of the pre-sales API.
import type { Pool } from 'pg';

export interface ProductViewInput {
  id: string;
  customerId: string;
  sku: string;
  viewedAt?: string | null;
}

export interface StoredView {
  id: string;
  customerId: string;
  sku: string;
  viewedAt: Date;
}

/** Stores a view once by its id; the same id sent again returns the view as first stored. Null names a missing record. */
export async function recordProductView(
  db: Pool,
  view: ProductViewInput,
): Promise<StoredView | { missing: 'customerId' | 'sku' }> {
  const known = await db.query<{ customer: boolean; product: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1) AS customer, EXISTS (SELECT 1 FROM products WHERE sku = $2) AS product`,
    [view.customerId, view.sku],
  );
  if (!known.rows[0]?.customer) return { missing: 'customerId' };
  if (!known.rows[0]?.product) return { missing: 'sku' };
  await db.query(
    `INSERT INTO product_views (id, customer_id, sku, viewed_at) VALUES ($1, $2, $3, COALESCE($4::timestamptz, now()))
     ON CONFLICT (id) DO NOTHING`,
    [view.id, view.customerId, view.sku, view.viewedAt ?? null],
  );
  const { rows } = await db.query<{ id: string; customer_id: string; sku: string; viewed_at: Date }>(
    'SELECT id, customer_id, sku, viewed_at FROM product_views WHERE id = $1',
    [view.id],
  );
  const row = rows[0]!;
  return { id: row.id, customerId: row.customer_id, sku: row.sku, viewedAt: row.viewed_at };
}

/** The recommendations a case showed, in order, with the first later order of each by the same customer. */
export async function caseRecommendations(db: Pool, caseId: string) {
  const { rows } = await db.query<{
    sku: string;
    rank: number;
    reasons: unknown;
    shown_at: Date;
    order_id: string | null;
  }>(
    `SELECT r.sku, r.rank, r.reasons, r.shown_at, c.order_id
       FROM recommendations_shown r LEFT JOIN recommendation_conversions c ON c.case_id = r.case_id AND c.sku = r.sku
      WHERE r.case_id = $1 ORDER BY r.shown_at, r.rank`,
    [caseId],
  );
  return rows.map((r) => ({
    sku: r.sku,
    rank: r.rank,
    reasons: r.reasons,
    shownAt: r.shown_at,
    purchasedInOrder: r.order_id,
  }));
}

/** The order changes a case made, oldest first. */
export async function caseOrderChanges(db: Pool, caseId: string) {
  const { rows } = await db.query<{
    id: string;
    order_id: string;
    kind: string;
    status: string;
    difference_cents: string;
    after: unknown;
    created_at: Date;
  }>(
    `SELECT id, order_id, kind, status, difference_cents::text AS difference_cents, after, created_at
       FROM order_changes WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    kind: r.kind.toUpperCase(),
    status: r.status.toUpperCase(),
    difference: Number(r.difference_cents) / 100,
    after: r.after,
    createdAt: r.created_at,
  }));
}
