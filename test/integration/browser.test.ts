// The pages in a real browser (Debian's chromium, network off the machine blocked): chat and console together, Chinese, GraphiQL.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApiKey } from '../../activities/platform/api-keys';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/lib/browser';
import { startKefuStack, type KefuStack } from '../helpers/stack';

const RESULTS = path.resolve(__dirname, '../../.data/test-results');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

let kefu: KefuStack;
let browser: Browser;
let agentKey: string;
let colleague: { id: string; key: string };
/** Every request the pages tried to send anywhere but this machine (each was aborted). */
const offMachine: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(RESULTS, { recursive: true });
  kefu = await startKefuStack();
  agentKey = (await createApiKey(kefu.db, 'agent', 'Li Lei')).key;
  colleague = await createApiKey(kefu.db, 'agent', 'Wang Fang');
  // A namesake at another desk: the transfer must reach the Wang Fang the agent picked.
  await createApiKey(kefu.db, 'agent', 'Wang Fang');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

/** A fresh browser profile whose only reachable host is this machine. */
async function newContext(lang: 'en' | 'zh'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || LOCAL_HOSTS.has(hostname)) return route.continue();
    offMachine.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (protocol.startsWith('http') && !LOCAL_HOSTS.has(hostname)) offMachine.push(request.url());
  });
  return context;
}

async function open(context: BrowserContext, page: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${kefu.api.url}${page}`);
  return tab;
}

async function say(customer: Page, text: string): Promise<void> {
  await customer.getByLabel(/Your message|您的消息/).fill(text);
  await customer.keyboard.press('Enter');
}

/** The customer's transcript shows a line from `role` matching text. */
function line(page: Page, role: 'AGENT' | 'HUMAN' | 'CUSTOMER', text: string | RegExp) {
  return page.locator(`#transcript li.${role}`, { hasText: text }).last();
}

afterEach(() => {
  expect(offMachine).toEqual([]);
});

test('a customer asks for a human, an agent takes over and hands back; the bot resumes without asking again', async () => {
  const context = await newContext('en');
  const customer = await open(context, '/chat');
  await customer.getByRole('button', { name: 'Start a conversation' }).click();
  await line(customer, 'AGENT', /./).waitFor();
  await say(customer, 'Where is my order W1234567?');
  await line(customer, 'AGENT', 'email address or phone number used for order W1234567').waitFor();
  await say(customer, 'I want to talk to a real person');
  await customer.getByText('A colleague from our support team will join shortly.').waitFor();
  const { caseId } = JSON.parse((await customer.evaluate(() => sessionStorage.getItem('kefu-chat')))!) as {
    caseId: string;
  };

  const agent = await open(context, '/console');
  await agent.getByLabel('API key').fill(agentKey);
  await agent.getByRole('button', { name: 'Log in' }).click();
  await agent.getByText('Signed in as Li Lei (agent)').waitFor();
  // The key stays in this tab only.
  expect(await agent.evaluate(() => [sessionStorage.length, localStorage.getItem('kefu-api-key')])).toEqual([
    1,
    null,
  ]);
  // The queue is live: the case is there, and opens with the keyboard.
  const queued = agent.locator(`#queue button[data-case="${caseId}"]`);
  await queued.focus();
  await agent.keyboard.press('Enter');
  await agent.locator('#case-summary', { hasText: 'orderId=W1234567' }).waitFor();
  await agent.locator('#suggested', { hasText: 'order W1234567' }).waitFor();
  await agent.locator('#case-reason', { hasText: 'asked for a human' }).waitFor();

  await agent.getByRole('button', { name: 'Take over' }).click();
  await customer.getByText('A person from our support team is with you.').waitFor();
  await line(customer, 'AGENT', 'Li Lei from our support team has joined').waitFor();
  // Focus moved to the reply box: the agent just types, and Ctrl+Enter sends.
  await agent.keyboard.type('Hi, Li Lei here. I am checking order W1234567 with the carrier.');
  await agent.keyboard.press('Control+Enter');
  await line(customer, 'HUMAN', 'checking order W1234567 with the carrier').waitFor();

  await say(customer, 'Thank you, I will wait');
  await line(agent, 'CUSTOMER', 'Thank you, I will wait').waitFor();
  await agent.getByLabel('Internal note').fill('Carrier says on time');
  await agent.getByRole('button', { name: 'Add note' }).click();
  await agent.getByText('Note added.').waitFor();
  await expect(customer.getByText('Carrier says on time').count()).resolves.toBe(0);

  await agent.getByLabel('Note for the hand-back').fill('carrier checked; the bot can finish');
  await agent.getByRole('button', { name: 'Hand back to the bot' }).click();
  await line(customer, 'AGENT', 'back with you').waitFor();
  await line(customer, 'AGENT', 'email address or phone number used for order W1234567').waitFor();
  await customer.getByText('You are chatting with the Kefu assistant.').waitFor();
  await say(customer, 'alice@example.com');
  await line(customer, 'AGENT', /Order W1234567 is .*UPS/).waitFor();
  const botLines = await customer.locator('#transcript li.AGENT').allTextContents();
  expect(botLines.join('\n')).not.toMatch(/What is your order number|order number\?/);
  await agent
    .locator('#case-status', { hasText: /with the bot|waiting for the customer|resolved/ })
    .waitFor();
  await context.close();
});

