// `npm run bench` part `maintenance`: the daily evaluation over a fleet with a year of readings, and how its time grows.
import { findDueMaintenance, savePolicy } from '../activities/manufacturing/maintenance';
import { createScratchDatabase } from '../scripts/lib/scratch-db';
import { percentile, round, say } from './common';

/** The goal size last; BENCH_MAINTENANCE_SIZES for others. */
export const DEFAULT_MAINTENANCE_SIZES = [1_000, 5_000, 10_000];
/** As the evaluation workflow pages (workflows/maintenance/evaluation.ts). */
const PAGE = 500;
const RUNS = 3;
const MODELS = ['BenchWash B1', 'BenchHeat H1'];

export interface MaintenanceAtSize {
  devices: number;
  readings: number;
  /** Due events found by one whole evaluation (every page). */
  due: number;
  pages: number;
  /** Median and slowest of RUNS whole evaluations, and the median per device. */
  evaluationMs: { p50: number; max: number };
  perDeviceUs: number;
  buildSeconds: number;
}

export interface MaintenanceBenchResult {
  sizes: MaintenanceAtSize[];
  /** Evaluation time at the largest size over the smallest, against the device ratio: ~1 is linear. */
  growth: { devices: number; time: number };
}

export function maintenanceOptions(): { sizes: number[] } {
  const at = process.argv.indexOf('--maintenance-sizes');
  const raw = at >= 0 ? process.argv[at + 1] : process.env.BENCH_MAINTENANCE_SIZES;
  const sizes = raw ? raw.split(',').map((s) => Number(s.trim())) : DEFAULT_MAINTENANCE_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 10))
    throw new Error(
      `--maintenance-sizes (or BENCH_MAINTENANCE_SIZES) takes integers of at least 10 (got "${raw}")`,
    );
  return { sizes: [...sizes].sort((a, b) => a - b) };
}

/**
 * Devices from..to with a year of daily readings (cumulative runtime_hours and cycles, used at varied rates), and a
 * maintenance record on every third device at a random point of the year: the shapes the evaluation meets.
 */
async function addDevices(db: import('pg').Pool, from: number, to: number): Promise<void> {
  const STEP = 500;
  for (let start = from; start < to; start += STEP) {
    const end = Math.min(to, start + STEP);
    await db.query(
      `INSERT INTO devices (serial, model, customer_id, installed_at, purchased_at)
       SELECT 'BN' || lpad(i::text, 7, '0'), (ARRAY[$3, $4])[1 + i % 2], 'C-BENCH',
              now() - interval '400 days', now() - interval '400 days'
         FROM generate_series($1::int, $2::int - 1) AS i`,
      [start, end, MODELS[0], MODELS[1]],
    );
    await db.query(
      `INSERT INTO device_readings (serial, metric, value, at)
       SELECT 'BN' || lpad(i::text, 7, '0'), m.metric,
              d * m.rate * (0.5 + (i % 97) / 97.0), now() - make_interval(days => 365 - d)
         FROM generate_series($1::int, $2::int - 1) AS i,
              generate_series(1, 365) AS d,
              (VALUES ('runtime_hours', 6.0), ('cycles', 1.2)) AS m(metric, rate)`,
      [start, end],
    );
    await db.query(
      `INSERT INTO maintenance_records (serial, policy_id, done_at, source)
       SELECT 'BN' || lpad(i::text, 7, '0'), NULL, now() - make_interval(days => (i * 7919) % 365), 'technician'
         FROM generate_series($1::int, $2::int - 1) AS i WHERE i % 3 = 0`,
      [start, end],
    );
  }
  await db.query('ANALYZE devices, device_readings, maintenance_records');
}

/** One whole evaluation as the workflow runs it: every page of due devices, in order. */
async function evaluate(db: import('pg').Pool, now: string): Promise<{ due: number; pages: number }> {
  let after: string | null = null;
  let due = 0;
  let pages = 0;
  for (;;) {
    const page = await findDueMaintenance(db, { now, after, limit: PAGE });
    pages += 1;
    due += page.due.length;
    if (!page.next) return { due, pages };
    after = page.next;
  }
}

export async function benchMaintenance(options: {
  adminUrl: string;
  sizes: number[];
  onCleanup?: (name: string, run: () => Promise<void>) => void;
}): Promise<MaintenanceBenchResult> {
  say(
    `maintenance: fleets of ${options.sizes.map((n) => n.toLocaleString('en')).join(', ')} devices, a year of daily readings`,
  );
  const scratch = await createScratchDatabase('kefu_bench_mt', options.adminUrl, 2);
  options.onCleanup?.('drop the maintenance bench database', () => scratch.drop());
  const db = scratch.pool;
  try {
    await db.query(
      `INSERT INTO customers (id, name, email) VALUES ('C-BENCH', 'Bench Owner', 'bench@example.com')`,
    );
    for (const [i, model] of MODELS.entries()) {
      const id = `bench-${i}`;
      await savePolicy(db, {
        id: `${id}-cycles`,
        model,
        task: { en: 'descale', zh: '除垢' },
        everyCycles: 300,
      });
      await savePolicy(db, {
        id: `${id}-hours`,
        model,
        task: { en: 'service', zh: '保养' },
        everyHours: 1500,
      });
      await savePolicy(db, {
        id: `${id}-yearly`,
        model,
        task: { en: 'yearly check', zh: '年检' },
        everyDays: 365,
      });
    }
    const sizes: MaintenanceAtSize[] = [];
    let built = 0;
    for (const size of options.sizes) {
      const started = performance.now();
      await addDevices(db, built, size);
      built = size;
      const buildSeconds = round((performance.now() - started) / 1000);
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM device_readings');
      const now = new Date().toISOString();
      await evaluate(db, now); // warm the caches once
      const times: number[] = [];
      let found = { due: 0, pages: 0 };
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        found = await evaluate(db, now);
        times.push(performance.now() - t);
      }
      const p50 = percentile(
        [...times].sort((a, b) => a - b),
        50,
      );
      const atSize: MaintenanceAtSize = {
        devices: size,
        readings: Number(rows[0]?.n ?? 0),
        due: found.due,
        pages: found.pages,
        evaluationMs: { p50: round(p50), max: round(Math.max(...times)) },
        perDeviceUs: round((p50 * 1000) / size),
        buildSeconds,
      };
      say(
        `maintenance: ${size.toLocaleString('en')} devices, ${atSize.readings.toLocaleString('en')} readings: ` +
          `evaluation p50 ${atSize.evaluationMs.p50} ms (max ${atSize.evaluationMs.max}), ${atSize.due} due in ${atSize.pages} pages, ` +
          `${atSize.perDeviceUs} µs per device (built in ${buildSeconds} s)`,
      );
      sizes.push(atSize);
    }
    const first = sizes[0];
    const last = sizes.at(-1);
    const growth =
      first && last
        ? {
            devices: round(last.devices / first.devices),
            time: round(last.evaluationMs.p50 / first.evaluationMs.p50),
          }
        : { devices: 1, time: 1 };
    say(`maintenance: ${growth.devices}× the devices took ${growth.time}× the time`);
    return { sizes, growth };
  } finally {
    await scratch.drop();
  }
}

if (require.main === module) {
  benchMaintenance({
    adminUrl: process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    ...maintenanceOptions(),
  }).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
