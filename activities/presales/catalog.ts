// The shopping guide's catalogue: recommendations with their reasons (catalogue, history, views, meaning, co-purchases), comparisons and product facts.
import { isEverydayWord } from '../nlu/local/spelling';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Locale } from '../../workflows/types';
import { toVector } from '../knowledge/store';
import type { LlmProvider } from '../nlu/types';
import type { PresalesSettings } from './settings';
import { currencyFor, convertCents } from './settings';
import type {
  CompareRequest,
  Comparison,
  Money,
  ProductFacts,
  ProductName,
  Reason,
  Recommendation,
  ShoppingAnswer,
  ShoppingRequest,
} from './types';

/** Words that name a category, in both languages: what the customer is shopping for narrows the catalogue. */
const CATEGORY_WORDS: [string, RegExp][] = [
  ['bottles', /保温杯|水杯|杯子|保温壶|thermos|flask|bottle|tumbler/i],
  ['sneakers', /鞋|sneaker|shoe|trainer/i],
  ['headphones', /耳机|headphone|earbud|earphone/i],
  ['jackets', /外套|夹克|羽绒服|冲锋衣|jacket|coat|windbreaker/i],
  ['backpacks', /书包|背包|双肩包|backpack|rucksack|school bag/i],
  ['kettles', /水壶|热水壶|烧水|kettle/i],
  ['robot-vacuums', /扫地|扫拖|robot vacuum|vacuum/i],
  ['air-purifiers', /净化器|purifier/i],
  ['water-heaters', /热水器|water heater/i],
  ['keyboards', /键盘|keyboard/i],
  ['gifts', /礼盒|gift box|hamper/i],
];

/** The reasons a customer reads first: what is personal to them, then what they asked for, then the rest. */
const REASON_ORDER: Reason['code'][] = [
  'lighter',
  'viewed',
  'use',
  'bought_together',
  'rating',
  'budget',
  'match',
];

export function categoryOf(text: string): string | null {
  return CATEGORY_WORDS.find(([, words]) => words.test(text))?.[0] ?? null;
}

/** Question words for each fact a product may carry; the first that matches is the fact asked about. */
const FACT_WORDS: [string, RegExp][] = [
  ['keep_warm', /keeps? (?:\w+ )?(?:hot|warm)|how long.*(?:hot|warm)|保温(?:多久|时间|多长|效果|几)/i],
  ['weight', /\bweigh|\bheavy|\bweight|多重|重量|重不重|重吗|几斤|多少克/i],
  ['battery', /battery|charge last|续航|电池|充一次/i],
  ['waterproof', /waterproof|water-resistant|water resistant|防水/i],
  ['capacity', /capacity|how (?:much|many) (?:litres|liters|ml)|how big|容量|装多少|多少毫升|多少升/i],
  ['noise', /noise|noisy|\bloud|\bquiet|decibel|\bdb\b|噪音|声音大|安静/i],
  ['power', /\bpower|\bwatts?\b|功率|多少瓦/i],
  ['material', /material|made of|made from|材质|材料|什么做的/i],
  ['suction', /suction|吸力/i],
  ['coverage', /room size|how large a room|how big a room|coverage|面积|多大(?:的)?房间|平米/i],
  ['lid', /\blid\b|one hand|单手|杯盖|盖子/i],
  ['support', /\barch\b|arch support|flat feet|\bsupport|足弓|扁平足|支撑/i],
  ['rating', /rating|rated|reviews?|评分|评价|口碑/i],
  ['price', /price|cost|how much is|多少钱|价格|价钱/i],
  ['stock', /in stock|available|有货|库存|还有吗/i],
  ['colours', /colou?rs?|什么颜色|颜色/i],
  ['sizes', /\bsizes?\b|尺码|码数|什么码/i],
];

/** Words that point back at the product just talked about. */
const THIS = /这个|这款|这只|它|\bthis\b|\bit\b|\bthat one\b/i;

export function factAsked(text: string): string | null {
  return FACT_WORDS.find(([, words]) => words.test(text))?.[0] ?? null;
}

interface ProductRow {
  sku: string;
  name_en: string;
  name_zh: string | null;
  category: string;
  options: Record<string, string[]>;
  price: string;
  currency: string;
  description: { en: string; zh?: string } | null;
  attributes: Record<string, string>;
  uses: string[];
  repeat_purchase: boolean;
  available: boolean;
  variant_options: Record<string, string>[] | null;
}

