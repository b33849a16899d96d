// The API's promises to callers: clear coded errors naming the field, no stack traces, and tokens scoped to one case.
import { createApiKey } from '../../activities/platform/api-keys';
import {
  startKefuStack,
  CASE_FIELDS,
  eventually,
  type GraphQLResponse,
  type KefuStack,
} from '../helpers/stack';

let kefu: KefuStack;
let agentKey: string;
let auditorKey: string;

beforeAll(async () => {
  kefu = await startKefuStack({
    env: { KEFU_MAX_MESSAGE_CHARS: '200', KEFU_PAGE_SIZE_MAX: '50', KEFU_GRAPHQL_MAX_DEPTH: '6' },
  });
  agentKey = (await createApiKey(kefu.db, 'agent', 'test agent')).key;
  auditorKey = (await createApiKey(kefu.db, 'auditor', 'test auditor')).key;
});

afterAll(async () => {
  await kefu?.stop();
});

const START = `mutation($input: StartCaseInput!) { startCase(input: $input) { token case { ${CASE_FIELDS} } } }`;
const SEND = `mutation($caseId: ID!, $text: String!, $clientMessageId: ID) {
  sendMessage(caseId: $caseId, text: $text, clientMessageId: $clientMessageId) { replies { id text } case { id status messageCount } } }`;
