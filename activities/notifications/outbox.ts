// Notifications to customers (verification codes first) go through an outbox table, written once per idempotency key.
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../platform/db';

export type NotificationKind = 'email' | 'sms';

export interface NotificationRequest {
  /** Idempotency: queueing the same key again returns the first row and queues nothing. */
  key: string;
  channel: NotificationKind;
  recipient: string;
  subject: string;
  body: string;
  caseId?: string | null;
}

export interface QueuedNotification extends Omit<NotificationRequest, 'key'> {
  id: string;
}

/**
 * A real sender (SMTP, an SMS gateway). None is configured in development: rows stay in the outbox with
 * sent_at NULL and staff read them through the notifications query.
 */
export interface NotificationChannel {
  readonly kind: NotificationKind;
  deliver(notification: QueuedNotification): Promise<void>;
}

/** A pool or a client inside a transaction, so a caller can queue atomically with its own writes. */
export type Queryable = Pick<Pool | PoolClient, 'query'>;

/** Queues a notification unless one with the same key exists; returns the row id either way. */
export async function queueNotification(
  db: Queryable,
  request: NotificationRequest,
): Promise<{ id: string }> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO notification_outbox (idempotency_key, channel, recipient, subject, body, case_id)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id::text AS id`,
    [request.key, request.channel, request.recipient, request.subject, request.body, request.caseId ?? null],
  );
  const row =
    inserted.rows[0] ??
    (
      await db.query<{ id: string }>(
        'SELECT id::text AS id FROM notification_outbox WHERE idempotency_key = $1',
        [request.key],
      )
    ).rows[0];
  if (!row) throw new Error(`notification ${request.key} was neither queued nor found`);
  return { id: row.id };
}

/**
 * Hands unsent notifications, oldest first, to the channel of their kind and marks each sent; kinds without a
 * channel stay queued. One row per transaction: a sender that fails leaves only that row to be tried again,
 * and a row being delivered is locked, so two dispatchers never send it twice.
 */
export async function deliverQueuedNotifications(
  db: Pool,
  channels: readonly NotificationChannel[],
  limit = 100,
): Promise<number> {
  const byKind = new Map(channels.map((c) => [c.kind, c]));
  if (byKind.size === 0) return 0;
  let delivered = 0;
  while (delivered < limit) {
    const sent = await inTransaction(db, async (client) => {
      const { rows } = await client.query<{
        id: string;
        channel: NotificationKind;
        recipient: string;
        subject: string;
        body: string;
        case_id: string | null;
      }>(
        `SELECT id::text AS id, channel, recipient, subject, body, case_id FROM notification_outbox
          WHERE sent_at IS NULL AND channel = ANY($1) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [[...byKind.keys()]],
      );
      const row = rows[0];
      const channel = row && byKind.get(row.channel);
      if (!row || !channel) return false;
      await channel.deliver({
        id: row.id,
        channel: row.channel,
        recipient: row.recipient,
        subject: row.subject,
        body: row.body,
        caseId: row.case_id,
      });
      await client.query('UPDATE notification_outbox SET sent_at = now() WHERE id = $1', [row.id]);
      return true;
    });
    if (!sent) break;
    delivered++;
  }
  return delivered;
}

export function createNotificationActivities(db: Pool) {
  return {
    /** Idempotent by key, so a retried activity queues one notification. */
    async queueNotification(request: NotificationRequest): Promise<{ id: string }> {
      return queueNotification(db, request);
    },
  };
}
