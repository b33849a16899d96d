// Humans in the loop through GraphQL: escalation triggers in both languages, take-over races, hand-back, transfer, close.
import { createApiKey } from '../../activities/platform/api-keys';
import { startKefuStack, eventually, type KefuStack } from '../helpers/stack';

let kefu: KefuStack;
const keys: Record<'li' | 'wang' | 'sup' | 'auditor', { key: string; id: string }> = {} as never;

beforeAll(async () => {
  kefu = await startKefuStack();
  keys.li = await createApiKey(kefu.db, 'agent', 'Li Lei');
  keys.wang = await createApiKey(kefu.db, 'agent', 'Wang Fang');
  keys.sup = await createApiKey(kefu.db, 'supervisor', 'Zhao Min');
  keys.auditor = await createApiKey(kefu.db, 'auditor', 'Audit');
});

afterAll(async () => {
  await kefu?.stop();
});

interface Started {
  id: string;
  token: string;
}

interface Msg {
  role: string;
  text: string;
  style: string | null;
}

interface CaseData {
  status: string;
  flow: string | null;
  slots: Record<string, unknown>;
}

async function newCase(locale = 'en'): Promise<Started> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation($input: StartCaseInput!) { startCase(input: $input) { token case { id } } }',
    { input: { locale } },
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function send(c: Started, text: string): Promise<{ replies: Msg[]; case: CaseData }> {
  const res = await kefu.gql<{ sendMessage: { replies: Msg[]; case: CaseData } }>(
    `mutation($id: ID!, $text: String!) {
       sendMessage(caseId: $id, text: $text) { replies { role text style } case { status flow slots } }
     }`,
    { id: c.id, text },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage;
}

const said = (r: { replies: Msg[] }) => r.replies.map((m) => m.text).join('\n');

async function events(c: Started) {
  const res = await kefu.gql<{
    case: { events: { edges: { node: { type: string; actor: string; data: Record<string, unknown> } }[] } };
  }>(
    'query($id: ID!) { case(id: $id) { events(first: 100) { edges { node { type actor data } } } } }',
    { id: c.id },
    keys.sup.key,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.case.events.edges.map((e) => e.node);
}

async function escalationReason(c: Started): Promise<unknown> {
  const log = await eventually(
    () => events(c),
    (e) => e.some((x) => x.type === 'escalated'),
  );
  return log.find((x) => x.type === 'escalated')?.data.reason;
}

const TAKE = 'mutation($id: ID!) { takeOverCase(caseId: $id) { status desk { assignee { name } } } }';
const AGENT_SAYS = `mutation($id: ID!, $text: String!) {
  sendAgentMessage(caseId: $id, text: $text) { messages { role text } case { status } }
}`;
const HAND_BACK = `mutation($id: ID!, $note: String!) {
  handBackCase(caseId: $id, note: $note) { messages { role text } case { status flow slots } }
}`;

describe('escalation policy', () => {
  const triggers: [string, string, string[], string][] = [
    ['asking for a human', 'en', ['I want to talk to a real person'], 'customer_request'],
    ['asking for a human', 'zh-CN', ['转人工'], 'customer_request'],
    ['one extreme message', 'en', ['This is ridiculous!!! Still nothing???'], 'angry_customer'],
    ['one extreme message', 'zh-CN', ['太差了！！！气死我了！！！垃圾服务！！！'], 'angry_customer'],
    [
      'two strongly negative in a row',
      'en',
      ['This is unacceptable, my order is late', 'Still waiting, this is terrible'],
      'negative_streak',
    ],
    [
      'two strongly negative in a row',
      'zh-CN',
      ['太差了！！怎么还没到', '太差了！！怎么还没到'],
      'negative_streak',
    ],
    ['not understood twice', 'en', ['asdf qwer', 'zxcv bnm'], 'repeated_failure'],
    ['not understood twice', 'zh-CN', ['呃呃呃', '呃呃呃呃'], 'repeated_failure'],
    ['a high-risk request', 'en', ['I will call my lawyer about this'], 'high_risk'],
    ['a high-risk request', 'zh-CN', ['我要起诉你们'], 'high_risk'],
  ];
  test.each(triggers)(
    '%s (%s) hands the case over and names the reason',
    async (_, locale, texts, reason) => {
      const c = await newCase(locale);
      let last: Awaited<ReturnType<typeof send>> | undefined;
      for (const text of texts) last = await send(c, text);
      expect(last!.case.status).toBe('ESCALATED');
      // The customer is told a human is coming and about how long it takes.
      expect(said(last!)).toMatch(locale === 'en' ? /expected wait is about 2 minutes/ : /预计等待约 2 分钟/);
      expect(await escalationReason(c)).toBe(reason);
      const held = await send(c, locale === 'en' ? 'hello?' : '有人吗');
      expect(said(held)).toMatch(locale === 'en' ? /colleague will read it/ : /人工客服接入后/);
    },
  );

  test('an upset customer gets the answer first, briefly, and the message records the style', async () => {
    const c = await newCase();
    await send(c, 'Where is my order W1234567?');
    const angry = await send(c, 'alice@example.com - this is unacceptable, my order is late');
    const answer = angry.replies.at(-1)!;
    expect(answer.text).toMatch(/^Order W1234567 is .*UPS/);
    expect(answer.text).toMatch(/Sorry for the (wait|trouble)\.$/);
    expect(answer.style).toBe('brief');
    const calm = await send(c, 'thanks');
    expect(calm.replies[0]!.style).toBe('standard');
  });
});

describe('take-over and hand-back', () => {
  test('of two agents taking a case at once exactly one wins; the other hears who has it', async () => {
    const c = await newCase();
    await send(c, 'talk to a human please');
    const [a, b] = await Promise.all([
      kefu.gql<{ takeOverCase: { status: string } }>(TAKE, { id: c.id }, keys.li.key),
      kefu.gql<{ takeOverCase: { status: string } }>(TAKE, { id: c.id }, keys.wang.key),
    ]);
    const won = [a, b].filter((r) => !r.errors);
    const lost = [a, b].filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(lost[0]!.errors![0]!.message).toMatch(/already taken by (Li Lei|Wang Fang)/);
    const log = await eventually(
      () => events(c),
      (e) => e.some((x) => x.type === 'taken_over'),
    );
    expect(log.filter((x) => x.type === 'taken_over')).toHaveLength(1);
    // The loser may not write to the customer either.
    const loserKey = a.errors ? keys.li.key : keys.wang.key;
    const refused = await kefu.gql(AGENT_SAYS, { id: c.id, text: 'hi' }, loserKey);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('the bot resumes the order-status flow it was in without asking for the order number again', async () => {
    const c = await newCase();
    const asked = await send(c, 'Where is my order W1234567?');
    expect(said(asked)).toMatch(/email address or phone number used for order W1234567/);
    await send(c, 'can I talk to a human?');

    // The queue reads the projection, which the case writes a moment after it answers.
    const queue = await eventually(
      () =>
        kefu.gql<{
          queue: {
            id: string;
            desk: { handover: { slots: { orderId?: string }; flows: string[] }; suggestedReply: string };
          }[];
        }>('{ queue(first: 100) { id desk { handover { slots flows } suggestedReply } } }', {}, keys.li.key),
      (res) => res.data?.queue.some((q) => q.id === c.id) ?? false,
    );
    const queued = queue.data!.queue.find((q) => q.id === c.id)!;
    expect(queued.desk.handover.slots.orderId).toBe('W1234567');
    expect(queued.desk.handover.flows[0]).toMatch(/^order_status: identity/);
    // Agent assist: the question the bot was waiting on, never the order number again.
    expect(queued.desk.suggestedReply).toMatch(/order W1234567/);

    const taken = await kefu.gql<{ takeOverCase: { status: string; desk: { assignee: { name: string } } } }>(
      TAKE,
      { id: c.id },
      keys.li.key,
    );
    expect(taken.data?.takeOverCase).toMatchObject({
      status: 'WITH_HUMAN',
      desk: { assignee: { name: 'Li Lei' } },
    });
    const customerSees = await send(c, 'hello, is someone there?');
    expect(customerSees.replies).toEqual([]);
    const human = await kefu.gql<{ sendAgentMessage: { messages: Msg[] } }>(
      AGENT_SAYS,
      { id: c.id, text: 'Hi, this is Li Lei. I will check order W1234567 with the carrier.' },
      keys.li.key,
    );
    expect(human.data?.sendAgentMessage.messages[0]).toMatchObject({ role: 'HUMAN' });
    const note = await kefu.gql(
      'mutation($id: ID!) { addInternalNote(caseId: $id, text: "Carrier says on time; customer still needs to verify") { status } }',
      { id: c.id },
      keys.li.key,
    );
    expect(note.errors).toBeUndefined();

    const back = await kefu.gql<{ handBackCase: { messages: Msg[]; case: CaseData } }>(
      HAND_BACK,
      { id: c.id, note: 'carrier checked; bot can finish the lookup' },
      keys.li.key,
    );
    expect(back.errors).toBeUndefined();
    const botSays = back.data!.handBackCase.messages.map((m) => m.text).join('\n');
    expect(botSays).toMatch(/back to your order/);
    expect(botSays).toMatch(/email address or phone number used for order W1234567/);
    expect(botSays).not.toMatch(/What is your order number/);
    expect(back.data!.handBackCase.case).toMatchObject({ status: 'WAITING_CUSTOMER', flow: 'order_status' });

    const answered = await send(c, 'alice@example.com');
    expect(said(answered)).toMatch(/Order W1234567 is .* UPS/);

    // The customer's transcript has the human's words, never the internal note.
    const transcript = await kefu.gql<{ case: { messages: { edges: { node: Msg }[] } } }>(
      'query($id: ID!) { case(id: $id) { messages(last: 50) { edges { node { role text style } } } } }',
      { id: c.id },
      c.token,
    );
    const texts = transcript.data!.case.messages.edges.map((e) => e.node);
    expect(texts.some((m) => m.role === 'HUMAN' && /Li Lei/.test(m.text))).toBe(true);
    expect(texts.some((m) => /Carrier says on time/.test(m.text))).toBe(false);
    const log = await eventually(
      () => events(c),
      (e) => e.some((x) => x.type === 'handed_back'),
    );
    for (const type of ['taken_over', 'human_replied', 'internal_note', 'handed_back']) {
      expect(log).toContainEqual(
        expect.objectContaining({
          type,
          actor: 'human',
          data: expect.objectContaining({ agent: expect.objectContaining({ name: 'Li Lei' }) }),
        }),
      );
    }
  });

  test('transfer to a colleague, then close with a resolution; customers and auditors cannot act', async () => {
    const c = await newCase('zh-CN');
    await send(c, '转人工');
    expect((await kefu.gql(TAKE, { id: c.id }, c.token)).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await kefu.gql(TAKE, { id: c.id }, keys.auditor.key)).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    await kefu.gql(TAKE, { id: c.id }, keys.li.key);
    const moved = await kefu.gql<{ transferCase: { desk: { assignee: { name: string } } } }>(
      'mutation($id: ID!, $to: ID!) { transferCase(caseId: $id, toAgentId: $to) { desk { assignee { name } } } }',
      { id: c.id, to: keys.wang.id },
      keys.li.key,
    );
    expect(moved.data?.transferCase.desk.assignee.name).toBe('Wang Fang');
    // Li no longer holds it; Wang does.
    expect(
      (await kefu.gql(AGENT_SAYS, { id: c.id, text: '你好' }, keys.li.key)).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const wang = await kefu.gql(
      AGENT_SAYS,
      { id: c.id, text: '您好，我是王芳，马上为您处理。' },
      keys.wang.key,
    );
    expect(wang.errors).toBeUndefined();
    const closed = await kefu.gql<{ closeCase: { status: string } }>(
      'mutation($id: ID!) { closeCase(caseId: $id, reason: "done", resolution: "refund promised by phone") { status } }',
      { id: c.id },
      keys.wang.key,
    );
    expect(closed.data?.closeCase.status).toBe('CLOSED');
    const log = await eventually(
      () => events(c),
      (e) => e.some((x) => x.type === 'case_closed'),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        type: 'transferred',
        data: expect.objectContaining({ to: expect.objectContaining({ name: 'Wang Fang' }) }),
      }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        type: 'case_closed',
        actor: 'human',
        data: expect.objectContaining({ resolution: 'refund promised by phone' }),
      }),
    );
  });
});