async function logIn(context: BrowserContext, key: string): Promise<Page> {
  const agent = await open(context, '/console');
  await agent.getByLabel('API key').fill(key);
  await agent.keyboard.press('Enter');
  await agent.getByText(/Signed in as/).waitFor();
  return agent;
}

test('an agent transfers a case to a colleague in the console, who closes it with a resolution', async () => {
  const customerContext = await newContext('en');
  const customer = await open(customerContext, '/chat');
  await customer.getByRole('button', { name: 'Start a conversation' }).click();
  await line(customer, 'AGENT', /./).waitFor();
  await say(customer, 'talk to a human please');
  await customer.getByText('A colleague from our support team will join shortly.').waitFor();
  const { caseId } = JSON.parse((await customer.evaluate(() => sessionStorage.getItem('kefu-chat')))!) as {
    caseId: string;
  };

  // Each agent in a browser profile of their own, as on two desks.
  const liContext = await newContext('en');
  const li = await logIn(liContext, agentKey);
  await li.locator(`#queue button[data-case="${caseId}"]`).click();
  await li.getByRole('button', { name: 'Take over' }).click();
  await li.locator('#case-assignee', { hasText: 'Li Lei' }).waitFor();
  const wangOption = li.getByLabel('Transfer to').locator(`option[value="${colleague.id}"]`);
  expect(await wangOption.textContent()).toBe(`Wang Fang (agent, ${colleague.id.slice(0, 8)})`);
  await li.getByLabel('Transfer to').selectOption(colleague.id);
  await li.getByRole('button', { name: 'Transfer' }).click();
  await line(customer, 'AGENT', 'passed to Wang Fang').waitFor();
  // Li no longer holds it: the reply box is out of the way.
  await li.locator('#case-assignee', { hasText: 'Wang Fang' }).waitFor();
  expect(await li.getByLabel('Reply to the customer').isDisabled()).toBe(true);

  const wangContext = await newContext('en');
  const wang = await logIn(wangContext, colleague.key);
  await wang.locator(`#mine button[data-case="${caseId}"]`).click();
  await wang
    .getByLabel('Reply to the customer')
    .fill('Hello, Wang Fang here: your refund was approved by phone.');
  await wang.getByRole('button', { name: 'Send' }).click();
  await line(customer, 'HUMAN', 'Wang Fang here').waitFor();
  await wang.getByLabel('Resolution').fill('refund approved by phone');
  await wang.getByRole('button', { name: 'Close case' }).click();
  await customer.getByText('This conversation is closed.').waitFor();
  expect(await customer.getByLabel('Your message').isDisabled()).toBe(true);
  await wang.locator('#case-status', { hasText: 'closed' }).waitFor();
  for (const c of [customerContext, liContext, wangContext]) await c.close();
});

test('the Chinese pages render in Chinese characters', async () => {
  const context = await newContext('zh');
  const customer = await open(context, '/chat');
  await customer.getByRole('heading', { name: '在线客服' }).waitFor();
  expect(await customer.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  await customer.getByRole('button', { name: '开始咨询' }).click();
  await line(customer, 'AGENT', /./).waitFor();
  await say(customer, '我的订单 W7654321 到哪了?');
  await line(customer, 'AGENT', 'W7654321').waitFor();
  await say(customer, '转人工');
  await customer.getByText('人工客服即将接入，请稍候。').waitFor();
  await customer.screenshot({ path: path.join(RESULTS, 'chat-zh.png') });

  const agent = await open(context, '/console');
  await agent.getByLabel('API 密钥').fill(agentKey);
  await agent.getByRole('button', { name: '登录' }).click();
  await agent.getByRole('heading', { name: '等待人工' }).waitFor();
  const { caseId } = JSON.parse((await customer.evaluate(() => sessionStorage.getItem('kefu-chat')))!) as {
    caseId: string;
  };
  await agent.locator(`#queue button[data-case="${caseId}"]`).click();
  await agent.locator('#case-reason', { hasText: '客户要求人工' }).waitFor();
  await agent.locator('#case-summary', { hasText: '转人工原因' }).waitFor();
  await agent.screenshot({ path: path.join(RESULTS, 'console-zh.png'), fullPage: true });

  // The switch turns the page to English and back, and remembers the choice.
  await agent.getByLabel('语言').selectOption('en');
  await agent.getByRole('heading', { name: 'Waiting for a human' }).waitFor();
  await agent.getByLabel('Language').selectOption('zh');
  await agent.getByRole('heading', { name: '等待人工' }).waitFor();
  await context.close();
});

test('GraphiQL renders its editor with the network blocked', async () => {
  // Its scripts and styles are inlined in the page (@graphql-yoga/render-graphiql): no tag loads from elsewhere.
  const html = await (await fetch(kefu.api.graphqlUrl, { headers: { accept: 'text/html' } })).text();
  expect(html).toMatch(/<title>Kefu GraphQL<\/title>/);
  expect(html.match(/<(script|link)\b[^>]*\b(src|href)=["']?(https?:)?\/\/[^>]*>/gi) ?? []).toEqual([]);

  const context = await newContext('en');
  const page = await open(context, '/graphql');
  await page.locator('.graphiql-container').first().waitFor();
  await page
    .locator('.graphiql-query-editor .monaco-editor, .graphiql-query-editor .CodeMirror')
    .first()
    .waitFor();
  await expect(page.getByText('Loading…').count()).resolves.toBe(0);
  await page.screenshot({ path: path.join(RESULTS, 'graphiql-offline.png') });
  await context.close();
});
