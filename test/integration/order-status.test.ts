// The thin journey through GraphQL: "where is my order?" in English and Chinese, with the identity check in between.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../helpers/env';
import { startKefuStack, CASE_FIELDS, messagesOf, type KefuStack, type MessageData } from '../helpers/stack';

let kefu: KefuStack;

beforeAll(async () => {
  kefu = await startKefuStack();
});

afterAll(async () => {
  await kefu?.stop();
});

interface CaseData {
  id: string;
  status: string;
  locale: string;
  intent: string | null;
  slots: Record<string, unknown>;
  customer: { id: string | null; name: string | null; verified: boolean };
  messages: { edges: { node: MessageData }[] };
  sentiment: { polarity: number; emotion: string; intensity: number } | null;
}

async function startCase(input: Record<string, unknown> = {}): Promise<{ case: CaseData; token: string }> {
  const res = await kefu.gql<{ startCase: { case: CaseData; token: string } }>(
    `mutation($input: StartCaseInput!) { startCase(input: $input) { token case { ${CASE_FIELDS} } } }`,
    { input },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.startCase;
}

async function send(caseId: string, token: string, text: string) {
  const res = await kefu.gql<{
    sendMessage: { case: CaseData; replies: { id: string; role: string; text: string }[] };
  }>(
    `mutation($caseId: ID!, $text: String!) { sendMessage(caseId: $caseId, text: $text) { replies { id role text } case { ${CASE_FIELDS} } } }`,
    { caseId, text },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage;
}

const replyText = (r: { replies: { text: string }[] }) => r.replies.map((m) => m.text).join('\n');

test('a new case greets the customer and hands out a token for it', async () => {
  const started = await startCase({ channel: 'WEB' });
  expect(started.token).toMatch(/^kct_/);
  expect(started.case.status).toBe('OPEN');
  expect(messagesOf(started.case)).toHaveLength(1);
  expect(messagesOf(started.case)[0]).toMatchObject({ role: 'AGENT', seq: 1 });
  expect(started.case.customer.verified).toBe(false);
});

test('English: the agent asks for the contact on the order, checks it, then answers with the latest tracking event', async () => {
  const { case: c, token } = await startCase();
  const asked = await send(c.id, token, 'Where is my order W1234567?');
  expect(replyText(asked)).toMatch(/email address or phone number/);
  expect(replyText(asked)).not.toMatch(/UPS|1Z999/);
  expect(asked.case.status).toBe('WAITING_CUSTOMER');
  expect(asked.case.intent).toBe('order_status');
  expect(asked.case.slots).toMatchObject({ orderId: 'W1234567' });

  const answered = await send(c.id, token, "It's alice@example.com");
  const text = replyText(answered);
  expect(text).toMatch(/Alice/);
  expect(text).toMatch(/UPS/);
  expect(text).toMatch(/1Z999AA10123456784/);
  expect(text).toMatch(/Latest update: .+/);
  expect(answered.case.status).toBe('RESOLVED');
  expect(answered.case.customer).toMatchObject({ id: 'C-ALICE', verified: true });
  expect(answered.case.locale).toBe('en');
  expect(messagesOf(answered.case).map((m) => m.role)).toEqual([
    'AGENT',
    'CUSTOMER',
    'AGENT',
    'CUSTOMER',
    'AGENT',
    'AGENT',
  ]);
});

test('Chinese: the same journey answers in Chinese, verified by phone number', async () => {
  const { case: c, token } = await startCase();
  const asked = await send(c.id, token, '我的订单 W7654321 到哪了?');
  expect(replyText(asked)).toMatch(/邮箱或手机号/);
  expect(asked.case.locale).toBe('zh-CN');

  const answered = await send(c.id, token, '手机号是 138 0013 8000');
  const text = replyText(answered);
  expect(text).toMatch(/王芳/);
  expect(text).toMatch(/顺丰/);
  expect(text).toMatch(/SF1234567890123/);
  expect(text).toMatch(/签收/);
  expect(answered.case.customer).toMatchObject({ id: 'C-WANGFANG', verified: true });
  expect(answered.case.status).toBe('RESOLVED');
});

test('an order that has not shipped yet is reported as such, with no tracking number', async () => {
  const { case: c, token } = await startCase();
  const answered = await send(c.id, token, 'Has order W2000001 shipped? my email is alice@example.com');
  expect(replyText(answered)).toMatch(/has not shipped yet/);
});

test('without an order number the agent asks for one, then continues with it', async () => {
  const { case: c, token } = await startCase();
  const asked = await send(c.id, token, 'where is my package?');
  expect(replyText(asked)).toMatch(/order number/);
  const next = await send(c.id, token, 'W1234567');
  expect(replyText(next)).toMatch(/email address or phone number/);
  expect(next.case.slots).toMatchObject({ orderId: 'W1234567' });
});

test('an unknown order number gets the same answers as a real one with a wrong contact: no oracle', async () => {
  const unknown = await startCase();
  const known = await startCase();
  const askUnknown = await send(unknown.case.id, unknown.token, 'Where is my order W9999999?');
  const askKnown = await send(known.case.id, known.token, 'Where is my order W1234567?');
  expect(replyText(askUnknown)).toBe(replyText(askKnown).replace('W1234567', 'W9999999'));
  const wrongUnknown = await send(unknown.case.id, unknown.token, 'mallory@example.com');
  const wrongKnown = await send(known.case.id, known.token, 'mallory@example.com');
  expect(replyText(wrongUnknown)).toBe(replyText(wrongKnown));
  expect(replyText(wrongUnknown)).toMatch(/couldn't match those details/);
  expect(wrongUnknown.case.status).toBe('WAITING_CUSTOMER');
});

test('wrong contact details are refused, and after three tries the case goes to a human', async () => {
  const { case: c, token } = await startCase();
  await send(c.id, token, 'Where is my order W1234567?');
  const first = await send(c.id, token, 'mallory@example.com');
  expect(replyText(first)).toMatch(/couldn't match those details/);
  expect(replyText(first)).toMatch(/2 attempt/);
  expect(replyText(first)).not.toMatch(/UPS/);
  await send(c.id, token, 'eve@example.com');
  const third = await send(c.id, token, '+1 415 555 0199');
  expect(replyText(third)).toMatch(/couldn't verify your identity/);
  expect(third.case.status).toBe('ESCALATED');
  expect(third.case.customer.verified).toBe(false);
});

test('an upset customer hears empathy first, then the answer', async () => {
  const { case: c, token } = await startCase();
  await send(c.id, token, 'Where is my order W1234567?? This is urgent, I am so worried!!');
  const answered = await send(c.id, token, 'alice@example.com');
  expect(answered.case.sentiment).not.toBeNull();
  const first = await send(
    c.id,
    token,
    'It is STILL not here, where is order W1234567??? I am really worried',
  );
  expect(first.replies[0]!.text).toMatch(/^(I understand|Sorry|I'm sorry)/);
  expect(replyText(first)).toMatch(/UPS/);
});

test('asking for a human escalates the case', async () => {
  const { case: c, token } = await startCase();
  const answered = await send(c.id, token, '转人工');
  expect(answered.case.status).toBe('ESCALATED');
  expect(replyText(answered)).toMatch(/人工/);
});

test('the history of a journey replays against the current workflow code', async () => {
  const { case: c, token } = await startCase();
  await send(c.id, token, 'Where is my order W1234567?');
  await send(c.id, token, 'alice@example.com');
  await send(c.id, token, '谢谢');
  const history = await kefu.temporal.workflow.getHandle(c.id).fetchHistory();
  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundlePath } }, history, c.id),
  ).resolves.toBeUndefined();
  // KEFU_RECORD_HISTORIES=1 keeps it as a fixture, so that later code is replayed against it too (durability test).
  if (process.env.KEFU_RECORD_HISTORIES === '1') {
    const env = testEnv();
    const json = execFileSync(
      env.temporalCliPath,
      ['workflow', 'show', '-w', c.id, '-n', env.namespace, '--address', env.temporalAddress, '-o', 'json'],
      { encoding: 'utf8' },
    );
    fs.writeFileSync(path.resolve(__dirname, '../fixtures/histories/order-status-en.json'), json);
  }
});
