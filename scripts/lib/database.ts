// Opens Kefu's database for npm start and the CLI: DATABASE_URL, the embedded server npm start is running, or a new embedded one.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import type { Config } from '../../activities/platform/config';
import {
  createPool,
  poolOptions,
  embeddedDatabaseUrl,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '../../activities/platform/db';
import { isPortInUse } from './temporal-server';

export interface OpenDatabase {
  url: string;
  pool: Pool;
  /** 'server' for DATABASE_URL, 'embedded' when this process serves PGlite, 'shared' when another process does. */
  kind: 'server' | 'embedded' | 'shared';
  close(): Promise<void>;
}

/** The embedded database's password, beside its files; only this user may read either. */
export const PASSWORD_FILE = 'db-password';

/** Creates the data folder, or narrows an existing one, to 0700: it holds the database, its password and API keys. */
export function ensurePrivateDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}

/** Reads the embedded database's password, making one (file mode 0600) on the first start. */
export function embeddedPassword(dataDir: string, create: boolean): string {
  const file = path.join(dataDir, PASSWORD_FILE);
  if (create && !fs.existsSync(file)) {
    ensurePrivateDataDir(dataDir);
    // 'wx': two processes starting at once keep the first password rather than overwrite it.
    try {
      fs.writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  let password: string;
  try {
    password = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(
      `cannot read the embedded database's password from ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): ` +
        'run `npm start` once, or set DATABASE_URL',
    );
  }
  if (create) fs.chmodSync(file, 0o600);
  if (!password) throw new Error(`${file} is empty: delete it and run \`npm start\` to make a new one`);
  return password;
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export async function openDatabase(config: Config, log: (line: string) => void): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const pool = createPool(config.databaseUrl, 10, poolOptions(config));
    return { url: config.databaseUrl, pool, kind: 'server', close: () => pool.end() };
  }
  const port = config.embeddedDbPort;
  // PGlite's directory belongs to one process at a time: when npm start is running, go through its socket.
  if (await isPortInUse(port)) {
    const url = embeddedDatabaseUrl(port, embeddedPassword(config.dataDir, false));
    const pool = createPool(url, 2, poolOptions(config));
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      await pool.end();
      throw new Error(
        `port ${port} is in use but does not answer as Kefu's embedded database (${err instanceof Error ? err.message : String(err)}); ` +
          'set KEFU_EMBEDDED_DB_PORT or DATABASE_URL',
      );
    }
    return { url, pool, kind: 'shared', close: () => pool.end() };
  }
  ensurePrivateDataDir(config.dataDir);
  const password = embeddedPassword(config.dataDir, true);
  const dir = path.join(config.dataDir, 'pglite');
  log(`opening the embedded database in ${dir} (the first open takes a few seconds)`);
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase(dir, port, { password });
  const pool = createPool(embedded.url, 10, poolOptions(config));
  return {
    url: embedded.url,
    pool,
    kind: 'embedded',
    async close() {
      await pool.end();
      await embedded.close();
    },
  };
}
