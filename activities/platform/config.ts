// The one place Kefu reads its settings: environment variables validated by zod, with documented defaults.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseRates, type PresalesSettings } from '../presales/settings';
import type { Locale } from '../../workflows/types';
import type { EscalationPolicy, ReturnPolicy } from '../../workflows/types';
import { msToNumber } from '@temporalio/common/lib/time';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';

const duration = (name: string) =>
  z.string().transform((value, ctx) => {
    try {
      const ms = msToNumber(value as Parameters<typeof msToNumber>[0]);
      if (!Number.isFinite(ms) || ms <= 0) throw new Error('not positive');
      return ms;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be a duration such as "30s", "15m" or "2h" (got "${value}")`,
      });
      return z.NEVER;
    }
  });

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const error =
    max === Number.MAX_SAFE_INTEGER
      ? `must be a whole number of at least ${min}`
      : `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const port = integer(1, 65535);

/** A rate limit such as "20/1m" (20 calls a minute), or "off". */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

const rateLimit = (name: string) =>
  z.string().transform((value, ctx): RateLimit | null => {
    if (value === 'off') return null;
    const match = /^(\d+)\/(\S+)$/.exec(value);
    let windowMs = NaN;
    try {
      windowMs = match ? msToNumber(match[2] as Parameters<typeof msToNumber>[0]) : NaN;
    } catch {
      // reported below
    }
    const limit = Number(match?.[1]);
    if (!match || !Number.isSafeInteger(limit) || limit < 1 || !Number.isFinite(windowMs) || windowMs <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be calls per duration such as "20/1m", or "off" (got "${value}")`,
      });
      return z.NEVER;
    }
    return { limit, windowMs };
  });

/** Express's `trust proxy`: "false", "true", a hop count, or addresses and subnets ("loopback, 10.0.0.0/8"). */
const trustProxy = z.string().transform((value): boolean | number | string[] => {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
});

/** Verification levels, weakest first; a case verified at one level satisfies every weaker one. */
export const VERIFICATION_LEVELS = ['contact', 'knowledge', 'code'] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

/** What a customer may ask for, each needing a configured verification level. */
export const IDENTITY_ACTIONS = ['order_status', 'order_history', 'order_change', 'payment'] as const;
export type IdentityAction = (typeof IDENTITY_ACTIONS)[number];

/** Safe defaults: knowing an order number and its contact shows that order; anything wider needs a one-time code. */
export const DEFAULT_IDENTITY_LEVELS: Record<IdentityAction, VerificationLevel> = {
  order_status: 'contact',
  order_history: 'code',
  order_change: 'code',
  payment: 'code',
};

/** "order_status=contact,payment=code": unnamed actions keep their defaults. */
const identityLevels = z.string().transform((value, ctx) => {
  const levels: Record<IdentityAction, VerificationLevel> = { ...DEFAULT_IDENTITY_LEVELS };
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [action, level] = pair.split('=').map((p) => p.trim());
    if (!(IDENTITY_ACTIONS as readonly string[]).includes(action ?? '')) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown action "${action}" (actions: ${IDENTITY_ACTIONS.join(', ')})`,
      });
      return z.NEVER;
    }
    if (!(VERIFICATION_LEVELS as readonly string[]).includes(level ?? '')) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown level "${level}" for ${action} (levels: ${VERIFICATION_LEVELS.join(', ')})`,
      });
      return z.NEVER;
    }
    levels[action as IdentityAction] = level as VerificationLevel;
  }
  return levels;
});

const schema = z.object({
  KEFU_DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().url().optional(),
  KEFU_EMBEDDED_DB_PORT: port.default(54329),
  KEFU_LOAD_DEMO_DATA: boolean.optional(),

  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  TEMPORAL_TLS: boolean.optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_NAMESPACE_RETENTION: z.string().default('720h'),
  TEMPORAL_CLI: z.string().optional(),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  KEFU_TASK_QUEUE: z.string().min(1).default('kefu-cases'),
  KEFU_WORKFLOW_BUNDLE: z.string().optional(),

  KEFU_API_HOST: z.string().default('127.0.0.1'),
  KEFU_API_PORT: port.default(4000),
  KEFU_MAX_MESSAGE_CHARS: integer(1, 20_000).default(2000),
  KEFU_GRAPHQL_MAX_DEPTH: integer(2, 50).default(10),
  KEFU_GRAPHQL_MAX_COST: integer(100).default(20_000),
  KEFU_PAGE_SIZE_MAX: integer(1, 1000).default(100),

  KEFU_CASE_INACTIVITY_TIMEOUT: duration('KEFU_CASE_INACTIVITY_TIMEOUT').default(() => 24 * 3600_000),
  KEFU_CASE_HISTORY_LIMIT: integer(0).default(10_000),
  KEFU_CASE_RECENT_MESSAGES: integer(4, 500).default(20),
  KEFU_IDENTITY_MAX_ATTEMPTS: integer(1, 10).default(3),
  KEFU_IDENTITY_MAX_FAILURES_PER_SUBJECT: integer(1, 100).default(5),
  KEFU_IDENTITY_MAX_FAILURES_PER_CLIENT: integer(1, 1000).default(20),
  KEFU_IDENTITY_LOCK_WINDOW: duration('KEFU_IDENTITY_LOCK_WINDOW').default(() => 24 * 3600_000),
  KEFU_IDENTITY_CODE_TTL: duration('KEFU_IDENTITY_CODE_TTL').default(() => 10 * 60_000),
  KEFU_IDENTITY_LEVELS: identityLevels.default(() => ({ ...DEFAULT_IDENTITY_LEVELS })),
  // Humans in the loop: when the agent steps aside, and how long a human has to pick a case up.
  KEFU_ESCALATION_ANGER: z.coerce.number().min(0).max(1).default(0.9),
  KEFU_ESCALATION_NEGATIVE_STREAK: integer(1, 20).default(2),
  KEFU_ESCALATION_NEGATIVE_POLARITY: z.coerce.number().min(-1).max(0).default(-0.7),
  KEFU_ESCALATION_MISUNDERSTOOD: integer(1, 20).default(2),
  KEFU_PICKUP_TIMEOUT: duration('KEFU_PICKUP_TIMEOUT').default(() => 2 * 60_000),
  KEFU_SUPERVISOR_EMAIL: z.string().email().default('supervisors@localhost.localdomain'),
  KEFU_PHONE_DEFAULT_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'must be a two-letter country code such as US or CN' })
    .default('US'),

  // Returns, exchanges and cancellations: the policy, the label, and where money moves.
  KEFU_RETURN_WINDOW_DAYS: integer(0, 3650).default(30),
  KEFU_RETURN_REMINDER_AFTER: duration('KEFU_RETURN_REMINDER_AFTER').default(() => 7 * 86_400_000),
  KEFU_RETURN_EXPIRES_AFTER: duration('KEFU_RETURN_EXPIRES_AFTER').default(() => 14 * 86_400_000),
  KEFU_CANCEL_REASONS: z.string().min(1).default('no longer needed,ordered by mistake'),
  KEFU_RETURN_CARRIER: z.string().min(1).default('UPS'),
  KEFU_RETURN_ADDRESS: z
    .string()
    .regex(/^[^|]+\|[^|]+\|[^|]+\|[^|]*\|[^|]*\|[A-Z]{2}$/, {
      error:
        'must be "name|street|city|state|postcode|country", e.g. "Kefu Returns|100 Warehouse Way|Reno|NV|89502|US"',
    })
    .default('Kefu Returns|100 Warehouse Way|Reno|NV|89502|US'),
  KEFU_STRIPE_SECRET_KEY: z.string().min(1).optional(),
  KEFU_STRIPE_API_BASE: z.string().url().optional(),

  // Manufacturing: warranty, technician visits, and preventive-maintenance outreach on a Temporal Schedule.
  KEFU_WARRANTY_MONTHS: integer(0, 240).default(24),
  KEFU_VISITS_PER_SLOT: integer(1, 1000).default(3),
  KEFU_MAINTENANCE_SCHEDULE: z.enum(['on', 'off']).default('on'),
  KEFU_MAINTENANCE_INTERVAL: duration('KEFU_MAINTENANCE_INTERVAL').default(() => 24 * 3600_000),
  KEFU_MAINTENANCE_FOLLOW_UP_AFTER: duration('KEFU_MAINTENANCE_FOLLOW_UP_AFTER').default(
    () => 3 * 86_400_000,
  ),
  KEFU_MAINTENANCE_CLOSE_AFTER: duration('KEFU_MAINTENANCE_CLOSE_AFTER').default(() => 4 * 86_400_000),
  KEFU_MAINTENANCE_SNOOZE: duration('KEFU_MAINTENANCE_SNOOZE').default(() => 7 * 86_400_000),
  KEFU_MAINTENANCE_LINK: z.string().url().default('http://127.0.0.1:4000/graphql'),

  // Pre-sales: how many products a recommendation shows, and prices in the customer's currency.
  KEFU_RECOMMENDATIONS_SHOWN: integer(1, 10).default(3),
  KEFU_CURRENCY_RATES: z
    .string()
    .refine(
      (v) => {
        try {
          return Object.keys(parseRates(v)).length > 0;
        } catch {
          return false;
        }
      },
      { error: 'must be CODE=rate pairs, e.g. "USD=1,CNY=7.1"' },
    )
    .default('USD=1,CNY=7.1'),
  KEFU_LOCALE_CURRENCIES: z
    .string()
    .regex(/^en=[A-Z]{3},zh-CN=[A-Z]{3}$/, { error: 'must be "en=CODE,zh-CN=CODE", e.g. "en=USD,zh-CN=CNY"' })
    .default('en=USD,zh-CN=CNY'),

  KEFU_DB_CONNECT_TIMEOUT: duration('KEFU_DB_CONNECT_TIMEOUT').default(() => 5_000),
  KEFU_DB_STATEMENT_TIMEOUT: duration('KEFU_DB_STATEMENT_TIMEOUT').default(() => 15_000),
  KEFU_DB_IDLE_TIMEOUT: duration('KEFU_DB_IDLE_TIMEOUT').default(() => 10_000),
  KEFU_HEALTH_TIMEOUT: duration('KEFU_HEALTH_TIMEOUT').default(() => 2_000),
  KEFU_MAX_BODY_BYTES: integer(1024, 10 * 1024 * 1024).default(256 * 1024),

  KEFU_WORKER_MAX_CACHED_WORKFLOWS: integer(0).default(2000),
  KEFU_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: integer(1, 1000).default(100),
  KEFU_WORKER_MAX_CONCURRENT_ACTIVITIES: integer(1, 1000).default(100),
  KEFU_WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: integer(1, 1000).default(200),

  KEFU_LLM_PROVIDER: z.enum(['local', 'openai']).default('local'),
  OPENAI_BASE_URL: z
    .string()
    .url({ error: 'must be a URL such as http://localhost:11434/v1' })
    .refine((url) => /^https?:\/\//i.test(url), { error: 'must start with http:// or https://' })
    .optional(),
  OPENAI_API_KEY: z.string().optional(),
  KEFU_LLM_MODEL: z.string().min(1).optional(),
  KEFU_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  KEFU_EMBEDDING_DIMENSIONS: integer(1, 2000).default(256),
  KEFU_LLM_TIMEOUT: duration('KEFU_LLM_TIMEOUT').default(() => 4_000),
  KEFU_LLM_JSON_MODE: z.enum(['json_schema', 'json_object', 'none']).default('json_object'),
  KEFU_LLM_MAX_TOKENS: integer(16, 32_000).default(600),

  KEFU_KB_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.24),
  KEFU_KB_EF_SEARCH: z.coerce.number().int().min(40).max(1000).default(200),
  KEFU_KB_GAP_SIMILARITY: z.coerce.number().min(0).max(1).default(0.6),
  KEFU_KB_ADMIN_EMAIL: z.string().email().default('kb-admins@example.com'),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Production: safe defaults for a public API (docs/deploying.md).
  KEFU_ENV: z.enum(['development', 'production']).default('development'),
  DATABASE_PASSWORD: z.string().optional(),
  KEFU_GRAPHIQL: boolean.optional(),
  KEFU_CORS_ORIGINS: z.string().optional(),
  KEFU_TRUST_PROXY: trustProxy.default(false),
  KEFU_RATE_START_CASE_PER_CLIENT: rateLimit('KEFU_RATE_START_CASE_PER_CLIENT').optional(),
  KEFU_RATE_START_CASE_PER_TOKEN: rateLimit('KEFU_RATE_START_CASE_PER_TOKEN').optional(),
  KEFU_RATE_SEND_MESSAGE_PER_CLIENT: rateLimit('KEFU_RATE_SEND_MESSAGE_PER_CLIENT').optional(),
  KEFU_RATE_SEND_MESSAGE_PER_TOKEN: rateLimit('KEFU_RATE_SEND_MESSAGE_PER_TOKEN').optional(),

  // Temporal's own client settings (@temporalio/envconfig): a profile file, mTLS, server name.
  TEMPORAL_CONFIG_FILE: z.string().optional(),
  TEMPORAL_PROFILE: z.string().optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: boolean.optional(),

  // Observability: both off unless set (docs/deploying.md).
  KEFU_OTLP_ENDPOINT: z
    .string()
    .url({ error: 'must be a URL such as http://otel-collector:4318' })
    .optional(),
  KEFU_OTLP_HEADERS: z.string().optional(),
  KEFU_METRICS_PORT: port.optional(),
});

/** What production mode limits unless told otherwise; development limits nothing by default. */
export const PRODUCTION_RATE_LIMITS = {
  startCasePerClient: { limit: 20, windowMs: 60_000 },
  startCasePerToken: { limit: 120, windowMs: 60_000 },
  sendMessagePerClient: { limit: 120, windowMs: 60_000 },
  sendMessagePerToken: { limit: 30, windowMs: 60_000 },
} satisfies Record<string, RateLimit>;

export type RateLimits = { [K in keyof typeof PRODUCTION_RATE_LIMITS]: RateLimit | null };

export type RawConfig = z.infer<typeof schema>;

export interface Config {
  dataDir: string;
  databaseUrl?: string;
  embeddedDbPort: number;
  loadDemoData: boolean;
  temporal: {
    address?: string;
    namespace: string;
    tls: boolean;
    apiKey?: string;
    namespaceRetention: string;
    cliPath?: string;
    port: number;
    uiPort: number;
    taskQueue: string;
    /** A prebuilt workflow bundle (npm start makes one); without it the worker bundles at start. */
    workflowBundle?: string;
    /** TLS (certificates read), API key and gRPC metadata, from the variables and the profile file. */
    connection: TemporalConnection;
  };
  api: {
    host: string;
    port: number;
    maxMessageChars: number;
    maxDepth: number;
    maxCost: number;
    maxPageSize: number;
    maxBodyBytes: number;
    graphiql: boolean;
    /** Origins a browser may call the API from; ['*'] for any, [] for none (same origin only). */
    corsOrigins: string[];
    trustProxy: boolean | number | string[];
    rateLimits: RateLimits;
  };
  /** 'production' turns GraphiQL, demo data and the embedded database fallback off and rate limits on. */
  env: 'development' | 'production';
  telemetry: {
    /** OTLP/HTTP collector for traces; none: tracing off. */
    otlpEndpoint?: string;
    otlpHeaders?: string;
    /** Port of the separate Prometheus /metrics server (API and worker); none: metrics off. */
    metricsPort?: number;
  };
  cases: {
    inactivityTimeoutMs: number;
    historyLimit: number;
    /** How many of the latest messages a case carries in its state; the whole transcript is in PostgreSQL. */
    recentMessages: number;
    identityMaxAttempts: number;
    identityLevels: Record<IdentityAction, VerificationLevel>;
    /** When the agent steps aside for a human (KEFU_ESCALATION_*, KEFU_PICKUP_TIMEOUT). */
    escalation: EscalationPolicy;
    /** Return window, reminder and expiry of a return, cancel reasons (KEFU_RETURN_*, KEFU_CANCEL_REASONS). */
    returns: ReturnPolicy;
  };
  humans: {
    /** Who hears of a case waiting past the pickup timeout (through the notification outbox). */
    supervisorEmail: string;
  };
  returns: {
    /** Carrier printed on return labels. */
    carrier: string;
    /** Where returned parcels go. */
    warehouse: {
      name: string;
      line1: string;
      city: string;
      state?: string;
      postcode?: string;
      country: string;
    };
    /** Cards are refunded and charged through Stripe when set; otherwise the ledger records them for finance. */
    stripeSecretKey?: string;
    stripeApiBase?: string;
  };
  manufacturing: {
    /** The warranty runs this long from the date of purchase. */
    warrantyMonths: number;
    /** Technician visits bookable at one time. */
    visitsPerSlot: number;
    maintenance: {
      /** Whether the worker creates the maintenance Schedule at start. */
      schedule: boolean;
      /** How often the Schedule evaluates the devices. */
      intervalMs: number;
      /** An unanswered reminder gets one follow-up after this long, then closes after closeAfterMs more. */
      followUpAfterMs: number;
      closeAfterMs: number;
      /** "Remind me next week": how long a snooze lasts. */
      snoozeMs: number;
      /** Where a reminder sends the customer to answer in their case. */
      link: string;
    };
  };
  /** The shopping guide: recommendations shown, currency rates and each language's currency. */
  presales: PresalesSettings;
  identity: {
    /** Failed checks against one order or one customer, across cases, before it locks for the window. */
    maxFailuresPerSubject: number;
    /** Failed checks from one client address before it locks for the window. */
    maxFailuresPerClient: number;
    lockWindowMs: number;
    codeTtlMs: number;
    /** ISO 3166 region for phone numbers typed without a country code. */
    phoneDefaultRegion: string;
  };
  db: { connectTimeoutMs: number; statementTimeoutMs: number; idleTimeoutMs: number };
  health: { timeoutMs: number };
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentWorkflowTasks: number;
    maxConcurrentActivities: number;
    maxConcurrentLocalActivities: number;
  };
  llm: {
    provider: 'local' | 'openai';
    baseUrl?: string;
    apiKey?: string;
    model: string;
    embeddingModel: string;
    /** Vector length the embedding model returns (and is asked for, with text-embedding-3 models). */
    embeddingDimensions: number;
    /** The whole time one customer message may spend with the model, retries included. */
    timeoutMs: number;
    /** What the server supports for structured answers; some reject json_object. */
    jsonMode: 'json_schema' | 'json_object' | 'none';
    maxTokens: number;
  };
  knowledge: {
    /** Below this retrieval confidence (0..1) the agent says it does not know and logs a gap. */
    minConfidence: number;
    /** HNSW candidates searched per question (pgvector's hnsw.ef_search): more finds more of the true nearest. */
    efSearch: number;
    /** Unanswered questions at least this similar (cosine) are counted as the same gap. */
    gapSimilarity: number;
    /** Where new knowledge gaps are announced (the notification outbox). */
    adminEmail: string;
  };
  logLevel: RawConfig['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** "name|street|city|state|postcode|country" → the warehouse address printed on return labels. */
function returnAddress(value: string): Config['returns']['warehouse'] {
  const [name, line1, city, state, postcode, country] = value.split('|').map((p) => p.trim()) as string[];
  return {
    name: name ?? '',
    line1: line1 ?? '',
    city: city ?? '',
    ...(state ? { state } : {}),
    ...(postcode ? { postcode } : {}),
    country: country ?? '',
  };
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = withSecretFiles(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<
      string,
      string
    >,
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  const production = c.KEFU_ENV === 'production';
  const temporalProfile = loadTemporalProfile(present, c.TEMPORAL_TLS);
  if (c.KEFU_LLM_PROVIDER === 'openai' && !c.OPENAI_BASE_URL && !c.OPENAI_API_KEY) {
    throw new ConfigError([
      'OPENAI_API_KEY: required when KEFU_LLM_PROVIDER=openai (or set OPENAI_BASE_URL)',
    ]);
  }
  // OpenAI's model names mean nothing to Ollama, vLLM or DeepSeek: another server needs its own model named.
  if (c.KEFU_LLM_PROVIDER === 'openai' && c.OPENAI_BASE_URL && !c.KEFU_LLM_MODEL) {
    throw new ConfigError([
      'KEFU_LLM_MODEL: required with OPENAI_BASE_URL (the model name that server knows)',
    ]);
  }
  return {
    dataDir: path.resolve(c.KEFU_DATA_DIR),
    databaseUrl: withPassword(c.DATABASE_URL, c.DATABASE_PASSWORD),
    embeddedDbPort: c.KEFU_EMBEDDED_DB_PORT,
    loadDemoData: c.KEFU_LOAD_DEMO_DATA ?? !production,
    temporal: {
      address: temporalProfile.address,
      namespace: temporalProfile.namespace,
      tls: Boolean(temporalProfile.connection.tls),
      apiKey: temporalProfile.connection.apiKey,
      namespaceRetention: c.TEMPORAL_NAMESPACE_RETENTION,
      cliPath: c.TEMPORAL_CLI,
      port: c.TEMPORAL_PORT,
      uiPort: c.TEMPORAL_UI_PORT,
      taskQueue: c.KEFU_TASK_QUEUE,
      workflowBundle: c.KEFU_WORKFLOW_BUNDLE,
      connection: temporalProfile.connection,
    },
    api: {
      host: c.KEFU_API_HOST,
      port: c.KEFU_API_PORT,
      maxMessageChars: c.KEFU_MAX_MESSAGE_CHARS,
      maxDepth: c.KEFU_GRAPHQL_MAX_DEPTH,
      maxCost: c.KEFU_GRAPHQL_MAX_COST,
      maxPageSize: c.KEFU_PAGE_SIZE_MAX,
      maxBodyBytes: c.KEFU_MAX_BODY_BYTES,
      graphiql: c.KEFU_GRAPHIQL ?? !production,
      corsOrigins: (c.KEFU_CORS_ORIGINS ?? (production ? '' : '*'))
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter(Boolean),
      trustProxy: c.KEFU_TRUST_PROXY,
      rateLimits: {
        startCasePerClient: rate(c.KEFU_RATE_START_CASE_PER_CLIENT, production, 'startCasePerClient'),
        startCasePerToken: rate(c.KEFU_RATE_START_CASE_PER_TOKEN, production, 'startCasePerToken'),
        sendMessagePerClient: rate(c.KEFU_RATE_SEND_MESSAGE_PER_CLIENT, production, 'sendMessagePerClient'),
        sendMessagePerToken: rate(c.KEFU_RATE_SEND_MESSAGE_PER_TOKEN, production, 'sendMessagePerToken'),
      },
    },
    env: c.KEFU_ENV,
    telemetry: {
      otlpEndpoint: c.KEFU_OTLP_ENDPOINT,
      otlpHeaders: c.KEFU_OTLP_HEADERS,
      metricsPort: c.KEFU_METRICS_PORT,
    },
    cases: {
      inactivityTimeoutMs: c.KEFU_CASE_INACTIVITY_TIMEOUT,
      historyLimit: c.KEFU_CASE_HISTORY_LIMIT,
      recentMessages: c.KEFU_CASE_RECENT_MESSAGES,
      identityMaxAttempts: c.KEFU_IDENTITY_MAX_ATTEMPTS,
      identityLevels: c.KEFU_IDENTITY_LEVELS,
      escalation: {
        extremeIntensity: c.KEFU_ESCALATION_ANGER,
        negativeStreak: c.KEFU_ESCALATION_NEGATIVE_STREAK,
        negativePolarity: c.KEFU_ESCALATION_NEGATIVE_POLARITY,
        misunderstoodLimit: c.KEFU_ESCALATION_MISUNDERSTOOD,
        pickupTimeoutMs: c.KEFU_PICKUP_TIMEOUT,
      },
      returns: {
        windowDays: c.KEFU_RETURN_WINDOW_DAYS,
        reminderMs: c.KEFU_RETURN_REMINDER_AFTER,
        expiryMs: c.KEFU_RETURN_EXPIRES_AFTER,
        cancelReasons: c.KEFU_CANCEL_REASONS.split(',')
          .map((r) => r.trim())
          .filter(Boolean),
      },
    },
    humans: { supervisorEmail: c.KEFU_SUPERVISOR_EMAIL },
    returns: {
      carrier: c.KEFU_RETURN_CARRIER,
      warehouse: returnAddress(c.KEFU_RETURN_ADDRESS),
      stripeSecretKey: c.KEFU_STRIPE_SECRET_KEY,
      stripeApiBase: c.KEFU_STRIPE_API_BASE,
    },
    manufacturing: {
      warrantyMonths: c.KEFU_WARRANTY_MONTHS,
      visitsPerSlot: c.KEFU_VISITS_PER_SLOT,
      maintenance: {
        schedule: c.KEFU_MAINTENANCE_SCHEDULE === 'on',
        intervalMs: c.KEFU_MAINTENANCE_INTERVAL,
        followUpAfterMs: c.KEFU_MAINTENANCE_FOLLOW_UP_AFTER,
        closeAfterMs: c.KEFU_MAINTENANCE_CLOSE_AFTER,
        snoozeMs: c.KEFU_MAINTENANCE_SNOOZE,
        link: c.KEFU_MAINTENANCE_LINK,
      },
    },
    presales: {
      shown: c.KEFU_RECOMMENDATIONS_SHOWN,
      rates: parseRates(c.KEFU_CURRENCY_RATES),
      localeCurrencies: Object.fromEntries(
        c.KEFU_LOCALE_CURRENCIES.split(',').map((pair) => pair.split('=') as [Locale, string]),
      ) as Record<Locale, string>,
    },
    identity: {
      maxFailuresPerSubject: c.KEFU_IDENTITY_MAX_FAILURES_PER_SUBJECT,
      maxFailuresPerClient: c.KEFU_IDENTITY_MAX_FAILURES_PER_CLIENT,
      lockWindowMs: c.KEFU_IDENTITY_LOCK_WINDOW,
      codeTtlMs: c.KEFU_IDENTITY_CODE_TTL,
      phoneDefaultRegion: c.KEFU_PHONE_DEFAULT_REGION,
    },
    db: {
      connectTimeoutMs: c.KEFU_DB_CONNECT_TIMEOUT,
      statementTimeoutMs: c.KEFU_DB_STATEMENT_TIMEOUT,
      idleTimeoutMs: c.KEFU_DB_IDLE_TIMEOUT,
    },
    health: { timeoutMs: c.KEFU_HEALTH_TIMEOUT },
    worker: {
      maxCachedWorkflows: c.KEFU_WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTasks: c.KEFU_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivities: c.KEFU_WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentLocalActivities: c.KEFU_WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
    },
    llm: {
      provider: c.KEFU_LLM_PROVIDER,
      baseUrl: c.OPENAI_BASE_URL,
      apiKey: c.OPENAI_API_KEY,
      model: c.KEFU_LLM_MODEL ?? 'gpt-4o-mini',
      embeddingModel: c.KEFU_EMBEDDING_MODEL,
      embeddingDimensions: c.KEFU_EMBEDDING_DIMENSIONS,
      timeoutMs: c.KEFU_LLM_TIMEOUT,
      jsonMode: c.KEFU_LLM_JSON_MODE,
      maxTokens: c.KEFU_LLM_MAX_TOKENS,
    },
    knowledge: {
      minConfidence: c.KEFU_KB_MIN_CONFIDENCE,
      efSearch: c.KEFU_KB_EF_SEARCH,
      gapSimilarity: c.KEFU_KB_GAP_SIMILARITY,
      adminEmail: c.KEFU_KB_ADMIN_EMAIL,
    },
    logLevel: c.LOG_LEVEL,
  };
}

function rate(
  value: RateLimit | null | undefined,
  production: boolean,
  name: keyof typeof PRODUCTION_RATE_LIMITS,
): RateLimit | null {
  if (value !== undefined) return value;
  return production ? PRODUCTION_RATE_LIMITS[name] : null;
}

/**
 * Every setting may come from a file too (Docker and Kubernetes secrets): X_FILE names the file whose content,
 * without its trailing newline, is X. Setting both is refused rather than guessed at.
 */
function withSecretFiles(env: Record<string, string>): Record<string, string> {
  const resolved = { ...env };
  const issues: string[] = [];
  for (const name of Object.keys(schema.shape)) {
    const file = env[`${name}_FILE`];
    if (file === undefined) continue;
    if (env[name] !== undefined) {
      issues.push(`${name}_FILE: ${name} is set too; set one of them`);
      continue;
    }
    try {
      resolved[name] = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      issues.push(`${name}_FILE: cannot read ${file} (${code})`);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

/** DATABASE_PASSWORD (or its _FILE) goes into the URL, so the URL itself need not be a secret. */
function withPassword(url: string | undefined, password: string | undefined): string | undefined {
  if (!url || password === undefined) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** The address workers and the API dial: TEMPORAL_ADDRESS, or the dev server that `npm start` runs. */
export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
}

export interface TemporalConnection {
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/**
 * Temporal's connection the way its own tools read it (@temporalio/envconfig): TEMPORAL_ADDRESS, _NAMESPACE,
 * _API_KEY, _TLS and _TLS_* variables over a profile of a TOML file. The file is read only when
 * TEMPORAL_CONFIG_FILE or TEMPORAL_PROFILE asks for it, so a developer's CLI profile never redirects `npm start`.
 */
function loadTemporalProfile(
  env: Record<string, string>,
  tls: boolean | undefined,
): { address?: string; namespace: string; connection: TemporalConnection } {
  const useFile = env.TEMPORAL_CONFIG_FILE !== undefined || env.TEMPORAL_PROFILE !== undefined;
  const vars = { ...env, ...(tls !== undefined ? { TEMPORAL_TLS: String(tls) } : {}) };
  try {
    const profile = loadClientConfigProfile({
      disableFile: !useFile,
      ...(env.TEMPORAL_CONFIG_FILE ? { configSource: { path: env.TEMPORAL_CONFIG_FILE } } : {}),
      overrideEnvVars: vars,
    });
    const { connectionOptions } = toClientOptions(profile);
    const connection: TemporalConnection = {};
    if (connectionOptions.tls) connection.tls = connectionOptions.tls;
    if (connectionOptions.apiKey !== undefined) connection.apiKey = connectionOptions.apiKey as string;
    if (connectionOptions.metadata && Object.keys(connectionOptions.metadata).length > 0)
      connection.metadata = connectionOptions.metadata as Record<string, string>;
    return { address: profile.address, namespace: profile.namespace ?? 'kefu', connection };
  } catch (err) {
    const where = useFile ? `TEMPORAL_CONFIG_FILE/TEMPORAL_PROFILE` : 'TEMPORAL_TLS_*';
    // Errors from Node's fs may come from another realm (jest), so no instanceof.
    const message = (err as { message?: unknown } | null)?.message;
    throw new ConfigError([`${where}: ${typeof message === 'string' ? message : String(err)}`]);
  }
}

/** Connection options for Temporal: plain for the dev server; TLS, mTLS and an API key for a cluster or Cloud. */
export function temporalConnectionOptions(config: Config): TemporalConnection & { address: string } {
  return { ...config.temporal.connection, address: temporalAddress(config) };
}
