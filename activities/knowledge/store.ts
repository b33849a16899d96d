// Knowledge articles in PostgreSQL: import (idempotent by content hash), chunks with embeddings, the embedding space.
import type { Pool } from 'pg';
import type { LlmProvider } from '../nlu/types';
import type { Config } from '../platform/config';
import { inTransaction } from '../platform/db';
import { chunkArticle, contentHash, type ArticleInput } from './documents';
import { keywordDocument } from './keywords';

/**
 * The nearest-chunk index, as migration 010 builds it: denser than pgvector's defaults (m 16, ef_construction 64), so
 * a search with hnsw.ef_search 200 finds 92-95 % of the true nearest among 100,000 chunks (bench/README.md).
 */
export const HNSW_INDEX =
  'CREATE INDEX kb_chunks_embedding_idx ON kb_chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 32, ef_construction = 200)';

/** Which vectors are stored: a different provider, model or dimension makes every stored vector meaningless. */
export interface EmbeddingSpace {
  provider: string;
  model: string;
  dimensions: number;
}

export function embeddingSpaceOf(
  llm: LlmProvider,
  config: Pick<Config['llm'], 'embeddingModel'>,
): EmbeddingSpace {
  return llm.name === 'local'
    ? { provider: 'local', model: 'hashed-256', dimensions: llm.embeddingDimensions }
    : { provider: llm.name, model: config.embeddingModel, dimensions: llm.embeddingDimensions };
}

export type Progress = (done: number, total: number) => void;

/** A vector as pgvector reads it. */
export const toVector = (v: readonly number[]) => `[${v.join(',')}]`;

const EMBED_BATCH = 64;

/** Embeds in batches, reporting after each. */
export async function embedAll(llm: LlmProvider, texts: string[], progress?: Progress): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    out.push(...(await llm.embed(texts.slice(i, i + EMBED_BATCH))));
    progress?.(Math.min(i + EMBED_BATCH, texts.length), texts.length);
  }
  return out;
}

/** What a chunk's vector is made of: the article title and heading give a short passage its subject. */
export function chunkEmbeddingText(title: string, heading: string | null, text: string): string {
  return [title, heading, text].filter(Boolean).join('\n');
}

export interface ImportSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  chunks: number;
}

/** Imports articles: new ids inserted, changed ones replaced (version + 1), identical ones skipped. */
export async function importArticles(
  db: Pool,
  llm: LlmProvider,
  articles: readonly ArticleInput[],
  onArticle?: (article: ArticleInput, outcome: 'inserted' | 'updated' | 'unchanged') => void,
): Promise<ImportSummary> {
  const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, chunks: 0 };
  for (const article of articles) {
    const outcome = await saveArticle(db, llm, article);
    summary[outcome.outcome] += 1;
    summary.chunks += outcome.chunks;
    onArticle?.(article, outcome.outcome);
  }
  return summary;
}

