// What test/global-setup.ts started for the integration tests, read from the variables it sets.

/** The server that hosts the tests' scratch databases. */
export const TEST_ADMIN_DATABASE_URL =
  process.env.KEFU_TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestEnv {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  /** A file with the workflows bundled once for the whole run: pass it as `workflowBundle: { codePath }`. */
  workflowBundlePath: string;
  temporalCliPath: string;
  /** stripe-mock's address (KEFU_STRIPE_API_BASE for tests that move money). */
  stripeMockUrl: string;
}

/** The variable that carries each field from the global setup to the test workers. */
export const TEST_ENV_VARS: Record<keyof TestEnv, string> = {
  temporalAddress: 'KEFU_TEST_TEMPORAL_ADDRESS',
  namespace: 'KEFU_TEST_NAMESPACE',
  databaseUrl: 'KEFU_TEST_DATABASE_URL',
  workflowBundlePath: 'KEFU_TEST_WORKFLOW_BUNDLE',
  temporalCliPath: 'KEFU_TEST_TEMPORAL_CLI',
  stripeMockUrl: 'KEFU_TEST_STRIPE_MOCK_URL',
};

export function testEnv(env: NodeJS.ProcessEnv = process.env): TestEnv {
  const missing = Object.values(TEST_ENV_VARS).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. test/global-setup.ts sets them for the ` +
        `'integration' jest project: run integration tests with \`npm test\` or \`npx jest --selectProjects integration\`, ` +
        'not from a file that another project or a plain script loads.',
    );
  }
  const read = (field: keyof TestEnv) => env[TEST_ENV_VARS[field]] ?? '';
  return {
    temporalAddress: read('temporalAddress'),
    namespace: read('namespace'),
    databaseUrl: read('databaseUrl'),
    workflowBundlePath: read('workflowBundlePath'),
    temporalCliPath: read('temporalCliPath'),
    stripeMockUrl: read('stripeMockUrl'),
  };
}
