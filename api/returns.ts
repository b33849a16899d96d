// Returns through GraphQL: a return with its label and money (staff, or the case that started it), and the warehouse's receipt.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Role } from '../activities/platform/api-keys';
import { returnReceivedSignal } from '../workflows/messages';
import type { CaseView } from '../workflows/state';
import { assertCanReadCase, assertStaff, type Viewer } from './auth';
import { badInput, forbidden, notFound, unauthenticated } from './errors';
import type { ApiContext } from './schema';
import type { ApiDeps } from './cases';

/** Who may say a parcel arrived: the warehouse, and admins. */
const RECEIVERS: readonly Role[] = ['warehouse', 'admin'];

interface ReturnRow {
  id: string;
  case_id: string | null;
  order_id: string;
  kind: 'return' | 'exchange';
  status: string;
  reason: string | null;
  lines: number[];
  refund_to: string | null;
  amount_cents: string;
  currency: string;
  label_pdf: Buffer | null;
  label_tracking: string | null;
  created_at: Date;
  updated_at: Date;
  received_at: Date | null;
}

const COLUMNS = `id, case_id, order_id, kind, status, reason, lines, refund_to, amount_cents::text AS amount_cents,
  currency, label_pdf, label_tracking, created_at, updated_at, received_at`;

function toReturn(deps: ApiDeps, row: ReturnRow) {
  return {
    id: row.id,
    caseId: row.case_id,
    orderId: row.order_id,
    kind: row.kind.toUpperCase(),
    status: row.status.toUpperCase(),
    reason: row.reason,
    lines: row.lines,
    amount: Number(row.amount_cents) / 100,
    currency: row.currency,
    refundTo: row.refund_to,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    receivedAt: row.received_at,
    label: {
      filename: `${row.id}-label.pdf`,
      contentType: 'application/pdf',
      carrier: deps.config.returns.carrier,
      trackingNumber: row.label_tracking ?? '',
      pdfBase64: row.label_pdf?.toString('base64') ?? '',
    },
    money: async () => {
      const { rows } = await deps.db.query<{
        business_key: string;
        kind: string;
        provider: string;
        amount_cents: string;
        currency: string;
        status: string;
      }>(
        `SELECT business_key, kind, provider, amount_cents::text AS amount_cents, currency, status
           FROM money_movements WHERE business_key LIKE $1 ORDER BY created_at, business_key`,
        [`${row.id}:%`],
      );
      return rows.map((m) => ({
        key: m.business_key,
        kind: m.kind,
        provider: m.provider,
        amount: Number(m.amount_cents) / 100,
        currency: m.currency,
        status: m.status,
      }));
    },
  };
}

/** Staff read any return; a customer only the returns of their own case. */
function assertCanReadReturn(viewer: Viewer, row: ReturnRow): void {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind === 'customer' && viewer.caseId !== row.case_id)
    throw forbidden('this token is for another case');
}

async function findReturn(deps: ApiDeps, id: string): Promise<ReturnRow | null> {
  const { rows } = await deps.db.query<ReturnRow>(`SELECT ${COLUMNS} FROM return_requests WHERE id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

export async function returnRequest({ deps, viewer }: ApiContext, id: string) {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  const row = await findReturn(deps, id);
  if (!row) {
    if (viewer.kind === 'customer') throw forbidden('this token is for another case');
    return null;
  }
  assertCanReadReturn(viewer, row);
  return toReturn(deps, row);
}

export async function caseReturns({ deps, viewer }: ApiContext, view: CaseView) {
  assertCanReadCase(viewer, view.id);
  const { rows } = await deps.db.query<ReturnRow>(
    `SELECT ${COLUMNS} FROM return_requests WHERE case_id = $1 ORDER BY created_at`,
    [view.id],
  );
  return rows.map((row) => toReturn(deps, row));
}

export async function caseCsat({ deps, viewer }: ApiContext, view: CaseView): Promise<number | null> {
  assertCanReadCase(viewer, view.id);
  const { rows } = await deps.db.query<{ score: number }>(
    'SELECT score FROM case_feedback WHERE case_id = $1',
    [view.id],
  );
  return rows[0]?.score ?? null;
}

/** Tells the return's workflow the parcel arrived; it refunds or ships the exchange on its own. */
export async function reportReturnReceived({ deps, viewer }: ApiContext, id: string) {
  assertStaff(viewer, RECEIVERS);
  const row = await findReturn(deps, id);
  if (!row) throw notFound(`return ${id} does not exist`);
  if (row.status !== 'awaiting_parcel' && row.status !== 'received')
    throw badInput('id', `return ${id} is ${row.status}, not waiting for a parcel`);
  try {
    await deps.temporal.workflow.getHandle(id).signal(returnReceivedSignal, { by: `staff:${viewer.name}` });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw badInput('id', `return ${id} is no longer waiting for a parcel`);
    throw err;
  }
  return toReturn(deps, row);
}

export const returnResolvers = {
  Case: {
    returns: (view: CaseView, _args: unknown, ctx: ApiContext) => caseReturns(ctx, view),
    csat: (view: CaseView, _args: unknown, ctx: ApiContext) => caseCsat(ctx, view),
  },
  Query: {
    returnRequest: (_: unknown, args: { id: string }, ctx: ApiContext) => returnRequest(ctx, args.id),
  },
  Mutation: {
    reportReturnReceived: (_: unknown, args: { id: string }, ctx: ApiContext) =>
      reportReturnReceived(ctx, args.id),
  },
};
