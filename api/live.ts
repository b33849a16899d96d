// Live case changes for subscriptions: PostgreSQL LISTEN/NOTIFY from the records writer, or polling where NOTIFY
// does not reach other connections (the embedded PGlite, whose connections share one backend).
import { Client, type Pool } from 'pg';
import type { Logger } from 'pino';
import { CASE_CHANNEL } from '../activities/cases/records';
import type { CaseStatus } from '../workflows/types';

export interface CaseChange {
  caseId: string;
  version: number;
  status: CaseStatus;
}

export interface CaseFeed {
  readonly mode: 'listen' | 'poll';
  /** Calls listener with every committed change from now on; returns the unsubscribe function. */
  subscribe(listener: (change: CaseChange) => void): () => void;
  /** Settles when the feed closes (the API is stopping): every subscription ends then. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/** How often the polling feed reads the projection. */
const POLL_INTERVAL_MS = 300;
/** Workflow time is taken before the write commits: polling looks back this far so no change slips past. */
const POLL_LOOKBACK_MS = 10_000;
const PROBE_TIMEOUT_MS = 1_500;

class Listeners {
  private readonly set = new Set<(change: CaseChange) => void>();
  private end: () => void = () => undefined;
  readonly closed = new Promise<void>((resolve) => (this.end = resolve));
  finish(): void {
    this.end();
  }
  add(listener: (change: CaseChange) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(change: CaseChange): void {
    for (const listener of this.set) listener(change);
  }
}

function connectionString(db: Pool): string {
  const options = (db as unknown as { options: { connectionString?: string } }).options;
  if (!options.connectionString) throw new Error('the database pool has no connection string');
  return options.connectionString;
}

/**
 * LISTEN on a connection of its own, and a probe NOTIFY from the pool: when the probe arrives, changes come the same
 * way; when it does not (PGlite), the feed polls the projection instead, and says so in the log.
 */
export async function startCaseFeed(db: Pool, logger: Logger): Promise<CaseFeed> {
  const listeners = new Listeners();
  const listener = new Client({ connectionString: connectionString(db) });
  listener.on('error', (err) => logger.warn({ err: err.message }, 'live updates: LISTEN connection failed'));
  const probe = `probe-${process.pid}-${Date.now()}`;
  let probed: () => void = () => undefined;
  const probeArrived = new Promise<boolean>((resolve) => {
    probed = () => resolve(true);
    setTimeout(() => resolve(false), PROBE_TIMEOUT_MS).unref();
  });
  listener.on('notification', (n) => {
    if (n.channel !== CASE_CHANNEL || !n.payload) return;
    if (n.payload === probe) return probed();
    try {
      listeners.emit(JSON.parse(n.payload) as CaseChange);
    } catch {
      // Not ours: ignored.
    }
  });
  await listener.connect();
  await listener.query(`LISTEN ${CASE_CHANNEL}`);
  await db.query('SELECT pg_notify($1, $2)', [CASE_CHANNEL, probe]);
  if (await probeArrived) {
    return {
      mode: 'listen',
      subscribe: (fn) => listeners.add(fn),
      closed: listeners.closed,
      close: async () => {
        listeners.finish();
        await listener.end().catch(() => undefined);
      },
    };
  }
  await listener.end().catch(() => undefined);
  logger.info('live updates: NOTIFY does not reach other connections of this database (embedded); polling');
  return startPollingFeed(db, listeners, logger);
}

function startPollingFeed(db: Pool, listeners: Listeners, logger: Logger): CaseFeed {
  const seen = new Map<string, number>();
  let since = new Date(Date.now() - POLL_LOOKBACK_MS);
  let first = true;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const poll = async () => {
    const { rows } = await db.query<{ id: string; version: string; status: CaseStatus; updated_at: Date }>(
      'SELECT id, version, status, updated_at FROM cases WHERE updated_at > $1 ORDER BY updated_at',
      [since],
    );
    for (const row of rows) {
      const version = Number(row.version);
      if ((seen.get(row.id) ?? -1) >= version) continue;
      seen.set(row.id, version);
      if (!first) listeners.emit({ caseId: row.id, version, status: row.status });
    }
    first = false;
    const newest = rows.at(-1)?.updated_at.getTime() ?? Date.now();
    since = new Date(Math.min(Date.now(), newest) - POLL_LOOKBACK_MS);
    if (seen.size > 10_000) seen.clear();
  };
  const timer = setInterval(() => {
    running = running.then(poll).catch((err: unknown) => {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'live updates: polling failed');
    });
  }, POLL_INTERVAL_MS);
  return {
    mode: 'poll',
    subscribe: (fn) => listeners.add(fn),
    closed: listeners.closed,
    async close() {
      if (stopped) return;
      stopped = true;
      listeners.finish();
      clearInterval(timer);
      await running;
    },
  };
}

/** Subscriptions end when the client goes away; yoga passes the request's signal in the context. */
export function requestSignal(ctx: object): AbortSignal | undefined {
  return (ctx as { request?: Request }).request?.signal;
}

/** One feed per database pool, started with the first subscriber; the logger comes from the server that made it. */
const feeds = new WeakMap<Pool, Promise<CaseFeed>>();
const loggers = new WeakMap<Pool, Logger>();

export function registerCaseFeed(db: Pool, logger: Logger): void {
  loggers.set(db, logger);
}

export function caseFeed(db: Pool): Promise<CaseFeed> {
  let feed = feeds.get(db);
  if (!feed) {
    feed = startCaseFeed(db, loggers.get(db) ?? silent);
    feed.catch(() => feeds.delete(db));
    feeds.set(db, feed);
  }
  return feed;
}

const silent = { info: () => undefined, warn: () => undefined } as unknown as Logger;

export async function closeCaseFeed(db: Pool): Promise<void> {
  const feed = feeds.get(db);
  feeds.delete(db);
  if (feed) await (await feed.catch(() => null))?.close();
}

/**
 * The changes as an async iterable for a subscription resolver. Listening starts at this call, not at the first read,
 * so a caller may read the current state afterwards and miss nothing committed in between. Ends when the client goes
 * away or the feed closes.
 */
export function changes(
  feed: CaseFeed,
  accept: (change: CaseChange) => boolean,
  signal?: AbortSignal,
): AsyncGenerator<CaseChange> {
  const queue: CaseChange[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = feed.subscribe((change) => {
    if (!accept(change)) return;
    queue.push(change);
    wake?.();
  });
  signal?.addEventListener('abort', unsubscribe);
  let ended = false;
  const aborted = Promise.race([
    new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve())),
    feed.closed,
  ]).then(() => {
    ended = true;
  });
  async function* drain(): AsyncGenerator<CaseChange> {
    try {
      while (!signal?.aborted && !ended) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = null;
      }
    } finally {
      unsubscribe();
    }
  }
  const stream = drain();
  // return() on a generator that never started skips its finally block.
  const finish = stream.return.bind(stream);
  stream.return = (value) => {
    unsubscribe();
    return finish(value);
  };
  return stream;
}
