// Case operations behind GraphQL: start, message, close, read and list; each one maps to the case workflow or its projection.
import { randomUUID } from 'node:crypto';
import {
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Config } from '../activities/platform/config';
import { createCaseToken } from '../activities/cases/tokens';
import { normalizeEmail, normalizePhone } from '../activities/commerce/contact';
import type { caseWorkflow } from '../workflows/case';
import { readEvents, readTranscript } from '../activities/cases/records';
import {
  closeCaseUpdate,
  getCaseQuery,
  MESSAGE_REFUSALS,
  openCaseUpdate,
  sendMessageUpdate,
  unstorableText,
  type MessageRefusal,
} from '../workflows/messages';
import { caseChannelKey, caseStatusKey } from '../workflows/search-attributes';
import type { CaseView, CaseWorkflowInput } from '../workflows/state';
import {
  LOCALES,
  type CaseCustomer,
  type CaseMessage,
  type CaseStatus,
  type Channel,
  type Locale,
} from '../workflows/types';
import { assertCanReadCase, assertStaff, type Viewer } from './auth';
import type { ApiContext } from './schema';
import { badInput, forbidden, notFound } from './errors';

export interface ApiDeps {
  config: Config;
  db: Pool;
  temporal: Client;
}

export interface StartCaseArgs {
  channel?: Channel | null;
  locale?: string | null;
  customer?: {
    id?: string | null;
    name?: string | null;
    email?: string | null;
    phone?: string | null;
  } | null;
}

export interface CaseFilterArgs {
  status?: CaseStatus[] | null;
  channel?: Channel[] | null;
  customerId?: string | null;
  intent?: string | null;
  updatedAfter?: Date | null;
  updatedBefore?: Date | null;
}

const emailSchema = z.string().trim().email().max(254);

function parseLocale(value: string | null | undefined, field: string): Locale | undefined {
  if (value === null || value === undefined) return undefined;
  if (!(LOCALES as readonly string[]).includes(value))
    throw badInput(field, `must be one of ${LOCALES.join(', ')} (got "${value}")`);
  return value as Locale;
}

async function startingCustomer(
  deps: ApiDeps,
  viewer: Viewer,
  input: StartCaseArgs['customer'],
): Promise<CaseCustomer | undefined> {
  if (!input) return undefined;
  if (input.id) {
    if (viewer.kind !== 'staff' || !['agent', 'supervisor', 'admin'].includes(viewer.role)) {
      throw forbidden(
        'input.customer.id: only a trusted channel (agent, supervisor or admin API key) may name a verified customer',
      );
    }
    const { rows } = await deps.db.query<{
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      locale: Locale;
    }>('SELECT id, name, email, phone, locale FROM customers WHERE id = $1', [input.id]);
    const known = rows[0];
    if (!known) throw badInput('input.customer.id', `no customer with id "${input.id}"`);
    return {
      id: known.id,
      name: known.name,
      email: known.email ?? undefined,
      phone: known.phone ?? undefined,
      locale: known.locale,
      verified: true,
      verifiedBy: 'channel',
    };
  }
  const customer: CaseCustomer = { verified: false };
  if (input.name != null) {
    const name = storableInput('input.customer.name', input.name).trim();
    if (name.length === 0 || name.length > 200)
      throw badInput('input.customer.name', 'must be 1 to 200 characters');
    customer.name = name;
  }
  if (input.email != null) {
    storableInput('input.customer.email', input.email);
    if (!emailSchema.safeParse(input.email).success)
      throw badInput('input.customer.email', `"${input.email}" is not an email address`);
    customer.email = normalizeEmail(input.email);
  }
  if (input.phone != null) {
    const phone = /^[\d\s()+\-.]+$/.test(input.phone)
      ? normalizePhone(input.phone, deps.config.identity.phoneDefaultRegion)
      : null;
    if (!phone) throw badInput('input.customer.phone', `"${input.phone}" is not a phone number`);
    customer.phone = phone;
  }
  return customer;
}