export async function saveArticle(
  db: Pool,
  llm: LlmProvider,
  article: ArticleInput,
): Promise<{ outcome: 'inserted' | 'updated' | 'unchanged'; chunks: number }> {
  const hash = contentHash(article);
  const existing = await db.query<{ content_hash: string }>(
    'SELECT content_hash FROM kb_articles WHERE id = $1',
    [article.id],
  );
  if (existing.rows[0]?.content_hash === hash) return { outcome: 'unchanged', chunks: 0 };
  const chunks = article.status === 'published' ? chunkArticle(article) : [];
  // Embedded before the transaction: a model call must not hold a transaction (or PGlite's one connection) open.
  const vectors = await embedAll(
    llm,
    chunks.map((c) => chunkEmbeddingText(article.title, c.heading, c.text)),
  );
  const outcome = await inTransaction(db, async (client) => {
    const { rows } = await client.query<{ inserted: boolean }>(
      `INSERT INTO kb_articles (id, title, body, locale, tags, products, status, content_hash, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, locale = EXCLUDED.locale,
         tags = EXCLUDED.tags, products = EXCLUDED.products, status = EXCLUDED.status,
         content_hash = EXCLUDED.content_hash, source = COALESCE(EXCLUDED.source, kb_articles.source),
         version = kb_articles.version + 1, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        article.id,
        article.title,
        article.body,
        article.locale,
        article.tags,
        article.products,
        article.status,
        hash,
        article.source ?? null,
      ],
    );
    await client.query(`DELETE FROM kb_chunks WHERE article_id = $1 AND kind = 'passage'`, [article.id]);
    // Questions linked to an unpublished article must not lead to it.
    if (article.status !== 'published')
      await client.query(`DELETE FROM kb_chunks WHERE article_id = $1`, [article.id]);
    for (const [i, chunk] of chunks.entries()) {
      await client.query(
        `INSERT INTO kb_chunks (article_id, seq, kind, heading, text, locale, embedding, keywords)
         VALUES ($1, $2, 'passage', $3, $4, $5, $6::vector, to_tsvector('simple', $7))`,
        [
          article.id,
          chunk.seq,
          chunk.heading,
          chunk.text,
          article.locale,
          toVector(vectors[i]!),
          keywordDocument(`${article.title} ${chunk.heading ?? ''} ${chunk.text}`),
        ],
      );
    }
    return rows[0]?.inserted ? ('inserted' as const) : ('updated' as const);
  });
  return { outcome, chunks: chunks.length };
}

/** Links a customer's question to an article, so the same question (and its paraphrases) find it from now on. */
export async function linkQuestion(
  db: Pool,
  llm: LlmProvider,
  articleId: string,
  question: string,
  locale: string,
): Promise<void> {
  const [vector] = await llm.embed([question]);
  await db.query(
    `INSERT INTO kb_chunks (article_id, seq, kind, heading, text, locale, embedding, keywords)
     SELECT $1, COALESCE(max(seq) + 1, 0), 'question', NULL, $2, $3, $4::vector, to_tsvector('simple', $5)
       FROM kb_chunks WHERE article_id = $1 AND kind = 'question'`,
    [articleId, question, locale, toVector(vector!), keywordDocument(question)],
  );
}

/**
 * Makes the stored vectors match the configured provider: when the provider, model or dimension changed, the column
 * and its HNSW index are recreated for the new dimension and every chunk and gap is embedded again.
 */
export async function ensureEmbeddingSpace(
  db: Pool,
  llm: LlmProvider,
  space: EmbeddingSpace,
  progress?: Progress,
): Promise<{ reembedded: number }> {
  const { rows } = await db.query<EmbeddingSpace>(
    'SELECT provider, model, dimensions FROM kb_embedding_space',
  );
  const current = rows[0];
  if (
    current &&
    current.provider === space.provider &&
    current.model === space.model &&
    current.dimensions === space.dimensions
  ) {
    return { reembedded: 0 };
  }
  if (!Number.isInteger(space.dimensions) || space.dimensions < 1 || space.dimensions > 2000)
    throw new Error(
      `embedding dimension ${space.dimensions} is not one pgvector's HNSW index can hold (1-2000)`,
    );
  await inTransaction(db, async (client) => {
    await client.query('DROP INDEX IF EXISTS kb_chunks_embedding_idx');
    await client.query(
      `ALTER TABLE kb_chunks ALTER COLUMN embedding TYPE vector(${space.dimensions}) USING NULL`,
    );
    await client.query('UPDATE kb_gaps SET embedding = NULL');
  });
  const chunks = await db.query<{
    id: string;
    title: string;
    heading: string | null;
    text: string;
    kind: string;
  }>(
    `SELECT c.id::text AS id, a.title, c.heading, c.text, c.kind
       FROM kb_chunks c JOIN kb_articles a ON a.id = c.article_id ORDER BY c.id`,
  );
  const gaps = await db.query<{ id: string; question: string }>(
    'SELECT id::text AS id, question FROM kb_gaps ORDER BY id',
  );
  const texts = [
    ...chunks.rows.map((c) =>
      c.kind === 'question' ? c.text : chunkEmbeddingText(c.title, c.heading, c.text),
    ),
    ...gaps.rows.map((g) => g.question),
  ];
  const vectors = await embedAll(llm, texts, progress);
  for (const [i, chunk] of chunks.rows.entries()) {
    await db.query('UPDATE kb_chunks SET embedding = $2::vector WHERE id = $1', [
      chunk.id,
      toVector(vectors[i]!),
    ]);
  }
  for (const [i, gap] of gaps.rows.entries()) {
    const vector = vectors[chunks.rows.length + i]!;
    await db.query('UPDATE kb_gaps SET embedding = $2::vector WHERE id = $1', [gap.id, toVector(vector)]);
  }
  await db.query(HNSW_INDEX);
  await db.query(
    `INSERT INTO kb_embedding_space (only_row, provider, model, dimensions) VALUES (true, $1, $2, $3)
     ON CONFLICT (only_row) DO UPDATE SET provider = $1, model = $2, dimensions = $3`,
    [space.provider, space.model, space.dimensions],
  );
  return { reembedded: texts.length };
}

export interface ArticleRow {
  id: string;
  title: string;
  body: string;
  locale: string;
  tags: string[];
  products: string[];
  status: string;
  version: number;
  source: string | null;
  updated_at: Date;
}

export async function readArticle(db: Pool, id: string): Promise<ArticleRow | null> {
  const { rows } = await db.query<ArticleRow>(
    `SELECT id, title, body, locale, tags, products, status, version, source, updated_at FROM kb_articles WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
