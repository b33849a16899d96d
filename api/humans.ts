// Human agents through GraphQL: the queue, take-over, messages, notes, transfer, hand-back, and live subscriptions.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { listApiKeys, type Role } from '../activities/platform/api-keys';
import { DESK_REFUSALS, type DeskRefusal, type Handover, type StaffRef } from '../workflows/humans/desk';
import {
  addInternalNoteUpdate,
  handBackCaseUpdate,
  sendAgentMessageUpdate,
  takeOverCaseUpdate,
  transferCaseUpdate,
} from '../workflows/messages';
import type { CaseView } from '../workflows/state';
import { heldForHumans } from '../workflows/status';
import type { CaseStatus, Locale } from '../workflows/types';
import { assertCanReadCase, assertStaff, type Viewer } from './auth';
import { caseCall, fromRow, getCase, storableInput, type ApiDeps } from './cases';
import { apiError, badInput, notFound } from './errors';
import { caseFeed, changes, requestSignal, type CaseChange } from './live';
import type { ApiContext } from './schema';

/** Who works the desk; admins manage keys and settings, auditors only read. */
const DESK_ROLES: readonly Role[] = ['agent', 'supervisor'];

function staffRef(viewer: Viewer): StaffRef {
  assertStaff(viewer, DESK_ROLES);
  return { id: viewer.keyId, name: viewer.name, role: viewer.role as StaffRef['role'] };
}

/** The case's own refusals become errors a console can act on: CONFLICT for a case someone else just took. */
async function deskCall<T>(deps: ApiDeps, caseId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await caseCall(deps, caseId, call);
  } catch (err) {
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type && cause.type in DESK_REFUSALS) {
      const code = DESK_REFUSALS[cause.type as DeskRefusal];
      throw code === 'BAD_USER_INPUT' ? badInput('caseId', cause.message) : apiError(code, cause.message);
    }
    throw err;
  }
}

function text(deps: ApiDeps, field: string, value: string): string {
  storableInput(field, value);
  if (value.trim().length === 0) throw badInput(field, 'must not be empty');
  const max = deps.config.api.maxMessageChars;
  if (value.length > max) throw badInput(field, `must be at most ${max} characters (got ${value.length})`);
  return value;
}

const handle = (deps: ApiDeps, caseId: string) => deps.temporal.workflow.getHandle(caseId);

export async function takeOverCase(deps: ApiDeps, viewer: Viewer, caseId: string): Promise<CaseView> {
  const agent = staffRef(viewer);
  return deskCall(deps, caseId, () =>
    handle(deps, caseId).executeUpdate(takeOverCaseUpdate, { args: [{ agent }] }),
  );
}

export async function sendAgentMessage(
  deps: ApiDeps,
  viewer: Viewer,
  args: { caseId: string; text: string; clientMessageId?: string | null },
) {
  const agent = staffRef(viewer);
  const body = text(deps, 'text', args.text);
  if (args.clientMessageId != null) {
    storableInput('clientMessageId', args.clientMessageId);
    if (args.clientMessageId.length === 0 || args.clientMessageId.length > 100)
      throw badInput('clientMessageId', 'must be 1 to 100 characters');
  }
  const id = args.clientMessageId ?? randomUUID();
  const result = await deskCall(deps, args.caseId, () =>
    handle(deps, args.caseId).executeUpdate(sendAgentMessageUpdate, {
      args: [{ agent, text: body }],
      updateId: `agent-msg-${agent.id}-${id}`,
    }),
  );
  return { case: result.case, messages: result.replies };
}

export async function addInternalNote(deps: ApiDeps, viewer: Viewer, args: { caseId: string; text: string }) {
  const agent = staffRef(viewer);
  const body = text(deps, 'text', args.text);
  return deskCall(deps, args.caseId, () =>
    handle(deps, args.caseId).executeUpdate(addInternalNoteUpdate, { args: [{ agent, text: body }] }),
  );
}

export async function handBackCase(deps: ApiDeps, viewer: Viewer, args: { caseId: string; note: string }) {
  const agent = staffRef(viewer);
  storableInput('note', args.note);
  if (args.note.length > 2000) throw badInput('note', 'must be at most 2000 characters');
  const result = await deskCall(deps, args.caseId, () =>
    handle(deps, args.caseId).executeUpdate(handBackCaseUpdate, { args: [{ agent, note: args.note }] }),
  );
  return { case: result.case, messages: result.replies };
}

/** Staff a case can go to: live agent and supervisor keys. */
async function deskStaff(deps: ApiDeps): Promise<StaffRef[]> {
  const keys = await listApiKeys(deps.db);
  return keys
    .filter((k) => !k.revokedAt && DESK_ROLES.includes(k.role))
    .map((k) => ({ id: k.id, name: k.name, role: k.role as StaffRef['role'] }));
}

export async function transferCase(
  deps: ApiDeps,
  viewer: Viewer,
  args: { caseId: string; toAgentId: string },
) {
  const agent = staffRef(viewer);
  const to = (await deskStaff(deps)).find((s) => s.id === args.toAgentId);
  if (!to) throw badInput('toAgentId', `no agent or supervisor with id "${args.toAgentId}"`);
  return deskCall(deps, args.caseId, () =>
    handle(deps, args.caseId).executeUpdate(transferCaseUpdate, { args: [{ agent, to }] }),
  );
}

function limit(deps: ApiDeps, first: number | null | undefined): number {
  const max = deps.config.api.maxPageSize;
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badInput('first', `must be between 1 and ${max} (got ${n})`);
  return n;
}

