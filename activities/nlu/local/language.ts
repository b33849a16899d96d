// Decides whether a message is Chinese or English; identifiers alone say nothing, so those defer to the case.
import type { Locale } from '../../../workflows/types';
import { extractIdentifiers, maskSpans } from './identifiers';
import { HAN } from './text';

export function detectLanguage(text: string, localeHint: Locale = 'en'): Locale {
  if (HAN.test(text)) return 'zh-CN';
  const rest = maskSpans(text, extractIdentifiers(text).spans);
  // "W1234567" or "jane@example.com" has letters, but none that belong to a language.
  return /\p{L}/u.test(rest) ? 'en' : localeHint;
}
