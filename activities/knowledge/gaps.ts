// The knowledge-gap loop: unanswered questions grouped by meaning, admins told, a gap resolved by an article.
import type { Pool } from 'pg';
import type { LlmProvider } from '../nlu/types';
import { queueNotification } from '../notifications/outbox';
import { inTransaction } from '../platform/db';
import { linkQuestion, toVector } from './store';

export type GapReason = 'no_answer' | 'thumbs_down';

export interface GapReport {
  question: string;
  locale: string;
  caseId: string | null;
  /** The customer message (or the rated answer): a retried report counts once. */
  messageId: string;
  reason: GapReason;
}

export interface GapSettings {
  /** Where new gaps are announced (the notification outbox). */
  adminEmail: string;
  /** Questions at least this similar (cosine) join the same gap. */
  gapSimilarity: number;
}

/** Examples kept per gap: enough to see how customers put it, few enough to read. */
const MAX_EXAMPLES = 5;

export async function reportGap(
  db: Pool,
  llm: LlmProvider,
  settings: GapSettings,
  report: GapReport,
): Promise<{ gapId: string; isNew: boolean }> {
  const earlier = await db.query<{ gap_id: string }>(
    'SELECT gap_id::text FROM kb_gap_reports WHERE message_id = $1 AND reason = $2',
    [report.messageId, report.reason],
  );
  if (earlier.rows[0]) return { gapId: earlier.rows[0].gap_id, isNew: false };
  const question = report.question.trim().slice(0, 500);
  const vector = await llm
    .embed([question])
    .then(([v]) => (v ? toVector(v) : null))
    .catch(() => null);
  const result = await inTransaction(db, async (client) => {
    const nearest = vector
      ? await client.query<{ id: string; similarity: number }>(
          `SELECT id::text, 1 - (embedding <=> $1::vector) AS similarity FROM kb_gaps
            WHERE status = 'open' AND embedding IS NOT NULL
            ORDER BY embedding <=> $1::vector LIMIT 1 FOR UPDATE`,
          [vector],
        )
      : await client.query<{ id: string; similarity: number }>(
          `SELECT id::text, 1 AS similarity FROM kb_gaps WHERE status = 'open' AND lower(question) = lower($1)
            LIMIT 1 FOR UPDATE`,
          [question],
        );
    const match = nearest.rows[0];
    let gapId: string;
    let isNew = false;
    if (match && Number(match.similarity) >= settings.gapSimilarity) {
      gapId = match.id;
      await client.query(
        `UPDATE kb_gaps SET count = count + 1, last_seen = now(),
                examples = CASE WHEN $2 = ANY (examples) OR cardinality(examples) >= $3 THEN examples
                                ELSE array_append(examples, $2) END
          WHERE id = $1`,
        [gapId, question, MAX_EXAMPLES],
      );
    } else {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO kb_gaps (question, locale, embedding, examples) VALUES ($1, $2, $3::vector, ARRAY[$1])
         RETURNING id::text`,
        [question, report.locale, vector],
      );
      gapId = inserted.rows[0]!.id;
      isNew = true;
    }
    await client.query(
      `INSERT INTO kb_gap_reports (message_id, reason, gap_id, case_id, question) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [report.messageId, report.reason, gapId, report.caseId, question],
    );
    if (isNew) {
      await queueNotification(client, {
        key: `kb-gap:${gapId}`,
        channel: 'email',
        recipient: settings.adminEmail,
        subject: `Knowledge gap #${gapId}: customers ask what the knowledge base does not answer`,
        body:
          `A customer asked: "${question}" (${report.locale}${report.reason === 'thumbs_down' ? ', answer rated unhelpful' : ''}).\n` +
          'Similar questions are counted on the same gap. Resolve it with the resolveKnowledgeGap mutation, ' +
          'writing a new article or linking an existing one; the question is then answered.',
        caseId: report.caseId,
      });
    }
    return { gapId, isNew };
  });
  return result;
}

export interface GapRow {
  id: string;
  question: string;
  locale: string;
  count: number;
  examples: string[];
  status: 'open' | 'resolved';
  resolved_article_id: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  first_seen: Date;
  last_seen: Date;
}

const GAP_COLUMNS = `id::text, question, locale, count, examples, status, resolved_article_id, resolved_by,
  resolved_at, first_seen, last_seen`;

/** Gaps opened, asked again or resolved after `since` (the database's clock), oldest first. */
export async function changedGaps(db: Pool, since: Date): Promise<GapRow[]> {
  const { rows } = await db.query<GapRow>(
    `SELECT ${GAP_COLUMNS} FROM kb_gaps WHERE last_seen > $1 OR resolved_at > $1 ORDER BY id`,
    [since],
  );
  return rows;
}

export async function listGaps(
  db: Pool,
  options: { status: 'open' | 'resolved' | null; first: number; offset: number },
): Promise<{ rows: GapRow[]; total: number }> {
  const [page, count] = await Promise.all([
    db.query<GapRow>(
      `SELECT ${GAP_COLUMNS} FROM kb_gaps WHERE $1::text IS NULL OR status = $1
        ORDER BY count DESC, last_seen DESC, id DESC LIMIT $2 OFFSET $3`,
      [options.status, options.first, options.offset],
    ),
    db.query<{ n: string }>('SELECT count(*) AS n FROM kb_gaps WHERE $1::text IS NULL OR status = $1', [
      options.status,
    ]),
  ]);
  return { rows: page.rows, total: Number(count.rows[0]?.n ?? 0) };
}

export async function readGap(db: Pool, id: string): Promise<GapRow | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const { rows } = await db.query<GapRow>(`SELECT ${GAP_COLUMNS} FROM kb_gaps WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * Resolves a gap with an article (already saved by the caller): its example questions are linked to the article,
 * so they and their paraphrases find it from now on.
 */
export async function resolveGap(
  db: Pool,
  llm: LlmProvider,
  gap: GapRow,
  articleId: string,
  resolvedBy: string,
): Promise<GapRow> {
  for (const example of gap.examples) await linkQuestion(db, llm, articleId, example, gap.locale);
  await db.query(
    `UPDATE kb_gaps SET status = 'resolved', resolved_article_id = $2, resolved_by = $3, resolved_at = now()
      WHERE id = $1`,
    [gap.id, articleId, resolvedBy],
  );
  return (await readGap(db, gap.id))!;
}
