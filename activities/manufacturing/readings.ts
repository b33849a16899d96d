// Usage readings from gateways: checked one by one (a bad one is named by its path), stored once per reading id.
import type { Pool } from 'pg';

export interface ReadingInput {
  id: string;
  serial: string;
  metric: string;
  value: number;
  at: string;
}

export interface RejectedReading {
  /** e.g. `readings[3].value`. */
  path: string;
  message: string;
}

export interface ReadingsResult {
  accepted: number;
  /** Sent before (same reading id, or the same device, metric and time): nothing changed. */
  duplicates: number;
  rejected: RejectedReading[];
}

const METRIC = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_READINGS_PER_BATCH = 1000;
/** Gateway clocks drift; a reading further in the future than this is a broken clock, not data. */
const FUTURE_SLACK_MS = 10 * 60_000;

export async function recordReadings(
  db: Pool,
  readings: ReadingInput[],
  now = new Date(),
): Promise<ReadingsResult> {
  const rejected: RejectedReading[] = [];
  const reject = (i: number, field: string, message: string) =>
    rejected.push({ path: `readings[${i}]${field ? `.${field}` : ''}`, message });
  const serials = [...new Set(readings.map((r) => r.serial))];
  const { rows } = await db.query<{ serial: string }>('SELECT serial FROM devices WHERE serial = ANY($1)', [
    serials,
  ]);
  const known = new Set(rows.map((r) => r.serial));
  const seen = new Map<string, number>();
  const good: (ReadingInput & { at: string })[] = [];
  readings.forEach((r, i) => {
    const before = rejected.length;
    if (!r.id || !r.id.trim() || r.id.length > 200) reject(i, 'id', 'must be 1 to 200 characters');
    else if (seen.has(r.id)) reject(i, 'id', `duplicate of readings[${seen.get(r.id)}] in this batch`);
    if (!known.has(r.serial)) reject(i, 'serial', `unknown device "${r.serial}"`);
    if (!METRIC.test(r.metric))
      reject(i, 'metric', 'must be lower-case letters, digits and _ (e.g. runtime_hours)');
    if (typeof r.value !== 'number' || !Number.isFinite(r.value))
      reject(i, 'value', 'must be a finite number');
    else if (['runtime_hours', 'cycles'].includes(r.metric) && r.value < 0)
      reject(i, 'value', `${r.metric} cannot be negative`);
    const at = new Date(r.at);
    if (Number.isNaN(at.getTime())) reject(i, 'at', 'must be an ISO-8601 date-time');
    else if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) reject(i, 'at', 'is in the future');
    if (r.id) seen.set(r.id, i);
    if (rejected.length === before) good.push({ ...r, at: at.toISOString() });
  });
  let accepted = 0;
  if (good.length > 0) {
    const result = await db.query(
      `INSERT INTO device_readings (reading_id, serial, metric, value, at)
       SELECT id, serial, metric, value, at FROM jsonb_to_recordset($1::jsonb)
         AS r(id text, serial text, metric text, value double precision, at timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(good)],
    );
    accepted = result.rowCount ?? 0;
  }
  return { accepted, duplicates: good.length - accepted, rejected };
}
