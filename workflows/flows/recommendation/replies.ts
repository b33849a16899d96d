// What the shopping guide says: its questions, recommendations with reasons, comparisons, and product details it does not have.
import type { Comparison, Money, Recommendation } from '../../../activities/presales/types';

export interface RecommendationReplyParams {
  /** One question for what is still missing: the budget, what it is for (or who), or both. */
  shop_ask_needs: { budget: boolean; use: boolean; currency: string };
  shop_ask_size: { sizes: string[]; colour: boolean };
  shop_recommendations: { items: Recommendation[] };
  shop_nothing: { reason: 'budget' | 'stock'; cheapest: Money | null };
  shop_compare: Comparison;
  shop_compare_which: Record<string, never>;
  /** The product's data, the knowledge base: neither says; the question was logged as a gap. */
  product_detail_unknown: { nameEn: string; nameZh: string };
}
