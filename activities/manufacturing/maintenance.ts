// Preventive maintenance: policies per model, which devices are due from their readings, records, and outreach bookkeeping.
import type { Pool } from 'pg';
import type { CaseSettings, Locale } from '../../workflows/types';
import { createCaseToken } from '../cases/tokens';
import { queueNotification } from '../notifications/outbox';
import type { Config } from '../platform/config';

export interface MaintenancePolicy {
  id: string;
  model: string;
  task: { en: string; zh: string };
  everyHours?: number | null;
  everyCycles?: number | null;
  everyDays?: number | null;
  metric?: string | null;
  threshold?: number | null;
}

export class PolicyError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PolicyError';
  }
}

const POLICY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Checks a policy as written (CLI file or GraphQL input); `at` prefixes the field in errors, e.g. `[2]`. */
export function validatePolicy(raw: unknown, at = ''): MaintenancePolicy {
  const field = (name: string) => (at ? `${at}.${name}` : name);
  if (typeof raw !== 'object' || raw === null) throw new PolicyError(at || 'policy', 'must be an object');
  const p = raw as Record<string, unknown>;
  const id = typeof p.id === 'string' ? p.id.trim() : '';
  if (!POLICY_ID.test(id)) throw new PolicyError(field('id'), 'must be lower-case letters, digits, - or _');
  const model = typeof p.model === 'string' ? p.model.trim() : '';
  if (!model) throw new PolicyError(field('model'), 'is required');
  const task = (p.task ?? {}) as Record<string, unknown>;
  for (const lang of ['en', 'zh'] as const)
    if (typeof task[lang] !== 'string' || !(task[lang] as string).trim())
      throw new PolicyError(field(`task.${lang}`), 'is required (what the customer is reminded to do)');
  const positive = (name: string, integer = false): number | null => {
    const v = p[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
      throw new PolicyError(field(name), `must be a positive ${integer ? 'whole ' : ''}number`);
    return v;
  };
  const everyHours = positive('everyHours');
  const everyCycles = positive('everyCycles');
  const everyDays = positive('everyDays', true);
  const metric = typeof p.metric === 'string' && p.metric.trim() ? p.metric.trim() : null;
  const threshold = p.threshold === undefined || p.threshold === null ? null : p.threshold;
  if (threshold !== null && (typeof threshold !== 'number' || !Number.isFinite(threshold)))
    throw new PolicyError(field('threshold'), 'must be a number');
  if ((metric === null) !== (threshold === null))
    throw new PolicyError(
      field(metric === null ? 'metric' : 'threshold'),
      'metric and threshold go together',
    );
  if (everyHours === null && everyCycles === null && everyDays === null && threshold === null)
    throw new PolicyError(
      field('everyHours'),
      'give everyHours, everyCycles, everyDays or metric + threshold',
    );
  return {
    id,
    model,
    task: { en: (task.en as string).trim(), zh: (task.zh as string).trim() },
    everyHours,
    everyCycles,
    everyDays,
    metric,
    threshold: threshold as number | null,
  };
}

export async function savePolicy(db: Pool, policy: MaintenancePolicy): Promise<void> {
  await db.query(
    `INSERT INTO maintenance_policies (id, model, task_en, task_zh, every_hours, every_cycles, every_days, metric, threshold)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET model = EXCLUDED.model, task_en = EXCLUDED.task_en, task_zh = EXCLUDED.task_zh,
       every_hours = EXCLUDED.every_hours, every_cycles = EXCLUDED.every_cycles, every_days = EXCLUDED.every_days,
       metric = EXCLUDED.metric, threshold = EXCLUDED.threshold, updated_at = now()`,
    [
      policy.id,
      policy.model,
      policy.task.en,
      policy.task.zh,
      policy.everyHours ?? null,
      policy.everyCycles ?? null,
      policy.everyDays ?? null,
      policy.metric ?? null,
      policy.threshold ?? null,
    ],
  );
}

export async function deletePolicy(db: Pool, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM maintenance_policies WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

export async function listPolicies(db: Pool, model?: string | null): Promise<MaintenancePolicy[]> {
  const { rows } = await db.query<{
    id: string;
    model: string;
    task_en: string;
    task_zh: string;
    every_hours: number | null;
    every_cycles: number | null;
    every_days: number | null;
    metric: string | null;
    threshold: number | null;
  }>('SELECT * FROM maintenance_policies WHERE $1::text IS NULL OR model = $1 ORDER BY model, id', [
    model ?? null,
  ]);
  return rows.map((r) => ({
    id: r.id,
    model: r.model,
    task: { en: r.task_en, zh: r.task_zh },
    everyHours: r.every_hours,
    everyCycles: r.every_cycles,
    everyDays: r.every_days,
    metric: r.metric,
    threshold: r.threshold,
  }));
}

/** A maintenance due on one device under one policy, since `dueSince` (the last maintenance, or the install). */
export interface DueMaintenance {
  /** The outreach's workflow id: device, policy and due event, so each is reached exactly once. */
  outreachId: string;
  serial: string;
  model: string;
  policyId: string;
  customerId: string;
  dueSince: string;
  /** What made it due: hours, cycles, days or the threshold. */
  reason: 'hours' | 'cycles' | 'days' | 'threshold';
  task: { en: string; zh: string };
}

export function outreachIdOf(serial: string, policyId: string, dueSince: string): string {
  return `maintenance:${serial}:${policyId}:${dueSince.replace(/[^0-9]/g, '').slice(0, 14)}`;
}

/** One page of the evaluation: the due events among a page of devices, and where the next page starts. */
export interface DuePage {
  due: DueMaintenance[];
  /** The last device of this page; null when it was the last page. */
  next: string | null;
}

/**
 * The devices due for maintenance, a page of devices at a time in serial order (so each page costs the same however
 * large the fleet). A policy's count restarts at the device's last maintenance record (or its install); due events
 * already reached out to are left out.
 */
export async function findDueMaintenance(
  db: Pool,
  { now, after, limit }: { now: string; after?: string | null; limit: number },
): Promise<DuePage> {
  const page = await db.query<{ serial: string }>(
    `SELECT serial FROM devices
      WHERE ($1::text IS NULL OR serial > $1) AND model IN (SELECT model FROM maintenance_policies)
      ORDER BY serial LIMIT $2`,
    [after ?? null, limit],
  );
  const serials = page.rows.map((r) => r.serial);
  const next = serials.length === limit ? (serials.at(-1) ?? null) : null;
  if (serials.length === 0) return { due: [], next };
  const { rows } = await db.query<{
    serial: string;
    model: string;
    policy_id: string;
    customer_id: string;
    due_since: Date;
    reason: DueMaintenance['reason'];
    task_en: string;
    task_zh: string;
  }>(
    `WITH pd AS (
       SELECT p.*, d.serial, d.customer_id,
              COALESCE((SELECT max(m.done_at) FROM maintenance_records m
                         WHERE m.serial = d.serial AND (m.policy_id = p.id OR m.policy_id IS NULL)),
                       d.installed_at) AS baseline
         FROM devices d JOIN maintenance_policies p ON p.model = d.model
        WHERE d.serial = ANY($2::text[])
     ), measured AS (
       SELECT pd.*,
         (SELECT value FROM device_readings r WHERE pd.every_hours IS NOT NULL AND r.serial = pd.serial
             AND r.metric = 'runtime_hours' ORDER BY r.at DESC LIMIT 1)
         - COALESCE((SELECT value FROM device_readings r WHERE pd.every_hours IS NOT NULL AND r.serial = pd.serial
             AND r.metric = 'runtime_hours' AND r.at <= pd.baseline ORDER BY r.at DESC LIMIT 1), 0) AS hours,
         (SELECT value FROM device_readings r WHERE pd.every_cycles IS NOT NULL AND r.serial = pd.serial
             AND r.metric = 'cycles' ORDER BY r.at DESC LIMIT 1)
         - COALESCE((SELECT value FROM device_readings r WHERE pd.every_cycles IS NOT NULL AND r.serial = pd.serial
             AND r.metric = 'cycles' AND r.at <= pd.baseline ORDER BY r.at DESC LIMIT 1), 0) AS cycles,
         (SELECT value FROM device_readings r WHERE pd.metric IS NOT NULL AND r.serial = pd.serial
             AND r.metric = pd.metric AND r.at > pd.baseline ORDER BY r.at DESC LIMIT 1) AS reading
         FROM pd
     ), due AS (
       SELECT serial, model, id AS policy_id, customer_id, baseline AS due_since, task_en, task_zh,
              CASE WHEN hours >= every_hours THEN 'hours'
                   WHEN cycles >= every_cycles THEN 'cycles'
                   WHEN reading >= threshold THEN 'threshold'
                   WHEN $1::timestamptz - baseline >= make_interval(days => every_days) THEN 'days' END AS reason
         FROM measured
     )
     SELECT * FROM due
      WHERE reason IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM maintenance_outreach o
                         WHERE o.serial = due.serial AND o.policy_id = due.policy_id AND o.due_since = due.due_since)
      ORDER BY serial, policy_id`,
    [now, serials],
  );
  return {
    next,
    due: rows.map((r) => {
      const dueSince = r.due_since.toISOString();
      return {
        outreachId: outreachIdOf(r.serial, r.policy_id, dueSince),
        serial: r.serial,
        model: r.model,
        policyId: r.policy_id,
        customerId: r.customer_id,
        dueSince,
        reason: r.reason,
        task: { en: r.task_en, zh: r.task_zh },
      };
    }),
  };
}

export interface OutreachContact {
  caseId: string;
  token: string;
  locale: Locale;
  name: string;
  email: string | null;
  phone: string | null;
}

export type OutreachStatus = 'sent' | 'followed_up' | 'booked' | 'snoozed' | 'done' | 'ignored';

export interface OutreachSettings {
  followUpAfterMs: number;
  closeAfterMs: number;
  snoozeMs: number;
  /** Case settings of the reminder's case: it closes by itself once the follow-up went unanswered. */
  caseSettings: CaseSettings;
}

export function createMaintenanceActivities(db: Pool, config: Pick<Config, 'manufacturing' | 'cases'>) {
  const maintenance = config.manufacturing.maintenance;
  return {
    /** Read at every evaluation, so a changed setting applies from the next one. */
    async maintenanceSettings(): Promise<OutreachSettings> {
      return {
        followUpAfterMs: maintenance.followUpAfterMs,
        closeAfterMs: maintenance.closeAfterMs,
        snoozeMs: maintenance.snoozeMs,
        caseSettings: {
          ...config.cases,
          inactivityTimeoutMs: maintenance.followUpAfterMs + maintenance.closeAfterMs,
        },
      };
    },

    async findDueMaintenance(request: {
      now: string;
      after?: string | null;
      limit: number;
    }): Promise<DuePage> {
      return findDueMaintenance(db, request);
    },

    /** The outreach's row, and the case the customer answers in (with its token); idempotent for a round. */
    async prepareOutreach({ due, round }: { due: DueMaintenance; round: number }): Promise<OutreachContact> {
      const caseId = `${due.outreachId}:${round}`;
      await db.query(
        `INSERT INTO maintenance_outreach (id, serial, policy_id, due_since, case_ids) VALUES ($1, $2, $3, $4, ARRAY[$5])
         ON CONFLICT (id) DO UPDATE SET case_ids = CASE WHEN $5 = ANY(maintenance_outreach.case_ids)
           THEN maintenance_outreach.case_ids ELSE maintenance_outreach.case_ids || $5 END, updated_at = now()`,
        [due.outreachId, due.serial, due.policyId, due.dueSince, caseId],
      );
      const { rows } = await db.query<{
        name: string;
        email: string | null;
        phone: string | null;
        locale: string | null;
      }>('SELECT name, email, phone, locale FROM customers WHERE id = $1', [due.customerId]);
      const customer = rows[0];
      if (!customer) throw new Error(`customer ${due.customerId} of device ${due.serial} not found`);
      return {
        caseId,
        token: await createCaseToken(db, caseId),
        locale: customer.locale === 'zh-CN' ? 'zh-CN' : 'en',
        name: customer.name,
        email: customer.email,
        phone: customer.phone,
      };
    },

    /** The reminder (or its one follow-up) by email and SMS, through the outbox; once per round and kind. */
    async notifyOutreach({
      due,
      round,
      contact,
      kind,
    }: {
      due: DueMaintenance;
      round: number;
      contact: OutreachContact;
      kind: 'reminder' | 'follow_up';
    }): Promise<number> {
      const zh = contact.locale === 'zh-CN';
      const link = `${maintenance.link}#case=${encodeURIComponent(contact.caseId)}&token=${contact.token}`;
      const task = zh ? due.task.zh : due.task.en;
      const subject = zh
        ? `${kind === 'follow_up' ? '再次提醒：' : ''}您的 ${due.model}（${due.serial}）该保养了`
        : `${kind === 'follow_up' ? 'Reminder: ' : ''}your ${due.model} (${due.serial}) is due for maintenance`;
      const body = zh
        ? `${contact.name}您好，根据使用情况，您的 ${due.model} 需要${task}。回复“预约”安排上门，“下周提醒我”稍后再提醒，或“已经做过了”。${link}`
        : `Hello ${contact.name}, from how much it has been used, your ${due.model} needs ${task}. Reply "book" for a technician visit, "remind me next week", or "already done". ${link}`;
      let queued = 0;
      for (const [channel, recipient] of [
        ['email', contact.email],
        ['sms', contact.phone],
      ] as const) {
        if (!recipient) continue;
        await queueNotification(db, {
          key: `${due.outreachId}:${round}:${kind}:${channel}`,
          channel,
          recipient,
          subject,
          body,
          caseId: contact.caseId,
        });
        queued += 1;
      }
      return queued;
    },

    async markOutreach({
      outreachId,
      status,
    }: {
      outreachId: string;
      status: OutreachStatus;
    }): Promise<void> {
      await db.query('UPDATE maintenance_outreach SET status = $2, updated_at = now() WHERE id = $1', [
        outreachId,
        status,
      ]);
    },

    /** "Already done": the policy's count restarts from today. Idempotent per case. */
    async recordMaintenanceDone({
      serial,
      policyId,
      caseId,
      source,
    }: {
      serial: string;
      policyId: string | null;
      caseId: string | null;
      source: 'customer' | 'technician';
    }): Promise<void> {
      await db.query(
        `INSERT INTO maintenance_records (serial, policy_id, done_at, source, case_id)
         SELECT $1, $2, now(), $3, $4
          WHERE $4::text IS NULL OR NOT EXISTS (SELECT 1 FROM maintenance_records WHERE case_id = $4)`,
        [serial, policyId, source, caseId],
      );
    },
  };
}
