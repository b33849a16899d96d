// Writes a case's state into the PostgreSQL `cases` projection for listing and analytics; newer versions win.
import type { Pool } from 'pg';
import type { CaseView } from '../../workflows/state';

export function createProjectionActivities(db: Pool) {
  return {
    /** Idempotent: replaying or retrying an older version never overwrites a newer one. */
    async projectCase(view: CaseView): Promise<void> {
      await db.query(
        `INSERT INTO cases (id, status, locale, channel, customer_id, intent, sentiment, slots, customer, messages,
                            message_count, version, created_at, updated_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, CASE WHEN $2 = 'CLOSED' THEN $14::timestamptz END)
         ON CONFLICT (id) DO UPDATE SET
           status = EXCLUDED.status, locale = EXCLUDED.locale, channel = EXCLUDED.channel,
           customer_id = EXCLUDED.customer_id, intent = EXCLUDED.intent, sentiment = EXCLUDED.sentiment,
           slots = EXCLUDED.slots, customer = EXCLUDED.customer, messages = EXCLUDED.messages,
           message_count = EXCLUDED.message_count, version = EXCLUDED.version,
           updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at
         WHERE cases.version < EXCLUDED.version`,
        [
          view.id,
          view.status,
          view.locale,
          view.channel,
          view.customer.verified ? (view.customer.id ?? null) : null,
          view.intent,
          view.sentiment ? JSON.stringify(view.sentiment) : null,
          JSON.stringify(view.slots),
          JSON.stringify(view.customer),
          JSON.stringify(view.messages),
          view.messages.length,
          view.version,
          view.createdAt,
          view.updatedAt,
        ],
      );
    },
  };
}
