// The demo knowledge base (data/knowledge, zh and en) loaded on first start, with progress.
import path from 'node:path';
import type { Pool } from 'pg';
import { importKnowledge } from '../../activities/knowledge/import';
import { createLlmProvider } from '../../activities/nlu/provider';
import type { Config } from '../../activities/platform/config';

export const DEMO_KNOWLEDGE_DIR = path.resolve(__dirname, '../../data/knowledge');

/** Loads the demo articles when the knowledge base is empty; a model outage leaves it empty with a warning. */
export async function loadDemoKnowledge(
  db: Pool,
  config: Config,
  say: (line: string) => void,
): Promise<void> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM kb_articles');
  if (Number(rows[0]?.n ?? 0) > 0) return;
  say('first start: loading the demo knowledge base (data/knowledge)');
  try {
    const summary = await importKnowledge(db, createLlmProvider(config.llm), config, DEMO_KNOWLEDGE_DIR, {
      reembedding: (done, total) => say(`re-embedding ${done}/${total}`),
      articles: (done, total) => {
        if (done === total || done % 5 === 0) say(`knowledge articles ${done}/${total}`);
      },
    });
    say(`demo knowledge base loaded: ${summary.inserted} articles, ${summary.chunks} chunks`);
  } catch (err) {
    say(`the demo knowledge base was not loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
}
