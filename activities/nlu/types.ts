// The language-model provider interface: every understanding and embedding goes through one of these.
import type { Entities, Intent, Locale, Sentiment, Understanding } from '../../workflows/types';

export type { Entities, Intent, Locale, Sentiment, Understanding };

/** What the catalog contributes to understanding: names and option values customers may mention. */
export interface CatalogVocabulary {
  products: {
    sku: string;
    nameEn: string;
    nameZh: string;
    category: string;
    colours: string[];
    sizes: string[];
  }[];
}

export interface UnderstandRequest {
  text: string;
  /** "Now" for resolving relative dates; ISO-8601, passed in so the result does not depend on the clock. */
  now: string;
  /** The case's current language, used when the text alone does not tell (e.g. an email address). */
  localeHint?: Locale;
  /** IANA time zone for relative dates; default Asia/Shanghai for zh-CN and UTC for en. */
  timeZone?: string;
  /**
   * When the turn began (ISO-8601, the workflow's time): a model call ends by this plus KEFU_LLM_TIMEOUT, so a turn
   * that understands and then writes an answer with the model spends one budget, not one per call.
   */
  turnStartedAt?: string;
}

export interface LlmProvider {
  readonly name: string;
  understand(request: UnderstandRequest, catalog: CatalogVocabulary): Promise<Understanding>;
  /** Fixed-dimension vectors for semantic search (pgvector). */
  embed(texts: string[]): Promise<number[][]>;
  readonly embeddingDimensions: number;
}