const PRODUCT_COLUMNS = `p.sku, p.name_en, p.name_zh, p.category, p.options, p.price::text AS price, p.currency,
  p.description, p.attributes, p.uses, p.repeat_purchase,
  ((p.stock IS NULL OR p.stock > 0) AND (NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_sku = p.sku)
    OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_sku = p.sku AND (v.stock IS NULL OR v.stock > 0)))) AS available,
  (SELECT json_agg(v.options) FROM product_variants v WHERE v.product_sku = p.sku AND (v.stock IS NULL OR v.stock > 0)) AS variant_options`;

const nameOf = (p: ProductRow): ProductName => ({
  sku: p.sku,
  nameEn: p.name_en,
  nameZh: p.name_zh ?? p.name_en,
});

/** The text a product is embedded from: what it is, what the shop says, what it suits. */
function productText(p: ProductRow): string {
  return [p.name_en, p.name_zh, p.category, p.description?.en, p.description?.zh, p.uses.join(' ')]
    .filter(Boolean)
    .join('\n');
}

/** Grams from "220 g" / "1.2 kg", for "lighter than the one you bought". */
function grams(weight: string | undefined): number | null {
  const m = /([\d.]+)\s*(kg|g)\b/i.exec(weight ?? '');
  if (!m) return null;
  return Number(m[1]) * (m[2]?.toLowerCase() === 'kg' ? 1000 : 1);
}

/** Offers a size the customer asked for: in its option list, or a variant in stock with it. */
function hasOption(p: ProductRow, option: 'size' | 'colour', value: string): boolean {
  const list = p.options[option];
  if (!list?.length) return true;
  const wanted = value.toLowerCase();
  if (!list.some((v) => v.toLowerCase() === wanted)) return false;
  if (!p.variant_options) return true;
  return p.variant_options.some((o) => !o[option] || o[option]?.toLowerCase() === wanted);
}

