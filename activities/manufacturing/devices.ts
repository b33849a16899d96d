// Devices for support: who owns which, warranty from the purchase date, service tickets with the trail, visit slots.
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

export interface DeviceInfo {
  serial: string;
  model: string;
  ownerId: string;
  purchasedAt: string;
  installedAt: string;
}

export type WarrantyStatus = 'in_warranty' | 'expired' | 'unknown';

/** One step of a troubleshooting trail: what the agent asked and what the customer answered. */
export interface TrailEntry {
  step: string;
  /** The instruction as the customer read it. */
  instruction: string;
  answer: string;
  /** How the answer was read: fixed, still, done, yes, no, own words, a question, safety. */
  reading: string;
  at: string;
}

export interface ServiceTicketRequest {
  caseId: string;
  kind: 'repair' | 'maintenance';
  serial: string | null;
  model: string | null;
  symptom: string | null;
  treeId?: string | null;
  treeVersion?: number | null;
  trail: TrailEntry[];
}

export interface OpenedTicket {
  ticketId: string;
  warranty: WarrantyStatus;
  warrantyUntil: string | null;
  /** Visit times the customer may pick (ISO), earliest first. */
  slots: string[];
}

export interface ManufacturingSettings {
  warrantyMonths: number;
  /** Visits a day at one time (technicians on the road). */
  visitsPerSlot: number;
}

const DEVICE_COLUMNS = `serial, model, customer_id AS "ownerId",
  to_char(COALESCE(purchased_at, installed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "purchasedAt",
  to_char(installed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "installedAt"`;

export async function readDevice(db: Pool, serial: string): Promise<DeviceInfo | null> {
  const { rows } = await db.query<DeviceInfo>(
    `SELECT ${DEVICE_COLUMNS} FROM devices WHERE upper(serial) = upper($1)`,
    [serial],
  );
  return rows[0] ?? null;
}

export async function devicesOf(db: Pool, customerId: string): Promise<DeviceInfo[]> {
  const { rows } = await db.query<DeviceInfo>(
    `SELECT ${DEVICE_COLUMNS} FROM devices WHERE customer_id = $1 ORDER BY installed_at DESC, serial`,
    [customerId],
  );
  return rows;
}

/** The warranty runs the configured months from the date of purchase. */
export function warrantyOf(
  purchasedAt: string | null | undefined,
  months: number,
  now: Date,
): { warranty: WarrantyStatus; until: string | null } {
  if (!purchasedAt) return { warranty: 'unknown', until: null };
  const until = new Date(purchasedAt);
  until.setUTCMonth(until.getUTCMonth() + months);
  return { warranty: until > now ? 'in_warranty' : 'expired', until: until.toISOString().slice(0, 10) };
}

/** The next working days' morning and afternoon visits that still have a technician free. */
export async function freeVisitSlots(db: Pool, settings: ManufacturingSettings, now: Date, count = 3) {
  const candidates: Date[] = [];
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  while (candidates.length < count * 4) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    // 09:00 and 14:00 in China (UTC+8): 01:00 and 06:00 UTC.
    for (const hour of [1, 6]) candidates.push(new Date(day.getTime() + hour * 3600_000));
  }
  const { rows } = await db.query<{ at: Date; n: string }>(
    `SELECT visit_at AS at, count(*) AS n FROM service_tickets
      WHERE status = 'booked' AND visit_at = ANY($1::timestamptz[]) GROUP BY visit_at`,
    [candidates.map((c) => c.toISOString())],
  );
  const taken = new Map(rows.map((r) => [r.at.toISOString(), Number(r.n)]));
  return candidates
    .filter((c) => (taken.get(c.toISOString()) ?? 0) < settings.visitsPerSlot)
    .slice(0, count)
    .map((c) => c.toISOString());
}

export function createDeviceActivities(db: Pool, settings: ManufacturingSettings) {
  return {
    async findDevice({ serial }: { serial: string }): Promise<DeviceInfo | null> {
      return readDevice(db, serial);
    },

    async listCustomerDevices({ customerId }: { customerId: string }): Promise<DeviceInfo[]> {
      return devicesOf(db, customerId);
    },

    /** Idempotent per case and kind: a retried activity returns the ticket it opened, with fresh slots. */
    async openServiceTicket(request: ServiceTicketRequest): Promise<OpenedTicket> {
      const now = new Date();
      const device = request.serial ? await readDevice(db, request.serial) : null;
      const { warranty, until } = warrantyOf(device?.purchasedAt, settings.warrantyMonths, now);
      const id = `SR-${randomBytes(4).toString('hex').toUpperCase()}`;
      const { rows } = await db.query<{ id: string; warranty: WarrantyStatus; warranty_until: Date | null }>(
        `INSERT INTO service_tickets
           (id, case_id, kind, serial, model, symptom, tree_id, tree_version, trail, warranty, warranty_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (case_id, kind) DO UPDATE SET trail = EXCLUDED.trail
         RETURNING id, warranty, warranty_until`,
        [
          id,
          request.caseId,
          request.kind,
          device?.serial ?? request.serial,
          device?.model ?? request.model,
          request.symptom,
          request.treeId ?? null,
          request.treeVersion ?? null,
          JSON.stringify(request.trail),
          warranty,
          until,
        ],
      );
      const row = rows[0];
      if (!row) throw new Error(`service ticket for case ${request.caseId} was neither opened nor found`);
      return {
        ticketId: row.id,
        warranty: row.warranty,
        warrantyUntil: row.warranty_until ? row.warranty_until.toISOString().slice(0, 10) : null,
        slots: await freeVisitSlots(db, settings, now),
      };
    },

    /** Books the visit the customer picked; false when that time filled up meanwhile (the customer picks again). */
    async bookServiceVisit({ ticketId, at }: { ticketId: string; at: string }): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE service_tickets SET visit_at = $2, status = 'booked'
          WHERE id = $1 AND (visit_at = $2 OR
            (SELECT count(*) FROM service_tickets WHERE status = 'booked' AND visit_at = $2) < $3)`,
        [ticketId, at, settings.visitsPerSlot],
      );
      return (rowCount ?? 0) > 0;
    },

    /** The troubleshooting session of a case as it stands: pinned tree, trail, outcome and the customer's score. */
    async recordTroubleshooting(session: {
      caseId: string;
      treeId: string | null;
      treeVersion: number | null;
      serial: string | null;
      model: string | null;
      symptom: string | null;
      trail: TrailEntry[];
      outcome: 'resolved' | 'technician' | 'safety' | 'knowledge' | null;
      csat?: number | null;
    }): Promise<void> {
      await db.query(
        `INSERT INTO troubleshooting_sessions
           (case_id, tree_id, tree_version, serial, model, symptom, trail, outcome, csat)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (case_id) DO UPDATE SET tree_id = EXCLUDED.tree_id, tree_version = EXCLUDED.tree_version,
           serial = EXCLUDED.serial, model = EXCLUDED.model, symptom = EXCLUDED.symptom, trail = EXCLUDED.trail,
           outcome = COALESCE(EXCLUDED.outcome, troubleshooting_sessions.outcome),
           csat = COALESCE(EXCLUDED.csat, troubleshooting_sessions.csat), updated_at = now()`,
        [
          session.caseId,
          session.treeId,
          session.treeVersion,
          session.serial,
          session.model,
          session.symptom,
          JSON.stringify(session.trail),
          session.outcome,
          session.csat ?? null,
        ],
      );
    },
  };
}
