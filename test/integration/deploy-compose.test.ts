// docker-compose.yml as the Compose specification's own loader reads it, the image's files, and the Temporal setup script run twice.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../activities/platform/config';
import { buildGoProgram } from '../../scripts/lib/go-program';
import { KEFU_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { testEnv } from '../helpers/env';

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string | null>;
  env_file?: { path: string; required: boolean }[];
  ports?: { target: number; published?: string; host_ip?: string }[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  restart?: string;
  container_name?: string;
}
interface ComposeProject {
  services: Record<string, ComposeService>;
}

let composeCheck: string;

beforeAll(async () => {
  composeCheck = await buildGoProgram(path.join(ROOT, 'scripts/compose-check'), (line) =>
    process.stderr.write(`[compose-check] ${line}\n`),
  );
}, 600_000);

/** Loads a compose file in a clean environment (nothing from this shell), with `vars` as if from .env. */
function loadCompose(options: { file?: string; vars?: Record<string, string>; profiles?: string[] } = {}): {
  project?: ComposeProject;
  error?: string;
} {
  const result = spawnSync(
    composeCheck,
    ['-file', options.file ?? COMPOSE_FILE, '-profiles', (options.profiles ?? []).join(',')],
    {
      cwd: path.dirname(options.file ?? COMPOSE_FILE),
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...options.vars },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) return { error: result.stderr };
  return { project: JSON.parse(result.stdout) as ComposeProject };
}

function project(options: Parameters<typeof loadCompose>[0] = {}): ComposeProject {
  const loaded = loadCompose(options);
  if (!loaded.project) throw new Error(`docker-compose.yml does not load: ${loaded.error}`);
  return loaded.project;
}

test('the compose file loads, and the loader rejects a broken one', () => {
  expect(Object.keys(project().services).sort()).toEqual([
    'kefu-api',
    'kefu-migrate',
    'kefu-proxy',
    'kefu-worker',
    'postgres',
    'temporal',
    'temporal-db',
    'temporal-schema',
    'temporal-setup',
    'temporal-ui',
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-compose-'));
  const broken = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(broken, 'services:\n  api:\n    image: x:1\n    ports: 4000\n');
  expect(loadCompose({ file: broken }).error).toMatch(/ports/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every image tag is pinned, and Kefu runs from the image built by its Dockerfile', () => {
  for (const [name, service] of Object.entries(project({ profiles: ['payments'] }).services)) {
    if (name.startsWith('kefu-') && name !== 'kefu-proxy') {
      expect(service.build).toBeTruthy();
      continue;
    }
    // name:tag with a version number in the tag: never a bare name, `latest` or a major alone.
    expect(service.image).toMatch(/^[a-z0-9./-]+:v?\d+\.\d+[.\w-]*$/);
  }
});

test('Temporal is the server image with its schema set up first; databases are ready only over TCP', () => {
  const { services } = project();
  expect(services.temporal!.image).toMatch(/^temporalio\/server:/);
  expect(services.temporal!.depends_on).toMatchObject({
    'temporal-schema': { condition: 'service_completed_successfully' },
  });
  expect(services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:/);
  expect(services.temporal!.environment!.NUM_HISTORY_SHARDS).toBe('512');
  for (const db of ['postgres', 'temporal-db']) {
    expect(services[db]!.healthcheck!.test.join(' ')).toMatch(/pg_isready -h 127\.0\.0\.1/);
  }
  // Setup jobs retry instead of leaving the stack half started after a passing failure.
  for (const job of ['temporal-schema', 'temporal-setup', 'kefu-migrate']) {
    expect(services[job]!.restart).toMatch(/^on-failure/);
  }
});

test('one migration job; the worker and API wait for it and for the namespace', () => {
  const { services } = project();
  const migrating = Object.entries(services).filter(([, s]) =>
    (s.command ?? []).join(' ').match(/scripts\/kefu\.ts (setup|migrate)/),
  );
  expect(migrating.map(([name]) => name)).toEqual(['kefu-migrate']);
  for (const name of ['kefu-worker', 'kefu-api']) {
    expect(services[name]!.depends_on).toMatchObject({
      'kefu-migrate': { condition: 'service_completed_successfully' },
      'temporal-setup': { condition: 'service_completed_successfully' },
    });
  }
});

test('the API scales: no host port or container name of its own, one published port on the proxy', () => {
  const { services } = project({ vars: { KEFU_HTTP_PORT: '8088' } });
  expect(services['kefu-api']!.ports ?? []).toEqual([]);
  expect(services['kefu-api']!.container_name).toBeUndefined();
  expect(services['kefu-proxy']!.ports).toEqual([
    expect.objectContaining({ target: 8080, published: '8088' }),
  ]);
  const nginx = fs.readFileSync(path.join(ROOT, 'deploy/compose/nginx.conf'), 'utf8');
  expect(nginx).toMatch(/resolver 127\.0\.0\.11/);
});

test('stripe-mock runs only in the payments profile', () => {
  expect(project().services['stripe-mock']).toBeUndefined();
  expect(project({ profiles: ['payments'] }).services['stripe-mock']!.image).toBe(
    'stripe/stripe-mock:v0.197.0',
  );
});

test('Kefu containers read .env when there is one, and run in production mode without demo data by default', () => {
  const { services } = project();
  for (const name of ['kefu-api', 'kefu-worker', 'kefu-migrate']) {
    expect(services[name]!.env_file).toEqual([{ path: path.join(ROOT, '.env'), required: false }]);
  }
  const env = services['kefu-api']!.environment as Record<string, string>;
  const config = loadConfig(env);
  expect(config.env).toBe('production');
  expect(config.loadDemoData).toBe(false);
  expect(config.api.graphiql).toBe(false);
  expect(new URL(config.databaseUrl!).password).toBe('kefu');

  const trial = loadConfig(
    project({ vars: { KEFU_ENV: 'development', KEFU_DB_PASSWORD: 's3cret' } }).services['kefu-api']!
      .environment as Record<string, string>,
  );
  expect(trial.api.graphiql).toBe(true);
  expect(new URL(trial.databaseUrl!).password).toBe('s3cret');
});

test('.env stays out of git and out of the image; the image builds the bundle and runs as a non-root user', () => {
  const ignored = execFileSync('git', ['check-ignore', '.env', '.env.production'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(ignored.split('\n').filter(Boolean)).toEqual(['.env', '.env.production']);
  const dockerignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['.env', '.data', '**/node_modules', '.git']) expect(dockerignore).toContain(entry);

  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS build$/m);
  expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(2[2-9])\.\d+\.\d+-bookworm-slim$/m);
  expect(dockerfile).toMatch(/scripts\/bundle-workflows\.ts dist\/workflow-bundle\.js/);
  expect(dockerfile).toMatch(/npm prune --omit=dev/);
  expect(dockerfile).toMatch(/^USER node$/m);
  // The image's default command is the API's, the same line compose runs.
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)![1]!;
  expect(JSON.parse(cmd)).toEqual(project().services['kefu-api']!.command);
});

test('the namespace setup script runs twice against Temporal and leaves every search attribute registered', async () => {
  const env = testEnv();
  const namespace = `kefu-setup-${randomBytes(4).toString('hex')}`;
  const script = path.join(ROOT, 'deploy/compose/temporal-namespace.sh');
  const runScript = () =>
    spawnSync('sh', [script], {
      env: {
        PATH: `${path.dirname(env.temporalCliPath)}:${process.env.PATH ?? ''}`,
        HOME: os.tmpdir(),
        TEMPORAL_ADDRESS: env.temporalAddress,
        KEFU_NAMESPACE: namespace,
        KEFU_NAMESPACE_RETENTION: '72h',
        SETUP_ATTEMPTS: '15',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
  // The temporal CLI is called `temporal` on PATH, as in the admin-tools image.
  expect(path.basename(env.temporalCliPath)).toBe('temporal');
  for (let run = 0; run < 2; run++) {
    const result = runScript();
    expect(result.stderr + result.stdout).toMatch(new RegExp(`namespace ${namespace} is ready`));
    expect(result.status).toBe(0);
  }
  const connection = await Connection.connect({ address: env.temporalAddress });
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(72 * 3600);
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    for (const attribute of KEFU_SEARCH_ATTRIBUTES) {
      expect(Object.keys(listed.customAttributes ?? {})).toContain(attribute.name);
    }
  } finally {
    await connection.close();
  }
});

test('the Temporal schema script is valid shell', () => {
  for (const script of ['temporal-schema.sh', 'temporal-namespace.sh']) {
    const check = spawnSync('sh', ['-n', path.join(ROOT, 'deploy/compose', script)], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }
});