export function createCatalogActivities(db: Pool, llm: LlmProvider, settings: PresalesSettings) {
  /** Embeds products whose text changed since their vector was made; a no-op when the catalogue is unchanged. */
  async function ensureProductEmbeddings(): Promise<number> {
    const { rows } = await db.query<ProductRow & { content_hash: string | null }>(
      `SELECT ${PRODUCT_COLUMNS}, e.content_hash FROM products p LEFT JOIN product_embeddings e ON e.sku = p.sku`,
    );
    const stale = rows
      .map((p) => ({ p, text: productText(p) }))
      .map((x) => ({ ...x, hash: createHash('sha256').update(x.text).digest('hex') }))
      .filter((x) => x.hash !== x.p.content_hash);
    for (let i = 0; i < stale.length; i += 64) {
      const batch = stale.slice(i, i + 64);
      const vectors = await llm.embed(batch.map((x) => x.text));
      await db.query(
        `INSERT INTO product_embeddings (sku, embedding, content_hash)
         SELECT sku, embedding::vector, content_hash FROM jsonb_to_recordset($1::jsonb) AS r(sku text, embedding text, content_hash text)
         ON CONFLICT (sku) DO UPDATE SET embedding = EXCLUDED.embedding, content_hash = EXCLUDED.content_hash`,
        [
          JSON.stringify(
            batch.map((x, j) => ({
              sku: x.p.sku,
              embedding: toVector(vectors[j] ?? []),
              content_hash: x.hash,
            })),
          ),
        ],
      );
    }
    return stale.length;
  }

  /**
   * A few available products for what the customer asked, best first, each with its reasons. Never one out of stock,
   * over the budget, without the size asked for, or a one-off the customer already bought. `asOf` sees the history
   * as it was then (the bench holds a purchase back this way).
   */
  async function recommendProducts(request: ShoppingRequest): Promise<ShoppingAnswer> {
    await ensureProductEmbeddings();
    const currency = currencyFor(settings, request.locale);
    const asOf = request.asOf ?? new Date().toISOString();
    const category = categoryOf(request.query);
    const queryText = [request.query, request.uses.join(' ')].join(' ').trim();
    const [queryVector] = queryText ? await llm.embed([queryText]) : [undefined];
    const customerId = request.customerId;

    const { rows: products } = await db.query<
      ProductRow & { similarity: number | null; history_similarity: number | null }
    >(
      `WITH bought AS (
         SELECT DISTINCT i.sku FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.customer_id = $2 AND o.placed_at < $3 AND o.status <> 'cancelled'
       ), seen AS (
         SELECT DISTINCT sku FROM product_views WHERE customer_id = $2 AND viewed_at < $3
       ), taste AS (
         SELECT avg(e.embedding::vector) AS v FROM product_embeddings e
          WHERE e.sku IN (SELECT sku FROM bought UNION SELECT sku FROM seen)
       )
       SELECT ${PRODUCT_COLUMNS},
              CASE WHEN $1::text IS NULL THEN NULL ELSE 1 - (e.embedding::vector <=> $1::text::vector) END AS similarity,
              CASE WHEN (SELECT v FROM taste) IS NULL THEN NULL ELSE 1 - (e.embedding::vector <=> (SELECT v FROM taste)) END AS history_similarity
         FROM products p JOIN product_embeddings e ON e.sku = p.sku`,
      [queryVector ? toVector(queryVector) : null, customerId, asOf],
    );

    const history = customerId
      ? await db.query<{
          sku: string;
          name_en: string;
          name_zh: string | null;
          weight: string | null;
          category: string;
          repeat_purchase: boolean;
        }>(
          `SELECT DISTINCT ON (p.sku) p.sku, p.name_en, p.name_zh, p.attributes->>'weight' AS weight, p.category, p.repeat_purchase
             FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.sku = i.sku
            WHERE o.customer_id = $1 AND o.placed_at < $2 AND o.status <> 'cancelled'`,
          [customerId, asOf],
        )
      : { rows: [] };
    const views = customerId
      ? await db.query<{ sku: string; views: number }>(
          `SELECT sku, count(*)::int AS views FROM product_views
            WHERE customer_id = $1 AND viewed_at < $2 AND viewed_at >= $2::timestamptz - interval '60 days' GROUP BY sku`,
          [customerId, asOf],
        )
      : { rows: [] };
    // Customers who bought what this customer bought, and what else they bought (counted once per customer).
    const together = customerId
      ? await db.query<{ sku: string; with_sku: string; buyers: number }>(
          `SELECT b.sku, a.sku AS with_sku, count(DISTINCT ob.customer_id)::int AS buyers
             FROM order_items a JOIN orders oa ON oa.id = a.order_id
             JOIN orders ob ON ob.customer_id = oa.customer_id AND ob.customer_id <> $1 AND ob.placed_at < $2
             JOIN order_items b ON b.order_id = ob.id AND b.sku <> a.sku
            WHERE a.sku = ANY($3) AND oa.placed_at < $2 AND oa.customer_id <> $1
            GROUP BY b.sku, a.sku`,
          [customerId, asOf, history.rows.map((h) => h.sku)],
        )
      : { rows: [] };
    const popularity = await db.query<{ sku: string; buyers: number }>(
      `SELECT i.sku, count(DISTINCT o.customer_id)::int AS buyers FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE o.placed_at < $1 AND o.status <> 'cancelled' GROUP BY i.sku`,
      [asOf],
    );

    const bought = new Map(history.rows.map((h) => [h.sku, h]));
    const viewed = new Map(views.rows.map((v) => [v.sku, v.views]));
    const buyers = new Map(popularity.rows.map((p) => [p.sku, p.buyers]));
    const budgetCents = request.budget === null ? null : Math.round(request.budget * 100);

    const eligible = products.filter(
      (p) =>
        p.available &&
        !(bought.has(p.sku) && !p.repeat_purchase) &&
        (!category || p.category === category) &&
        (!request.size || hasOption(p, 'size', request.size)) &&
        (!request.colour || hasOption(p, 'colour', request.colour)),
    );
    if (!request.size && !request.anySize && eligible.length) {
      // A sized product needs the size before it is recommended: ask once, listing the sizes on offer.
      const sized = eligible.filter((p) => p.options.size?.length);
      if (category && sized.length === eligible.length) {
        const sizes = [...new Set(sized.flatMap((p) => p.options.size ?? []))];
        return { kind: 'ask_size', sizes: sizes.slice(0, 12) };
      }
    }
    const priced = eligible.map((p) => ({
      p,
      cents: convertCents(settings, Math.round(Number(p.price) * 100), p.currency, currency),
    }));
    const affordable = priced.filter((x) => budgetCents === null || x.cents <= budgetCents);
    if (affordable.length === 0) {
      const cheapest = priced.sort((a, b) => a.cents - b.cents)[0];
      return {
        kind: 'none',
        reason: priced.length ? 'budget' : 'stock',
        cheapest: cheapest ? { amountCents: cheapest.cents, currency } : null,
      };
    }

    const carrying = new Map<string, number>();
    for (const p of products) for (const use of p.uses) carrying.set(use, (carrying.get(use) ?? 0) + 1);
    const scored = affordable.map(({ p, cents }) => {
      const reasons: Reason[] = [];
      let score = 0;
      if (p.similarity !== null) score += p.similarity;
      // The rarest matching use says most ("flat feet" over "running").
      const matchedUses = request.uses
        .filter((u) => p.uses.includes(u))
        .sort((a, b) => (carrying.get(a) ?? 0) - (carrying.get(b) ?? 0));
      score += 0.5 * matchedUses.length;
      for (const use of matchedUses.slice(0, 1)) reasons.push({ code: 'use', use });
      const sameKind = [...bought.values()].find((h) => h.category === p.category && h.sku !== p.sku);
      const mine = grams(p.attributes.weight);
      const theirs = grams(sameKind?.weight ?? undefined);
      if (sameKind && mine !== null && theirs !== null && mine < theirs) {
        score += 0.3;
        reasons.unshift({
          code: 'lighter',
          than: { sku: sameKind.sku, nameEn: sameKind.name_en, nameZh: sameKind.name_zh ?? sameKind.name_en },
          weight: p.attributes.weight ?? '',
          theirs: sameKind.weight ?? '',
        });
      }
      const seen = viewed.get(p.sku) ?? 0;
      if (seen) {
        score += 0.6 + 0.1 * Math.min(seen, 3);
        reasons.push({ code: 'viewed' });
      }
      const companions = together.rows.filter((t) => t.sku === p.sku).sort((a, b) => b.buyers - a.buyers);
      const companionBuyers = companions.reduce((n, t) => n + t.buyers, 0);
      if (companionBuyers) {
        score += 0.2 * Math.log1p(companionBuyers);
        const top = companions[0] && bought.get(companions[0].with_sku);
        if (top && companions[0]!.buyers >= 2)
          reasons.push({
            code: 'bought_together',
            with: { sku: top.sku, nameEn: top.name_en, nameZh: top.name_zh ?? top.name_en },
          });
      }
      if (p.history_similarity !== null) score += 0.5 * p.history_similarity;
      score += 0.05 * Math.log1p(buyers.get(p.sku) ?? 0);
      const rating = Number(p.attributes.rating);
      if (rating) score += 0.1 * (rating - 4);
      if (rating >= 4.5) reasons.push({ code: 'rating', rating: p.attributes.rating ?? '' });
      if (budgetCents !== null)
        reasons.push({ code: 'budget', budget: { amountCents: budgetCents, currency } });
      if (reasons.length === 0 || (reasons.length === 1 && reasons[0]?.code === 'budget'))
        reasons.unshift({ code: 'match' });
      const recommendation: Recommendation = {
        ...nameOf(p),
        price: { amountCents: cents, currency },
        descriptionEn: p.description?.en ?? null,
        descriptionZh: p.description?.zh ?? p.description?.en ?? null,
        reasons: reasons
          .sort((a, b) => REASON_ORDER.indexOf(a.code) - REASON_ORDER.indexOf(b.code))
          .slice(0, 3),
      };
      return { recommendation, score };
    });
    scored.sort((a, b) => b.score - a.score || a.recommendation.sku.localeCompare(b.recommendation.sku));
    return {
      kind: 'recommendations',
      items: scored.slice(0, request.limit ?? settings.shown).map((s) => s.recommendation),
    };
  }

  /** The products a message names: by sku, or by words of their English or Chinese names. */
  const NAME_STOPWORDS = new Set(['the', 'and', 'for', 'with', 'set', 'pack', 'new']);
  async function productsNamed(text: string): Promise<ProductName[]> {
    const { rows } = await db.query<{ sku: string; name_en: string; name_zh: string | null }>(
      'SELECT sku, name_en, name_zh FROM products ORDER BY sku',
    );
    const lower = text.toLowerCase();
    const nameWords = (name: string) =>
      name
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 3 && !NAME_STOPWORDS.has(w));
    const productsWith = new Map<string, number>();
    for (const r of rows)
      for (const w of new Set(nameWords(r.name_en))) productsWith.set(w, (productsWith.get(w) ?? 0) + 1);
    const hits = rows
      .map((r) => {
        if (lower.includes(r.sku.toLowerCase())) return { r, score: 100 };
        const words = nameWords(r.name_en);
        const zh = (r.name_zh ?? '').replace(/[A-Za-z0-9\s.%]+/g, '');
        const zhHits =
          zh.length >= 2 ? [...zh.matchAll(/(?=(..))/g)].filter((m) => text.includes(m[1]!)).length : 0;
        const matched = words.filter((w) => new RegExp(`\\b${w}`).test(lower));
        const enHits = matched.length;
        // One everyday word is not a name ("gift wrapping" is no question about the "Holiday Gift Box"); one word
        // that only this product's name has and nobody says otherwise is ("the ArchFlex").
        const distinctive = matched.some((w) => productsWith.get(w) === 1 && !isEverydayWord(w));
        const named = distinctive || enHits >= Math.min(2, words.length);
        return { r, score: (named ? enHits * 2 : 0) + zhHits };
      })
      .filter((h) => h.score >= 2)
      .sort((a, b) => b.score - a.score);
    return hits.map((h) => ({ sku: h.r.sku, nameEn: h.r.name_en, nameZh: h.r.name_zh ?? h.r.name_en }));
  }

  async function loadProducts(skus: string[]): Promise<ProductRow[]> {
    const { rows } = await db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.sku = ANY($1)`,
      [skus],
    );
    return skus.flatMap((sku) => rows.filter((r) => r.sku === sku));
  }

  return {
    ensureProductEmbeddings,
    recommendProducts,

    /** Which product a question is about (named in it, or the one given) and the fact asked, from the product's own data. */
    async productFacts({
      text,
      picked,
      sku,
      locale,
    }: {
      text: string;
      /** A product the customer picked from the list shown ("the first one"): it wins over names in the text. */
      picked?: string | null;
      /** The product talked about last, when the text names none. */
      sku: string | null;
      locale: Locale;
    }): Promise<ProductFacts | null> {
      const named = picked ? [] : await productsNamed(text);
      // "this flask" about the product just discussed: it stays the subject even if other names share the words.
      const same = sku && (named.some((n) => n.sku === sku) || THIS.test(text)) ? sku : null;
      const chosen = picked ?? same ?? named[0]?.sku ?? sku;
      if (!chosen) return null;
      const [p] = await loadProducts([chosen]);
      if (!p) return null;
      const currency = currencyFor(settings, locale);
      const asked = factAsked(text);
      let value: string | null = null;
      if (asked === 'price') {
        value = `${convertCents(settings, Math.round(Number(p.price) * 100), p.currency, currency)}`;
      } else if (asked === 'stock') value = p.available ? 'in_stock' : 'out_of_stock';
      else if (asked === 'colours') value = (p.options.colour ?? []).join(', ') || null;
      else if (asked === 'sizes') value = (p.options.size ?? []).join(', ') || null;
      else if (asked) value = p.attributes[asked] ?? null;
      return {
        ...nameOf(p),
        fact: asked,
        value,
        currency,
        descriptionEn: p.description?.en ?? null,
        descriptionZh: p.description?.zh ?? p.description?.en ?? null,
      };
    },

    /** Two products side by side: price in the customer's currency, stock, and every fact either one has. */
    async compareProducts({ skus, locale }: CompareRequest): Promise<Comparison | null> {
      const found = await loadProducts(skus.slice(0, 2));
      if (found.length < 2) return null;
      const currency = currencyFor(settings, locale);
      const facts = [...new Set(found.flatMap((p) => Object.keys(p.attributes)))];
      return {
        products: found.map((p) => ({
          ...nameOf(p),
          price: {
            amountCents: convertCents(settings, Math.round(Number(p.price) * 100), p.currency, currency),
            currency,
          } as Money,
          available: p.available,
          facts: Object.fromEntries(facts.map((f) => [f, p.attributes[f] ?? null])),
        })),
        facts,
      };
    },

    /** Products named in a message (for "compare the kettle and the flask"). */
    productsNamed: ({ text }: { text: string }) => productsNamed(text),

    /** Each recommendation shown, once per case and product; a later order of it is attributed to the case. */
    async recordRecommendations(shown: {
      caseId: string;
      customerId: string | null;
      items: { sku: string; reasons: Reason[] }[];
    }): Promise<void> {
      await db.query(
        `INSERT INTO recommendations_shown (case_id, sku, customer_id, rank, reasons)
         SELECT $1, sku, $2, rank, reasons FROM jsonb_to_recordset($3::jsonb) AS r(sku text, rank integer, reasons jsonb)
         ON CONFLICT (case_id, sku) DO NOTHING`,
        [
          shown.caseId,
          shown.customerId,
          JSON.stringify(shown.items.map((it, i) => ({ ...it, rank: i + 1 }))),
        ],
      );
    },
  };
}
