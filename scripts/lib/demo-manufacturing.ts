// The demo manufacturing data (data/manufacturing): troubleshooting trees, dishwashers and a printer, maintenance policies.
import path from 'node:path';
import type { Pool } from 'pg';
import { importFile } from '../../activities/commerce/import';
import { savePolicy } from '../../activities/manufacturing/maintenance';
import { importTrees } from '../../activities/manufacturing/trees';
import { readPolicyFile } from './manufacturing-commands';

export const DEMO_MANUFACTURING_DIR = path.resolve(__dirname, '../../data/manufacturing');

/** Trees are imported idempotently every time; devices and policies only when none are there yet. */
export async function loadDemoManufacturing(
  db: Pool,
  say: (line: string) => void,
  { policies = true }: { policies?: boolean } = {},
): Promise<void> {
  await importTrees(db, path.join(DEMO_MANUFACTURING_DIR, 'trees'), { by: 'demo', onProgress: say });
  const { rows } = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM devices WHERE serial = 'SN-DW600123'",
  );
  if (Number(rows[0]?.n ?? 0) === 0) {
    const summary = await importFile(db, path.join(DEMO_MANUFACTURING_DIR, 'devices.json'), {
      shiftDatesTo: new Date(),
    });
    say(`demo devices loaded: ${summary.devices.inserted} devices, ${summary.deviceReadings} readings`);
  }
  if (!policies) return;
  const existing = await db.query<{ n: string }>('SELECT count(*) AS n FROM maintenance_policies');
  if (Number(existing.rows[0]?.n ?? 0) > 0) return;
  const list = readPolicyFile(path.join(DEMO_MANUFACTURING_DIR, 'maintenance-policies.yaml'));
  for (const p of list) await savePolicy(db, p);
  say(`demo maintenance policies loaded: ${list.length}`);
}
