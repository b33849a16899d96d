// PostgreSQL access for every process: a pg Pool on DATABASE_URL or on the embedded PGlite server, plus migrations.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool, type PoolClient, type QueryConfig } from 'pg';
import type { Config } from './config';

export type Db = Pool;

const MIGRATIONS_DIR = path.resolve(__dirname, '../../schemas/migrations');

/** Deadlines for every connection (config.db); the defaults match the configuration's. */
export interface DbTimeouts {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleTimeoutMs: number;
}

const DEFAULT_TIMEOUTS: DbTimeouts = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleTimeoutMs: 10_000,
};

export interface PoolOptions extends DbTimeouts {
  /**
   * pgvector's hnsw.ef_search for every connection: how many candidates an HNSW search keeps. pgvector's default
   * (40) misses many of the true nearest on a large knowledge base; unset leaves the server's value.
   */
  hnswEfSearch?: number;
}

/** A Kefu process's pool settings from its configuration: the deadlines, and how widely the knowledge search looks. */
export function poolOptions(config: Pick<Config, 'db' | 'knowledge'>): Partial<PoolOptions> {
  return { ...config.db, hnswEfSearch: config.knowledge.efSearch };
}

export function createPool(connectionString: string, max = 10, options: Partial<PoolOptions> = {}): Pool {
  const t = { ...DEFAULT_TIMEOUTS, ...options };
  const pool = new Pool({
    connectionString,
    max,
    idleTimeoutMillis: t.idleTimeoutMs,
    // A server that accepts TCP but never answers gives an error, not a request that hangs forever.
    connectionTimeoutMillis: t.connectTimeoutMs,
    statement_timeout: t.statementTimeoutMs,
    idle_in_transaction_session_timeout: t.statementTimeoutMs,
    // statement_timeout is the server's to enforce; a server that stops answering mid-query (or PGlite, which has no
    // timer signals) needs the client-side read deadline too. pg-pool discards a client whose query failed.
    query_timeout: t.statementTimeoutMs + t.connectTimeoutMs,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const efSearch = options.hnswEfSearch;
  if (efSearch !== undefined) {
    if (!Number.isInteger(efSearch) || efSearch < 1)
      throw new Error(`hnswEfSearch must be a positive integer`);
    // Sent before the connection's first query. A failure here (no pgvector yet) is the first query's to report.
    pool.on(
      'connect',
      (client) => void client.query(`SET hnsw.ef_search = ${efSearch}`).catch(() => undefined),
    );
  }
  return pool;
}

/** Runs fn in a transaction on one client, start to end, so embedded single-connection servers never deadlock. */
export async function inTransaction<T>(db: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let failure: Error | undefined = undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      failure = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw err;
  } finally {
    // A client that cannot even roll back (its server stopped answering) is dropped, not handed to the next caller.
    client.release(failure);
  }
}

/** The advisory lock every migrating process holds ("kefu" in ASCII): two `kefu migrate` at once take turns. */
const MIGRATION_LOCK = 0x6b656675;
/** Waiting for another migration, and a migration itself, may take far longer than an ordinary query. */
const MIGRATION_TIMEOUT_MS = 30 * 60_000;

function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
}

/**
 * Applies every schemas/migrations/NNN_*.sql not yet applied, in order, each in its own transaction, under a
 * PostgreSQL advisory lock: a second process waits for the first and then finds nothing left to do. Everything
 * runs on one connection, so the embedded single-connection server never deadlocks.
 */
export async function migrate(db: Pool, log: (line: string) => void = () => undefined): Promise<string[]> {
  const client = await db.connect();
  // pg reads query_timeout per query too, though its types only list it for the connection.
  const run = (text: string, values?: unknown[]) =>
    client.query<Record<string, unknown>>({
      text,
      values,
      query_timeout: MIGRATION_TIMEOUT_MS,
    } as QueryConfig);
  const done: string[] = [];
  try {
    await run('SET statement_timeout = 0');
    await run('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const applied = new Set(
        (await run('SELECT name FROM schema_migrations')).rows.map((r) => r.name as string),
      );
      for (const file of migrationFiles()) {
        if (applied.has(file)) continue;
        const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
        await run('BEGIN');
        try {
          // PGlite runs every connection in one session, where the advisory lock is no bar; a transaction is.
          const again = await run('SELECT 1 FROM schema_migrations WHERE name = $1', [file]);
          if (again.rowCount) {
            await run('COMMIT');
            continue;
          }
          await run(sql);
          await run('INSERT INTO schema_migrations (name) VALUES ($1) ON CONFLICT DO NOTHING', [file]);
          await run('COMMIT');
        } catch (err) {
          await run('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${file} failed: ${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
          });
        }
        log(`applied migration ${file}`);
        done.push(file);
      }
    } finally {
      await run('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    // Dropped rather than pooled: its session has no statement timeout now.
    client.release(true);
  }
  return done;
}

