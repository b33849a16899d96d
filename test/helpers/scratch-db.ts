// Throwaway PostgreSQL databases for tests that need their own schema: create, migrate, and drop when done.
import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { createPool, migrate } from '../../activities/platform/db';

/** Server that hosts scratch databases; the role must be allowed to CREATE DATABASE and have pgvector available. */
const ADMIN_URL = process.env.KEFU_TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

async function asAdmin(sql: string): Promise<void> {
  // A plain client, not a pool: CREATE/DROP DATABASE must not share a session with anything else.
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty, fully migrated database named `<prefix>_<random>` and a pool on it. */
export async function createScratchDatabase(prefix = 'kefu_scratch'): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix))
    throw new Error(`scratch database prefix must be a plain identifier: ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), 4);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
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
      await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
