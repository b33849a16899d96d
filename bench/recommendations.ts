// bench part recommendations: on the demo data, how often a customer's held-back latest purchase is in the guide's top 5, against popularity.
import path from 'node:path';
import { importFile } from '../activities/commerce/import';
import { createLocalProvider } from '../activities/nlu/local';
import { createCatalogActivities } from '../activities/presales/catalog';
import { DEFAULT_PRESALES } from '../activities/presales/settings';
import { createScratchDatabase } from '../scripts/lib/scratch-db';
import { say } from './common';

const DEMO_FILE = path.resolve(__dirname, '../data/demo/kefu-demo.json');
const TOP = 5;

export interface RecommendationBenchResult {
  /** Customers with an earlier purchase to learn from and a later one to hold back. */
  customers: number;
  top: number;
  /** Share of held-back purchases in the guide's top 5. */
  hitRate: number;
  /** The same for the most-bought products the customer does not own: the baseline to beat. */
  popularityHitRate: number;
  msPerRecommendation: number;
}

export async function benchRecommendations(options: {
  adminUrl: string;
  onCleanup: (name: string, run: () => Promise<void>) => void;
}): Promise<RecommendationBenchResult> {
  const scratch = await createScratchDatabase('kefu_bench_recs', options.adminUrl);
  options.onCleanup('recommendations scratch database', () => scratch.drop());
  try {
    await importFile(scratch.pool, DEMO_FILE, { shiftDatesTo: new Date(), onProgress: () => undefined });
    const catalog = createCatalogActivities(scratch.pool, createLocalProvider(), DEFAULT_PRESALES);
    say(`recommendations: embedded ${await catalog.ensureProductEmbeddings()} products`);
    // Each customer's latest order is held back; everything before it (orders, views) is what the guide may use.
    const { rows: held } = await scratch.pool.query<{
      customer_id: string;
      locale: 'en' | 'zh-CN';
      placed_at: Date;
      skus: string[];
    }>(
      `SELECT DISTINCT ON (o.customer_id) o.customer_id, c.locale, o.placed_at,
              (SELECT array_agg(i.sku) FROM order_items i WHERE i.order_id = o.id) AS skus
         FROM orders o JOIN customers c ON c.id = o.customer_id
        WHERE o.status <> 'cancelled'
          AND EXISTS (SELECT 1 FROM orders e WHERE e.customer_id = o.customer_id AND e.placed_at < o.placed_at)
        ORDER BY o.customer_id, o.placed_at DESC`,
    );
    let hits = 0;
    let popularHits = 0;
    let elapsed = 0;
    for (const [n, h] of held.entries()) {
      const asOf = h.placed_at.toISOString();
      const started = performance.now();
      const answer = await catalog.recommendProducts({
        caseId: `bench-${n}`,
        customerId: h.customer_id,
        query: '',
        uses: [],
        budget: null,
        size: null,
        anySize: true,
        colour: null,
        locale: h.locale,
        limit: TOP,
        asOf,
      });
      elapsed += performance.now() - started;
      const top = answer.kind === 'recommendations' ? answer.items.map((it) => it.sku) : [];
      if (h.skus.some((sku) => top.includes(sku))) hits++;
      const popular = await scratch.pool.query<{ sku: string }>(
        `SELECT i.sku FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.placed_at < $1 AND o.status <> 'cancelled'
            AND i.sku NOT IN (SELECT i2.sku FROM orders o2 JOIN order_items i2 ON i2.order_id = o2.id
                               WHERE o2.customer_id = $2 AND o2.placed_at < $1)
          GROUP BY i.sku ORDER BY count(DISTINCT o.customer_id) DESC, i.sku LIMIT $3`,
        [asOf, h.customer_id, TOP],
      );
      if (h.skus.some((sku) => popular.rows.some((r) => r.sku === sku))) popularHits++;
      if ((n + 1) % 10 === 0) say(`recommendations: ${n + 1}/${held.length} customers`);
    }
    const result: RecommendationBenchResult = {
      customers: held.length,
      top: TOP,
      hitRate: held.length ? hits / held.length : 0,
      popularityHitRate: held.length ? popularHits / held.length : 0,
      msPerRecommendation: held.length ? Math.round((elapsed / held.length) * 10) / 10 : 0,
    };
    console.log(
      `\nrecommendations on the demo data: held-back latest purchase in the top ${TOP} for ` +
        `${(result.hitRate * 100).toFixed(1)} % of ${result.customers} customers ` +
        `(popularity baseline ${(result.popularityHitRate * 100).toFixed(1)} %), ${result.msPerRecommendation} ms each\n`,
    );
    return result;
  } finally {
    await scratch.drop();
  }
}
