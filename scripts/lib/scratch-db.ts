// Throwaway PostgreSQL databases for the tests and the bench: create, migrate, and drop when done.
import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { createPool, migrate } from '../../activities/platform/db';

export interface ScratchDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  // A plain client, not a pool: CREATE/DROP DATABASE must not share a session with anything else.
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty, fully migrated database named `<prefix>_<random>` and a pool on it, on the server of
 * `adminUrl`, whose role must be allowed to CREATE DATABASE and have pgvector available.
 */
export async function createScratchDatabase(
  prefix: string,
  adminUrl: string,
  poolSize = 4,
): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix))
    throw new Error(`scratch database prefix must be a plain identifier: ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), poolSize);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    await asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    throw err;
  }
  let dropped = false;
  return {
    url: url.toString(),
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end().catch(() => undefined);
      // FORCE ends sessions a test leaked, so a failed test cannot leave the database behind.
      await asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
