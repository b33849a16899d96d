// GraphQL for the knowledge base: articles, gaps and their resolution (admins), and customers' verdicts on answers.
import type { Pool } from 'pg';
import { ArticleError, validateArticle } from '../activities/knowledge/documents';
import { setTimeout as delay } from 'node:timers/promises';
import {
  changedGaps,
  listGaps,
  readGap,
  reportGap,
  resolveGap,
  type GapRow,
} from '../activities/knowledge/gaps';
import { readArticle, saveArticle, type ArticleRow } from '../activities/knowledge/store';
import { createLlmProvider } from '../activities/nlu/provider';
import type { LlmProvider } from '../activities/nlu/types';
import type { Config } from '../activities/platform/config';
import { assertCanReadCase, assertStaff } from './auth';
import { caseFeed, requestSignal } from './live';
import { badInput, forbidden, notFound, unauthenticated } from './errors';
import type { ApiContext } from './schema';

/** One embedding provider per configuration, made on first use (the API embeds imported articles and gap questions). */
const providers = new WeakMap<Config['llm'], LlmProvider>();
function llmOf(config: Config): LlmProvider {
  let llm = providers.get(config.llm);
  if (!llm) {
    llm = createLlmProvider(config.llm);
    providers.set(config.llm, llm);
  }
  return llm;
}

interface ArticleInputArgs {
  id: string;
  title: string;
  body: string;
  locale?: string | null;
  tags?: string[] | null;
  products?: string[] | null;
  status?: 'DRAFT' | 'PUBLISHED' | null;
}

