// Opens Kefu's database for npm start and the CLI: DATABASE_URL, the embedded server npm start is running, or a new embedded one.
import path from 'node:path';
import type { Pool } from 'pg';
import type { Config } from '../../activities/platform/config';
import { createPool, startEmbeddedDatabase, type EmbeddedDatabase } from '../../activities/platform/db';
import { isPortInUse } from './temporal-server';

export interface OpenDatabase {
  url: string;
  pool: Pool;
  /** 'server' for DATABASE_URL, 'embedded' when this process serves PGlite, 'shared' when another process does. */
  kind: 'server' | 'embedded' | 'shared';
  close(): Promise<void>;
}

export const embeddedUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

export async function openDatabase(config: Config, log: (line: string) => void): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const pool = createPool(config.databaseUrl);
    return { url: config.databaseUrl, pool, kind: 'server', close: () => pool.end() };
  }
  const port = config.embeddedDbPort;
  // PGlite's directory belongs to one process at a time: when npm start is running, go through its socket.
  if (await isPortInUse(port)) {
    const url = embeddedUrl(port);
    const pool = createPool(url, 2);
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
  const dir = path.join(config.dataDir, 'pglite');
  log(`opening the embedded database in ${dir} (the first open takes a few seconds)`);
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase(dir, port);
  const pool = createPool(embedded.url);
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
