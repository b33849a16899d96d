// Three workers and two APIs, started with the container image's command lines, on one Temporal and one PostgreSQL: a worker killed under load loses nothing.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { readTranscript } from '../../activities/cases/records';
import { createPool } from '../../activities/platform/db';
import { findFreePort } from '../../scripts/lib/temporal-server';
import { postGraphQL } from '../../scripts/lib/graphql-client';
import { getCaseQuery } from '../../workflows/messages';
import { testEnv } from '../helpers/env';
import { startKefuProcess, type KefuProcess } from '../helpers/processes';
import { eventually, SHARED_DATABASE_ENV } from '../helpers/stack';

const CONVERSATIONS = 12;
const MESSAGES = [
  'hello',
  'Where is my order W1234567?',
  'alice@example.com',
  'thanks',
  'what else can you do?',
];

let workers: KefuProcess[] = [];
let apis: KefuProcess[] = [];
let graphqlUrls: string[] = [];
let connection: Connection;
let client: Client;
const db = () => createPool(testEnv().databaseUrl, 2);

beforeAll(async () => {
  const env = testEnv();
  const common = {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.namespace,
    KEFU_TASK_QUEUE: `kefu-scale-${randomUUID()}`,
    KEFU_WORKFLOW_BUNDLE: env.workflowBundlePath,
    KEFU_API_HOST: '127.0.0.1',
    KEFU_ENV: 'production',
    KEFU_RATE_SEND_MESSAGE_PER_CLIENT: 'off',
    KEFU_RATE_START_CASE_PER_CLIENT: 'off',
    LOG_LEVEL: 'info',
    ...SHARED_DATABASE_ENV,
  };
  workers = [1, 2, 3].map((n) => startKefuProcess(`worker-${n}`, 'kefu-worker', common));
  const ports = [await findFreePort(), await findFreePort()];
  apis = ports.map((port, i) =>
    startKefuProcess(`api-${i + 1}`, 'kefu-api', { ...common, KEFU_API_PORT: String(port) }),
  );
  graphqlUrls = ports.map((port) => `http://127.0.0.1:${port}/graphql`);
  await Promise.all([
    ...workers.map((w) => w.waitFor(/worker ready/)),
    ...apis.map((a) => a.waitFor(/api ready/)),
  ]);
  connection = await Connection.connect({ address: env.temporalAddress });
  client = new Client({ connection, namespace: env.namespace });
}, 120_000);

afterAll(async () => {
  await Promise.all(apis.map((a) => a.stop()));
  await Promise.all(workers.map((w) => w.stop()));
  await connection?.close();
});

interface Conversation {
  caseId: string;
  token: string;
  /** What each message was answered with, by its clientMessageId. */
  answers: Map<string, string[]>;
}

async function send(url: string, c: Conversation, text: string, messageId: string): Promise<string[]> {
  // A real client retries a failed request with the same clientMessageId; the case answers it once.
  for (let attempt = 1; ; attempt++) {
    const res = await postGraphQL<{ sendMessage: { replies: { text: string }[] } }>(
      url,
      'mutation ($id: ID!, $text: String!, $mid: ID) { sendMessage(caseId: $id, text: $text, clientMessageId: $mid) { replies { text } } }',
      { id: c.caseId, text, mid: messageId },
      c.token,
    ).catch((err: unknown) => ({ status: 0, errors: [{ message: String(err) }], data: undefined }));
    if (res.data?.sendMessage) return res.data.sendMessage.replies.map((r) => r.text);
    if (attempt >= 5) throw new Error(`sendMessage failed 5 times: ${JSON.stringify(res.errors)}`);
  }
}

test('conversations spread over three workers and two APIs; one worker killed under load; nothing lost or answered twice', async () => {
  // Each conversation alternates between the two APIs, so both serve every case.
  const conversations: Conversation[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const res = await postGraphQL<{ startCase: { token: string; case: { id: string } } }>(
      graphqlUrls[i % 2]!,
      'mutation { startCase(input: { channel: WEB }) { token case { id } } }',
    );
    const started = res.data!.startCase;
    conversations.push({ caseId: started.case.id, token: started.token, answers: new Map() });
  }

  let sent = 0;
  let killed: KefuProcess | undefined;
  const total = CONVERSATIONS * MESSAGES.length;
  await Promise.all(
    conversations.map(async (c, i) => {
      for (const [n, text] of MESSAGES.entries()) {
        const messageId = `${c.caseId}-${n}`;
        c.answers.set(messageId, await send(graphqlUrls[(i + n) % 2]!, c, text, messageId));
        sent += 1;
        // A third of the way in, with every conversation in flight, one worker dies without warning.
        if (!killed && sent >= total / 3) {
          killed = workers[0]!;
          await killed.kill();
        }
      }
    }),
  );
  expect(killed?.child.signalCode).toBe('SIGKILL');

  // A message sent again (a client that never saw the answer) gets the first answer, not a second turn.
  const again = conversations[0]!;
  const firstId = `${again.caseId}-1`;
  expect(await send(graphqlUrls[1]!, again, MESSAGES[1]!, firstId)).toEqual(again.answers.get(firstId));

  const pool = db();
  try {
    for (const c of conversations) {
      for (const replies of c.answers.values()) expect(replies.length).toBeGreaterThan(0);
      const view = await client.workflow.getHandle(c.caseId).query(getCaseQuery);
      const transcript = await eventually(
        () => readTranscript(pool, c.caseId, { limit: 1000, fromEnd: false }),
        (messages) => messages.length >= view.messageCount,
        30_000,
      );
      // Every customer message stored exactly once, in order, each followed by the agent's answer.
      const customer = transcript.filter((m) => m.role === 'CUSTOMER').map((m) => m.text);
      expect(customer).toEqual(MESSAGES);
      const roles = transcript.map((m) => m.role);
      for (let i = 0; i < roles.length; i++) {
        if (roles[i] === 'CUSTOMER') expect(roles[i + 1]).toBe('AGENT');
      }
    }
  } finally {
    await pool.end();
  }

  // Which worker processes ran the cases' workflow tasks, read from their histories.
  const identities = new Set<string>();
  for (const c of conversations) {
    const history = await client.workflow.getHandle(c.caseId).fetchHistory();
    for (const event of history.events ?? []) {
      const identity = event.workflowTaskCompletedEventAttributes?.identity;
      if (identity) identities.add(identity.split('@')[0]!);
    }
  }
  const pids = new Set(workers.map((w) => String(w.child.pid)));
  expect([...identities].every((pid) => pids.has(pid))).toBe(true);
  expect(identities.size).toBeGreaterThanOrEqual(2);
  // The survivors still answer new cases.
  const after = await postGraphQL<{ startCase: { case: { id: string } } }>(
    graphqlUrls[0]!,
    'mutation { startCase(input: { channel: WEB }) { case { id } } }',
  );
  expect(after.data?.startCase.case.id).toBeTruthy();
}, 240_000);
