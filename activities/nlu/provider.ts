// Picks the language-model provider from configuration: the offline local one, or any OpenAI-compatible endpoint.
import type { Config } from '../platform/config';
import { createLocalProvider } from './local';
import { createModelClient, createOpenAiProvider } from './openai';
import type { LlmProvider } from './types';

export function createLlmProvider(config: Config['llm']): LlmProvider {
  if (config.provider === 'openai') return createOpenAiProvider(config);
  return createLocalProvider();
}

/** One line for the start-up log: which provider, endpoint and models are in use. */
export function describeLlm(config: Config['llm']): string {
  if (config.provider === 'local') return 'language provider: local (offline, nothing leaves this machine)';
  return (
    `language provider: openai-compatible at ${config.baseUrl ?? 'https://api.openai.com/v1'}, ` +
    `model ${config.model}, embeddings ${config.embeddingModel} (${config.embeddingDimensions} dimensions), ` +
    `budget ${config.timeoutMs} ms per call; customer messages are sent with emails, phones and order numbers masked`
  );
}

/**
 * Asks the endpoint once for its models, so a wrong URL, key or model name is a clear warning at start rather than
 * a fallback on every message. Never throws: the local reading answers while the endpoint is down.
 */
export async function checkLlmEndpoint(config: Config['llm']): Promise<string | null> {
  if (config.provider !== 'openai') return null;
  try {
    const models = await createModelClient(config).listModels(Date.now() + Math.max(config.timeoutMs, 3_000));
    if (models.length > 0 && !models.includes(config.model))
      return `the model endpoint does not list model "${config.model}" (it lists ${models.slice(0, 5).join(', ')}${models.length > 5 ? ', …' : ''}); check KEFU_LLM_MODEL`;
    return null;
  } catch (err) {
    return `the model endpoint ${config.baseUrl ?? 'https://api.openai.com/v1'} did not answer (${err instanceof Error ? err.message : String(err)}); until it does, every message is read by the local provider`;
  }
}
