// Development API keys, one per staff role, kept in .data/dev-keys.json so a restart prints the same keys.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { createApiKey, findApiKey, ROLES, type Role } from '../../activities/platform/api-keys';

export type DevKeys = Record<Role, string>;

export async function ensureDevKeys(
  db: Pool,
  dataDir: string,
): Promise<{ file: string; keys: DevKeys; created: Role[] }> {
  const file = path.join(dataDir, 'dev-keys.json');
  let stored: Partial<DevKeys> = {};
  if (fs.existsSync(file)) {
    try {
      stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevKeys>;
    } catch {
      stored = {};
    }
  }
  const keys = {} as DevKeys;
  const created: Role[] = [];
  for (const role of ROLES) {
    const existing = stored[role];
    // A key survives only while the database still knows it (a wiped database gets fresh keys).
    if (existing && (await findApiKey(db, existing))?.role === role) {
      keys[role] = existing;
    } else {
      keys[role] = (await createApiKey(db, role, `dev ${role}`)).key;
      created.push(role);
    }
  }
  fs.writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { file, keys, created };
}
