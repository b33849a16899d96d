// Understanding end to end through GraphQL: an unsure reading gets a question with the likely requests, and two
// requests in one message are both acknowledged and handled one after the other, in English and in Chinese.
import { startKefuStack, type KefuStack } from '../helpers/stack';

let kefu: KefuStack;

beforeAll(async () => {
  kefu = await startKefuStack();
});

afterAll(async () => {
  await kefu?.stop();
});

interface Sent {
  replies: { text: string }[];
  case: { status: string; intent: string | null; flow: string | null };
}

const SEND = `mutation($id: ID!, $text: String!) {
  sendMessage(caseId: $id, text: $text) { replies { text } case { status intent flow } }
}`;

async function newCase(): Promise<{ id: string; token: string }> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: { channel: WEB }) { token case { id } } }',
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function send(c: { id: string; token: string }, text: string): Promise<Sent> {
  const res = await kefu.gql<{ sendMessage: Sent }>(SEND, { id: c.id, text }, c.token);
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage;
}

const said = (sent: Sent) => sent.replies.map((r) => r.text).join('\n');

/** The requests as the question names them, to check that the pick is the one offered. */
const OFFERED: Record<string, string> = {
  'track an order': 'order_status',
  'return or exchange an item': 'return_request',
  'get a refund': 'refund_request',
  'ask about a product': 'product_question',
  'make a complaint': 'complaint',
  'fix a problem with a product': 'troubleshooting',
  查询物流: 'order_status',
  退换货: 'return_request',
  退款: 'refund_request',
  咨询商品: 'product_question',
  投诉: 'complaint',
  解决产品故障: 'troubleshooting',
};

describe('an unsure reading is asked about, not acted on', () => {
  test('en: the agent offers the likely requests, and "the first one" takes the first', async () => {
    const c = await newCase();
    const asked = await send(c, 'the shoes I got last week');
    // Lazy: a request's own name may have "or" in it ("return or exchange an item").
    const question = /^Just to be sure: do you want to (.+?) or (.+)\?$/m.exec(said(asked));
    expect(question).not.toBeNull();
    expect(asked.case.flow).toBeNull();
    expect(asked.case.status).toBe('WAITING_CUSTOMER');

    const picked = await send(c, 'the first one');
    expect(picked.case.intent).toBe(OFFERED[question![1]!]);
    expect(said(picked)).not.toMatch(/Just to be sure/);
  });

  test('zh: 请问您是想…还是…？, and "第一个" takes the first', async () => {
    const c = await newCase();
    const asked = await send(c, '上周买的鞋子');
    const question = /^请问您是想(.+)还是(.+)？$/m.exec(said(asked));
    expect(question).not.toBeNull();
    expect(asked.case.flow).toBeNull();

    const picked = await send(c, '第一个');
    expect(picked.case.intent).toBe(OFFERED[question![1]!]);
    expect(said(picked)).not.toMatch(/请问您是想/);
  });
});

describe('two requests in one message are both handled, one after the other', () => {
  test('en: both are acknowledged; the second is taken up once the first is answered', async () => {
    const c = await newCase();
    const first = await send(c, 'where is my order W1234567, and also I want to cancel an order');
    expect(said(first)).toContain(
      "You asked about two things: I'll help you track an order first, then cancel an order.",
    );
    expect(first.case.flow).toBe('order_status');

    const answered = await send(c, 'alice@example.com');
    const text = said(answered);
    expect(text).toMatch(/W1234567/);
    expect(text).toContain('Now your other request: you wanted to cancel an order.');
    expect(text.indexOf('W1234567')).toBeLessThan(text.indexOf('Now your other request'));
  });

  test('zh: 两件事都回应，先查物流，再处理取消', async () => {
    const c = await newCase();
    const first = await send(c, '我的订单W7654321到哪了，顺便帮我取消另一个订单');
    expect(said(first)).toContain('您提到了2件事：我先帮您查询物流，然后再取消订单。');

    const answered = await send(c, '13800138000');
    const text = said(answered);
    expect(text).toContain('顺丰');
    expect(text).toContain('接下来处理您的另一个请求：取消订单。');
  });
});