type CaseRow = Parameters<typeof fromRow>[0];

/**
 * Waiting cases, most urgent first: priority, plus a point for every pickup timeout already waited. Read from the
 * projection, like every listing: asking each workflow would wait on cases whose worker is down.
 */
export async function queue(deps: ApiDeps, viewer: Viewer, first?: number | null): Promise<CaseView[]> {
  staffRef(viewer);
  const { rows } = await deps.db.query<CaseRow>(
    `SELECT * FROM cases WHERE status = 'ESCALATED'
      ORDER BY priority + floor(extract(epoch FROM now() - coalesce(queued_at, updated_at)) * 1000 / $1) DESC,
               coalesce(queued_at, updated_at), id
      LIMIT $2`,
    [deps.config.cases.escalation.pickupTimeoutMs, limit(deps, first)],
  );
  return rows.map(fromRow);
}

/** An agent's own cases; a supervisor's view is every case with a human. */
export async function withHumans(deps: ApiDeps, viewer: Viewer, first?: number | null): Promise<CaseView[]> {
  const me = staffRef(viewer);
  const { rows } = await deps.db.query<CaseRow>(
    `SELECT * FROM cases WHERE status = 'WITH_HUMAN' AND ($1::text IS NULL OR assignee_id = $1)
      ORDER BY updated_at DESC LIMIT $2`,
    [me.role === 'supervisor' ? null : me.id, limit(deps, first)],
  );
  return rows.map(fromRow);
}

/**
 * Starts listening before it returns, so before the stream is open to the client: a change stored after the
 * client sees the stream open always reaches it (the console reads its lists once the stream is open).
 */
async function caseEvents(ctx: ApiContext, caseId: string) {
  const { deps, viewer } = ctx;
  const stream = changes(await caseFeed(deps.db), (c) => c.caseId === caseId, requestSignal(ctx));
  return (async function* () {
    try {
      const current = await getCase(deps, viewer, caseId);
      if (!current) throw notFound(`case ${caseId} does not exist`);
      yield { case: current, status: current.status, version: current.version };
      let version = current.version;
      for await (const change of stream) {
        if (change.version <= version) continue;
        const view = await getCase(deps, viewer, caseId);
        if (!view) continue;
        version = view.version;
        yield { case: view, status: view.status, version: view.version };
        if (view.status === 'CLOSED') return;
      }
    } finally {
      await stream.return(undefined);
    }
  })();
}

/** Listens before it returns, like caseEvents. */
async function queueEvents(ctx: ApiContext) {
  staffRef(ctx.viewer);
  // A case leaving the queue or a human's hands matters to the console as much as one joining.
  const held = new Set<string>();
  const relevant = (change: CaseChange) => {
    const now = heldForHumans(change.status);
    const was = held.has(change.caseId);
    if (now) held.add(change.caseId);
    else held.delete(change.caseId);
    return now || was;
  };
  return changes(await caseFeed(ctx.deps.db), relevant, requestSignal(ctx));
}

const caseArg = (args: { caseId: string }) => args.caseId;

export const humanResolvers = {
  Case: {
    desk: (view: CaseView, _: unknown, { viewer }: ApiContext) =>
      viewer.kind === 'staff' ? (view.desk ?? null) : null,
  },
  Message: {
    style: (message: { style?: string | null }) => message.style ?? null,
  },
  Handover: {
    summary: (h: Handover & { locale?: Locale }, args: { locale?: string | null }) =>
      args.locale === 'zh-CN' ? h.summaryZh : h.summaryEn,
  },
  Query: {
    queue: (_: unknown, args: { first?: number | null }, { deps, viewer }: ApiContext) =>
      queue(deps, viewer, args.first),
    withHumans: (_: unknown, args: { first?: number | null }, { deps, viewer }: ApiContext) =>
      withHumans(deps, viewer, args.first),
    staff: (_: unknown, __: unknown, { deps, viewer }: ApiContext) => {
      staffRef(viewer);
      return deskStaff(deps);
    },
  },
  Mutation: {
    takeOverCase: (_: unknown, args: { caseId: string }, { deps, viewer }: ApiContext) =>
      takeOverCase(deps, viewer, caseArg(args)),
    sendAgentMessage: (
      _: unknown,
      args: { caseId: string; text: string; clientMessageId?: string | null },
      { deps, viewer }: ApiContext,
    ) => sendAgentMessage(deps, viewer, args),
    addInternalNote: (_: unknown, args: { caseId: string; text: string }, { deps, viewer }: ApiContext) =>
      addInternalNote(deps, viewer, args),
    handBackCase: (_: unknown, args: { caseId: string; note: string }, { deps, viewer }: ApiContext) =>
      handBackCase(deps, viewer, args),
    transferCase: (_: unknown, args: { caseId: string; toAgentId: string }, { deps, viewer }: ApiContext) =>
      transferCase(deps, viewer, args),
  },
  Subscription: {
    // Access is checked before the stream starts, so a refusal is an ordinary GraphQL error.
    caseEvents: {
      subscribe: async (_: unknown, args: { caseId: string }, ctx: ApiContext) => {
        assertCanReadCase(ctx.viewer, args.caseId);
        return caseEvents(ctx, args.caseId);
      },
      resolve: (payload: unknown) => payload,
    },
    queueEvents: {
      subscribe: async (_: unknown, __: unknown, ctx: ApiContext) => {
        staffRef(ctx.viewer);
        return queueEvents(ctx);
      },
      resolve: (payload: unknown) => payload,
    },
  },
};

export type { CaseStatus };
