// Traces (OpenTelemetry over OTLP/HTTP) and Prometheus metrics for the API and the worker; both off unless configured.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  trace,
  type Context,
  type ContextManager,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  OpenTelemetryPlugin,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import client from 'prom-client';
import type { Config } from './config';

/**
 * The active span follows awaits through AsyncLocalStorage, so the GraphQL operation's span is the parent of the
 * Temporal Update the resolver sends (the SDK's node context manager is not a dependency of Kefu).
 */
class AsyncLocalContextManager implements ContextManager {
  private storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = this.storage.run.bind(this.storage);
    const fn = target as (...a: unknown[]) => unknown;
    return function (this: unknown, ...args: unknown[]) {
      return run(ctx, () => fn.apply(this, args));
    } as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

export interface Tracing {
  tracer: Tracer;
  resource: Resource;
  /** Where finished spans go: the OTLP exporter when tracing is on, nowhere when it is off. */
  spanProcessor: SpanProcessor;
  enabled: boolean;
  /** Sends the spans still buffered; called once at shutdown. */
  shutdown(): Promise<void>;
}

/** "key=value,key2=value2" (OTEL_EXPORTER_OTLP_HEADERS' format), e.g. an ingest key for a hosted collector. */
function parseHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

/**
 * Sets up tracing for one process (`kefu-api`, `kefu-worker`). With KEFU_OTLP_ENDPOINT unset nothing is exported
 * and the tracer is a no-op, so the cost is nil.
 */
export function startTracing(config: Pick<Config, 'telemetry'>, serviceName: string): Tracing {
  const resource = new Resource({ 'service.name': serviceName, 'service.namespace': 'kefu' });
  const endpoint = config.telemetry.otlpEndpoint;
  if (!endpoint) {
    return {
      tracer: trace.getTracer('kefu'),
      resource,
      spanProcessor: new NoopSpanProcessor(),
      enabled: false,
      shutdown: async () => undefined,
    };
  }
  const exporter = new OTLPTraceExporter({
    url: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: parseHeaders(config.telemetry.otlpHeaders),
  });
  const spanProcessor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  // Temporal's interceptors carry the trace in headers through the global propagator: W3C traceparent.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    tracer: provider.getTracer('kefu'),
    resource,
    spanProcessor,
    enabled: true,
    shutdown: () => provider.shutdown(),
  };
}

/** The Temporal client interceptor that carries the active span into Updates, signals and starts as headers. */
export function tracingClientInterceptors(tracing: Tracing) {
  return tracing.enabled
    ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] }
    : {};
}

/** Prometheus metrics of the API: the registry, and the series the GraphQL plugin and scrapes fill. */
export interface ApiMetrics {
  registry: client.Registry;
  requestSeconds: client.Histogram<'operation' | 'outcome'>;
  turnSeconds: client.Histogram<'outcome'>;
}

export function createApiMetrics(db: Pool): ApiMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'kefu_api_' });
  const requestSeconds = new client.Histogram({
    name: 'kefu_graphql_request_duration_seconds',
    help: 'GraphQL operations by their first root field, from parse to result',
    labelNames: ['operation', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const turnSeconds = new client.Histogram({
    name: 'kefu_turn_duration_seconds',
    help: 'One customer message (sendMessage) until the agent has answered',
    labelNames: ['outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // Read from the projection at each scrape, so every API replica reports the same totals.
  new client.Gauge({
    name: 'kefu_cases',
    help: 'Cases by status (the cases projection)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { rows } = await db.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM cases GROUP BY status',
      );
      this.reset();
      for (const row of rows) this.set({ status: row.status }, row.n);
    },
  });
  new client.Gauge({
    name: 'kefu_escalations',
    help: 'Cases handed to a human, all time (escalated events); use increase() for a rate',
    registers: [registry],
    async collect() {
      const { rows } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM case_events WHERE type = 'escalated'",
      );
      this.set(rows[0]?.n ?? 0);
    },
  });
  return { registry, requestSeconds, turnSeconds };
}

/** Serves /metrics from a registry on its own port, apart from the public API. */
export async function serveMetrics(
  registry: client.Registry,
  host: string,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Worker options for tracing: with it on, Temporal's OpenTelemetry plugin (workflow and activity interceptors,
 * the span sink). With it off, only a sink that drops workflow spans, so a bundle built with the interceptors in
 * it (the container image's) runs quietly.
 */
export function tracingWorkerOptions(tracing: Tracing | undefined): Pick<WorkerOptions, 'plugins' | 'sinks'> {
  if (tracing?.enabled) {
    return {
      plugins: [
        new OpenTelemetryPlugin({
          resource: tracing.resource,
          spanProcessor: tracing.spanProcessor,
          tracer: tracing.tracer,
        }),
      ],
    };
  }
  return { sinks: { exporter: makeWorkflowExporter(new NoopSpanProcessor(), new Resource({})) } };
}

/** The workflow interceptor module to bundle with the workflows, for traces from inside them. */
export const WORKFLOW_TRACING_MODULE =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');
