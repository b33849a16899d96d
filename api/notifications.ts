// Staff read the development notification outbox (verification codes Kefu would have sent) through GraphQL.
import type { Role } from '../activities/platform/api-keys';
import { assertStaff } from './auth';
import { badInput } from './errors';
import type { ApiContext } from './schema';

/** Auditors read cases but not the codes sent to customers: a code in hand is a way into someone's account. */
const OUTBOX_READERS: readonly Role[] = ['agent', 'supervisor', 'admin'];

export interface NotificationsArgs {
  caseId?: string | null;
  first?: number | null;
  after?: string | null;
}

interface OutboxRow {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  case_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const encodeCursor = (id: string) => Buffer.from(`n:${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const match = /^n:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw badInput('after', 'is not a cursor returned by this API');
  return match[1];
}

/** Newest first; ids only grow, so the id alone orders and pages the outbox. */
export async function listNotifications({ deps, viewer }: ApiContext, args: NotificationsArgs) {
  assertStaff(viewer, OUTBOX_READERS);
  const first = args.first ?? 20;
  const max = deps.config.api.maxPageSize;
  if (first < 1 || first > max) throw badInput('first', `must be between 1 and ${max} (got ${first})`);
  const caseId = args.caseId ?? null;
  const after = args.after ? decodeCursor(args.after) : null;
  const [page, count] = await Promise.all([
    deps.db.query<OutboxRow>(
      `SELECT id::text AS id, channel, recipient, subject, body, case_id, created_at, sent_at
         FROM notification_outbox
        WHERE ($1::text IS NULL OR case_id = $1) AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3`,
      [caseId, after, first + 1],
    ),
    deps.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM notification_outbox WHERE $1::text IS NULL OR case_id = $1',
      [caseId],
    ),
  ]);
  const edges = page.rows.slice(0, first).map((row) => ({
    cursor: encodeCursor(row.id),
    node: {
      id: row.id,
      channel: row.channel === 'email' ? 'EMAIL' : 'SMS',
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      caseId: row.case_id,
      createdAt: row.created_at,
      sentAt: row.sent_at,
    },
  }));
  return {
    edges,
    pageInfo: { hasNextPage: page.rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: Number(count.rows[0]?.n ?? 0),
  };
}

export const notificationResolvers = {
  Query: {
    notifications: (_root: unknown, args: NotificationsArgs, ctx: ApiContext) => listNotifications(ctx, args),
  },
};