const GET = `query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
const LIST = `query($filter: CaseFilter, $first: Int, $after: String) {
  cases(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } }`;

async function newCase(input: Record<string, unknown> = {}, bearer?: string) {
  const res = await kefu.gql<{
    startCase: { token: string; case: { id: string; customer: { id: string | null; verified: boolean } } };
  }>(START, { input }, bearer);
  expect(res.errors).toBeUndefined();
  return res.data!.startCase;
}

function expectError(res: GraphQLResponse<unknown>, code: string, messagePattern?: RegExp) {
  expect(res.errors).toBeDefined();
  const [error] = res.errors!;
  expect(error!.extensions?.code).toBe(code);
  if (messagePattern) expect(error!.message).toMatch(messagePattern);
  expect(JSON.stringify(res)).not.toMatch(/\n\s+at |stack/i);
}

test('a customer token reads its own case and no other', async () => {
  const a = await newCase();
  const b = await newCase();
  const own = await kefu.gql<{ case: { id: string } }>(GET, { id: a.case.id }, a.token);
  expect(own.data?.case.id).toBe(a.case.id);
  expectError(await kefu.gql(GET, { id: b.case.id }, a.token), 'FORBIDDEN');
  expectError(await kefu.gql(SEND, { caseId: b.case.id, text: 'hello' }, a.token), 'FORBIDDEN');
  expectError(await kefu.gql(LIST, {}, a.token), 'FORBIDDEN');
});

test('no token, or a made-up one, is unauthenticated', async () => {
  const a = await newCase();
  expectError(await kefu.gql(GET, { id: a.case.id }), 'UNAUTHENTICATED');
  expectError(await kefu.gql(GET, { id: a.case.id }, 'kct_not-a-real-token'), 'UNAUTHENTICATED');
  expectError(await kefu.gql(GET, { id: a.case.id }, 'kefu_admin_forged'), 'UNAUTHENTICATED');
});

test('bad message text is refused, naming the field, and the case is unchanged', async () => {
  const a = await newCase();
  const empty = await kefu.gql(SEND, { caseId: a.case.id, text: '   ' }, a.token);
  expectError(empty, 'BAD_USER_INPUT', /^text: must not be empty/);
  expect(empty.errors![0]!.extensions?.field).toBe('text');
  expectError(
    await kefu.gql(SEND, { caseId: a.case.id, text: 'x'.repeat(201) }, a.token),
    'BAD_USER_INPUT',
    /text: must be at most 200 characters/,
  );
  const after = await kefu.gql<{ case: { messageCount: number } }>(GET, { id: a.case.id }, a.token);
  expect(after.data?.case.messageCount).toBe(1);
});

test('bad start input names the field', async () => {
  expectError(
    await kefu.gql(START, { input: { locale: 'fr' } }),
    'BAD_USER_INPUT',
    /input\.locale: must be one of en, zh-CN/,
  );
  expectError(
    await kefu.gql(START, { input: { customer: { email: 'not-an-email' } } }),
    'BAD_USER_INPUT',
    /input\.customer\.email/,
  );
  expectError(
    await kefu.gql(START, { input: { customer: { phone: 'call me' } } }),
    'BAD_USER_INPUT',
    /input\.customer\.phone/,
  );
  expectError(await kefu.gql(START, { input: { channel: 'PIGEON' } }), 'BAD_USER_INPUT', /PIGEON/);
  expectError(
    await kefu.gql(START, { input: { customer: { id: 'C-ALICE' } } }),
    'FORBIDDEN',
    /input\.customer\.id/,
  );
});

test('a trusted channel (agent key) may start a case for a known, verified customer', async () => {
  const started = await newCase({ customer: { id: 'C-ALICE' } }, agentKey);
  expect(started.case.customer).toMatchObject({ id: 'C-ALICE', verified: true });
  const send = await kefu.gql<{ sendMessage: { replies: { text: string }[] } }>(
    SEND,
    { caseId: started.case.id, text: 'Where is my order W1234567?' },
    started.token,
  );
  expect(send.data?.sendMessage.replies.map((r) => r.text).join(' ')).toMatch(/UPS/);
  expectError(
    await kefu.gql(START, { input: { customer: { id: 'C-NOBODY' } } }, agentKey),
    'BAD_USER_INPUT',
    /input\.customer\.id/,
  );
});

test('malformed queries and variables get BAD_USER_INPUT, never a stack trace', async () => {
  expectError(await kefu.gql('query { case(id: "x") { nope } }', {}, agentKey), 'BAD_USER_INPUT');
  expectError(await kefu.gql('query { case(id: ', {}, agentKey), 'BAD_USER_INPUT');
  expectError(await kefu.gql(LIST, { first: 'ten' }, agentKey), 'BAD_USER_INPUT');
  expectError(
    await kefu.gql(LIST, { first: 500 }, agentKey),
    'BAD_USER_INPUT',
    /first: must be between 1 and 50/,
  );
  expectError(await kefu.gql(LIST, { after: 'garbage' }, agentKey), 'BAD_USER_INPUT', /after/);
  expectError(await kefu.gql(GET, { id: 'no-such-case' }, 'kct_x'), 'UNAUTHENTICATED');
});

test('queries deeper than the configured limit are refused', async () => {
  const atLimit = 'query { cases { edges { node { messages { edges { cursor } } } } } }';
  expect((await kefu.gql(atLimit, {}, agentKey)).errors).toBeUndefined();
  const tooDeep = 'query { cases { edges { node { messages { edges { node { id } } } } } } }';
  expectError(await kefu.gql(tooDeep, {}, agentKey), 'BAD_USER_INPUT', /depth/i);
});

test('queries with too many aliases are refused before they run', async () => {
  const aliases = Array.from({ length: 20 }, (_, i) => `v${i}: viewer { kind }`).join(' ');
  expectError(await kefu.gql(`query { ${aliases} }`, {}, agentKey), 'BAD_USER_INPUT', /alias/i);
});

test('a token whose case no longer exists in Temporal gets NOT_FOUND', async () => {
  const a = await newCase();
  await kefu.db.query('UPDATE case_tokens SET case_id = $1 WHERE case_id = $2', ['ghost-case', a.case.id]);
  expectError(await kefu.gql(SEND, { caseId: 'ghost-case', text: 'hi' }, a.token), 'NOT_FOUND');
});

test('the same clientMessageId sent twice is answered once', async () => {
  const a = await newCase();
  const vars = { caseId: a.case.id, text: 'Where is my order W1234567?', clientMessageId: 'retry-1' };
  const first = await kefu.gql<{
    sendMessage: { replies: { id: string }[]; case: { messageCount: number } };
  }>(SEND, vars, a.token);
  const second = await kefu.gql<{
    sendMessage: { replies: { id: string }[]; case: { messageCount: number } };
  }>(SEND, vars, a.token);
  expect(second.data?.sendMessage.replies.map((r) => r.id)).toEqual(
    first.data?.sendMessage.replies.map((r) => r.id),
  );
  expect(second.data?.sendMessage.case.messageCount).toBe(3);
});

test('staff list cases from the projection, filter them and page through them', async () => {
  const started = await Promise.all([newCase(), newCase(), newCase()]);
  const ids = new Set(started.map((s) => s.case.id));
  const listed = await eventually(
    () =>
      kefu.gql<{ cases: { totalCount: number; edges: { node: { id: string } }[] } }>(
        LIST,
        { first: 50, filter: { status: ['OPEN'] } },
        auditorKey,
      ),
    (res) => started.every((s) => res.data?.cases.edges.some((e) => e.node.id === s.case.id) ?? false),
  );
  expect(listed.data!.cases.totalCount).toBeGreaterThanOrEqual(3);

  const pages: string[] = [];
  let after: string | null = null;
  do {
    const res: GraphQLResponse<{
      cases: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { id: string } }[];
      };
    }> = await kefu.gql(LIST, { first: 2, after, filter: { status: ['OPEN'] } }, agentKey);
    expect(res.errors).toBeUndefined();
    pages.push(...res.data!.cases.edges.map((e) => e.node.id));
    after = res.data!.cases.pageInfo.hasNextPage ? res.data!.cases.pageInfo.endCursor : null;
  } while (after);
  expect(new Set(pages).size).toBe(pages.length);
  for (const id of ids) expect(pages).toContain(id);
});

test('a closed case refuses new messages with a clear error', async () => {
  const a = await newCase();
  const closed = await kefu.gql<{
    closeCase: { status: string; messages: { edges: { node: { text: string } }[] } };
  }>(
    `mutation($id: ID!) { closeCase(caseId: $id, reason: "done") { status messages(last: 5) { edges { node { text } } } } }`,
    { id: a.case.id },
    a.token,
  );
  expect(closed.data?.closeCase.status).toBe('CLOSED');
  expectError(
    await kefu.gql(SEND, { caseId: a.case.id, text: 'hello again' }, a.token),
    'BAD_USER_INPUT',
    /closed/,
  );
  const read = await kefu.gql<{ case: { status: string } }>(GET, { id: a.case.id }, a.token);
  expect(read.data?.case.status).toBe('CLOSED');
});

test('cases can be found through Temporal visibility by status and channel', async () => {
  const a = await newCase({ channel: 'WECHAT' });
  await kefu.gql(`mutation($id: ID!) { closeCase(caseId: $id) { status } }`, { id: a.case.id }, a.token);
  await eventually(
    async () => {
      const found: string[] = [];
      for await (const wf of kefu.temporal.workflow.list({
        query: `KefuStatus = "CLOSED" AND KefuChannel = "WECHAT"`,
      })) {
        found.push(wf.workflowId);
      }
      return found;
    },
    (found) => found.includes(a.case.id),
  );
});

test('a browser gets GraphiQL at the GraphQL endpoint', async () => {
  const res = await fetch(kefu.api.graphqlUrl, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('<title>Kefu GraphQL</title>');
});

test('the health endpoint reports database and Temporal', async () => {
  const res = await fetch(`${kefu.api.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
});
