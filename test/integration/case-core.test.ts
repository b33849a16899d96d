// The case core through GraphQL, attacked as an intruder and an impatient customer would: order, odd ids, bad text, guessing.
import { createApiKey } from '../../activities/platform/api-keys';
import { sendMessageUpdate } from '../../workflows/messages';
import { startKefuStack, eventually, storedTranscript, type KefuStack } from '../helpers/stack';

let kefu: KefuStack;
let agentKey: string;

beforeAll(async () => {
  kefu = await startKefuStack();
  agentKey = (await createApiKey(kefu.db, 'agent', 'case core test')).key;
});

afterAll(async () => {
  await kefu?.stop();
});

interface Started {
  id: string;
  token: string;
}

interface Sent {
  replies: { id: string; text: string }[];
  case: {
    status: string;
    intent: string | null;
    flow: string | null;
    slots: Record<string, unknown>;
    customer: { id: string | null; verified: boolean };
  };
}

const SEND = `mutation($id: ID!, $text: String!, $mid: ID) {
  sendMessage(caseId: $id, text: $text, clientMessageId: $mid) {
    replies { id text }
    case { status intent flow slots customer { id verified } }
  }
}`;

async function newCase(input: Record<string, unknown> = {}): Promise<Started> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation($input: StartCaseInput!) { startCase(input: $input) { token case { id } } }',
    { input },
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function send(c: Started, text: string, clientMessageId?: string): Promise<Sent> {
  const res = await kefu.gql<{ sendMessage: Sent }>(SEND, { id: c.id, text, mid: clientMessageId }, c.token);
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage;
}

const said = (sent: Sent) => sent.replies.map((r) => r.text).join('\n');

async function events(c: Started): Promise<{ type: string; actor: string; data: Record<string, unknown> }[]> {
  const res = await kefu.gql<{
    case: { events: { edges: { node: { type: string; actor: string; data: Record<string, unknown> } }[] } };
  }>(
    'query($id: ID!) { case(id: $id) { events(first: 100) { edges { node { type actor data } } } } }',
    { id: c.id },
    agentKey,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.case.events.edges.map((e) => e.node);
}

describe('messages to one case', () => {
  test('a burst of messages is answered strictly in the order the case took them, each followed by its replies', async () => {
    const c = await newCase();
    const texts = ['hello', 'Where is my order W1234567?', 'thanks', 'hi again', 'what?', 'hello there'];
    await Promise.all(texts.map((text, i) => send(c, text, `burst-${i}`)));
    const transcript = await storedTranscript(kefu, c.id);
    const roles = transcript.slice(1).map((m) => (m.role === 'CUSTOMER' ? 'C' : 'A'));
    expect(roles.join('')).toMatch(/^(CA+){6}$/);
    expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
  });

  test('message ids and text that are object property names ("constructor", "__proto__") are ordinary', async () => {
    const c = await newCase();
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const first = await send(c, `hello, constructor __proto__ toString ${id}`, id);
      const again = await send(c, `hello, constructor __proto__ toString ${id}`, id);
      expect(again.replies.map((r) => r.id)).toEqual(first.replies.map((r) => r.id));
    }
    const after = await send(c, 'Where is my order W1234567?');
    expect(said(after)).toMatch(/email address or phone number/);
    const read = await kefu.gql<{ case: { messageCount: number } }>(
      'query($id: ID!) { case(id: $id) { messageCount } }',
      { id: c.id },
      c.token,
    );
    expect(read.data?.case.messageCount).toBeGreaterThan(8);
  });

  test('NUL bytes and lone surrogates are refused with the field named, and the case goes on', async () => {
    const c = await newCase();
    for (const [text, mid] of [
      ['hello\u0000there', undefined],
      ['broken \uD800 text', undefined],
      ['fine text', 'id\u0000nul'],
    ] as const) {
      const res = await kefu.gql(SEND, { id: c.id, text, mid }, c.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: mid ? 'clientMessageId' : 'text',
      });
    }
    const start = await kefu.gql(
      'mutation { startCase(input: { customer: { name: "Eve\\u0000" } }) { token } }',
    );
    expect(start.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.customer.name',
    });
    const close = await kefu.gql(
      'mutation($id: ID!, $reason: String) { closeCase(caseId: $id, reason: $reason) { status } }',
      { id: c.id, reason: 'bye \uD800' },
      c.token,
    );
    expect(close.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });

    // A caller that goes to Temporal directly is refused by the case itself.
    await expect(
      kefu.temporal.workflow
        .getHandle(c.id)
        .executeUpdate(sendMessageUpdate, { args: [{ messageId: 'direct', text: 'a\u0000b' }] }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/NUL/) } });
    expect(said(await send(c, 'hello'))).toMatch(/help/);
    const closed = await kefu.gql<{ closeCase: { status: string } }>(
      'mutation($id: ID!) { closeCase(caseId: $id, reason: "done") { status } }',
      { id: c.id },
      c.token,
    );
    expect(closed.data?.closeCase.status).toBe('CLOSED');
  });
});

