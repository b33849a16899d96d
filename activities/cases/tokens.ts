// Case tokens: the bearer credential a customer gets from startCase, good for that one case only; stored hashed.
import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

export const CASE_TOKEN_PREFIX = 'kct_';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createCaseToken(db: Pool, caseId: string): Promise<string> {
  const token = `${CASE_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  await db.query('INSERT INTO case_tokens (token_hash, case_id) VALUES ($1, $2)', [
    hashSecret(token),
    caseId,
  ]);
  return token;
}

/** The case a token opens, or null for an unknown token. */
export async function caseForToken(db: Pool, token: string): Promise<string | null> {
  const { rows } = await db.query<{ case_id: string }>(
    'SELECT case_id FROM case_tokens WHERE token_hash = $1',
    [hashSecret(token)],
  );
  return rows[0]?.case_id ?? null;
}
