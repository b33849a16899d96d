// Staff API keys (agent, supervisor, admin, auditor, warehouse, device gateways): random secrets shown once, stored as SHA-256 hashes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { hashSecret } from '../cases/tokens';

export const ROLES = ['agent', 'supervisor', 'admin', 'auditor', 'warehouse', 'device'] as const;
export type Role = (typeof ROLES)[number];

export const API_KEY_PREFIX = 'kefu_';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Creates a key; the returned secret is the only copy anywhere. */
export async function createApiKey(db: Pool, role: Role, name: string): Promise<{ id: string; key: string }> {
  if (!isRole(role)) throw new Error(`role must be one of ${ROLES.join(', ')} (got "${String(role)}")`);
  const trimmed = name.trim();
  if (!trimmed) throw new Error('name must not be empty');
  const key = `${API_KEY_PREFIX}${role}_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  await db.query('INSERT INTO api_keys (id, name, role, key_hash, key_prefix) VALUES ($1, $2, $3, $4, $5)', [
    id,
    trimmed,
    role,
    hashSecret(key),
    key.slice(0, API_KEY_PREFIX.length + role.length + 5),
  ]);
  return { id, key };
}

/** The live key record for a secret, or null when it is unknown or revoked. */
export async function findApiKey(
  db: Pool,
  key: string,
): Promise<{ id: string; name: string; role: Role } | null> {
  const { rows } = await db.query<{ id: string; name: string; role: Role }>(
    `UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, name, role`,
    [hashSecret(key)],
  );
  return rows[0] ?? null;
}

export async function listApiKeys(db: Pool): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    role: Role;
    key_prefix: string;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>('SELECT * FROM api_keys ORDER BY created_at');
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    keyPrefix: r.key_prefix,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeApiKey(db: Pool, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return (rowCount ?? 0) > 0;
}
