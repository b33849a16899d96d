// Replies of knowledge answers: what the agent says around an answer drawn from the knowledge base, or without one.
import type { Locale } from '../../types';

export interface KnowledgeReplyParams {
  /** Below the threshold: the agent does not know, offers a human; the question was logged as a gap. */
  knowledge_unknown: Record<string, never>;
  /** The only article that answers is in the other language (shown as it is, untranslated). */
  knowledge_other_language: { articleLocale: Locale };
}