export async function startCase(
  deps: ApiDeps,
  viewer: Viewer,
  input: StartCaseArgs,
): Promise<{ case: CaseView; token: string }> {
  const locale = parseLocale(input.locale, 'input.locale');
  const customer = await startingCustomer(deps, viewer, input.customer);
  const caseId = randomUUID();
  const channel = input.channel ?? 'WEB';
  const workflowInput: CaseWorkflowInput = {
    caseId,
    channel,
    locale,
    customer,
    settings: { ...deps.config.cases },
  };
  // The token exists before the case, so a case is never reachable without one.
  const token = await createCaseToken(deps.db, caseId);
  const start = new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
    workflowId: caseId,
    taskQueue: deps.config.temporal.taskQueue,
    args: [workflowInput],
    workflowIdConflictPolicy: 'FAIL',
    typedSearchAttributes: [
      { key: caseStatusKey, value: 'OPEN' },
      { key: caseChannelKey, value: channel },
    ],
  });
  const view = await deps.temporal.workflow.executeUpdateWithStart(openCaseUpdate, {
    startWorkflowOperation: start,
  });
  return { case: view, token };
}

/** Text PostgreSQL could not store (NUL bytes, lone surrogates) is refused here, naming the field. */
export function storableInput(field: string, value: string): string {
  const problem = unstorableText(value);
  if (problem) throw badInput(field, problem);
  return value;
}

function textArgument(deps: ApiDeps, text: string): string {
  storableInput('text', text);
  if (text.trim().length === 0) throw badInput('text', 'must not be empty');
  const max = deps.config.api.maxMessageChars;
  if (text.length > max) throw badInput('text', `must be at most ${max} characters (got ${text.length})`);
  return text;
}

/** gRPC FAILED_PRECONDITION: the server refused the update because the workflow task it landed in failed. */
const FAILED_PRECONDITION = 9;

/**
 * An update that arrives just as the case continues as new fails that workflow task (UnhandledCommand) and the server
 * rejects the update instead of moving it to the new run. Sending it again is safe (updates carry their id).
 */
async function retryRacedUpdate<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const code =
        err instanceof ServiceError ? (err.cause as { code?: unknown } | undefined)?.code : undefined;
      if (code !== FAILED_PRECONDITION || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Turns workflow-side refusals into input errors; anything unexpected stays an internal (masked) error. */
export async function caseCall<T>(deps: ApiDeps, caseId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await retryRacedUpdate(call);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      const projected = await readProjection(deps.db, caseId);
      if (projected?.status === 'CLOSED') throw badInput('caseId', `case ${caseId} is closed`);
      throw notFound(`case ${caseId} does not exist`);
    }
    // Refusals by the workflow's validators name their field; any other failure stays internal (and masked).
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type && cause.type in MESSAGE_REFUSALS) {
      throw badInput(MESSAGE_REFUSALS[cause.type as MessageRefusal], cause.message);
    }
    throw err;
  }
}

export async function sendMessage(
  deps: ApiDeps,
  viewer: Viewer,
  args: { caseId: string; text: string; clientMessageId?: string | null },
  client: string | null = null,
): Promise<{ case: CaseView; replies: CaseMessage[] }> {
  if (viewer.kind === 'staff') throw forbidden('sendMessage is for the customer holding the case token');
  assertCanReadCase(viewer, args.caseId);
  const text = textArgument(deps, args.text);
  if (
    args.clientMessageId != null &&
    (args.clientMessageId.length === 0 || args.clientMessageId.length > 100)
  ) {
    throw badInput('clientMessageId', 'must be 1 to 100 characters');
  }
  if (args.clientMessageId != null) storableInput('clientMessageId', args.clientMessageId);
  const messageId = args.clientMessageId ?? randomUUID();
  const handle = deps.temporal.workflow.getHandle(args.caseId);
  return caseCall(deps, args.caseId, () =>
    handle.executeUpdate(sendMessageUpdate, {
      args: [{ messageId, text, client }],
      updateId: `msg-${messageId}`,
    }),
  );
}

export async function closeCase(
  deps: ApiDeps,
  viewer: Viewer,
  args: { caseId: string; reason?: string | null; resolution?: string | null },
): Promise<CaseView> {
  if (viewer.kind === 'staff') assertStaff(viewer, ['agent', 'supervisor', 'admin']);
  assertCanReadCase(viewer, args.caseId);
  if (args.reason != null) storableInput('reason', args.reason);
  if (args.resolution != null) storableInput('resolution', args.resolution);
  if (args.resolution != null && viewer.kind !== 'staff')
    throw forbidden('resolution: only staff record how a case was resolved');
  const resolution = args.resolution?.trim().slice(0, 2000) || undefined;
  const by =
    viewer.kind === 'staff'
      ? { id: viewer.keyId, name: viewer.name, role: viewer.role as 'agent' | 'supervisor' | 'admin' }
      : undefined;
  const reason =
    (args.reason ?? '').trim().slice(0, 500) ||
    (viewer.kind === 'customer' ? 'customer' : `staff:${viewer.kind === 'staff' ? viewer.name : ''}`);
  const projected = await readProjection(deps.db, args.caseId);
  if (projected?.status === 'CLOSED') return projected;
  const handle = deps.temporal.workflow.getHandle(args.caseId);
  return caseCall(deps, args.caseId, () =>
    handle.executeUpdate(closeCaseUpdate, {
      args: [{ reason, ...(resolution ? { resolution } : {}), ...(by ? { by } : {}) }],
    }),
  );
}

