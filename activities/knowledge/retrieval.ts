// Hybrid retrieval: nearest chunks by meaning (HNSW, cosine) and by keywords, fused by reciprocal rank.
import type { Pool } from 'pg';
import type { LlmProvider } from '../nlu/types';
import { hanBigramRuns, keywordQuery, keywords } from './keywords';
import { toVector } from './store';

export interface RetrievedChunk {
  chunkId: string;
  articleId: string;
  title: string;
  locale: string;
  kind: 'passage' | 'question';
  heading: string | null;
  text: string;
  /** Cosine similarity to the question, 0..1 (null when the question could not be embedded). */
  similarity: number | null;
  /** Share of the question's keywords found in the chunk (with its title and heading), weighted by rarity, 0..1. */
  keywordCoverage: number;
  /** The same share over the whole article: an answer is the article's, and one passage rarely repeats the title. */
  articleCoverage: number;
  /** How sure retrieval is that the chunk answers the question, 0..1: meaning and the article's keywords together. */
  confidence: number;
  /** Reciprocal-rank fusion of both rankings; orders the results. */
  score: number;
}

export interface SearchOptions {
  /** Results returned. */
  limit?: number;
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
}

/** The usual constant of reciprocal rank fusion: damps the difference between the first few ranks. */
const RRF_K = 60;
/**
 * A content word no article has ("scooter", "学生") is most likely the subject the knowledge base lacks, so it weighs
 * as much as a rare word: a question about it then covers little of any article. Calibrated with the answerable and
 * unanswerable question sets (bench/README.md, "knowledge").
 */
const ABSENT_KEYWORD_WEIGHT = 4;

interface Row {
  id: string;
  article_id: string;
  title: string;
  locale: string;
  kind: 'passage' | 'question';
  heading: string | null;
  text: string;
  similarity: number | null;
}

/**
 * Both rankings over published chunks (drafts have none). A question the model cannot embed (a provider outage)
 * still gets the keyword ranking; keywords alone also catch codes such as "E3" that meaning blurs.
 */
