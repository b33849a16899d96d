// With an OTLP endpoint configured, one customer message is one trace across the API and worker processes; metrics on their own port.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { findFreePort } from '../../scripts/lib/temporal-server';
import { postGraphQL } from '../../scripts/lib/graphql-client';
import { testEnv } from '../helpers/env';
import { startKefuProcess, type KefuProcess } from '../helpers/processes';
import { eventually } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
}

/** A small OTLP/HTTP receiver: the JSON the exporter posts to /v1/traces, flattened to spans. */
function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: { spans: Omit<ReceivedSpan, 'service'>[] }[];
          }[];
        };
        for (const rs of payload.resourceSpans) {
          const service =
            rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        spans,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let api: KefuProcess;
let worker: KefuProcess;
let graphqlUrl: string;
let apiMetricsPort: number;
let workerMetricsPort: number;
let bundleDir: string;

beforeAll(async () => {
  receiver = await startReceiver();
  const env = testEnv();
  // The workflow bundle exactly as the image builds it, with the tracing interceptors in it.
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-otel-'));
  const bundle = path.join(bundleDir, 'workflow-bundle.js');
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts', bundle], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(built.stderr);
  const [apiPort, apiMetrics, workerMetrics] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  apiMetricsPort = apiMetrics;
  workerMetricsPort = workerMetrics;
  const common = {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.namespace,
    KEFU_TASK_QUEUE: `kefu-otel-${randomUUID()}`,
    KEFU_WORKFLOW_BUNDLE: bundle,
    KEFU_OTLP_ENDPOINT: receiver.url,
    KEFU_ENV: 'production',
    KEFU_API_HOST: '127.0.0.1',
    KEFU_IDENTITY_MAX_FAILURES_PER_CLIENT: '1000',
    LOG_LEVEL: 'info',
  };
  worker = startKefuProcess('worker', 'kefu-worker', { ...common, KEFU_METRICS_PORT: String(workerMetrics) });
  api = startKefuProcess('api', 'kefu-api', {
    ...common,
    KEFU_API_PORT: String(apiPort),
    KEFU_METRICS_PORT: String(apiMetrics),
  });
  await Promise.all([worker.waitFor(/worker ready/), api.waitFor(/api ready/)]);
  graphqlUrl = `http://127.0.0.1:${apiPort}/graphql`;
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await receiver?.close();
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

test('one message is one trace: GraphQL in the API, the Update, the workflow handling it, its activities in the worker', async () => {
  const started = await postGraphQL<{ startCase: { token: string; case: { id: string } } }>(
    graphqlUrl,
    'mutation { startCase(input: { channel: WEB }) { token case { id } } }',
  );
  const { token, case: opened } = started.data!.startCase;
  const sent = await postGraphQL<{ sendMessage: { replies: { text: string }[] } }>(
    graphqlUrl,
    'mutation ($id: ID!) { sendMessage(caseId: $id, text: "Where is my order W1234567?") { replies { text } } }',
    { id: opened.id },
    token,
  );
  expect(sent.data?.sendMessage.replies.length).toBeGreaterThan(0);

  const root = await eventually(
    async () => receiver.spans.find((s) => s.name === 'graphql.mutation sendMessage'),
    (span) => span !== undefined,
    20_000,
  );
  const trace = await eventually(
    async () => receiver.spans.filter((s) => s.traceId === root!.traceId),
    (spans) =>
      spans.some((s) => s.service === 'kefu-worker' && s.name.startsWith('HandleUpdate')) &&
      spans.some((s) => s.service === 'kefu-worker' && s.name.startsWith('RunActivity')),
    20_000,
  );
  const names = trace.map((s) => `${s.service} ${s.name}`);
  expect(names).toEqual(
    expect.arrayContaining([
      'kefu-api graphql.mutation sendMessage',
      'kefu-api StartWorkflowUpdate:sendMessage',
      'kefu-worker HandleUpdate:sendMessage',
    ]),
  );
  // Every span but the GraphQL one has its parent in the same trace: one tree, not pieces.
  const ids = new Set(trace.map((s) => s.spanId));
  for (const span of trace) {
    if (span === root) continue;
    expect(ids.has(span.parentSpanId)).toBe(true);
  }
});

test('Prometheus metrics: turn latency and cases by status from the API, the Temporal runtime from the worker', async () => {
  const apiMetrics = await eventually(
    async () => (await fetch(`http://127.0.0.1:${apiMetricsPort}/metrics`)).text(),
    (text) => /kefu_cases\{status="/.test(text),
  );
  expect(apiMetrics).toMatch(/^kefu_turn_duration_seconds_count\{outcome="ok"\} [1-9]/m);
  expect(apiMetrics).toMatch(
    /^kefu_graphql_request_duration_seconds_count\{operation="startCase",outcome="ok"\} [1-9]/m,
  );
  expect(apiMetrics).toMatch(/^kefu_escalations \d+/m);
  const workerMetrics = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
  expect(workerMetrics).toMatch(/workflow_task_execution_latency/);
  // Metrics live on their own port, not on the public API.
  expect((await fetch(graphqlUrl.replace('/graphql', '/metrics'))).status).toBe(404);
});