/** Live state from the workflow; a closed case (or one Temporal no longer keeps) from its projection. */
export async function getCase(deps: ApiDeps, viewer: Viewer, caseId: string): Promise<CaseView | null> {
  assertCanReadCase(viewer, caseId);
  const projected = await readProjection(deps.db, caseId);
  if (projected?.status === 'CLOSED') return projected;
  try {
    return await deps.temporal.workflow.getHandle(caseId).query(getCaseQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return projected;
    throw err;
  }
}

interface CaseRow {
  id: string;
  status: CaseStatus;
  locale: Locale;
  channel: Channel;
  intent: string | null;
  sentiment: CaseView['sentiment'];
  slots: Record<string, unknown>;
  customer: CaseCustomer | null;
  flow: string | null;
  recent_messages: CaseMessage[];
  message_count: number;
  version: string;
  created_at: Date;
  updated_at: Date;
  desk?: CaseView['desk'] | null;
}

/** A case as its projection stores it (listings; live reads go to the workflow). */
export function fromRow(row: CaseRow): CaseView {
  return {
    id: row.id,
    status: row.status,
    locale: row.locale,
    channel: row.channel,
    intent: row.intent as CaseView['intent'],
    sentiment: row.sentiment,
    slots: row.slots,
    customer: row.customer ?? { verified: false },
    flow: row.flow,
    recentMessages: row.recent_messages,
    messageCount: row.message_count,
    version: Number(row.version),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(row.desk ? { desk: row.desk } : {}),
  };
}

export async function readProjection(db: Pool, caseId: string): Promise<CaseView | null> {
  const { rows } = await db.query<CaseRow>('SELECT * FROM cases WHERE id = $1', [caseId]);
  return rows[0] ? fromRow(rows[0]) : null;
}

function encodeCursor(view: CaseView): string {
  return Buffer.from(JSON.stringify([view.updatedAt, view.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      if (!Number.isNaN(Date.parse(value[0]))) return [value[0], value[1]];
    }
  } catch {
    // falls through to the error below
  }
  throw badInput('after', 'is not a cursor returned by this API');
}

export async function listCases(
  deps: ApiDeps,
  viewer: Viewer,
  args: { filter?: CaseFilterArgs | null; first?: number | null; after?: string | null },
) {
  assertStaff(viewer);
  const first = args.first ?? 20;
  const max = deps.config.api.maxPageSize;
  if (first < 1 || first > max) throw badInput('first', `must be between 1 and ${max} (got ${first})`);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  const f = args.filter ?? {};
  if (f.status?.length) add((p) => `status = ANY(${p})`, f.status);
  if (f.channel?.length) add((p) => `channel = ANY(${p})`, f.channel);
  if (f.customerId) add((p) => `customer_id = ${p}`, f.customerId);
  if (f.intent) add((p) => `intent = ${p}`, f.intent);
  if (f.updatedAfter) add((p) => `updated_at > ${p}`, f.updatedAfter);
  if (f.updatedBefore) add((p) => `updated_at < ${p}`, f.updatedBefore);
  const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const filterParams = [...params];
  if (args.after) {
    const [updatedAt, id] = decodeCursor(args.after);
    params.push(updatedAt, id);
    where.push(`(updated_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  const pageSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  params.push(first + 1);
  const [page, count] = await Promise.all([
    deps.db.query<CaseRow>(
      `SELECT * FROM cases ${pageSql} ORDER BY updated_at DESC, id DESC LIMIT $${params.length}`,
      params,
    ),
    deps.db.query<{ n: string }>(`SELECT count(*) AS n FROM cases ${filterSql}`, filterParams),
  ]);
  const nodes = page.rows.slice(0, first).map(fromRow);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: Number(count.rows[0]?.n ?? 0),
  };
}

/** Opaque cursors over a position (a message's or event's seq). */
function seqCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function cursorSeq(cursor: string, field: string): number {
  const match = /^seq:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput(field, 'is not a cursor returned by this API');
  return Number(match[1]);
}

function pageSize(deps: ApiDeps, field: string, value: number | null | undefined, fallback: number): number {
  const max = deps.config.api.maxPageSize;
  const size = value ?? Math.min(fallback, max);
  if (!Number.isInteger(size) || size < 1 || size > max)
    throw badInput(field, `must be between 1 and ${max} (got ${size})`);
  return size;
}

export interface MessagePageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A page of the transcript from PostgreSQL. The case's latest messages fill in what the store does not have yet
 * (its writes run behind the conversation), so a page never misses a message the customer already saw.
 */
export async function messagePage(deps: ApiDeps, view: CaseView, args: MessagePageArgs) {
  if (args.first != null && args.last != null) throw badInput('last', 'use either first or last, not both');
  const fromEnd = args.last != null || (args.before != null && args.first == null);
  const limit = fromEnd ? pageSize(deps, 'last', args.last, 50) : pageSize(deps, 'first', args.first, 50);
  const after = args.after ? cursorSeq(args.after, 'after') : 0;
  const before = args.before ? cursorSeq(args.before, 'before') : Number.MAX_SAFE_INTEGER;
  const stored = await readTranscript(deps.db, view.id, {
    after,
    before: args.before ? before : undefined,
    limit: limit + 1,
    fromEnd,
  });
  const bySeq = new Map<number, CaseMessage>();
  for (const m of stored) bySeq.set(m.seq, m);
  for (const m of view.recentMessages) if (m.seq > after && m.seq < before) bySeq.set(m.seq, m);
  const window = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const more = window.length > limit;
  const page = fromEnd ? window.slice(-limit) : window.slice(0, limit);
  const edges = page.map((node) => ({
    cursor: seqCursor(node.seq),
    node: { ...node, sources: node.sources ?? [] },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: fromEnd ? before < Number.MAX_SAFE_INTEGER && before <= view.messageCount : more,
      hasPreviousPage: fromEnd ? more : after > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: view.messageCount,
  };
}

/** The case's events (the audit trail), for staff only. */
export async function eventPage(
  deps: ApiDeps,
  viewer: Viewer,
  view: CaseView,
  args: { first?: number | null; after?: string | null },
) {
  assertStaff(viewer);
  const first = pageSize(deps, 'first', args.first, 50);
  const after = args.after ? cursorSeq(args.after, 'after') : 0;
  const rows = await readEvents(deps.db, view.id, after, first + 1);
  const edges = rows.slice(0, first).map((node) => ({ cursor: seqCursor(node.seq), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The case fields and operations of the GraphQL schema. */
export const caseResolvers = {
  Case: {
    messages: (view: CaseView, args: MessagePageArgs, { deps }: ApiContext) => messagePage(deps, view, args),
    events: (
      view: CaseView,
      args: { first?: number | null; after?: string | null },
      { deps, viewer }: ApiContext,
    ) => eventPage(deps, viewer, view, args),
  },
  Query: {
    case: (_: unknown, args: { id: string }, { deps, viewer }: ApiContext) => getCase(deps, viewer, args.id),
    cases: (
      _: unknown,
      args: { filter?: CaseFilterArgs | null; first?: number | null; after?: string | null },
      { deps, viewer }: ApiContext,
    ) => listCases(deps, viewer, args),
    viewer: (_: unknown, __: unknown, { viewer }: ApiContext) => ({
      kind: viewer.kind,
      role: viewer.kind === 'staff' ? viewer.role : null,
      name: viewer.kind === 'staff' ? viewer.name : null,
      caseId: viewer.kind === 'customer' ? viewer.caseId : null,
    }),
  },
  Mutation: {
    startCase: (_: unknown, args: { input: StartCaseArgs }, { deps, viewer }: ApiContext) =>
      startCase(deps, viewer, args.input),
    sendMessage: (
      _: unknown,
      args: { caseId: string; text: string; clientMessageId?: string | null },
      { deps, viewer, client }: ApiContext,
    ) => sendMessage(deps, viewer, args, client),
    closeCase: (
      _: unknown,
      args: { caseId: string; reason?: string | null; resolution?: string | null },
      { deps, viewer }: ApiContext,
    ) => closeCase(deps, viewer, args),
  },
};
