// GraphQL for manufacturing: trees (import, versions), devices and gateway readings, tickets, maintenance policies and schedule.
import type { Pool } from 'pg';
import type { TrailEntry } from '../activities/manufacturing/devices';
import {
  deletePolicy,
  listPolicies,
  PolicyError,
  savePolicy,
  validatePolicy,
  type MaintenancePolicy,
} from '../activities/manufacturing/maintenance';
import {
  MAX_READINGS_PER_BATCH,
  recordReadings,
  type ReadingInput,
} from '../activities/manufacturing/readings';
import {
  describeMaintenanceSchedule,
  ensureMaintenanceSchedule,
  maintenanceScheduleId,
} from '../activities/manufacturing/schedule';
import {
  listTrees,
  parseTreeText,
  readTree,
  saveTree,
  TreeError,
  treeVersions,
  validateTree,
  type TreeSummary,
} from '../activities/manufacturing/trees';
import { assertStaff } from './auth';
import { badInput, notFound } from './errors';
import type { ApiContext } from './schema';

const STAFF_WRITERS = ['supervisor', 'admin'] as const;

async function treeView(db: Pool, summary: TreeSummary) {
  return { ...summary, document: () => readTree(db, summary.id, summary.version) };
}

const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());

function trailOf(rows: unknown): TrailEntry[] {
  return Array.isArray(rows) ? (rows as TrailEntry[]) : [];
}

async function deviceView(db: Pool, serial: string) {
  const { rows } = await db.query<{
    serial: string;
    model: string;
    customer_id: string;
    purchased_at: Date | null;
    installed_at: Date;
  }>('SELECT serial, model, customer_id, purchased_at, installed_at FROM devices WHERE serial = $1', [
    serial,
  ]);
  const d = rows[0];
  if (!d) return null;
  return {
    serial: d.serial,
    model: d.model,
    ownerId: d.customer_id,
    purchasedAt: d.purchased_at ?? d.installed_at,
    installedAt: d.installed_at,
    async readings({ metric, last }: { metric?: string | null; last?: number | null }) {
      const { rows: readings } = await db.query(
        `SELECT metric, value, at FROM device_readings WHERE serial = $1 AND ($2::text IS NULL OR metric = $2)
          ORDER BY at DESC, metric LIMIT $3`,
        [serial, metric ?? null, Math.min(Math.max(last ?? 20, 1), 1000)],
      );
      return readings;
    },
    async maintenance() {
      const { rows: records } = await db.query(
        `SELECT policy_id AS "policyId", done_at AS "doneAt", source, case_id AS "caseId"
           FROM maintenance_records WHERE serial = $1 ORDER BY done_at DESC`,
        [serial],
      );
      return records;
    },
  };
}

function policyInput(input: MaintenancePolicy): MaintenancePolicy {
  try {
    return validatePolicy(input);
  } catch (err) {
    if (err instanceof PolicyError)
      throw badInput(`input.${err.field}`, err.message.slice(err.field.length + 2));
    throw err;
  }
}

async function scheduleView(ctx: ApiContext) {
  const view = await describeMaintenanceSchedule(ctx.deps.temporal, ctx.deps.config);
  if (!view)
    throw notFound(
      `no maintenance schedule ${maintenanceScheduleId(ctx.deps.config)} (is the worker running?)`,
    );
  return view;
}

