// Jest global teardown of the 'integration' project: stops the Temporal server and drops the test database.
import { releaseTestResources } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__KEFU_TEST_STATE__;
  if (!state) return;
  globalThis.__KEFU_TEST_STATE__ = undefined;
  await releaseTestResources(state, process.env.KEFU_TEST_KEEP === '1');
}
