// Helpers shared by the bench's parts: options, timing, nearest-rank statistics, GraphQL calls and bounded concurrency.
import { postGraphQL } from '../scripts/lib/graphql-client';

export interface Stats {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

export const say = (line: string) => console.log(`[bench] ${line}`);
export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
export const round = (ms: number) => Math.round(ms * 10) / 10;

export async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  say(`${name}…`);
  const started = performance.now();
  const result = await fn();
  say(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

export function intOption(flag: string, envVar: string, fallback: number, min: number): number {
  const at = process.argv.indexOf(flag);
  const raw = at >= 0 ? process.argv[at + 1] : process.env[envVar];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${flag} (or ${envVar}) must be an integer of at least ${min} (got "${raw}")`);
  }
  return value;
}

/** A comma-separated choice among `allowed`; all of them when the flag is absent. */
export function listOption<T extends string>(flag: string, envVar: string, allowed: readonly T[]): Set<T> {
  const at = process.argv.indexOf(flag);
  const raw = at >= 0 ? process.argv[at + 1] : process.env[envVar];
  if (raw === undefined || raw === '') return new Set(allowed);
  const picked = raw.split(',').map((s) => s.trim());
  for (const name of picked) {
    if (!(allowed as readonly string[]).includes(name)) {
      throw new Error(`${flag} (or ${envVar}) takes a list of ${allowed.join(', ')} (got "${name}")`);
    }
  }
  return new Set(picked as T[]);
}

/** Nearest rank: always a value that was measured, never an interpolation between two. */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    mean: round(mean),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

export function p50(samples: number[]): number {
  return round(
    percentile(
      [...samples].sort((a, b) => a - b),
      50,
    ),
  );
}

/** A Temporal server that is already gone makes calls retry forever instead of failing: cleanup steps give up. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const body = await postGraphQL<T>(url, query, variables, token, AbortSignal.timeout(60_000));
  if (body.status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`GraphQL answered ${body.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

/** Runs `work` on every item with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export const START_CASE = 'mutation { startCase(input: { channel: WEB }) { token case { id } } }';
export const SEND_MESSAGE =
  'mutation($caseId: ID!, $text: String!) { sendMessage(caseId: $caseId, text: $text) { replies { text } case { status } } }';

export interface StartedCase {
  token: string;
  caseId: string;
}

export async function startCaseVia(graphqlUrl: string): Promise<StartedCase> {
  const { startCase } = await gql<{ startCase: { token: string; case: { id: string } } }>(
    graphqlUrl,
    START_CASE,
    {},
  );
  return { token: startCase.token, caseId: startCase.case.id };
}

export async function sendMessageVia(
  graphqlUrl: string,
  started: StartedCase,
  text: string,
): Promise<string> {
  const { sendMessage } = await gql<{ sendMessage: { replies: { text: string }[] } }>(
    graphqlUrl,
    SEND_MESSAGE,
    { caseId: started.caseId, text },
    started.token,
  );
  return sendMessage.replies.map((r) => r.text).join('\n');
}
