// The HTTP server: express with the GraphQL endpoint (GraphiQL on), a health check, and a graceful close.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type MaskError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { consoleStyleLogger, errorDetails } from '../activities/platform/logger';
import { viewerFromHeader } from './auth';
import { corsPolicy } from './cors';
import { closeCaseFeed, registerCaseFeed } from './live';
import { pages } from './pages';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { rateLimits } from './rate-limit';
import { graphqlTelemetry } from './telemetry';
import type { ApiMetrics } from '../activities/platform/telemetry';
import type { ApiDeps } from './cases';
import { createKefuSchema, type ApiContext, type ServerContext } from './schema';

/** Errors graphql-js raises itself (a query that does not parse or validate, bad variables) are the caller's input. */
function inputErrorCodes(): Plugin {
  return {
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const r of results) {
        if (!r || typeof r !== 'object' || !('errors' in r) || !Array.isArray(r.errors)) continue;
        for (const error of r.errors as GraphQLError[]) {
          if (!(error instanceof GraphQLError)) continue;
          const extensions = error.extensions as Record<string, unknown>;
          const parseOrValidation =
            extensions.code === 'GRAPHQL_PARSE_FAILED' || extensions.code === 'GRAPHQL_VALIDATION_FAILED';
          if (extensions.code !== undefined && !parseOrValidation) continue;
          // The precise kind of a parse or validation failure stays in `reason`.
          (error as { extensions: Record<string, unknown> }).extensions = {
            ...extensions,
            code: 'BAD_USER_INPUT',
            ...(parseOrValidation ? { reason: extensions.code } : {}),
          };
        }
      }
    },
  };
}

/** Anything unexpected leaves as a generic message with the INTERNAL_SERVER_ERROR code (yoga does the masking). */
const maskUnexpected: MaskError = (error, message, isDev) => {
  const masked = maskError(error, message, isDev);
  // Errors yoga lets through unchanged (ours, graphql-js's own) keep their codes; only what it hid is internal.
  if (masked !== error && masked instanceof GraphQLError && masked.extensions.code === undefined) {
    return new GraphQLError(masked.message, {
      nodes: masked.nodes,
      path: masked.path,
      extensions: { ...masked.extensions, code: 'INTERNAL_SERVER_ERROR' },
    });
  }
  return masked;
};

export function createApp(deps: ApiDeps, logger: Logger, metrics?: ApiMetrics) {
  const { config } = deps;
  const yoga = createYoga<ServerContext, ApiContext>({
    schema: createKefuSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: config.api.graphiql ? { title: 'Kefu GraphQL' } : false,
    // GraphiQL's scripts and styles inlined in the page: self-hosted shops often run without internet.
    renderGraphiQL,
    cors: corsPolicy(config.api.corsOrigins),
    landingPage: false,
    maskedErrors: { maskError: maskUnexpected },
    logging: consoleStyleLogger(logger),
    context: async ({ request, req }) => ({
      deps,
      viewer: await viewerFromHeader(deps.db, request.headers.get('authorization')),
      // req.ip is the socket's address unless KEFU_TRUST_PROXY names the proxies whose X-Forwarded-For to believe.
      client: req.ip ?? req.socket.remoteAddress ?? null,
    }),
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: config.api.maxDepth },
        costLimit: { maxCost: config.api.maxCost },
        maxAliases: { n: 15 },
        maxTokens: { n: 2000 },
        maxDirectives: { n: 20 },
        blockFieldSuggestion: { enabled: false },
      }),
      inputErrorCodes(),
      rateLimits(config.api.rateLimits),
      graphqlTelemetry(metrics),
    ],
  });

  registerCaseFeed(deps.db, logger);
  const app = express();
  app.disable('x-powered-by');
  app.use(pages());
  app.set('trust proxy', config.api.trustProxy);
  app.get('/healthz', async (_req, res) => {
    const timeoutMs = config.health.timeoutMs;
    const [database, temporal] = await Promise.all([
      check('database', timeoutMs, () => deps.db.query('SELECT 1')),
      // The connection's own deadline ends the call; the race covers a channel that never even dials.
      check('temporal', timeoutMs, () =>
        deps.temporal.connection.withDeadline(Date.now() + timeoutMs, () =>
          deps.temporal.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const unavailable = [database, temporal].filter((c) => !c.ok);
    for (const c of unavailable)
      logger.warn({ check: c.name, reason: c.reason }, `health: ${c.name} unavailable`);
    res.status(unavailable.length === 0 ? 200 : 503).json({
      status: unavailable.length === 0 ? 'ok' : 'degraded',
      database: database.ok ? 'ok' : 'unavailable',
      temporal: temporal.ok ? 'ok' : 'unavailable',
      ...(unavailable.length > 0 ? { unavailable: unavailable.map((c) => c.name) } : {}),
    });
  });
  // A GET carries its variables in the URL: JSON that does not parse is the caller's mistake, not a server error.
  app.get('/graphql', (req, res, next) => {
    for (const param of ['variables', 'extensions'] as const) {
      const value = req.query[param];
      if (value === undefined) continue;
      let parsed: unknown;
      try {
        parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed === null && value === 'null') continue;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        badInput(res, 400, `${param} must be a JSON object`);
        return;
      }
    }
    next();
  });
  // Bodies are counted as they arrive, so a chunked upload without Content-Length meets the same limit.
  app.use('/graphql', express.raw({ type: () => true, limit: config.api.maxBodyBytes }), ((
    err,
    _req,
    res,
    next,
  ) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') {
      badInput(res, 413, `request body too large (at most ${config.api.maxBodyBytes} bytes)`);
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      badInput(res, e.status, 'the request body could not be read');
      return;
    }
    next(err);
  }) as ErrorRequestHandler);
  app.use(yoga.graphqlEndpoint, (req, res, next) => {
    // handle() answers some requests (GraphiQL) synchronously and others with a promise.
    Promise.resolve(yoga.handle(req, res, { req, res })).catch(next);
  });
  app.use(((err, _req, res, next) => {
    logger.error({ err: errorDetails(err) }, 'unhandled error in an API request');
    if (res.headersSent) {
      next(err);
      return;
    }
    res
      .status(500)
      .json({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  }) as ErrorRequestHandler);
  return app;
}

function badInput(res: express.Response, status: number, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
}

/** Runs one health probe with a deadline: a dependency that hangs is reported, not waited for. */
async function check(
  name: string,
  timeoutMs: number,
  probe: () => Promise<unknown>,
): Promise<{ name: string; ok: boolean; reason?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), deadline]);
    return { name, ok: true };
  } catch (err) {
    return { name, ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  /** Stops taking requests and resolves when those in flight are answered (cut after graceMs). */
  close(graceMs?: number): Promise<void>;
}

export async function startApi(
  deps: ApiDeps,
  logger: Logger,
  port = deps.config.api.port,
  metrics?: ApiMetrics,
): Promise<RunningApi> {
  const app = createApp(deps, logger, metrics);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, deps.config.api.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${deps.config.api.host === '0.0.0.0' ? '127.0.0.1' : deps.config.api.host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    // Once only: a second call waits for the first instead of cutting the requests it lets finish.
    close: (graceMs = 10_000) =>
      (closing ??= new Promise<void>((resolve) => {
        // Live subscriptions end with the feed, so their open streams do not hold the close.
        void closeCaseFeed(deps.db);
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      })),
  };
}
