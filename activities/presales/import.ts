// The pre-sales part of an import: product descriptions, facts, uses, stock and repeat purchase, and browsing history (product views).
import type { PoolClient } from 'pg';
import type { ImportFile, ImportProblem } from '../commerce/import';

/** A product view from the shop front's history, stored once by its id. */
export interface ImportProductView {
  id: string;
  customerId: string;
  sku: string;
  viewedAt: string;
}

/** The pre-sales fields of an imported product (all optional: a product without them is still sold). */
export interface ImportProductDetails {
  /** What the shop says about it, per language. */
  description?: { en: string; zh?: string };
  /** Facts a customer may ask about, e.g. {"weight": "280 g", "battery": "30 h"}. */
  attributes?: Record<string, string>;
  /** Uses and recipients it suits, e.g. ["elderly", "gift"]. */
  uses?: string[];
  /** Units available when sold without variants; absent is always available. */
  stock?: number;
  /** Bought again and again (a consumable), so owning one does not rule it out. */
  repeatPurchase?: boolean;
}

/** Views name a customer and a product known in the file or already stored; view ids are unique in the file. */
export async function checkPresalesReferences(
  client: PoolClient,
  file: ImportFile,
  problems: ImportProblem[],
): Promise<void> {
  const views = file.productViews ?? [];
  if (!views.length) return;
  const seen = new Set<string>();
  views.forEach((v, i) => {
    if (seen.has(v.id))
      problems.push({ path: `productViews[${i}].id`, reason: `duplicate view id "${v.id}"` });
    seen.add(v.id);
  });
  const fileCustomers = new Set((file.customers ?? []).map((c) => c.id));
  const fileProducts = new Set((file.products ?? []).map((p) => p.sku));
  const [customers, products] = await Promise.all([
    client.query<{ id: string }>('SELECT id FROM customers WHERE id = ANY($1)', [
      views.map((v) => v.customerId).filter((id) => !fileCustomers.has(id)),
    ]),
    client.query<{ sku: string }>('SELECT sku FROM products WHERE sku = ANY($1)', [
      views.map((v) => v.sku).filter((sku) => !fileProducts.has(sku)),
    ]),
  ]);
  for (const r of customers.rows) fileCustomers.add(r.id);
  for (const r of products.rows) fileProducts.add(r.sku);
  views.forEach((v, i) => {
    if (!fileCustomers.has(v.customerId))
      problems.push({ path: `productViews[${i}].customerId`, reason: `unknown customer "${v.customerId}"` });
    if (!fileProducts.has(v.sku))
      problems.push({ path: `productViews[${i}].sku`, reason: `unknown product "${v.sku}"` });
  });
}

/** Writes the products' pre-sales fields (replacing earlier ones) and the views (a view id already stored is kept). */
export async function writePresalesData(
  client: PoolClient,
  file: ImportFile,
  progress: (line: string) => void,
): Promise<void> {
  const products = file.products ?? [];
  if (products.length) {
    await client.query(
      `UPDATE products p SET description = r.description, attributes = COALESCE(r.attributes, '{}'::jsonb),
              uses = COALESCE(r.uses, '{}'), stock = r.stock, repeat_purchase = COALESCE(r.repeat_purchase, false)
         FROM jsonb_to_recordset($1::jsonb)
           AS r(sku text, description jsonb, attributes jsonb, uses text[], stock integer, repeat_purchase boolean)
        WHERE p.sku = r.sku`,
      [
        JSON.stringify(
          products.map((p) => ({
            sku: p.sku,
            description: p.description ?? null,
            attributes: p.attributes ?? null,
            uses: p.uses ?? null,
            stock: p.stock ?? null,
            repeat_purchase: p.repeatPurchase ?? null,
          })),
        ),
      ],
    );
  }
  const views = file.productViews ?? [];
  if (!views.length) return;
  const written = await client.query(
    `INSERT INTO product_views (id, customer_id, sku, viewed_at)
     SELECT id, customer_id, sku, viewed_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, customer_id text, sku text, viewed_at timestamptz)
     ON CONFLICT (id) DO NOTHING`,
    [
      JSON.stringify(
        views.map((v) => ({ id: v.id, customer_id: v.customerId, sku: v.sku, viewed_at: v.viewedAt })),
      ),
    ],
  );
  progress(`product views: ${written.rowCount ?? 0} new of ${views.length}`);
}
