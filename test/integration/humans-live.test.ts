// The human queue's order, and live updates over SSE (caseEvents, queueEvents) fed by PostgreSQL LISTEN/NOTIFY.
import { createApiKey } from '../../activities/platform/api-keys';
import pino from 'pino';
import { createPool } from '../../activities/platform/db';
import { caseFeed } from '../../api/live';
import { startApi } from '../../api/server';
import { testEnv } from '../helpers/env';
import { startKefuStack, eventually, type KefuStack } from '../helpers/stack';
import { subscribe, type SseSubscription } from '../helpers/sse';

let kefu: KefuStack;
let agent: string;
let supervisor: string;
const open: SseSubscription<unknown>[] = [];

beforeAll(async () => {
  kefu = await startKefuStack();
  agent = (await createApiKey(kefu.db, 'agent', 'Li Lei')).key;
  supervisor = (await createApiKey(kefu.db, 'supervisor', 'Zhao Min')).key;
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

afterAll(async () => {
  await kefu?.stop();
});

interface Started {
  id: string;
  token: string;
}

async function newCase(locale = 'en'): Promise<Started> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation($input: StartCaseInput!) { startCase(input: $input) { token case { id } } }',
    { input: { locale } },
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function send(c: Started, text: string): Promise<string> {
  const res = await kefu.gql<{ sendMessage: { case: { status: string } } }>(
    'mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { case { status } } }',
    { id: c.id, text },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage.case.status;
}

async function staff<T>(query: string, variables: Record<string, unknown>, key = agent): Promise<T> {
  const res = await kefu.gql<T>(query, variables, key);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

function live<T>(query: string, variables: Record<string, unknown>, bearer?: string): SseSubscription<T> {
  const s = subscribe<T>(kefu.api.graphqlUrl, query, variables, bearer);
  open.push(s as SseSubscription<unknown>);
  return s;
}

interface QueuedCase {
  id: string;
  desk: { priority: number; queuedAt: string; escalationReason: string };
}

describe('the queue', () => {
  test('is ordered by priority, then by the time waited', async () => {
    const first = await newCase();
    await send(first, 'talk to a human please');
    const second = await newCase();
    await send(second, 'talk to a human please');
    const urgent = await newCase('zh-CN');
    await send(urgent, '我要起诉你们');

    const mine = [first.id, second.id, urgent.id];
    const queue = await eventually(
      () =>
        staff<{ queue: QueuedCase[] }>(
          '{ queue(first: 100) { id desk { priority queuedAt escalationReason } } }',
          {},
        ),
      (q) => mine.every((id) => q.queue.some((c) => c.id === id)),
    );
    const listed = queue.queue.filter((c) => mine.includes(c.id));
    // The threat to sue comes first; of the two equal requests for a human, the one waiting longer.
    expect(listed.map((c) => c.id)).toEqual([urgent.id, first.id, second.id]);
    expect(listed[0]!.desk.escalationReason).toBe('high_risk');
    expect(listed[0]!.desk.priority).toBeGreaterThan(listed[1]!.desk.priority);
    expect(listed[1]!.desk.priority).toBe(listed[2]!.desk.priority);
    expect(Date.parse(listed[1]!.desk.queuedAt)).toBeLessThan(Date.parse(listed[2]!.desk.queuedAt));
  });
});

const CASE_EVENTS = `subscription($id: ID!) {
  caseEvents(caseId: $id) { status version case { desk { assignee { name } } messages(last: 3) { edges { node { role text } } } } }
}`;

interface CaseUpdate {
  caseEvents: {
    status: string;
    version: number;
    case: {
      desk: { assignee: { name: string } | null } | null;
      messages: { edges: { node: { role: string; text: string } }[] };
    };
  };
}

describe('live updates over SSE', () => {
  test('a customer follows their own case: the wait, the human joining and writing, the close', async () => {
    const c = await newCase();
    const sub = live<CaseUpdate>(CASE_EVENTS, { id: c.id }, c.token);
    expect(await sub.status).toBe(200);
    const updates = () => sub.results.map((r) => r.data?.caseEvents);
    // The first event is the case as it stands.
    await eventually(
      async () => updates(),
      (u) => u.length >= 1,
    );
    expect(updates()[0]).toMatchObject({ status: 'OPEN' });
    // This API's feed is PostgreSQL's LISTEN/NOTIFY (the embedded database polls instead).
    expect((await caseFeed(kefu.db)).mode).toBe('listen');

    await send(c, 'I want to talk to a real person');
    await eventually(
      async () => updates(),
      (u) => u.some((x) => x?.status === 'ESCALATED'),
    );
    await staff('mutation($id: ID!) { takeOverCase(caseId: $id) { status } }', { id: c.id });
    await staff(
      'mutation($id: ID!, $text: String!) { sendAgentMessage(caseId: $id, text: $text) { case { status } } }',
      { id: c.id, text: 'Hi, Li Lei here. How can I help?' },
    );
    const withHuman = await eventually(
      async () => updates(),
      (u) => u.some((x) => x?.case.messages.edges.some((e) => e.node.role === 'HUMAN')),
    );
    const joined = withHuman.find((x) => x?.status === 'WITH_HUMAN')!;
    expect(joined.case.desk).toBeNull(); // the desk is for staff; the customer sees the messages
    expect(joined.case.messages.edges.map((e) => e.node.text).join('\n')).toMatch(/Li Lei .*joined/);
    expect(withHuman.at(-1)!.case.messages.edges.at(-1)!.node).toEqual({
      role: 'HUMAN',
      text: 'Hi, Li Lei here. How can I help?',
    });
    // Versions only go forward: nothing is sent twice or out of order.
    const versions = updates().map((x) => x!.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));

    await staff('mutation($id: ID!) { closeCase(caseId: $id, reason: "solved") { status } }', { id: c.id });
    // The stream ends by itself once the case is closed.
    await sub.ended;
    expect(updates().at(-1)).toMatchObject({ status: 'CLOSED' });
  });

  test('staff see the desk live; a customer token only ever opens its own case', async () => {
    const mine = await newCase();
    const other = await newCase();
    const staffSub = live<CaseUpdate>(CASE_EVENTS, { id: mine.id }, supervisor);
    const stranger = live<CaseUpdate>(CASE_EVENTS, { id: mine.id }, other.token);
    const anonymous = live<CaseUpdate>(CASE_EVENTS, { id: mine.id });
    await Promise.all([stranger.ended, anonymous.ended]);
    expect(stranger.results).toEqual([
      expect.objectContaining({
        errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })],
      }),
    ]);
    expect(anonymous.results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await send(mine, 'talk to a human please');
    await staff('mutation($id: ID!) { takeOverCase(caseId: $id) { status } }', { id: mine.id });
    const seen = await eventually(
      async () => staffSub.results.map((r) => r.data?.caseEvents),
      (u) => u.some((x) => x?.case.desk?.assignee?.name === 'Li Lei'),
    );
    expect(seen.map((x) => x?.status)).toContain('WITH_HUMAN');
  });

  test('queueEvents: a case joins the queue, is taken and handed back; only staff may listen', async () => {
    const refused = live(`subscription { queueEvents { caseId } }`, {}, (await newCase()).token);
    await refused.ended;
    expect(refused.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const sub = live<{ queueEvents: { caseId: string; status: string; version: number } }>(
      'subscription { queueEvents { caseId status version } }',
      {},
      agent,
    );
    // Once the stream is open it is listening: the console reads its lists then and must miss nothing after.
    expect(await sub.status).toBe(200);
    const c = await newCase('zh-CN');
    const statuses = () =>
      sub.results
        .map((r) => r.data?.queueEvents)
        .filter((e) => e?.caseId === c.id)
        .map((e) => e!.status);

    await send(c, '我的订单 W7654321 到哪了?');
    await send(c, '转人工');
    await eventually(
      async () => statuses(),
      (s) => s.includes('ESCALATED'),
    );
    await staff('mutation($id: ID!) { takeOverCase(caseId: $id) { status } }', { id: c.id });
    await eventually(
      async () => statuses(),
      (s) => s.includes('WITH_HUMAN'),
    );
    await staff(
      'mutation($id: ID!) { handBackCase(caseId: $id, note: "bot can finish") { case { status } } }',
      {
        id: c.id,
      },
    );
    // Leaving the humans is news to the console too; before escalating, the case was none of its business.
    const all = await eventually(
      async () => statuses(),
      (s) => s.at(-1) === 'WAITING_CUSTOMER',
    );
    expect(all[0]).toBe('ESCALATED');
    expect(all).toEqual(expect.arrayContaining(['ESCALATED', 'WITH_HUMAN', 'WAITING_CUSTOMER']));
  });
});

test('an API with live streams open (a case, the queue, the knowledge gaps) stops at once: Ctrl-C is not held', async () => {
  // An API of its own, on a pool of its own (the live feed is per pool), so the suite's API stays up.
  const db = createPool(testEnv().databaseUrl, 3);
  const api = await startApi(
    { config: kefu.config, db, temporal: kefu.temporal },
    pino({ level: 'silent' }),
    0,
  );
  try {
    const c = await newCase();
    const admin = (await createApiKey(kefu.db, 'admin', 'stream closer')).key;
    const streams = [
      subscribe(
        api.graphqlUrl,
        'subscription($id: ID!) { caseEvents(caseId: $id) { status } }',
        { id: c.id },
        c.token,
      ),
      subscribe(api.graphqlUrl, 'subscription { queueEvents { caseId } }', {}, agent),
      subscribe(api.graphqlUrl, 'subscription { knowledgeGapEvents { id } }', {}, admin),
    ];
    for (const s of streams) expect(await s.status).toBe(200);
    // The grace period is far beyond the test's timeout: only streams that end with the API let this finish.
    await api.close(10 * 60_000);
    await Promise.all(streams.map((s) => s.ended));
  } finally {
    await api.close();
    await db.end();
  }
});
