// The HTTP server: express with the GraphQL endpoint (GraphiQL on), a health check, and a graceful close.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type MaskError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { viewerFromHeader } from './auth';
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

export function createApp(deps: ApiDeps, logger: Logger) {
  const { config } = deps;
  const yoga = createYoga<ServerContext, ApiContext>({
    schema: createKefuSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Kefu GraphQL' },
    landingPage: false,
    maskedErrors: { maskError: maskUnexpected },
    logging: {
      debug: (...args) => logger.debug(args),
      info: (...args) => logger.info(args),
      warn: (...args) => logger.warn(args),
      error: (...args) => logger.error(args),
    },
    context: async ({ request }) => ({
      deps,
      viewer: await viewerFromHeader(deps.db, request.headers.get('authorization')),
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
    ],
  });

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.allSettled([
      deps.db.query('SELECT 1'),
      deps.temporal.workflowService.getSystemInfo({}),
    ]);
    const [database, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal });
  });
  // GraphQL bodies are small; a huge one is refused before anything parses it.
  app.use('/graphql', (req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > 256 * 1024) {
      res
        .status(413)
        .json({ errors: [{ message: 'request body too large', extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    next();
  });
  app.use(yoga.graphqlEndpoint, (req, res, next) => {
    // handle() answers some requests (GraphiQL) synchronously and others with a promise.
    Promise.resolve(yoga.handle(req, res, { req, res })).catch(next);
  });
  return app;
}

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  close(): Promise<void>;
}

export async function startApi(
  deps: ApiDeps,
  logger: Logger,
  port = deps.config.api.port,
): Promise<RunningApi> {
  const app = createApp(deps, logger);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, deps.config.api.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${deps.config.api.host === '0.0.0.0' ? '127.0.0.1' : deps.config.api.host}:${address.port}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
