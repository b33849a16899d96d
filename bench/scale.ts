// The bench's load parts: 200 cases started at once, the worker's memory per idle case, and one case of 5,000 messages.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import {
  gql,
  mapLimit,
  p50,
  round,
  say,
  sendMessageVia,
  startCaseVia,
  stats,
  timed,
  type StartedCase,
  type Stats,
} from './common';

export interface ScaleContext {
  client: Client;
  graphqlUrl: string;
  db: Pool;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  bundlePath: string;
  /** p50 of the no-op Update on this machine now, for the ratios. */
  floorP50: number;
  /** Starts one more API whose cases go to `taskQueue`; it is closed with the bench. */
  apiOn(taskQueue: string): Promise<{ graphqlUrl: string }>;
  onCleanup(name: string, run: () => Promise<void>): void;
}

const ratio = (ms: number, floor: number) => `${round(ms / floor)}× the floor`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------------
// 2. startCase with 200 cases starting at once

export interface ConcurrentStartResult {
  cases: number;
  startCase: Stats;
  sendMessage: Stats;
  floorP50: number;
  ratios: { startCaseP50: number; startCaseP99: number; sendMessageP50: number };
}

export async function concurrentStarts(ctx: ScaleContext, cases: number): Promise<ConcurrentStartResult> {
  // One round: every startCase is in flight at once, then every case gets its first message at once.
  const starts = await Promise.all(
    Array.from({ length: cases }, () => timed(() => startCaseVia(ctx.graphqlUrl))),
  );
  const sends = await Promise.all(
    starts.map((s) => timed(() => sendMessageVia(ctx.graphqlUrl, s.value, 'hello'))),
  );
  const startStats = stats(starts.map((s) => s.ms));
  const sendStats = stats(sends.map((s) => s.ms));
  console.log('');
  console.log(`${cases} cases at once (ms)        samples     p50     p90     p99`);
  for (const [label, s] of [
    ['startCase', startStats],
    ['then sendMessage("hello")', sendStats],
  ] as const) {
    console.log(
      `${label.padEnd(30)}${[String(s.samples), s.p50.toFixed(1), s.p90.toFixed(1), s.p99.toFixed(1)]
        .map((c) => c.padStart(8))
        .join('')}`,
    );
  }
  console.log(
    `startCase p50 is ${ratio(startStats.p50, ctx.floorP50)}, p99 ${ratio(startStats.p99, ctx.floorP50)}; ` +
      `sendMessage p50 is ${ratio(sendStats.p50, ctx.floorP50)} (floor p50 ${ctx.floorP50} ms, measured idle)`,
  );
  console.log('');
  return {
    cases,
    startCase: startStats,
    sendMessage: sendStats,
    floorP50: ctx.floorP50,
    ratios: {
      startCaseP50: round(startStats.p50 / ctx.floorP50),
      startCaseP99: round(startStats.p99 / ctx.floorP50),
      sendMessageP50: round(sendStats.p50 / ctx.floorP50),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// 3. Worker memory for idle cases

const IDLE_QUEUE = 'kefu-bench-idle';
const GOAL_BYTES = 2 * 1024 ** 3;
const GOAL_CASES = 10_000;
const MB = 1024 ** 2;

interface ChildMemory {
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

export interface IdleResult {
  cases: number;
  maxCachedWorkflows: number;
  gcBeforeMeasuring: boolean;
  before: ChildMemory;
  after: ChildMemory;
  rssPerCaseBytes: number;
  heapPerCaseBytes: number;
  rssPerCachedCaseBytes: number;
  projectedRssFor10kBytes: number;
  projectedRssFor10kAllCachedBytes: number;
  startsPerSecond: number;
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

/** The child's RSS from /proc, and its V8 heap after a full GC (asked over IPC). */
async function measureChild(child: ChildProcess): Promise<ChildMemory & { gc: boolean }> {
  const answer = new Promise<{ usage: NodeJS.MemoryUsage; gc: boolean }>((resolve) => {
    const listen = (message: { type?: string; usage?: NodeJS.MemoryUsage; gc?: boolean }) => {
      if (message.type !== 'memory' || !message.usage) return;
      child.off('message', listen);
      resolve({ usage: message.usage, gc: Boolean(message.gc) });
    };
    child.on('message', listen);
  });
  child.send({ type: 'memory' });
  const { usage, gc } = await answer;
  if (!child.pid) throw new Error('the idle worker has no pid');
  return { rssBytes: rssOf(child.pid), heapUsedBytes: usage.heapUsed, externalBytes: usage.external, gc };
}

/** Waits until PostgreSQL holds a projection of `count` cases, i.e. the cases' background writes are done. */
async function projectionsDone(db: Pool, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM cases');
    if (Number(rows[0]?.n ?? 0) >= count) return;
    if (Date.now() > deadline) {
      say(
        `idle: only ${rows[0]?.n} of ${count} case projections written after ${timeoutMs / 1000} s; measuring anyway`,
      );
      return;
    }
    await sleep(500);
  }
}

export async function idleCases(ctx: ScaleContext, cases: number): Promise<IdleResult> {
  const maxCachedWorkflows = Number(process.env.KEFU_WORKER_MAX_CACHED_WORKFLOWS || 2000);
  // A Kefu worker alone in a child process: the bench's own API, client and workers do not blur its memory.
  const child = fork(path.join(__dirname, 'idle-worker.ts'), [], {
    execArgv: [...process.execArgv, '--expose-gc'],
    env: {
      ...process.env,
      DATABASE_URL: ctx.databaseUrl,
      TEMPORAL_ADDRESS: ctx.temporalAddress,
      TEMPORAL_NAMESPACE: ctx.namespace,
      KEFU_TASK_QUEUE: IDLE_QUEUE,
      KEFU_WORKER_MAX_CACHED_WORKFLOWS: String(maxCachedWorkflows),
      BENCH_WORKFLOW_BUNDLE: ctx.bundlePath,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send({ type: 'stop' });
    const stopped = await Promise.race([exited.then(() => true), sleep(4000).then(() => false)]);
    if (!stopped && child.pid) process.kill(child.pid, 'SIGKILL');
  };
  // Stopped as soon as it is measured, so the idle cases' worker takes no CPU from the parts after this one.
  ctx.onCleanup('stop the idle-cases worker (child process)', stopChild);
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((code) =>
      reject(new Error(`the idle-cases worker exited (code ${code}) before it was ready`)),
    );
  });
  await ready;
  const api = await ctx.apiOn(IDLE_QUEUE);

  // Warm-up: the workflow bundle, the V8 context and the connections are paid for before the baseline.
  const warmup = 20;
  await mapLimit(Array.from({ length: warmup }), 10, () => startCaseVia(api.graphqlUrl));
  const { rows } = await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM cases');
  const casesBefore = Number(rows[0]?.n ?? 0);
  await sleep(1000);
  const before = await measureChild(child);
  say(
    `idle: worker baseline RSS ${(before.rssBytes / MB).toFixed(0)} MB, heap ${(before.heapUsedBytes / MB).toFixed(0)} MB; ` +
      `starting ${cases} cases, 50 at a time`,
  );

  const started = performance.now();
  let done = 0;
  await mapLimit(Array.from({ length: cases }), 50, async () => {
    await startCaseVia(api.graphqlUrl);
    done += 1;
    if (done % 1000 === 0 || done === cases) {
      const seconds = (performance.now() - started) / 1000;
      say(
        `idle: ${done}/${cases} started (${(done / seconds).toFixed(0)}/s), worker RSS ${(rssOf(child.pid ?? 0) / MB).toFixed(0)} MB`,
      );
    }
  });
  const startsPerSecond = cases / ((performance.now() - started) / 1000);
  await projectionsDone(ctx.db, casesBefore + cases, 120_000);
  await sleep(1000);
  const after = await measureChild(child);
  await stopChild();

  const grownRss = after.rssBytes - before.rssBytes;
  const cached = Math.min(cases, maxCachedWorkflows);
  const perCached = grownRss / cached;
  const result: IdleResult = {
    cases,
    maxCachedWorkflows,
    gcBeforeMeasuring: after.gc,
    before: {
      rssBytes: before.rssBytes,
      heapUsedBytes: before.heapUsedBytes,
      externalBytes: before.externalBytes,
    },
    after: {
      rssBytes: after.rssBytes,
      heapUsedBytes: after.heapUsedBytes,
      externalBytes: after.externalBytes,
    },
    rssPerCaseBytes: Math.round(grownRss / cases),
    heapPerCaseBytes: Math.round((after.heapUsedBytes - before.heapUsedBytes) / cases),
    rssPerCachedCaseBytes: Math.round(perCached),
    projectedRssFor10kBytes: Math.round(
      before.rssBytes + perCached * Math.min(GOAL_CASES, maxCachedWorkflows),
    ),
    projectedRssFor10kAllCachedBytes: Math.round(before.rssBytes + perCached * GOAL_CASES),
    startsPerSecond: round(startsPerSecond),
  };
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  console.log('');
  console.log(
    `worker memory, ${cases} idle cases (worker in its own process, cache ${maxCachedWorkflows} workflows)`,
  );
  console.log(
    `  RSS   ${(before.rssBytes / MB).toFixed(0)} MB → ${(after.rssBytes / MB).toFixed(0)} MB: ${kb(result.rssPerCaseBytes)} per idle case`,
  );
  console.log(
    `  heap  ${(before.heapUsedBytes / MB).toFixed(0)} MB → ${(after.heapUsedBytes / MB).toFixed(0)} MB: ${kb(result.heapPerCaseBytes)} per idle case` +
      (after.gc ? ' (after a full GC)' : ' (no GC forced)'),
  );
  console.log(
    `  evicted cases cost the worker no memory: ${cached} of them are cached, ${kb(result.rssPerCachedCaseBytes)} RSS per cached case`,
  );
  const projected = cases === GOAL_CASES ? after.rssBytes : result.projectedRssFor10kBytes;
  console.log(
    `  ${cases === GOAL_CASES ? 'measured' : `extrapolated from ${cases}`} for ${GOAL_CASES} idle cases: RSS ${gb(projected)} ` +
      `(goal ≤ 2 GB: ${projected <= GOAL_BYTES ? 'met' : 'NOT met'}); ` +
      `with all ${GOAL_CASES} cached (KEFU_WORKER_MAX_CACHED_WORKFLOWS ≥ ${GOAL_CASES}) about ${gb(result.projectedRssFor10kAllCachedBytes)}`,
  );
  console.log(`  cases started at ${result.startsPerSecond}/s through GraphQL, 50 at a time`);
  console.log('');
  return result;
}

// ---------------------------------------------------------------------------------------------------------------------
// 4. One case of 5,000 messages

const PAGE_QUERY = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  case(id: $id) { messageCount
    messages(first: $first, after: $after, last: $last, before: $before) { totalCount edges { cursor node { seq } } } } }`;

interface Page {
  case: {
    messageCount: number;
    messages: { totalCount: number; edges: { cursor: string; node: { seq: number } }[] };
  };
}

export interface LongCaseResult {
  messages: number;
  first100: Stats;
  last100: Stats;
  runs: number;
  messageCount: number;
  pagination: { last20: boolean; firstAfter: boolean; details: string[] };
}

function consecutive(seqs: number[], from: number, count: number): boolean {
  return seqs.length === count && seqs.every((seq, i) => seq === from + i);
}

export async function longCase(ctx: ScaleContext, messages: number): Promise<LongCaseResult> {
  const started: StartedCase = await startCaseVia(ctx.graphqlUrl);
  const latencies: number[] = [];
  const began = performance.now();
  for (let i = 1; i <= messages; i++) {
    latencies.push((await timed(() => sendMessageVia(ctx.graphqlUrl, started, `hello ${i}`))).ms);
    if (i % 500 === 0 || i === messages) {
      const seconds = (performance.now() - began) / 1000;
      say(
        `long case: ${i}/${messages} messages (p50 of the last 500: ${p50(latencies.slice(-500))} ms, ${(i / seconds).toFixed(0)}/s)`,
      );
    }
  }
  const first100 = stats(latencies.slice(0, 100));
  const last100 = stats(latencies.slice(-100));

  // The transcript reaches PostgreSQL behind the conversation: wait until the whole of it is there.
  const page = (vars: Record<string, unknown>) =>
    gql<Page>(ctx.graphqlUrl, PAGE_QUERY, { id: started.caseId, ...vars }, started.token);
  const deadline = Date.now() + 60_000;
  let tail = await page({ last: 20 });
  while (tail.case.messages.totalCount < tail.case.messageCount && Date.now() < deadline) {
    await sleep(250);
    tail = await page({ last: 20 });
  }
  const total = tail.case.messageCount;
  const details: string[] = [];
  const tailSeqs = tail.case.messages.edges.map((e) => e.node.seq);
  const last20 = consecutive(tailSeqs, total - 19, 20) && tail.case.messages.totalCount === total;
  details.push(
    `messages(last: 20) → seqs ${tailSeqs[0]}…${tailSeqs[tailSeqs.length - 1]} of ${total} (totalCount ${tail.case.messages.totalCount})`,
  );
  // A cursor from the far start and one from near the end, each followed by a page of 50.
  const head = await page({ first: 50 });
  const headCursor = head.case.messages.edges[49]?.cursor;
  const late = await page({ last: 100 });
  const lateEdge = late.case.messages.edges[0];
  let firstAfter = Boolean(headCursor && lateEdge);
  for (const [cursor, from] of [
    [headCursor, 51],
    [lateEdge?.cursor, (lateEdge?.node.seq ?? 0) + 1],
  ] as const) {
    if (!cursor) continue;
    const next = await page({ first: 50, after: cursor });
    const seqs = next.case.messages.edges.map((e) => e.node.seq);
    const ok = consecutive(seqs, from, Math.min(50, total - from + 1));
    firstAfter &&= ok;
    details.push(
      `messages(first: 50, after: <cursor of seq ${from - 1}>) → seqs ${seqs[0]}…${seqs[seqs.length - 1]} ${ok ? 'ok' : 'WRONG'}`,
    );
  }

  // Every continue-as-new is one more run of the same workflow id.
  await sleep(1500);
  let runs = 0;
  for await (const _ of ctx.client.workflow.list({ query: `WorkflowId = '${started.caseId}'` })) runs += 1;

  console.log('');
  console.log(`one case, ${messages} messages sent one after another (ms)   p50     p99`);
  console.log(
    `  first 100 messages${''.padEnd(38)}${first100.p50.toFixed(1).padStart(8)}${first100.p99.toFixed(1).padStart(8)}`,
  );
  console.log(
    `  last 100 messages ${''.padEnd(38)}${last100.p50.toFixed(1).padStart(8)}${last100.p99.toFixed(1).padStart(8)}`,
  );
  console.log(
    `  ${runs} workflow runs for the case (${runs - 1} continue-as-new), ${total} messages in its transcript`,
  );
  for (const line of details) console.log(`  ${line}`);
  console.log(`  pagination at the end: ${last20 && firstAfter ? 'right seqs' : 'WRONG seqs'}`);
  console.log('');
  if (!last20 || !firstAfter)
    throw new Error(`the long case's pages have the wrong seqs: ${details.join('; ')}`);
  return {
    messages,
    first100,
    last100,
    runs,
    messageCount: total,
    pagination: { last20, firstAfter, details },
  };
}