function articleView(row: ArticleRow) {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    locale: row.locale,
    tags: row.tags,
    products: row.products,
    status: row.status === 'draft' ? 'DRAFT' : 'PUBLISHED',
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function gapView(db: Pool, row: GapRow) {
  return {
    id: row.id,
    question: row.question,
    locale: row.locale,
    count: row.count,
    examples: row.examples,
    status: row.status === 'open' ? 'OPEN' : 'RESOLVED',
    article: async () => {
      if (!row.resolved_article_id) return null;
      const article = await readArticle(db, row.resolved_article_id);
      return article ? articleView(article) : null;
    },
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}

async function saveArticleInput({ deps }: ApiContext, input: ArticleInputArgs, field: string) {
  let article;
  try {
    article = validateArticle({
      ...input,
      status: input.status === 'DRAFT' ? 'draft' : 'published',
      source: 'graphql',
    });
  } catch (err) {
    if (err instanceof ArticleError)
      throw badInput(`${field}.${err.field}`, err.message.slice(err.field.length + 2));
    throw err;
  }
  const { outcome } = await saveArticle(deps.db, llmOf(deps.config), article);
  const row = await readArticle(deps.db, article.id);
  if (!row) throw new Error(`article ${article.id} was saved but cannot be read`);
  return { article: articleView(row), outcome: outcome.toUpperCase() };
}

/** How often a gap subscription looks for gaps opened, asked again or resolved. */
const GAP_POLL_MS = 1_000;
/** A gap's last_seen is its transaction's start: looking back this far catches one that committed late. */
const GAP_LOOKBACK_MS = 10_000;

/**
 * Gaps as they open, are asked again and are resolved: the admin's live to-do list. It polls the gaps table (a few
 * admins, one cheap query a second) so it works the same on PostgreSQL and the embedded database. What stands when it
 * opens is read before it returns, so every later change is an event.
 */
async function gapEvents(ctx: ApiContext) {
  const { deps } = ctx;
  // Ends when the client goes away or the API stops (with the live feed), so an open stream never holds a shutdown.
  const stop = new AbortController();
  const signal = stop.signal;
  const request = requestSignal(ctx);
  if (request?.aborted) stop.abort();
  request?.addEventListener('abort', () => stop.abort());
  void (await caseFeed(deps.db)).closed.then(() => stop.abort());
  const seen = new Map<string, string>();
  const changes = async () => {
    const now = (await deps.db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
    const rows = await changedGaps(deps.db, new Date(now.getTime() - GAP_LOOKBACK_MS));
    return rows.filter((row) => {
      const state = `${row.count}/${row.status}`;
      if (seen.get(row.id) === state) return false;
      seen.set(row.id, state);
      return true;
    });
  };
  await changes();
  return (async function* () {
    while (!signal.aborted) {
      try {
        await delay(GAP_POLL_MS, undefined, { signal });
      } catch {
        return;
      }
      for (const row of await changes()) yield gapView(deps.db, row);
    }
  })();
}

export const knowledgeResolvers = {
  Message: {
    // Replies returned by sendMessage come straight from the case, where a reply without sources has none set.
    sources: (message: { sources?: unknown[] | null }) => message.sources ?? [],
  },
  Query: {
    async knowledgeArticle(_root: unknown, { id }: { id: string }, { deps, viewer }: ApiContext) {
      const row = await readArticle(deps.db, id.replace(/^kb:/, ''));
      if (!row) return null;
      if (row.status !== 'published' && viewer.kind !== 'staff') return null;
      return articleView(row);
    },
    async knowledgeGaps(
      _root: unknown,
      args: { status?: 'OPEN' | 'RESOLVED' | null; first?: number | null; offset?: number | null },
      { deps, viewer }: ApiContext,
    ) {
      assertStaff(viewer, ['supervisor', 'admin']);
      const first = args.first ?? 20;
      const max = deps.config.api.maxPageSize;
      if (first < 1 || first > max) throw badInput('first', `must be between 1 and ${max} (got ${first})`);
      const offset = args.offset ?? 0;
      if (offset < 0) throw badInput('offset', 'must not be negative');
      const status = args.status === 'RESOLVED' ? 'resolved' : args.status === 'OPEN' ? 'open' : null;
      const page = await listGaps(deps.db, { status, first, offset });
      return { nodes: page.rows.map((row) => gapView(deps.db, row)), totalCount: page.total };
    },
  },
  Subscription: {
    knowledgeGapEvents: {
      // Access is checked before the stream starts, so a refusal is an ordinary GraphQL error.
      subscribe: async (_root: unknown, _args: unknown, ctx: ApiContext) => {
        assertStaff(ctx.viewer, ['supervisor', 'admin']);
        return gapEvents(ctx);
      },
      resolve: (gap: unknown) => gap,
    },
  },
  Mutation: {
    async importKnowledgeArticle(_root: unknown, { input }: { input: ArticleInputArgs }, ctx: ApiContext) {
      assertStaff(ctx.viewer, ['admin']);
      return saveArticleInput(ctx, input, 'input');
    },
    async resolveKnowledgeGap(
      _root: unknown,
      args: { id: string; articleId?: string | null; article?: ArticleInputArgs | null },
      ctx: ApiContext,
    ) {
      const { viewer, deps } = ctx;
      assertStaff(viewer, ['admin']);
      if (Boolean(args.articleId) === Boolean(args.article))
        throw badInput('articleId', 'give either articleId (an existing article) or article (a new one)');
      const gap = await readGap(deps.db, args.id);
      if (!gap) throw notFound(`knowledge gap ${args.id} does not exist`);
      if (gap.status === 'resolved') throw badInput('id', `knowledge gap ${args.id} is already resolved`);
      let articleId: string;
      if (args.article) {
        articleId = (await saveArticleInput(ctx, args.article, 'article')).article.id;
      } else {
        const existing = await readArticle(deps.db, (args.articleId ?? '').replace(/^kb:/, ''));
        if (!existing) throw badInput('articleId', `no article ${args.articleId}`);
        if (existing.status !== 'published')
          throw badInput('articleId', 'the article is a draft: publish it first');
        articleId = existing.id;
      }
      const resolved = await resolveGap(deps.db, llmOf(deps.config), gap, articleId, viewer.name);
      return gapView(deps.db, resolved);
    },
    async rateAnswer(
      _root: unknown,
      args: { caseId: string; messageId: string; helpful: boolean },
      { deps, viewer }: ApiContext,
    ) {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      if (viewer.kind !== 'customer') throw forbidden("only the case's customer rates its answers");
      assertCanReadCase(viewer, args.caseId);
      const { rows } = await deps.db.query<{ seq: number; role: string; sources: unknown }>(
        'SELECT seq, role, sources FROM case_messages WHERE case_id = $1 AND id = $2',
        [args.caseId, args.messageId],
      );
      const answer = rows[0];
      if (!answer) throw notFound(`message ${args.messageId} is not in this case (yet)`);
      if (answer.role !== 'AGENT' || !Array.isArray(answer.sources) || answer.sources.length === 0)
        throw badInput('messageId', 'is not an answer drawn from the knowledge base');
      await deps.db.query(
        `INSERT INTO kb_answer_ratings (message_id, case_id, helpful) VALUES ($1, $2, $3)
         ON CONFLICT (message_id) DO UPDATE SET helpful = EXCLUDED.helpful, at = now()`,
        [args.messageId, args.caseId, args.helpful],
      );
      if (!args.helpful) {
        const question = await deps.db.query<{ text: string }>(
          `SELECT text FROM case_messages WHERE case_id = $1 AND seq < $2 AND role = 'CUSTOMER'
            ORDER BY seq DESC LIMIT 1`,
          [args.caseId, answer.seq],
        );
        const locale = await deps.db.query<{ locale: string }>('SELECT locale FROM cases WHERE id = $1', [
          args.caseId,
        ]);
        if (question.rows[0]) {
          await reportGap(deps.db, llmOf(deps.config), deps.config.knowledge, {
            question: question.rows[0].text,
            locale: locale.rows[0]?.locale ?? 'en',
            caseId: args.caseId,
            messageId: args.messageId,
            reason: 'thumbs_down',
          });
        }
      }
      return true;
    },
  },
};
