// A case's records in PostgreSQL: the append-only transcript and events, and the `cases` projection for listing.
import type { Pool } from 'pg';
import type { CaseEvent } from '../../workflows/events';
import type { CaseView } from '../../workflows/state';
import type { CaseMessage } from '../../workflows/types';
import { inTransaction } from '../platform/db';

export interface CaseRecords {
  view: CaseView;
  /** Messages not yet stored, oldest first. */
  messages: CaseMessage[];
  /** Events not yet stored, oldest first. */
  events: CaseEvent[];
}

/**
 * PostgreSQL refuses NUL bytes and lone surrogates. The API and the workflow refuse them already; this keeps a case
 * whose text slipped through some other way from failing its writes forever.
 */
export function storable(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').toWellFormed();
}

function storableJson(value: unknown): string {
  return storable(JSON.stringify(value));
}

export function createRecordActivities(db: Pool) {
  return {
    /** Idempotent: messages and events are keyed by their case and seq; an older projection never overwrites a newer one. */
    async recordCase({ view, messages, events }: CaseRecords): Promise<void> {
      await inTransaction(db, async (client) => {
        if (messages.length > 0) {
          await client.query(
            `INSERT INTO case_messages (case_id, seq, id, role, text, at, sources, style)
             SELECT $1, m.seq, m.id, m.role, m.text, m.at, m.sources, m.style
               FROM jsonb_to_recordset($2::jsonb)
                 AS m(seq int, id text, role text, text text, at timestamptz, sources jsonb, style text)
             ON CONFLICT DO NOTHING`,
            [
              view.id,
              storableJson(
                messages.map((m) => ({ ...m, sources: m.sources ?? null, style: m.style ?? null })),
              ),
            ],
          );
        }
        if (events.length > 0) {
          await client.query(
            `INSERT INTO case_events (case_id, seq, type, actor, at, data)
             SELECT $1, e.seq, e.type, e.actor, e.at, e.data
               FROM jsonb_to_recordset($2::jsonb) AS e(seq int, type text, actor text, at timestamptz, data jsonb)
             ON CONFLICT DO NOTHING`,
            [
              view.id,
              storableJson(
                events.map(({ seq, type, actor, at, ...data }) => ({ seq, type, actor, at, data })),
              ),
            ],
          );
        }
        await client.query(
          `INSERT INTO cases (id, status, locale, channel, customer_id, intent, sentiment, slots, customer, flow,
                              recent_messages, message_count, version, created_at, updated_at, closed_at,
                              desk, priority, queued_at, assignee_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                   CASE WHEN $2 = 'CLOSED' THEN $15::timestamptz END, $16, $17, $18, $19)
           ON CONFLICT (id) DO UPDATE SET
             status = EXCLUDED.status, locale = EXCLUDED.locale, channel = EXCLUDED.channel,
             customer_id = EXCLUDED.customer_id, intent = EXCLUDED.intent, sentiment = EXCLUDED.sentiment,
             slots = EXCLUDED.slots, customer = EXCLUDED.customer, flow = EXCLUDED.flow,
             recent_messages = EXCLUDED.recent_messages, message_count = EXCLUDED.message_count,
             version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at,
             desk = EXCLUDED.desk, priority = EXCLUDED.priority, queued_at = EXCLUDED.queued_at,
             assignee_id = EXCLUDED.assignee_id
           WHERE cases.version < EXCLUDED.version`,
          [
            view.id,
            view.status,
            view.locale,
            view.channel,
            view.customer.verified ? (view.customer.id ?? null) : null,
            view.intent,
            view.sentiment ? JSON.stringify(view.sentiment) : null,
            storableJson(view.slots),
            storableJson(view.customer),
            view.flow,
            storableJson(view.recentMessages),
            view.messageCount,
            view.version,
            view.createdAt,
            view.updatedAt,
            view.desk ? storableJson(view.desk) : null,
            view.desk?.priority ?? 0,
            view.desk?.queuedAt ?? null,
            view.desk?.assignee?.id ?? null,
          ],
        );
        // Delivered when the transaction commits, and only then: live subscribers (api/live.ts) read the new state.
        await client.query('SELECT pg_notify($1, $2)', [
          CASE_CHANNEL,
          JSON.stringify({ caseId: view.id, version: view.version, status: view.status }),
        ]);
      });
    },

    /** Stored messages by id, in transcript order (replies of an old message whose retry came late). */
    async readMessages({ caseId, ids }: { caseId: string; ids: string[] }): Promise<CaseMessage[]> {
      const { rows } = await db.query<MessageRow>(
        'SELECT * FROM case_messages WHERE case_id = $1 AND id = ANY($2) ORDER BY seq',
        [caseId, ids],
      );
      return rows.map(fromMessageRow);
    },
  };
}

/** The PostgreSQL NOTIFY channel on which every committed case change is announced. */
export const CASE_CHANNEL = 'kefu_case_changed';

export interface MessageRow {
  style?: CaseMessage['style'] | null;
  case_id: string;
  seq: number;
  id: string;
  role: CaseMessage['role'];
  text: string;
  at: Date;
  sources: CaseMessage['sources'] | null;
}

export function fromMessageRow(row: MessageRow): CaseMessage {
  return {
    id: row.id,
    seq: row.seq,
    role: row.role,
    text: row.text,
    at: row.at.toISOString(),
    ...(row.sources ? { sources: row.sources } : {}),
    ...(row.style ? { style: row.style } : {}),
  };
}

/** A window of the stored transcript: seq in (after, before), the first or last `limit` of it. */
export async function readTranscript(
  db: Pool,
  caseId: string,
  window: { after?: number; before?: number; limit: number; fromEnd: boolean },
): Promise<CaseMessage[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT * FROM (
       SELECT * FROM case_messages WHERE case_id = $1 AND seq > $2 AND seq < $3
        ORDER BY seq ${window.fromEnd ? 'DESC' : 'ASC'} LIMIT $4
     ) w ORDER BY seq`,
    [caseId, window.after ?? 0, window.before ?? 2_147_483_647, window.limit],
  );
  return rows.map(fromMessageRow);
}

export interface StoredEvent {
  seq: number;
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

/** The stored events of a case after a seq, oldest first. */
export async function readEvents(
  db: Pool,
  caseId: string,
  after: number,
  limit: number,
): Promise<StoredEvent[]> {
  const { rows } = await db.query<{
    seq: number;
    type: string;
    actor: string;
    at: Date;
    data: Record<string, unknown>;
  }>(
    'SELECT seq, type, actor, at, data FROM case_events WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [caseId, after, limit],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
