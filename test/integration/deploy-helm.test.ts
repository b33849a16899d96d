// The Helm chart (deploy/helm/kefu): helm lint, and what helm template renders for Kubernetes to run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import YAML from 'yaml';
import { findOrInstallTool } from '../../scripts/lib/toolchain';

const ROOT = path.resolve(__dirname, '../..');
const CHART = path.join(ROOT, 'deploy/helm/kefu');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
}

let helm: string;

beforeAll(async () => {
  helm = await findOrInstallTool('helm', (line) => process.stderr.write(`[helm] ${line}\n`));
}, 600_000);

function runHelm(args: string[]) {
  const result = spawnSync(helm, args, {
    encoding: 'utf8',
    env: { ...process.env, HELM_CACHE_HOME: '/tmp/kefu-helm' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function render(...args: string[]): Manifest[] {
  const result = runHelm(['template', 'shop', CHART, ...args]);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return YAML.parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind} ${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`,
    );
  return found;
}

const container = (m: Manifest) => m.spec.template.spec.containers[0];

test('helm lint passes in strict mode', () => {
  const result = runHelm(['lint', '--strict', CHART]);
  expect(result.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  expect(result.code).toBe(0);
});

test('the default release: API with Service, autoscaler and budget; worker with budget; migrations as a hook', () => {
  const manifests = render();
  for (const m of manifests) {
    expect(m.apiVersion).toBeTruthy();
    expect(m.metadata.name).toMatch(/^shop-kefu/);
  }
  expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
    'ConfigMap/shop-kefu-config',
    'Deployment/shop-kefu-api',
    'Deployment/shop-kefu-worker',
    'HorizontalPodAutoscaler/shop-kefu-api',
    'Job/shop-kefu-migrate',
    'PodDisruptionBudget/shop-kefu-api',
    'PodDisruptionBudget/shop-kefu-worker',
    'Service/shop-kefu-api',
  ]);
  const job = find(manifests, 'Job', 'shop-kefu-migrate');
  expect(job.metadata.annotations!['helm.sh/hook']).toBe('pre-install,pre-upgrade');
  expect(container(job).command).toEqual(['node', '--import', 'tsx', 'scripts/kefu.ts', 'setup']);
  // The job's settings exist before it runs: the ConfigMap is a hook of a lower weight.
  const config = find(manifests, 'ConfigMap', 'shop-kefu-config');
  expect(Number(config.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(
    Number(job.metadata.annotations!['helm.sh/hook-weight']),
  );
  expect(config.data).toMatchObject({ KEFU_ENV: 'production', KEFU_TASK_QUEUE: 'kefu-cases' });
});

test('pods run the image entry points, readiness and liveness split, grace periods fit the drain', () => {
  const manifests = render();
  const api = find(manifests, 'Deployment', 'shop-kefu-api');
  const worker = find(manifests, 'Deployment', 'shop-kefu-worker');
  expect(container(api).command).toEqual(['node', '--import', 'tsx', 'api/main.ts']);
  expect(container(worker).command).toEqual(['node', '--import', 'tsx', 'workers/main.ts']);
  // Readiness asks for the database and Temporal; liveness only for the process, so a blip restarts nothing.
  expect(container(api).readinessProbe.httpGet.path).toBe('/healthz');
  expect(container(api).livenessProbe.tcpSocket).toBeDefined();
  expect(container(api).livenessProbe.httpGet).toBeUndefined();
  expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(30);
  expect(api.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  for (const d of [api, worker]) {
    const pod = d.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container(d).securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(pod.volumes.find((v: { name: string }) => v.name === 'tmp').emptyDir).toEqual({});
    expect(d.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  }
});

test('secrets reach the pods as files named by *_FILE, never as values in the environment', () => {
  const manifests = render(
    '--set',
    'secrets.values.DATABASE_PASSWORD=hunter2',
    '--set',
    'secrets.values.OPENAI_API_KEY=sk-1',
  );
  const api = find(manifests, 'Deployment', 'shop-kefu-api');
  const env = container(api).env as { name: string; value: string }[];
  expect(env).toEqual(
    expect.arrayContaining([
      { name: 'DATABASE_PASSWORD_FILE', value: '/run/secrets/kefu/DATABASE_PASSWORD' },
      { name: 'OPENAI_API_KEY_FILE', value: '/run/secrets/kefu/OPENAI_API_KEY' },
    ]),
  );
  expect(JSON.stringify(api)).not.toContain('hunter2');
  expect(find(manifests, 'Secret', 'shop-kefu-secrets').metadata.annotations!['helm.sh/hook']).toMatch(
    /pre-install/,
  );

  const existing = render(
    '--set',
    'secrets.existingSecret=prod-kefu',
    '--set',
    'secrets.keys={DATABASE_PASSWORD,TEMPORAL_API_KEY}',
  );
  expect(existing.some((m) => m.kind === 'Secret')).toBe(false);
  const worker = find(existing, 'Deployment', 'shop-kefu-worker');
  expect(worker.spec.template.spec.volumes).toEqual(
    expect.arrayContaining([{ name: 'secrets', secret: { secretName: 'prod-kefu', optional: true } }]),
  );
  expect(container(worker).env.map((e: { name: string }) => e.name)).toEqual([
    'DATABASE_PASSWORD_FILE',
    'TEMPORAL_API_KEY_FILE',
  ]);
});

test('mTLS to a self-hosted Temporal: the certificate Secret is mounted and named to Kefu', () => {
  const manifests = render(
    '--set',
    'temporal.tls.secretName=temporal-client',
    '--set',
    'temporal.tls.serverName=temporal.internal',
  );
  const worker = find(manifests, 'Deployment', 'shop-kefu-worker');
  const env = Object.fromEntries(
    container(worker).env.map((e: { name: string; value: string }) => [e.name, e.value]),
  );
  expect(env).toMatchObject({
    TEMPORAL_TLS_CLIENT_CERT_PATH: '/run/secrets/temporal-tls/tls.crt',
    TEMPORAL_TLS_CLIENT_KEY_PATH: '/run/secrets/temporal-tls/tls.key',
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/run/secrets/temporal-tls/ca.crt',
    TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
  });
});

test('workers scale on the task queue backlog with KEDA where the cluster has it, and say so where it does not', () => {
  const withKeda = render(
    '--set',
    'worker.autoscaling.keda.enabled=true',
    '--api-versions',
    'keda.sh/v1alpha1',
  );
  const scaled = find(withKeda, 'ScaledObject', 'shop-kefu-worker');
  expect(scaled.spec.triggers[0]).toMatchObject({
    type: 'temporal',
    metadata: { namespace: 'kefu', taskQueue: 'kefu-cases', endpoint: 'temporal-frontend.temporal:7233' },
  });
  expect(find(withKeda, 'Deployment', 'shop-kefu-worker').spec.replicas).toBeUndefined();

  const without = runHelm(['template', 'shop', CHART, '--set', 'worker.autoscaling.keda.enabled=true']);
  expect(without.code).not.toBe(0);
  expect(without.stderr).toMatch(
    /needs KEDA \(keda\.sh\/v1alpha1\) in the cluster; use worker\.autoscaling\.cpu instead/,
  );
});

test('metrics and tracing are off by default and switched on by values', () => {
  const plain = container(find(render(), 'Deployment', 'shop-kefu-api'));
  expect(JSON.stringify(plain)).not.toMatch(/KEFU_METRICS_PORT|KEFU_OTLP_ENDPOINT/);
  const manifests = render(
    '--set',
    'metrics.enabled=true',
    '--set',
    'tracing.otlpEndpoint=http://otel:4318',
    '--set',
    'ingress.enabled=true',
  );
  const api = find(manifests, 'Deployment', 'shop-kefu-api');
  const env = Object.fromEntries(
    container(api).env.map((e: { name: string; value: string }) => [e.name, e.value]),
  );
  expect(env).toMatchObject({ KEFU_METRICS_PORT: '9464', KEFU_OTLP_ENDPOINT: 'http://otel:4318' });
  expect(api.spec.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
  expect(find(manifests, 'Ingress', 'shop-kefu').spec.rules[0].http.paths[0].backend.service.name).toBe(
    'shop-kefu-api',
  );
});
