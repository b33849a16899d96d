// Imports a knowledge base from files (a file or a folder): the embedding space first, then each article once.
import type { Pool } from 'pg';
import type { LlmProvider } from '../nlu/types';
import type { Config } from '../platform/config';
import { readArticleFiles } from './documents';
import {
  embeddingSpaceOf,
  ensureEmbeddingSpace,
  importArticles,
  type ImportSummary,
  type Progress,
} from './store';

export interface KnowledgeImportProgress {
  /** Re-embedding stored chunks after a change of embedding model. */
  reembedding?: Progress;
  /** Articles imported so far. */
  articles?: Progress;
}

export async function importKnowledge(
  db: Pool,
  llm: LlmProvider,
  config: Pick<Config, 'llm'>,
  target: string,
  progress: KnowledgeImportProgress = {},
): Promise<ImportSummary & { files: number; reembedded: number }> {
  // Every file is read and checked before anything is written: a bad file names itself and nothing changes.
  const files = readArticleFiles(target);
  const { reembedded } = await ensureEmbeddingSpace(
    db,
    llm,
    embeddingSpaceOf(llm, config.llm),
    progress.reembedding,
  );
  let done = 0;
  progress.articles?.(0, files.length);
  const summary = await importArticles(
    db,
    llm,
    files.map((f) => f.article),
    () => progress.articles?.(++done, files.length),
  );
  return { ...summary, files: files.length, reembedded };
}
