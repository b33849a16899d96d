// Picks the language-model provider from configuration: the offline local one, or any OpenAI-compatible endpoint.
import type { Config } from '../platform/config';
import { createLocalProvider } from './local';
import { createOpenAiProvider } from './openai';
import type { LlmProvider } from './types';

export function createLlmProvider(config: Config['llm']): LlmProvider {
  if (config.provider === 'openai') return createOpenAiProvider(config);
  return createLocalProvider();
}
