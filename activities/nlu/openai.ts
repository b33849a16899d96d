// Understanding through any OpenAI-compatible endpoint; entity extraction stays with the local provider, which is exact.
import OpenAI from 'openai';
import { z } from 'zod';
import type { Config } from '../platform/config';
import { createLocalProvider } from './local';
import type { CatalogVocabulary, LlmProvider, UnderstandRequest } from './types';
import { type Cues, INTENTS, type Understanding } from '../../workflows/types';

const answerSchema = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  sentiment: z.object({
    polarity: z.number().min(-1).max(1),
    emotion: z.enum(['NEUTRAL', 'HAPPY', 'ANGRY', 'ANXIOUS', 'FRUSTRATED', 'SAD']),
    intensity: z.number().min(0).max(1),
  }),
});

const SYSTEM_PROMPT = `You classify one customer-service message (Chinese or English).
Answer with JSON only: {"intent": one of ${INTENTS.join(', ')}, "confidence": 0..1,
"sentiment": {"polarity": -1..1, "emotion": NEUTRAL|HAPPY|ANGRY|ANXIOUS|FRUSTRATED|SAD, "intensity": 0..1}}.`;

const EMBEDDING_DIMENSIONS = 256;

const NO_CUES: Cues = { correction: false, cancel: false };

export function createOpenAiProvider(config: Config['llm']): LlmProvider {
  // The call runs inside a 15 s local activity: give up well before it, and let Temporal retry.
  const client = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey ?? 'not-needed',
    maxRetries: 1,
    timeout: 10_000,
  });
  const local = createLocalProvider();
  return {
    name: 'openai',
    embeddingDimensions: EMBEDDING_DIMENSIONS,
    async understand(request: UnderstandRequest, catalog: CatalogVocabulary): Promise<Understanding> {
      const extracted = await local.understand(request, catalog);
      const completion = await client.chat.completions.create({
        model: config.model,
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: request.text },
        ],
      });
      const parsed = answerSchema.safeParse(JSON.parse(completion.choices[0]?.message.content ?? '{}'));
      // A malformed answer from the model must not break the turn: the local reading stands in.
      // The model is not asked for cues: the local rules read them, like entities; no cues at all means none.
      const cues = extracted.cues ?? NO_CUES;
      if (!parsed.success) return { ...extracted, cues };
      return { ...extracted, ...parsed.data, cues };
    },
    async embed(texts: string[]): Promise<number[][]> {
      const result = await client.embeddings.create({
        model: config.embeddingModel,
        input: texts,
        dimensions: EMBEDDING_DIMENSIONS,
      });
      return result.data.map((d) => d.embedding);
    },
  };
}
