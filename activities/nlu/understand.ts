// The understand activity: the configured language-model provider, fed with the catalog's vocabulary.
import type { Pool } from 'pg';
import type { CatalogVocabulary, LlmProvider, UnderstandRequest } from './types';
import type { Understanding } from '../../workflows/types';

const CATALOG_TTL_MS = 60_000;

export function createUnderstandActivities(db: Pool, llm: LlmProvider) {
  let catalog: { value: CatalogVocabulary; loadedAt: number } | undefined;

  // The catalog changes only on import, so a minute-old copy is fine and saves a query per message.
  async function vocabulary(): Promise<CatalogVocabulary> {
    if (catalog && Date.now() - catalog.loadedAt < CATALOG_TTL_MS) return catalog.value;
    const { rows } = await db.query<{
      sku: string;
      name_en: string;
      name_zh: string | null;
      category: string;
      options: { colour?: string[]; size?: string[] };
    }>('SELECT sku, name_en, name_zh, category, options FROM products ORDER BY sku');
    const value: CatalogVocabulary = {
      products: rows.map((r) => ({
        sku: r.sku,
        nameEn: r.name_en,
        // Products may have no Chinese name since the returns data model (migration 004).
        nameZh: r.name_zh ?? r.name_en,
        category: r.category,
        colours: r.options.colour ?? [],
        sizes: r.options.size ?? [],
      })),
    };
    catalog = { value, loadedAt: Date.now() };
    return value;
  }

  return {
    async understand(request: UnderstandRequest): Promise<Understanding> {
      return llm.understand(request, await vocabulary());
    },
  };
}
