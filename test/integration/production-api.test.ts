// The API in production mode: no GraphiQL, CORS only for listed origins, rate limits per client address and per token.
import { startKefuStack, type KefuStack } from '../helpers/stack';

let kefu: KefuStack;

beforeAll(async () => {
  kefu = await startKefuStack({
    env: {
      KEFU_ENV: 'production',
      KEFU_CORS_ORIGINS: 'https://shop.example.com',
      // The tests speak from 127.0.0.1 as several customers behind one trusted proxy.
      KEFU_TRUST_PROXY: 'loopback',
      KEFU_RATE_START_CASE_PER_CLIENT: '3/1h',
      KEFU_RATE_SEND_MESSAGE_PER_TOKEN: '2/1h',
      KEFU_RATE_SEND_MESSAGE_PER_CLIENT: '4/1h',
    },
  });
});

afterAll(async () => {
  await kefu?.stop();
});

/** A GraphQL response body as the tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests index into arbitrary data
type GraphQLBody = Record<string, any>;

async function post(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; body: GraphQLBody }> {
  const res = await fetch(kefu.api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const START = 'mutation { startCase(input: { channel: WEB }) { token case { id } } }';
const SEND =
  'mutation ($caseId: ID!, $text: String!) { sendMessage(caseId: $caseId, text: $text) { replies { text } } }';

async function startCaseFrom(client: string) {
  return post(START, {}, { 'x-forwarded-for': client });
}

test('GraphiQL is off: a browser asking for the endpoint gets no IDE', async () => {
  const res = await fetch(kefu.api.graphqlUrl, { headers: { accept: 'text/html' } });
  expect(await res.text()).not.toContain('<title>Kefu GraphQL</title>');
});

test('a listed origin may call the API from a browser; any other gets no CORS grant', async () => {
  const preflight = await fetch(kefu.api.graphqlUrl, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://shop.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
  expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

  const evil = await post('{ viewer { kind } }', {}, { origin: 'https://evil.example.net' });
  expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  const listed = await post('{ viewer { kind } }', {}, { origin: 'https://shop.example.com' });
  expect(listed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
});

test('startCase is limited per client address, with a Retry-After; other addresses are not affected', async () => {
  for (let i = 0; i < 3; i++)
    expect((await startCaseFrom('203.0.113.7')).body.data.startCase.token).toBeTruthy();
  const refused = await startCaseFrom('203.0.113.7');
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', field: 'startCase' });
  expect(refused.body.errors[0].message).toMatch(
    /too many startCase calls from this address: try again in \d+ s/,
  );
  expect(refused.body.data ?? null).toBeNull();
  expect((await startCaseFrom('203.0.113.8')).body.data.startCase.token).toBeTruthy();
});

test('sendMessage is limited per case token, and per address across tokens', async () => {
  const first = (await startCaseFrom('198.51.100.1')).body.data.startCase;
  const headers = { 'x-forwarded-for': '198.51.100.1', authorization: `Bearer ${first.token}` };
  for (const text of ['hello', 'where is my order?']) {
    const ok = await post(SEND, { caseId: first.case.id, text }, headers);
    expect(ok.body.data.sendMessage.replies.length).toBeGreaterThan(0);
  }
  const refused = await post(SEND, { caseId: first.case.id, text: 'hello again' }, headers);
  expect(refused.status).toBe(429);
  expect(refused.body.errors[0].message).toMatch(/too many sendMessage calls with this token/);

  // Another case from the same address has a fresh token budget, but the address has 2 of its 4 left.
  const second = (await startCaseFrom('198.51.100.1')).body.data.startCase;
  const secondHeaders = { 'x-forwarded-for': '198.51.100.1', authorization: `Bearer ${second.token}` };
  expect((await post(SEND, { caseId: second.case.id, text: 'hi' }, secondHeaders)).status).toBe(200);
  expect((await post(SEND, { caseId: second.case.id, text: 'hi there' }, secondHeaders)).status).toBe(200);
  const byAddress = await post(SEND, { caseId: second.case.id, text: 'and?' }, secondHeaders);
  expect(byAddress.status).toBe(429);
  expect(byAddress.body.errors[0].message).toMatch(/from this address/);
});

test('a refused request runs nothing: a burst of aliased messages is refused whole', async () => {
  const started = (await startCaseFrom('192.0.2.50')).body.data.startCase;
  const burst = `mutation ($caseId: ID!) {
    a: sendMessage(caseId: $caseId, text: "one") { replies { text } }
    b: sendMessage(caseId: $caseId, text: "two") { replies { text } }
    c: sendMessage(caseId: $caseId, text: "three") { replies { text } }
  }`;
  const refused = await post(
    burst,
    { caseId: started.case.id },
    { 'x-forwarded-for': '192.0.2.50', authorization: `Bearer ${started.token}` },
  );
  expect(refused.status).toBe(429);
  const view = await kefu.gql<{ case: { messageCount: number } }>(
    'query ($id: ID!) { case(id: $id) { messageCount } }',
    { id: started.case.id },
    started.token,
  );
  // Only the greeting: none of the three messages reached the case.
  expect(view.data?.case.messageCount).toBe(1);
});