describe('escalated cases', () => {
  test('an angry first message with an order id escalates, keeps the id, and the bot then only acknowledges', async () => {
    const c = await newCase();
    const angry = await send(c, '这都第三次了！！W1234567到底什么时候到！！！太差了，我要投诉！！！');
    expect(angry.case.status).toBe('ESCALATED');
    expect(angry.case.slots).toMatchObject({ orderId: 'W1234567' });
    const next = await send(c, 'Where is my order W7654321?');
    expect(said(next)).toMatch(/colleague will read it/);
    expect(said(next)).not.toMatch(/email address or phone/);
    expect(next.case.status).toBe('ESCALATED');
    expect(next.case.flow).toBeNull();
    expect(next.case.intent).toBe('complaint');
    expect(next.case.slots).toMatchObject({ orderId: 'W1234567' });
    const log = await eventually(
      () => events(c),
      (e) => e.some((x) => x.type === 'message_held'),
    );
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'escalated', data: { reason: 'angry_customer' } }),
        expect.objectContaining({
          type: 'status_changed',
          data: expect.objectContaining({ from: 'OPEN', to: 'ESCALATED' }),
        }),
      ]),
    );
  });
});

describe('identity', () => {
  test("a claimed phone that is only the end of the customer's number verifies nothing", async () => {
    const bad = await kefu.gql(
      'mutation { startCase(input: { customer: { phone: "555-0100" } }) { token } }',
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.customer.phone',
    });
    const c = await newCase();
    await send(c, 'Where is my order W1234567?');
    const suffix = await send(c, 'my number is +55550100');
    expect(suffix.case.customer.verified).toBe(false);
    expect(said(suffix)).not.toMatch(/UPS/);
  });

  test('a bare US number with area code verifies the customer it belongs to', async () => {
    const c = await newCase();
    await send(c, 'Where is my order W1234567?');
    const answered = await send(c, '(415) 555-0100');
    expect(answered.case.customer).toMatchObject({ id: 'C-ALICE', verified: true });
    expect(said(answered)).toMatch(/UPS/);
  });

  test('two hundred phone numbers in one message lock the order, across escalation and new cases', async () => {
    const c = await newCase();
    await send(c, 'Where is my order W2488376?');
    const guesses = Array.from({ length: 198 }, (_, i) => `+1 415 555 ${String(1000 + i)}`).join(' ');
    const guessed = await send(c, guesses.slice(0, 2000));
    expect(guessed.case.status).toBe('ESCALATED');
    expect(guessed.case.customer.verified).toBe(false);
    // The real owner's contact no longer opens that order from another case.
    const other = await newCase();
    await send(other, 'Where is my order W2488376?');
    const refused = await send(other, 'huangqiang4@example.com.cn');
    expect(refused.case.customer.verified).toBe(false);
    expect(refused.case.status).toBe('ESCALATED');
  });

  test('an email instead of an order number: a one-time code, then the customer picks from their orders', async () => {
    const c = await newCase();
    const asked = await send(c, 'where is my package?');
    expect(said(asked)).toMatch(/order number/);
    const sent = await send(c, 'I forgot it, my email is alice@example.com');
    expect(said(sent)).toMatch(/6-digit code/);
    expect(sent.case.customer.verified).toBe(false);
    const outbox = await kefu.gql<{
      notifications: { edges: { node: { body: string; recipient: string } }[] };
    }>(
      'query($id: ID!) { notifications(caseId: $id) { edges { node { body recipient } } } }',
      { id: c.id },
      agentKey,
    );
    const note = outbox.data!.notifications.edges[0]!.node;
    expect(note.recipient).toBe('alice@example.com');
    const code = /\b(\d{6})\b/.exec(note.body)![1]!;
    const wrong = await send(c, code === '000000' ? '111111' : '000000');
    expect(said(wrong)).toMatch(/code isn't right/);
    const listed = await send(c, code);
    expect(listed.case.customer).toMatchObject({ id: 'C-ALICE', verified: true });
    expect(said(listed)).toMatch(/1\. W\d{7}[\s\S]*2\. W\d{7}/);
    const picked = await send(c, 'the second one');
    expect(said(picked)).toMatch(/Order W\d{7}/);
    expect(picked.case.status).toBe('RESOLVED');
  });
});

