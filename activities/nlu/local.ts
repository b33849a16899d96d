// The offline 'local' LLM provider: rule-assisted statistical understanding of Chinese and English, no network.
import type { Locale } from '../../workflows/types';
import { detectCues, mentionsOrder } from './local/cues';
import { withAngerCues } from './local/emotion-cues';
import { EMBEDDING_DIMENSIONS, embedText } from './local/embedding';
import { extractEntities } from './local/entities';
import { classifyIntent } from './local/intents';
import { detectLanguage } from './local/language';
import { analyzeSentiment } from './local/sentiment';
import { pinyinToHan } from './local/spelling';
import { normalizeText } from './local/text';
import type { CatalogVocabulary, LlmProvider, UnderstandRequest, Understanding } from './types';

const DEFAULT_TIME_ZONE: Record<Locale, string> = { 'zh-CN': 'Asia/Shanghai', en: 'UTC' };

/** Synchronous core of `understand`, exported for callers (and tests) that want no promise. */
export function understandSync(request: UnderstandRequest, catalog: CatalogVocabulary): Understanding {
  const written = normalizeText(request.text ?? '');
  // Chinese typed as pinyin is read as the Chinese it spells.
  const text = pinyinToHan(written) ?? written;
  const language = detectLanguage(text, request.localeHint ?? 'en');
  const timeZone = request.timeZone ?? DEFAULT_TIME_ZONE[language];
  const entities = extractEntities(text, catalog, { now: request.now, timeZone });
  const sentiment = withAngerCues(text, analyzeSentiment(text));
  const classified = classifyIntent(text, sentiment);
  const cues = detectCues(text);
  // "cancel that" drops the request in progress; only a message that names an order asks to cancel one.
  const dropsRequest =
    cues.cancel &&
    classified.intent === 'cancel_order' &&
    entities.orderIds.length === 0 &&
    !mentionsOrder(text);
  const { intent, confidence } = dropsRequest
    ? { intent: 'deny' as const, confidence: classified.confidence }
    : classified;
  return {
    language,
    intent,
    confidence,
    entities,
    sentiment,
    cues,
    ...(classified.runnerUp && !dropsRequest ? { runnerUp: classified.runnerUp } : {}),
    also: dropsRequest ? [] : (classified.also ?? []),
  };
}

export function createLocalProvider(): LlmProvider {
  return {
    name: 'local',
    embeddingDimensions: EMBEDDING_DIMENSIONS,
    // Async only by contract: an unexpected error still arrives as a rejected promise, not a throw.
    understand: async (request, catalog) => understandSync(request, catalog),
    embed: async (texts) => texts.map(embedText),
  };
}
