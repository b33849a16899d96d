// Durability: continue-as-new keeps every message exactly once, idle cases close themselves, and histories replay.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../helpers/env';
import { startKefuStack, eventually, storedTranscript, type KefuStack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');
const HISTORIES = path.resolve(__dirname, '../fixtures/histories');
let kefu: KefuStack;

beforeAll(async () => {
  // A short history limit makes the case continue as new every few messages; a short timeout closes idle cases.
  kefu = await startKefuStack({ env: { KEFU_CASE_HISTORY_LIMIT: '40', KEFU_CASE_INACTIVITY_TIMEOUT: '3s' } });
});

afterAll(async () => {
  await kefu?.stop();
});

async function newCase(): Promise<{ id: string; token: string }> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: {}) { token case { id } } }',
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function send(c: { id: string; token: string }, text: string, clientMessageId?: string) {
  const res = await kefu.gql<{ sendMessage: { replies: { id: string; text: string }[] } }>(
    'mutation($id: ID!, $text: String!, $mid: ID) { sendMessage(caseId: $id, text: $text, clientMessageId: $mid) { replies { id text } } }',
    { id: c.id, text, mid: clientMessageId },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage.replies;
}

async function runIds(caseId: string): Promise<string[]> {
  const runs: string[] = [];
  for await (const wf of kefu.temporal.workflow.list({ query: `WorkflowId = "${caseId}"` }))
    runs.push(wf.runId);
  return runs;
}

test('a long conversation continues as new and keeps every message exactly once, in order', async () => {
  const c = await newCase();
  const texts = Array.from({ length: 12 }, (_, i) =>
    i % 2 === 0 ? `hello ${i}` : `Where is my order W1234567? (${i})`,
  );
  for (const [i, text] of texts.entries()) {
    await send(c, text, `seq-${i}`);
  }
  // A retry of an early message after several continue-as-new runs is still recognised.
  const retried = await send(c, texts[1]!, 'seq-1');
  expect(retried.length).toBeGreaterThan(0);

  const transcript = await storedTranscript(kefu, c.id);
  const customerTexts = transcript.filter((m) => m.role === 'CUSTOMER').map((m) => m.text);
  expect(customerTexts).toEqual(texts);
  const ids = transcript.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  await eventually(
    () => runIds(c.id),
    (runs) => runs.length > 1,
  );
});

test('messages sent at the same time are all answered, once each, across continue-as-new', async () => {
  const c = await newCase();
  const texts = Array.from({ length: 6 }, (_, i) => `hi there ${i}`);
  const results = await Promise.all(texts.map((t, i) => send(c, t, `burst-${i}`)));
  for (const replies of results) expect(replies.length).toBeGreaterThan(0);
  const transcript = await storedTranscript(kefu, c.id);
  const customerTexts = transcript.filter((m) => m.role === 'CUSTOMER').map((m) => m.text);
  // Strictly in the order the case accepted them, each followed by its own replies.
  expect([...customerTexts].sort()).toEqual([...texts].sort());
  const roles = transcript.slice(1).map((m) => (m.role === 'CUSTOMER' ? 'C' : 'A'));
  expect(roles.join('')).toMatch(/^(CA+)+$/);
  await eventually(
    () => runIds(c.id),
    (runs) => runs.length > 1,
  );
});

test('an idle case closes itself with a goodbye, and the projection says so', async () => {
  const c = await newCase();
  await send(c, 'hello');
  const closed = await eventually(
    () =>
      kefu.db.query<{ status: string; messages: { text: string }[] }>(
        'SELECT status, recent_messages AS messages FROM cases WHERE id = $1',
        [c.id],
      ),
    (res) => res.rows[0]?.status === 'CLOSED',
  );
  expect(closed.rows[0]!.messages.at(-1)!.text).toMatch(/haven't heard from you/);
  const handle = kefu.temporal.workflow.getHandle(c.id);
  expect((await handle.result()).status).toBe('CLOSED');
});

test('a case that continued as new and closed replays against the current workflow code', async () => {
  const c = await newCase();
  await send(c, 'Where is my order W1234567?');
  await send(c, 'alice@example.com');
  await send(c, 'thanks, bye');
  const handle = kefu.temporal.workflow.getHandle(c.id);
  await handle.result();
  const history = await handle.fetchHistory();
  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundlePath } }, history, c.id),
  ).resolves.toBeUndefined();
});

test('case histories recorded with earlier code replay against the current workflow code', () => {
  const files = fs
    .readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(HISTORIES, f));
  expect(files.length).toBeGreaterThan(0);
  // In its own process: protobufjs, which reads the JSON histories, does not survive jest's module registry.
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/kefu.ts'), 'replay', ...files],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(result.stderr).toContain(`all ${files.length} histories replay against this code`);
  expect(result.status).toBe(0);
});
