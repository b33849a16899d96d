// Rate limits on the public mutations (startCase, sendMessage), per client address and per token, in this process.
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RateLimit, RateLimits } from '../activities/platform/config';
import type { ApiContext } from './schema';

/**
 * Token buckets by key: each holds `limit` calls and refills them evenly over `windowMs`, so a steady caller at the
 * limit is never refused and a burst spends the bucket. Full buckets are forgotten, which keeps memory bounded
 * by the callers of the last window.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly rate: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `count` calls would be allowed for this key; 0 when they are allowed now. */
  waitFor(key: string, count = 1): number {
    const tokens = this.tokens(key);
    if (tokens >= count) return 0;
    if (count > this.rate.limit) return Number.POSITIVE_INFINITY;
    return Math.ceil(((count - tokens) * this.rate.windowMs) / this.rate.limit);
  }

  take(key: string, count = 1): void {
    this.buckets.set(key, { tokens: this.tokens(key) - count, at: this.now() });
    this.sweep();
  }

  private tokens(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.rate.limit;
    const refill = ((this.now() - bucket.at) * this.rate.limit) / this.rate.windowMs;
    return Math.min(this.rate.limit, bucket.tokens + refill);
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < this.rate.windowMs) return;
    this.lastSweep = now;
    for (const [key] of this.buckets) if (this.tokens(key) >= this.rate.limit) this.buckets.delete(key);
  }
}

const LIMITED_FIELDS = { startCase: 'startCase', sendMessage: 'sendMessage' } as const;
type LimitedField = keyof typeof LIMITED_FIELDS;

/** How many times each limited mutation appears at the root of the operation (aliases count one by one). */
export function countLimitedFields(
  document: DocumentNode,
  operationName?: string | null,
): Record<LimitedField, number> {
  const counts: Record<LimitedField, number> = { startCase: 0, sendMessage: 0 };
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation || operation.operation !== 'mutation') return counts;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value in LIMITED_FIELDS) counts[selection.name.value as LimitedField] += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return counts;
}

function tokenKey(viewer: ApiContext['viewer']): string | undefined {
  if (viewer.kind === 'customer') return `case:${viewer.caseId}`;
  if (viewer.kind === 'staff') return `key:${viewer.keyId}`;
  return undefined;
}

export function rateLimited(field: LimitedField, per: 'client' | 'token', waitMs: number): GraphQLError {
  const seconds = Number.isFinite(waitMs) ? Math.max(1, Math.ceil(waitMs / 1000)) : undefined;
  const who = per === 'client' ? 'from this address' : 'with this token';
  return new GraphQLError(
    `too many ${field} calls ${who}${seconds ? `: try again in ${seconds} s` : ' in one request'}`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        field,
        ...(seconds ? { retryAfterSeconds: seconds } : {}),
        // yoga turns this into the HTTP status and header, and leaves it out of the body.
        http: { status: 429, headers: seconds ? { 'Retry-After': String(seconds) } : {} },
      },
    },
  );
}

/**
 * Refuses a request whose startCase or sendMessage calls exceed a limit, before anything runs: nothing is
 * half-applied. Limits hold per API process; with N processes a caller may get up to N times the limit.
 */
export function rateLimits(limits: RateLimits, now?: () => number): Plugin<ApiContext> {
  const limiters = {
    startCase: {
      client: limits.startCasePerClient && new RateLimiter(limits.startCasePerClient, now),
      token: limits.startCasePerToken && new RateLimiter(limits.startCasePerToken, now),
    },
    sendMessage: {
      client: limits.sendMessagePerClient && new RateLimiter(limits.sendMessagePerClient, now),
      token: limits.sendMessagePerToken && new RateLimiter(limits.sendMessagePerToken, now),
    },
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const counts = countLimitedFields(args.document, args.operationName);
      const context = args.contextValue as ApiContext;
      const takes: { limiter: RateLimiter; key: string; count: number }[] = [];
      for (const field of Object.keys(counts) as LimitedField[]) {
        const count = counts[field];
        if (count === 0) continue;
        const keys = { client: context.client ?? 'unknown', token: tokenKey(context.viewer) };
        for (const per of ['client', 'token'] as const) {
          const limiter = limiters[field][per];
          const key = keys[per];
          if (!limiter || key === undefined) continue;
          const waitMs = limiter.waitFor(key, count);
          if (waitMs > 0) {
            setResultAndStopExecution({ errors: [rateLimited(field, per, waitMs)] });
            return;
          }
          takes.push({ limiter, key, count });
        }
      }
      for (const t of takes) t.limiter.take(t.key, t.count);
    },
  };
}