export async function searchKnowledge(
  db: Pool,
  llm: LlmProvider,
  question: string,
  options: SearchOptions = {},
): Promise<RetrievedChunk[]> {
  const limit = options.limit ?? 10;
  const candidates = Math.max(limit, options.candidates ?? 40);
  const vector = await llm
    .embed([question])
    .then(([v]) => (v ? toVector(v) : null))
    .catch(() => null);
  const tsquery = keywordQuery(question);
  const [byMeaning, byKeyword] = await Promise.all([
    vector
      ? db.query<Row>(
          `SELECT c.id, c.article_id, a.title, c.locale, c.kind, c.heading, c.text, 1 - c.distance AS similarity
             FROM (SELECT id, article_id, locale, kind, heading, text, embedding <=> $1::vector AS distance
                     FROM kb_chunks ORDER BY embedding <=> $1::vector LIMIT $2) c
             JOIN kb_articles a ON a.id = c.article_id
            ORDER BY c.distance`,
          [vector, candidates],
        )
      : Promise.resolve({ rows: [] as Row[] }),
    tsquery
      ? db.query<Row>(
          `SELECT c.id::text AS id, c.article_id, a.title, c.locale, c.kind, c.heading, c.text,
                  CASE WHEN $3::vector IS NULL THEN NULL ELSE 1 - (c.embedding <=> $3::vector) END AS similarity
             FROM kb_chunks c JOIN kb_articles a ON a.id = c.article_id, to_tsquery('simple', $1) q
            WHERE c.keywords @@ q
            ORDER BY ts_rank(c.keywords, q) DESC, c.id LIMIT $2`,
          [tsquery, candidates * 4, vector],
        )
      : Promise.resolve({ rows: [] as Row[] }),
  ]);
  // ts_rank knows nothing of rarity: "e3" must count for more than "dishwasher", which every manual chunk has.
  const questionKeywords = keywords(question);
  const idf = await inverseDocumentFrequencies(db, questionKeywords);
  const seams = hanSeams(question, idf);
  const asked = questionKeywords.filter((k) => !seams.has(k));
  const coverageOf = (found: Set<string>) => {
    const total = asked.reduce((sum, k) => sum + (idf.get(k) ?? 0), 0);
    return total > 0
      ? asked.filter((k) => found.has(k)).reduce((sum, k) => sum + (idf.get(k) ?? 0), 0) / total
      : 0;
  };
  const coverage = (row: Row) =>
    coverageOf(new Set(keywords(`${row.title} ${row.heading ?? ''} ${row.text}`)));
  const keywordRanking = byKeyword.rows
    .map((row) => ({ row, coverage: coverage(row) }))
    .sort((a, b) => b.coverage - a.coverage)
    .slice(0, candidates)
    .map((r) => r.row);
  // A code ("E3", "F500") names exactly one thing, which meaning alone blurs: the keyword ranking then weighs double.
  const keywordWeight = asked.some((k) => /^[a-z]+\d+$|^\d+[a-z]+$/.test(k)) ? 2 : 1;
  const fused = new Map<string, { row: Row; score: number }>();
  for (const [weight, ranking] of [
    [1, byMeaning.rows],
    [keywordWeight, keywordRanking],
  ] as const) {
    ranking.forEach((row, rank) => {
      const id = String(row.id);
      const entry = fused.get(id) ?? { row, score: 0 };
      entry.score += weight / (RRF_K + rank + 1);
      fused.set(id, entry);
    });
  }
  const top = [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  const articleKeywords = await keywordsOfArticles(db, [...new Set(top.map((t) => t.row.article_id))]);
  return top.map(({ row, score }) => {
    const similarity = row.similarity === null ? null : Number(row.similarity);
    const keywordCoverage = coverage(row);
    const articleCoverage = coverageOf(articleKeywords.get(row.article_id) ?? new Set());
    return {
      chunkId: String(row.id),
      articleId: row.article_id,
      title: row.title,
      locale: row.locale,
      kind: row.kind,
      heading: row.heading,
      text: row.text,
      similarity,
      keywordCoverage,
      articleCoverage,
      confidence: confidenceOf(similarity, articleCoverage),
      score,
    };
  });
}

/** Meaning counts most; rare keywords (an error code, a product name) confirm it. Without a vector, keywords only. */
export function confidenceOf(similarity: number | null, keywordCoverage: number): number {
  if (similarity === null) return 0.8 * keywordCoverage;
  return 0.6 * Math.max(0, similarity) + 0.4 * keywordCoverage;
}

/**
 * Han bigrams that straddle two words: absent from every chunk while a neighbouring bigram is present ("信付" beside
 * "微信" and "付款"). They say nothing about the subject, so coverage leaves them out; an absent bigram with no
 * present neighbour ("学生") stays, as the subject the knowledge base may lack.
 */
function hanSeams(question: string, idf: Map<string, number>): Set<string> {
  const present = (token: string | undefined) =>
    token !== undefined && idf.has(token) && idf.get(token) !== ABSENT_KEYWORD_WEIGHT;
  const seams = new Set<string>();
  for (const run of hanBigramRuns(question))
    run.forEach((token, i) => {
      if (idf.has(token) && !present(token) && (present(run[i - 1]) || present(run[i + 1]))) seams.add(token);
    });
  return seams;
}

/** Every keyword of each article (all its chunks, titles and headings included). */
async function keywordsOfArticles(db: Pool, articleIds: string[]): Promise<Map<string, Set<string>>> {
  if (articleIds.length === 0) return new Map();
  const { rows } = await db.query<{
    article_id: string;
    title: string;
    heading: string | null;
    text: string;
  }>(
    `SELECT c.article_id, a.title, c.heading, c.text
       FROM kb_chunks c JOIN kb_articles a ON a.id = c.article_id
      WHERE c.article_id = ANY($1::text[])`,
    [articleIds],
  );
  const byArticle = new Map<string, Set<string>>();
  for (const row of rows) {
    const found = byArticle.get(row.article_id) ?? new Set<string>();
    for (const k of keywords(`${row.title} ${row.heading ?? ''} ${row.text}`)) found.add(k);
    byArticle.set(row.article_id, found);
  }
  return byArticle;
}

/**
 * log(N / df) per keyword over published chunks. A keyword no chunk has ("australia", "怎么办") gets a middling weight:
 * it may be the subject the knowledge base lacks, or a filler word of the question.
 */
async function inverseDocumentFrequencies(db: Pool, tokens: string[]): Promise<Map<string, number>> {
  if (tokens.length === 0) return new Map();
  const { rows } = await db.query<{ token: string; df: string; n: string }>(
    `SELECT t AS token,
            (SELECT count(*) FROM kb_chunks WHERE keywords @@ to_tsquery('simple', t)) AS df,
            (SELECT count(*) FROM kb_chunks) AS n
       FROM unnest($1::text[]) AS t`,
    [tokens],
  );
  return new Map(
    rows.map((r) => [
      r.token,
      Number(r.df) === 0 ? ABSENT_KEYWORD_WEIGHT : Math.log((Number(r.n) + 1) / (Number(r.df) + 0.5)),
    ]),
  );
}