export class SchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

/**
 * The worker and the API run only on a database migrated for their release: one that lacks a migration is
 * refused with what to run. A database migrated by a newer release is accepted with a warning, because
 * migrations only ever add (the previous release keeps running during a rolling deploy, and can be rolled back to).
 */
export async function checkSchemaVersion(
  db: Pool,
  warn: (line: string) => void = () => undefined,
): Promise<void> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  const applied = new Set(
    exists.rows[0]?.t
      ? (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name)
      : [],
  );
  const expected = migrationFiles();
  const missing = expected.filter((f) => !applied.has(f));
  if (missing.length > 0) {
    throw new SchemaMismatchError(
      `the database schema is older than this release: ${missing.join(', ')} not applied. ` +
        'Run `kefu migrate` (the migration job) with this release first, then start the worker and the API.',
    );
  }
  const unknown = [...applied].filter((f) => !expected.includes(f)).sort();
  if (unknown.length > 0) {
    warn(
      `the database was migrated by a newer release (${unknown.join(', ')} unknown here); ` +
        'running on, as migrations only add: finish the upgrade to that release',
    );
  }
}

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/** The URL of an embedded database served on this loopback port with this password. */
export function embeddedDatabaseUrl(port: number, password: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`;
}

/**
 * Opens PGlite (with pgvector) in dataDir and serves it on a loopback Postgres socket,
 * so workers, the API and the CLI share it through ordinary pg connections.
 * pglite-socket lets anyone in as superuser, so it listens on a private Unix socket and the loopback port is a
 * proxy that asks for the password (SCRAM-SHA-256) first; without one a random password is made for this run.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  options: { password?: string } = {},
): Promise<EmbeddedDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const password = options.password ?? randomBytes(24).toString('hex');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create(dataDir, { extensions: { vector, pg_trgm } });
  // mkdtemp makes the folder 0700: only this user can reach the unauthenticated socket inside it.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-pglite-'));
  const socketPath = path.join(socketDir, '.s.PGSQL');
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 100 });
  let proxy: AuthProxy | undefined;
  try {
    await server.start();
    proxy = await startAuthProxy({ host: '127.0.0.1', port, password, upstreamPath: socketPath });
  } catch (err) {
    await server.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    fs.rmSync(socketDir, { recursive: true, force: true });
    throw err;
  }
  const running = proxy;
  let closing: Promise<void> | undefined;
  return {
    url: embeddedDatabaseUrl(port, password),
    close() {
      closing ??= (async () => {
        await running.close();
        await server.stop();
        await db.close();
        fs.rmSync(socketDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

interface AuthProxy {
  close(): Promise<void>;
}

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SCRAM_ITERATIONS = 4096;
const AUTH_DEADLINE_MS = 10_000;

/**
 * A loopback TCP server that runs the Postgres startup and SCRAM-SHA-256 exchange itself, then hands the
 * connection (its startup message first) to the upstream socket and only relays bytes from there on.
 */
async function startAuthProxy(opts: {
  host: string;
  port: number;
  password: string;
  upstreamPath: string;
}): Promise<AuthProxy> {
  const salt = randomBytes(16);
  const saltedPassword = pbkdf2Sync(opts.password, salt, SCRAM_ITERATIONS, 32, 'sha256');
  const clientKey = hmac(saltedPassword, 'Client Key');
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = hmac(saltedPassword, 'Server Key');
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.setNoDelay(true);
    const deadline = setTimeout(() => client.destroy(), AUTH_DEADLINE_MS);
    let buffer = Buffer.alloc(0);
    let startup: Buffer | undefined;
    let user = '';
    let clientFirstBare = '';
    let serverFirst = '';
    let nonce = '';

    const fail = (code: string, message: string) => {
      clearTimeout(deadline);
      client.end(errorResponse(code, message));
    };

    const authenticated = () => {
      clearTimeout(deadline);
      client.removeListener('data', onData);
      const upstream = net.connect(opts.upstreamPath);
      sockets.add(upstream);
      upstream.once('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.setNoDelay(true);
      // PGlite answers the startup message with AuthenticationOk, which the client expects after SASL final.
      upstream.write(startup!);
      if (buffer.length > 0) upstream.write(buffer);
      buffer = Buffer.alloc(0);
      upstream.pipe(client);
      client.pipe(upstream);
    };

    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!startup) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
            client.write('N');
            buffer = buffer.subarray(8);
            continue;
          }
          if (code === CANCEL_REQUEST) {
            // PGlite has no backend to cancel; the protocol expects no answer.
            client.destroy();
            return;
          }
          if (code !== PROTOCOL_3 || length < 8 || length > 10_000) {
            fail('08P01', 'unsupported frontend protocol');
            return;
          }
          if (buffer.length < length) return;
          startup = Buffer.from(buffer.subarray(0, length));
          buffer = buffer.subarray(length);
          user = startupParameters(startup).user ?? '';
          client.write(authRequest(10, Buffer.from('SCRAM-SHA-256\0\0')));
          continue;
        }
        if (buffer.length < 5) return;
        const type = String.fromCharCode(buffer[0]!);
        const length = buffer.readInt32BE(1);
        if (length < 4 || length > 10_000) {
          fail('08P01', 'invalid message length');
          return;
        }
        if (buffer.length < 1 + length) return;
        const body = buffer.subarray(5, 1 + length);
        buffer = buffer.subarray(1 + length);
        if (type !== 'p') {
          fail('28000', `password authentication failed for user "${user}"`);
          return;
        }
        if (!serverFirst) {
          const end = body.indexOf(0);
          const mechanism = body.subarray(0, end).toString();
          if (mechanism !== 'SCRAM-SHA-256') {
            fail('28000', `unsupported SASL mechanism ${mechanism}`);
            return;
          }
          const clientFirst = body.subarray(end + 5).toString();
          if (!clientFirst.startsWith('n,,')) {
            fail('28000', 'channel binding is not supported');
            return;
          }
          clientFirstBare = clientFirst.slice(3);
          const clientNonce = /(?:^|,)r=([^,]+)/.exec(clientFirstBare)?.[1];
          if (!clientNonce) {
            fail('08P01', 'malformed SCRAM message');
            return;
          }
          nonce = clientNonce + randomBytes(18).toString('base64');
          serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${SCRAM_ITERATIONS}`;
          client.write(authRequest(11, Buffer.from(serverFirst)));
          continue;
        }
        const clientFinal = body.toString();
        const proofAt = clientFinal.lastIndexOf(',p=');
        const withoutProof = clientFinal.slice(0, Math.max(0, proofAt));
        const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const signature = hmac(storedKey, authMessage);
        const claimedKey = Buffer.alloc(proof.length);
        for (let i = 0; i < proof.length; i++) claimedKey[i] = proof[i]! ^ (signature[i] ?? 0);
        const matches =
          proofAt > 0 &&
          withoutProof.includes(`r=${nonce}`) &&
          proof.length === storedKey.length &&
          timingSafeEqual(createHash('sha256').update(claimedKey).digest(), storedKey);
        if (!matches) {
          fail('28P01', `password authentication failed for user "${user}"`);
          return;
        }
        client.write(authRequest(12, Buffer.from(`v=${hmac(serverKey, authMessage).toString('base64')}`)));
        authenticated();
        return;
      }
    };
    client.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function startupParameters(startup: Buffer): Record<string, string> {
  const parts = startup.subarray(8).toString().split('\0');
  const params: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) params[parts[i]!] = parts[i + 1] ?? '';
  return params;
}

function authRequest(kind: number, data: Buffer): Buffer {
  const message = Buffer.alloc(9 + data.length);
  message.write('R', 0);
  message.writeInt32BE(8 + data.length, 1);
  message.writeInt32BE(kind, 5);
  data.copy(message, 9);
  return message;
}

function errorResponse(code: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`);
  const message = Buffer.alloc(5 + fields.length);
  message.write('E', 0);
  message.writeInt32BE(4 + fields.length, 1);
  fields.copy(message, 5);
  return message;
}
