// Who is calling: a customer holding one case's token, a staff member with an API key, or nobody.
import type { Pool } from 'pg';
import { API_KEY_PREFIX, findApiKey, type Role } from '../activities/platform/api-keys';
import { CASE_TOKEN_PREFIX, caseForToken } from '../activities/cases/tokens';
import { forbidden, unauthenticated } from './errors';

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'customer'; caseId: string }
  | { kind: 'staff'; keyId: string; name: string; role: Role };

export async function viewerFromHeader(db: Pool, header: string | null | undefined): Promise<Viewer> {
  if (!header) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <case token or API key>"');
  const secret = match[1];
  if (secret.startsWith(CASE_TOKEN_PREFIX)) {
    const caseId = await caseForToken(db, secret);
    if (caseId) return { kind: 'customer', caseId };
  } else if (secret.startsWith(API_KEY_PREFIX)) {
    const key = await findApiKey(db, secret);
    if (key) return { kind: 'staff', keyId: key.id, name: key.name, role: key.role };
  }
  throw unauthenticated('the case token or API key is not valid (or was revoked)');
}

/** Customers see their own case only; every staff role may read any case. */
export function assertCanReadCase(viewer: Viewer, caseId: string): void {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind === 'customer' && viewer.caseId !== caseId)
    throw forbidden('this token is for another case');
  if (viewer.kind === 'staff' && viewer.role === 'device')
    throw forbidden('device keys may only send readings');
}

export function assertStaff(
  viewer: Viewer,
  roles?: readonly Role[],
): asserts viewer is Extract<Viewer, { kind: 'staff' }> {
  if (viewer.kind === 'anonymous') throw unauthenticated('an API key is required');
  if (viewer.kind !== 'staff') throw forbidden('staff API key required');
  // A gateway's key sits on a device in the field: it sends readings and reads nothing.
  if (viewer.role === 'device' && !roles?.includes('device'))
    throw forbidden('device keys may only send readings');
  if (roles && !roles.includes(viewer.role))
    throw forbidden(`role ${viewer.role} may not do this (needs ${roles.join(' or ')})`);
}
