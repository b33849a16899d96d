// `kefu kb …`: import a knowledge base from files and re-embed it, with progress bars.
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { importKnowledge } from '../../activities/knowledge/import';
import { embeddingSpaceOf, ensureEmbeddingSpace, type Progress } from '../../activities/knowledge/store';
import { createLlmProvider } from '../../activities/nlu/provider';
import { loadConfig } from '../../activities/platform/config';
import type { OpenDatabase } from './database';

type WithDatabase = <T>(fn: (db: OpenDatabase) => Promise<T>) => Promise<T>;

/** A progress bar on stderr when it is a terminal; a line every 10% otherwise (logs, tests). */
function progressBar(label: string, note: (line: string) => void): Progress & { stop(): void } {
  let bar: SingleBar | undefined;
  let lastTenth = -1;
  const update = (done: number, total: number) => {
    if (process.stderr.isTTY) {
      bar ??= new SingleBar(
        { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr },
        Presets.shades_classic,
      );
      if (!bar.isActive) bar.start(total, done);
      bar.update(done);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      note(`${label} ${done}/${total}`);
    }
  };
  return Object.assign(update, { stop: () => bar?.stop() });
}

export function addKnowledgeCommands(
  program: Command,
  withDatabase: WithDatabase,
  note: (line: string) => void,
): void {
  const kb = program.command('kb').description('the knowledge base the agent answers questions from');
  kb.command('import <path>')
    .description(
      'import articles from a Markdown, text or HTML file or a folder of them; unchanged articles are skipped (content hash)',
    )
    .action(async (target: string) => {
      const config = loadConfig();
      const reembedding = progressBar('re-embedding', note);
      const articles = progressBar('articles', note);
      try {
        const summary = await withDatabase((db) =>
          importKnowledge(db.pool, createLlmProvider(config.llm), config, path.resolve(target), {
            reembedding,
            articles,
          }),
        );
        reembedding.stop();
        articles.stop();
        note(
          `knowledge base: ${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged ` +
            `(${summary.files} files, ${summary.chunks} chunks written)`,
        );
      } finally {
        reembedding.stop();
        articles.stop();
      }
    });
  kb.command('reembed')
    .description('embed every chunk again if the embedding provider, model or dimension changed')
    .action(async () => {
      const config = loadConfig();
      const bar = progressBar('re-embedding', note);
      try {
        const llm = createLlmProvider(config.llm);
        const { reembedded } = await withDatabase((db) =>
          ensureEmbeddingSpace(db.pool, llm, embeddingSpaceOf(llm, config.llm), bar),
        );
        bar.stop();
        note(
          reembedded > 0
            ? `re-embedded ${reembedded} texts`
            : 'the stored vectors already match the configuration',
        );
      } finally {
        bar.stop();
      }
    });
}