describe('flows: corrections, cancels and digressions', () => {
  test('English: a digression is answered and the question comes back; a correction replaces the order; never mind stops', async () => {
    const c = await newCase();
    await send(c, 'where is my order?');
    const digression = await send(c, 'hello');
    expect(said(digression)).toMatch(/Hello![\s\S]*back to your order[\s\S]*order number/);
    const first = await send(c, 'W1234567');
    expect(said(first)).toMatch(/order W1234567/);
    const corrected = await send(c, 'sorry, I meant W7654321');
    expect(said(corrected)).toMatch(/updated that[\s\S]*order W7654321/);
    expect(corrected.case.slots).toMatchObject({ orderId: 'W7654321' });
    const stopped = await send(c, 'never mind');
    expect(said(stopped)).toMatch(/stopped that/);
    expect(stopped.case.flow).toBeNull();
    expect(stopped.case.status).toBe('OPEN');
    const log = await eventually(
      () => events(c),
      (e) => e.some((x) => x.type === 'flow_cancelled'),
    );
    expect(log.map((e) => e.type)).toEqual(
      expect.arrayContaining(['flow_started', 'slot_filled', 'identity_requested', 'flow_cancelled']),
    );
    expect(log.find((e) => e.type === 'slot_filled' && e.data.corrected === true)).toBeDefined();
  });

  test('Chinese: 打招呼后继续问订单号；“不对，是…”更正订单；“算了”取消', async () => {
    const c = await newCase();
    const asked = await send(c, '我的快递到哪了');
    expect(said(asked)).toMatch(/订单号/);
    const digression = await send(c, '你好');
    expect(said(digression)).toMatch(/继续刚才的订单查询[\s\S]*订单号/);
    await send(c, 'W1234567');
    const corrected = await send(c, '不对，是W7654321');
    expect(said(corrected)).toMatch(/已为您更正[\s\S]*W7654321/);
    const answered = await send(c, '手机号 138 0013 8000');
    expect(answered.case.customer).toMatchObject({ id: 'C-WANGFANG', verified: true });
    expect(said(answered)).toMatch(/顺丰/);
    const nothing = await send(c, '算了');
    expect(said(nothing)).toMatch(/还有其他可以帮您的吗/);
    const other = await newCase();
    await send(other, '我的订单W1234567到哪了');
    const cancelled = await send(other, '算了');
    expect(said(cancelled)).toMatch(/已为您取消/);
    expect(cancelled.case.flow).toBeNull();
  });
});

describe('the transcript', () => {
  test('case.messages pages through the stored transcript from either end', async () => {
    const c = await newCase();
    for (let i = 0; i < 6; i++) await send(c, `hello ${i}`);
    await storedTranscript(kefu, c.id);
    type Page = {
      edges: { cursor: string; node: { seq: number } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
      totalCount: number;
    };
    const page = async (args: string) => {
      const res = await kefu.gql<{ case: { messages: Page } }>(
        `query($id: ID!) { case(id: $id) { messages(${args}) { edges { cursor node { seq } } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } } }`,
        { id: c.id },
        c.token,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.case.messages;
    };
    const first = await page('first: 5');
    expect(first.edges.map((e) => e.node.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await page(`first: 5, after: "${first.pageInfo.endCursor}"`);
    expect(next.edges.map((e) => e.node.seq)).toEqual([6, 7, 8, 9, 10]);
    const last = await page('last: 3');
    expect(last.edges.map((e) => e.node.seq)).toEqual([11, 12, 13]);
    expect(last.totalCount).toBe(13);
    const bad = await kefu.gql(
      'query($id: ID!) { case(id: $id) { messages(after: "nope") { totalCount } } }',
      { id: c.id },
      c.token,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const customerEvents = await kefu.gql(
      'query($id: ID!) { case(id: $id) { events { edges { cursor } } } }',
      { id: c.id },
      c.token,
    );
    expect(customerEvents.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
