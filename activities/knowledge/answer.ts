// Answers from the knowledge base: retrieve, choose the passage, compose (extractive offline, written by a model), cite.
import type { Pool } from 'pg';
import type { Locale, Source } from '../../workflows/types';
import type { LlmProvider } from '../nlu/types';
import { plainText } from './documents';
import { keywords } from './keywords';
import { searchKnowledge, confidenceOf, type RetrievedChunk } from './retrieval';
import { toVector } from './store';

export interface AnswerRequest {
  caseId: string;
  messageId: string;
  question: string;
  locale: Locale;
  /** When the turn began: a model writing the answer gets what is left of the turn's budget (UnderstandRequest). */
  turnStartedAt?: string;
}

export type KnowledgeAnswer =
  | {
      kind: 'answer';
      text: string;
      sources: Source[];
      /** The language of the article used; not the customer's when only the other language had an answer. */
      articleLocale: Locale;
      /** Whether the text was translated into the customer's language (only a model translates). */
      translated: boolean;
      confidence: number;
    }
  | { kind: 'unknown'; gapId: string | null };

/** A passage handed to a composer, numbered for citation. */
export interface Passage {
  title: string;
  heading: string | null;
  text: string;
  locale: Locale;
}

/** Writes an answer from passages only; null when it cannot (the extractive answer is used instead). */
export interface AnswerComposer {
  readonly name: string;
  compose(request: {
    question: string;
    locale: Locale;
    passages: Passage[];
    turnStartedAt?: string;
  }): Promise<{
    text: string;
    /** Indexes into passages of those the answer used. */
    used: number[];
    translated: boolean;
  } | null>;
}

export const articleRef = (articleId: string) => `kb:${articleId}`;

/** Longest extract shown in a chat bubble; longer passages are trimmed to the paragraphs that match the question. */
const MAX_EXTRACT_CHARS = 600;

/**
 * The best matching passage, trimmed to the question: the paragraph sharing most keywords with it, with the list
 * that follows when the paragraph introduces one ("Try these steps in order:").
 */
export function extractAnswer(passage: string, question: string): string {
  const text = plainText(passage);
  if (text.length <= MAX_EXTRACT_CHARS) return text;
  const asked = new Set(keywords(question));
  const blocks = text.split(/\n\s*\n/);
  let best = 0;
  let bestScore = -1;
  blocks.forEach((block, i) => {
    const score = keywords(block).filter((k) => asked.has(k)).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const chosen = [blocks[best]!];
  for (let i = best + 1; i < blocks.length && /[:：]\s*$|^\s*(\d+\.|-)/m.test(blocks[i - 1]!); i++) {
    chosen.push(blocks[i]!);
    if (!/^\s*(\d+\.|-)/.test(blocks[i]!)) break;
  }
  const extract = chosen.join('\n\n');
  return extract.length <= MAX_EXTRACT_CHARS * 2 ? extract : `${extract.slice(0, MAX_EXTRACT_CHARS * 2)}…`;
}

interface PassageRow {
  heading: string | null;
  text: string;
  similarity: number | null;
}

/** A question chunk (a linked customer question) leads to the passage of its article that best fits the question. */
async function passageFor(
  db: Pool,
  llm: LlmProvider,
  hit: RetrievedChunk,
  question: string,
): Promise<RetrievedChunk> {
  if (hit.kind === 'passage') return hit;
  const vector = await llm
    .embed([question])
    .then(([v]) => (v ? toVector(v) : null))
    .catch(() => null);
  const { rows } = await db.query<PassageRow>(
    `SELECT heading, text, CASE WHEN $2::vector IS NULL THEN NULL ELSE 1 - (embedding <=> $2::vector) END AS similarity
       FROM kb_chunks WHERE article_id = $1 AND kind = 'passage'
      ORDER BY CASE WHEN $2::vector IS NULL THEN 0 ELSE embedding <=> $2::vector END, seq LIMIT 1`,
    [hit.articleId, vector],
  );
  const row = rows[0];
  if (!row) return hit;
  return { ...hit, kind: 'passage', heading: row.heading, text: row.text };
}

/** How much better an article in the other language must match to be preferred over one in the customer's. */
const OTHER_LANGUAGE_MARGIN = 0.03;

export interface AnswerSettings {
  minConfidence: number;
}

/**
 * Retrieves and composes; returns 'unknown' below the threshold. Articles in the customer's language come first;
 * the other language answers only when none in theirs does (the caller says so unless a model translated it).
 */
export async function answerQuestion(
  db: Pool,
  llm: LlmProvider,
  composer: AnswerComposer | null,
  settings: AnswerSettings,
  request: AnswerRequest,
): Promise<KnowledgeAnswer> {
  const results = await searchKnowledge(db, llm, request.question, { limit: 10 });
  const confident = results.filter((r) => r.confidence >= settings.minConfidence);
  const ranked = confident.sort((a, b) => b.confidence - a.confidence);
  const own = ranked.find((r) => r.locale === request.locale);
  // The customer's language wins unless the other language answers clearly better (a passing mention is not it).
  const best = own && own.confidence + OTHER_LANGUAGE_MARGIN >= ranked[0]!.confidence ? own : ranked[0];
  if (!best) return { kind: 'unknown', gapId: null };
  // Confidence judges the article as a whole; within it, the passage is the one matching the question's own words.
  const bestPassage = results
    .filter((r) => r.articleId === best.articleId)
    .reduce((a, b) =>
      confidenceOf(b.similarity, b.keywordCoverage) > confidenceOf(a.similarity, a.keywordCoverage) ? b : a,
    );
  const passage = await passageFor(db, llm, bestPassage, request.question);
  const articleLocale = passage.locale as Locale;
  const sources: Source[] = [{ title: passage.title, ref: articleRef(passage.articleId) }];
  if (composer) {
    // More passages from the same language give a model context; every one cited must be among them.
    const more = confident
      .filter((r) => r.chunkId !== passage.chunkId && r.kind === 'passage' && r.locale === passage.locale)
      .slice(0, 2);
    const passages = [passage, ...more].map((r) => ({
      title: r.title,
      heading: r.heading,
      text: r.text,
      locale: r.locale as Locale,
    }));
    const written = await composer
      .compose({
        question: request.question,
        locale: request.locale,
        passages,
        turnStartedAt: request.turnStartedAt,
      })
      .catch(() => null);
    if (written && written.text.trim()) {
      const cited = [passage, ...more].filter((_, i) => written.used.includes(i));
      const citedSources = dedupeSources(
        (cited.length > 0 ? cited : [passage]).map((r) => ({ title: r.title, ref: articleRef(r.articleId) })),
      );
      return {
        kind: 'answer',
        text: written.text.trim(),
        sources: citedSources,
        articleLocale,
        translated: written.translated && articleLocale !== request.locale,
        confidence: best.confidence,
      };
    }
  }
  return {
    kind: 'answer',
    text: extractAnswer(passage.text, request.question),
    sources,
    articleLocale,
    translated: false,
    confidence: best.confidence ?? confidenceOf(best.similarity, best.keywordCoverage),
  };
}

function dedupeSources(sources: Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(s.ref) && seen.add(s.ref));
}