export const manufacturingResolvers = {
  Case: {
    async troubleshooting(c: { id: string }, _args: unknown, { deps, viewer }: ApiContext) {
      assertStaff(viewer);
      const { rows } = await deps.db.query<{
        tree_id: string | null;
        tree_version: number | null;
        serial: string | null;
        model: string | null;
        symptom: string | null;
        outcome: string | null;
        csat: number | null;
        trail: unknown;
      }>('SELECT * FROM troubleshooting_sessions WHERE case_id = $1', [c.id]);
      const s = rows[0];
      if (!s) return null;
      return {
        treeId: s.tree_id,
        treeVersion: s.tree_version,
        serial: s.serial,
        model: s.model,
        symptom: s.symptom,
        outcome: s.outcome,
        csat: s.csat,
        trail: trailOf(s.trail),
      };
    },
    async serviceTickets(c: { id: string }, _args: unknown, { deps, viewer }: ApiContext) {
      assertStaff(viewer);
      const { rows } = await deps.db.query<Record<string, unknown>>(
        'SELECT * FROM service_tickets WHERE case_id = $1 ORDER BY created_at',
        [c.id],
      );
      return rows.map((t) => ({
        id: t.id,
        caseId: t.case_id,
        kind: t.kind,
        serial: t.serial,
        model: t.model,
        symptom: t.symptom,
        treeId: t.tree_id,
        treeVersion: t.tree_version,
        trail: trailOf(t.trail),
        warranty: String(t.warranty).toUpperCase(),
        warrantyUntil: t.warranty_until ? iso(t.warranty_until as Date).slice(0, 10) : null,
        visitAt: t.visit_at,
        status: t.status,
        createdAt: t.created_at,
      }));
    },
  },
  Query: {
    async troubleshootingTrees(_root: unknown, _args: unknown, { deps, viewer }: ApiContext) {
      assertStaff(viewer);
      return Promise.all((await listTrees(deps.db)).map((t) => treeView(deps.db, t)));
    },
    async troubleshootingTree(
      _root: unknown,
      { id, version }: { id: string; version?: number | null },
      { deps, viewer }: ApiContext,
    ) {
      assertStaff(viewer);
      const found = (await treeVersions(deps.db, id)).filter((t) => version == null || t.version === version);
      const summary = found.at(-1);
      return summary ? treeView(deps.db, summary) : null;
    },
    async troubleshootingTreeVersions(_root: unknown, { id }: { id: string }, { deps, viewer }: ApiContext) {
      assertStaff(viewer);
      return Promise.all((await treeVersions(deps.db, id)).map((t) => treeView(deps.db, t)));
    },
    async device(_root: unknown, { serial }: { serial: string }, { deps, viewer }: ApiContext) {
      assertStaff(viewer);
      return deviceView(deps.db, serial);
    },
    async devices(_root: unknown, { customerId }: { customerId: string }, { deps, viewer }: ApiContext) {
      assertStaff(viewer);
      const { rows } = await deps.db.query<{ serial: string }>(
        'SELECT serial FROM devices WHERE customer_id = $1 ORDER BY serial',
        [customerId],
      );
      return Promise.all(rows.map((r) => deviceView(deps.db, r.serial)));
    },
    async maintenancePolicies(
      _root: unknown,
      { model }: { model?: string | null },
      { deps, viewer }: ApiContext,
    ) {
      assertStaff(viewer);
      return listPolicies(deps.db, model);
    },
    async maintenanceSchedule(_root: unknown, _args: unknown, ctx: ApiContext) {
      assertStaff(ctx.viewer, STAFF_WRITERS);
      return describeMaintenanceSchedule(ctx.deps.temporal, ctx.deps.config);
    },
  },
  Mutation: {
    async importTroubleshootingTree(
      _root: unknown,
      { document, format }: { document: string; format?: 'YAML' | 'JSON' | null },
      { deps, viewer }: ApiContext,
    ) {
      assertStaff(viewer, STAFF_WRITERS);
      let tree;
      try {
        const parsed = format === 'JSON' ? JSON.parse(document) : parseTreeText(document);
        tree = validateTree(parsed);
      } catch (err) {
        if (err instanceof TreeError) {
          const first = err.problems[0];
          throw badInput(`document.${first?.path ?? 'document'}`, err.message);
        }
        if (err instanceof SyntaxError) throw badInput('document', `not valid JSON: ${err.message}`);
        throw err;
      }
      const saved = await saveTree(deps.db, tree, { source: 'graphql', by: viewer.name });
      const summary = (await treeVersions(deps.db, saved.id)).find((t) => t.version === saved.version);
      if (!summary) throw new Error(`tree ${saved.id} v${saved.version} vanished`);
      return { tree: await treeView(deps.db, summary), created: saved.created };
    },
    async recordDeviceReadings(
      _root: unknown,
      { readings }: { readings: ReadingInput[] },
      { deps, viewer }: ApiContext,
    ) {
      assertStaff(viewer, ['device', 'admin']);
      if (readings.length === 0) throw badInput('readings', 'must not be empty');
      if (readings.length > MAX_READINGS_PER_BATCH)
        throw badInput('readings', `at most ${MAX_READINGS_PER_BATCH} per call (got ${readings.length})`);
      return recordReadings(
        deps.db,
        readings.map((r) => ({ ...r, at: iso(r.at as unknown as Date | string) })),
      );
    },
    async setMaintenancePolicy(_root: unknown, { input }: { input: MaintenancePolicy }, ctx: ApiContext) {
      assertStaff(ctx.viewer, STAFF_WRITERS);
      const policy = policyInput(input);
      await savePolicy(ctx.deps.db, policy);
      return policy;
    },
    async deleteMaintenancePolicy(_root: unknown, { id }: { id: string }, ctx: ApiContext) {
      assertStaff(ctx.viewer, STAFF_WRITERS);
      return deletePolicy(ctx.deps.db, id);
    },
    async pauseMaintenanceSchedule(_root: unknown, { note }: { note?: string | null }, ctx: ApiContext) {
      assertStaff(ctx.viewer, STAFF_WRITERS);
      await scheduleView(ctx);
      await ctx.deps.temporal.schedule
        .getHandle(maintenanceScheduleId(ctx.deps.config))
        .pause(note ?? `paused by ${ctx.viewer.name}`);
      return scheduleView(ctx);
    },
    async unpauseMaintenanceSchedule(_root: unknown, { note }: { note?: string | null }, ctx: ApiContext) {
      assertStaff(ctx.viewer, STAFF_WRITERS);
      await scheduleView(ctx);
      await ctx.deps.temporal.schedule
        .getHandle(maintenanceScheduleId(ctx.deps.config))
        .unpause(note ?? `resumed by ${ctx.viewer.name}`);
      return scheduleView(ctx);
    },
    async runMaintenanceEvaluation(_root: unknown, _args: unknown, ctx: ApiContext) {
      assertStaff(ctx.viewer, STAFF_WRITERS);
      await ensureMaintenanceSchedule(ctx.deps.temporal, ctx.deps.config);
      await ctx.deps.temporal.schedule.getHandle(maintenanceScheduleId(ctx.deps.config)).trigger();
      return scheduleView(ctx);
    },
  },
};
