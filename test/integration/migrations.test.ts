// Migrations under an advisory lock (two at once both succeed), and the schema check the worker and API run at start.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { checkSchemaVersion, createPool } from '../../activities/platform/db';
import { TEST_ADMIN_DATABASE_URL, testEnv } from '../helpers/env';

const ROOT = path.resolve(__dirname, '../..');
const created: string[] = [];

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database (no migrations), dropped after the file. */
async function emptyDatabase(): Promise<string> {
  const name = `kefu_migrate_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(TEST_ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

function run(
  entry: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('two `kefu migrate` at once on a new database both succeed, and the schema is applied once', async () => {
  for (let round = 0; round < 3; round++) {
    const url = await emptyDatabase();
    const results = await Promise.all([
      run('scripts/kefu.ts', ['migrate'], { DATABASE_URL: url }),
      run('scripts/kefu.ts', ['migrate'], { DATABASE_URL: url }),
    ]);
    for (const r of results) {
      expect(r.stderr).toMatch(/database is up to date/);
      expect(r.code).toBe(0);
    }
    // One of them applied every migration, the other waited and found nothing to do.
    const applied = results.map((r) => (r.stderr.match(/applied migration/g) ?? []).length);
    expect(Math.min(...applied)).toBe(0);
    const pool = createPool(url, 1);
    await expect(checkSchemaVersion(pool)).resolves.toBeUndefined();
    await pool.end();
  }
});

test('the API and the worker refuse a database that lacks a migration, saying what to run', async () => {
  const url = await emptyDatabase();
  const pool = createPool(url, 1);
  await expect(checkSchemaVersion(pool)).rejects.toThrow(
    /database schema is older than this release: 001_foundation\.sql, .* not applied\. Run `kefu migrate`/,
  );
  await pool.end();
  const env = { DATABASE_URL: url, TEMPORAL_ADDRESS: testEnv().temporalAddress };
  for (const entry of ['api/main.ts', 'workers/main.ts']) {
    const result = await run(entry, [], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schema is older than this release: .*Run `kefu migrate`/);
  }
});

test('a database migrated by a newer release is accepted with a warning (rolling deploys and rollbacks)', async () => {
  const url = await emptyDatabase();
  expect((await run('scripts/kefu.ts', ['migrate'], { DATABASE_URL: url })).code).toBe(0);
  const pool = createPool(url, 1);
  await pool.query("INSERT INTO schema_migrations (name) VALUES ('999_from_the_future.sql')");
  const warnings: string[] = [];
  await checkSchemaVersion(pool, (line) => warnings.push(line));
  expect(warnings.join('\n')).toMatch(
    /migrated by a newer release \(999_from_the_future\.sql unknown here\)/,
  );
  await pool.end();
});

test('`kefu setup` loads the demo data only when asked, and never twice', async () => {
  const url = await emptyDatabase();
  const off = await run('scripts/kefu.ts', ['setup'], { DATABASE_URL: url, KEFU_ENV: 'production' });
  expect(off.code).toBe(0);
  expect(off.stderr).toMatch(/KEFU_LOAD_DEMO_DATA is off/);
  const on = await run('scripts/kefu.ts', ['setup'], { DATABASE_URL: url, KEFU_LOAD_DEMO_DATA: 'true' });
  expect(on.stderr).toMatch(/demo data loaded/);
  const again = await run('scripts/kefu.ts', ['setup'], { DATABASE_URL: url, KEFU_LOAD_DEMO_DATA: 'true' });
  expect(again.stderr).toMatch(/already has customers/);
  const pool = createPool(url, 1);
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
  expect(rows[0]!.n).toBeGreaterThan(0);
  await pool.end();
});

test('in production the CLI never falls back to an embedded database', async () => {
  const result = await run('scripts/kefu.ts', ['keys', 'list'], { DATABASE_URL: '', KEFU_ENV: 'production' });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/DATABASE_URL is not set \(KEFU_ENV=production\)/);
});
