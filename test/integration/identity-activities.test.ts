// The identity gate's activities against the test database: counting, locking, no oracle, codes, knowledge factors.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { importData } from '../../activities/commerce/import';
import { createIdentityActivities } from '../../activities/identity/gate';
import type { AttemptSource, IdentityPolicy } from '../../activities/identity/types';
import {
  createNotificationActivities,
  deliverQueuedNotifications,
  type QueuedNotification,
} from '../../activities/notifications/outbox';
import type { ApiDeps } from '../../api/cases';
import { notificationResolvers } from '../../api/notifications';
import type { ApiContext } from '../../api/schema';
import { loadConfig } from '../../activities/platform/config';
import { testEnv } from '../helpers/env';

const POLICY: IdentityPolicy = {
  maxFailuresPerSubject: 5,
  maxFailuresPerClient: 20,
  lockWindowMs: 24 * 3_600_000,
  codeTtlMs: 10 * 60_000,
  phoneDefaultRegion: 'US',
};

let db: Pool;
let gate: ReturnType<typeof createIdentityActivities>;

beforeAll(() => {
  db = new Pool({ connectionString: testEnv().databaseUrl, max: 4 });
  gate = createIdentityActivities(db, POLICY);
});

afterAll(async () => {
  await db?.end();
});

const tag = () => randomBytes(4).toString('hex');
let serial = 0;
const digits = (n: number) => String(Date.now() * 1000 + ++serial).slice(-n);
/** Never 0100: C-ALICE's number must stay hers alone. */
const lineNumber = () => String(5000 + (++serial % 5000));

interface TestSource extends AttemptSource {
  client: string;
}

/** A fresh case and client, so no test shares a case or client budget with another. */
function source(maxAttemptsPerCase = 3): TestSource {
  const id = tag();
  return {
    caseId: `case-idt-${id}`,
    attemptKey: `msg-${id}`,
    client: `198.51.100.${id}`,
    maxAttemptsPerCase,
  };
}

/** The next customer message in the same case from the same client: a new attempt key. */
function next(src: TestSource): TestSource {
  return { ...src, attemptKey: `${src.attemptKey.split('#')[0]}#${++serial}` };
}

/** Two characters from the Heavenly Stems: distinct Chinese names without digits an amount parser could read. */
const STEMS = [...'甲乙丙丁戊己庚辛壬癸'];
const stems = () => STEMS[serial % 10] + (STEMS[Math.floor(serial++ / 10) % 10] as string);

interface Fixture {
  customerId: string;
  email: string | null;
  phone: string;
  name: string;
  postcode: string;
  /** Newest first: the three recent ones, then one older. */
  orderIds: string[];
}

/**
 * A customer of their own per test with four orders (totals 39.00 oldest, then 59.00, 129.00, 249.00 newest, or
 * the CNY equivalents), so failures in one test never lock a subject another test uses.
 */
async function customer(kind: 'en' | 'zh' = 'en'): Promise<Fixture> {
  const t = tag();
  const zh = kind === 'zh';
  const name = zh ? `司马青衫${stems()}` : `Tessa Quill-${t}`;
  const email = zh ? null : `tessa.${t}@example.com`;
  const phone = zh ? `139${digits(8)}` : `+1 415 555 ${lineNumber()}`;
  const postcode = zh ? '200433' : '94110';
  const id = `C-IDT-${t}`;
  const base = Date.parse('2026-11-20T00:00:00Z');
  const totals = zh ? [279, 419, 919, 1769] : [39, 59, 129, 249];
  const orderIds = totals.map(() => `IDT${digits(9)}`);
  await importData(db, {
    customers: [{ id, name, ...(email ? { email } : {}), phone, postcode, locale: zh ? 'zh-CN' : 'en' }],
    orders: totals.map((total, i) => ({
      id: orderIds[i],
      customerId: id,
      placedAt: new Date(base + i * 86_400_000).toISOString(),
      status: 'delivered',
      currency: zh ? 'CNY' : 'USD',
      items: [{ sku: 'JK-WP-100', quantity: 1, unitPrice: total, options: { colour: 'blue', size: 'M' } }],
    })),
  });
  return { customerId: id, email, phone, name, postcode, orderIds: [...orderIds].reverse() };
}

async function outbox(caseId: string) {
  const { rows } = await db.query<{ channel: string; recipient: string; subject: string; body: string }>(
    'SELECT channel, recipient, subject, body FROM notification_outbox WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows;
}

async function codeSentFor(caseId: string): Promise<string> {
  const sent = await outbox(caseId);
  expect(sent).toHaveLength(1);
  const code = /\b(\d{6})\b/.exec(sent[0]?.body ?? '')?.[1];
  if (!code) throw new Error(`no code in ${sent[0]?.body}`);
  return code;
}

async function attemptRows(caseId: string) {
  const { rows } = await db.query<{ value_hash: string; subjects: string[]; succeeded: boolean }>(
    'SELECT value_hash, subjects, succeeded FROM identity_attempts WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows;
}

describe('checkContact', () => {
  test('the right email verifies at contact level', async () => {
    const c = await customer();
    const src = source();
    const outcome = await gate.checkContact({
      ...src,
      orderId: c.orderIds[0] as string,
      emails: [` ${c.email?.toUpperCase()} `],
      phones: [],
    });
    expect(outcome).toEqual({
      outcome: 'verified',
      level: 'contact',
      customer: {
        id: c.customerId,
        name: c.name,
        email: c.email,
        phone: expect.stringMatching(/^\+1415555\d{4}$/),
        locale: 'en',
      },
    });
  });

  test('a phone typed "(415) 555-0100" verifies the +1 415 555 0100 customer (Alice, W1234567)', async () => {
    // Other suites share this database and make wrong guesses at Alice's demo order on purpose: a wider budget here.
    const lenient = createIdentityActivities(db, { ...POLICY, maxFailuresPerSubject: 1000 });
    const outcome = await lenient.checkContact({
      ...source(),
      orderId: 'w1234567',
      emails: [],
      phones: ['(415) 555-0100'],
    });
    expect(outcome).toMatchObject({
      outcome: 'verified',
      level: 'contact',
      customer: { id: 'C-ALICE', phone: '+14155550100' },
    });
  });

  test('a suffix of the number on file does not verify, and is counted', async () => {
    const c = await customer();
    const src = source();
    const suffix = c.phone.slice(-8).replace(' ', '-'); // e.g. "555-5012"
    const outcome = await gate.checkContact({
      ...src,
      orderId: c.orderIds[0] as string,
      emails: [],
      phones: [suffix],
    });
    expect(outcome).toEqual({ outcome: 'mismatch', attemptsLeft: 2 });
    expect(await attemptRows(src.caseId)).toHaveLength(1);
  });

  test('198 phone numbers in one message are 198 attempts: locked, and the right contact is refused after', async () => {
    const c = await customer();
    const src = source();
    const orderId = c.orderIds[0] as string;
    const phones = Array.from({ length: 198 }, (_, i) => `+1 212 555 ${String(1000 + i)}`);
    expect(await gate.checkContact({ ...src, orderId, emails: [], phones })).toEqual({ outcome: 'locked' });
    const rows = await attemptRows(src.caseId);
    expect(rows).toHaveLength(198);
    expect(rows.every((r) => !r.succeeded)).toBe(true);

    expect(
      await gate.checkContact({ ...next(src), orderId, emails: [c.email as string], phones: [] }),
    ).toEqual({
      outcome: 'locked',
    });
    // The order and its customer are locked too, whatever case or client asks next.
    expect(
      await gate.checkContact({ ...source(), orderId, emails: [c.email as string], phones: [] }),
    ).toEqual({
      outcome: 'locked',
    });
    expect(
      await gate.checkContact({
        ...source(),
        orderId: c.orderIds[1] as string,
        emails: [c.email as string],
        phones: [],
      }),
    ).toEqual({ outcome: 'locked' });
  });

  test('a right contact hidden among many wrong ones does not verify', async () => {
    const c = await customer();
    const phones = [...Array.from({ length: 10 }, (_, i) => `+1 212 555 ${2000 + i}`), c.phone];
    expect(
      await gate.checkContact({ ...source(), orderId: c.orderIds[0] as string, emails: [], phones }),
    ).toEqual({
      outcome: 'locked',
    });
  });

  test('failures in one case count against the order in the next case and lock it', async () => {
    const c = await customer();
    const orderId = c.orderIds[0] as string;
    const a = source();
    expect(await gate.checkContact({ ...a, orderId, emails: ['nope1@example.com'], phones: [] })).toEqual({
      outcome: 'mismatch',
      attemptsLeft: 2,
    });
    expect(
      await gate.checkContact({ ...next(a), orderId, emails: ['nope2@example.com'], phones: [] }),
    ).toEqual({
      outcome: 'mismatch',
      attemptsLeft: 1,
    });
    expect(
      await gate.checkContact({ ...next(a), orderId, emails: ['nope3@example.com'], phones: [] }),
    ).toEqual({
      outcome: 'locked',
    });

    // A new case (an escalation, a new chat) from another client: the order has 2 failures left, not 3.
    const b = source();
    expect(await gate.checkContact({ ...b, orderId, emails: ['nope4@example.com'], phones: [] })).toEqual({
      outcome: 'mismatch',
      attemptsLeft: 1,
    });
    expect(
      await gate.checkContact({ ...next(b), orderId, emails: ['nope5@example.com'], phones: [] }),
    ).toEqual({
      outcome: 'locked',
    });
    expect(
      await gate.checkContact({ ...source(), orderId, emails: [c.email as string], phones: [] }),
    ).toEqual({
      outcome: 'locked',
    });
  });

  test('a client address locks after its own budget across cases and orders', async () => {
    const strict = createIdentityActivities(db, { ...POLICY, maxFailuresPerClient: 4 });
    const client = `203.0.113.${tag()}`;
    const c1 = await customer();
    const c2 = await customer();
    expect(
      await strict.checkContact({
        ...source(),
        client,
        orderId: c1.orderIds[0] as string,
        emails: ['x1@example.com', 'x2@example.com'],
        phones: [],
      }),
    ).toEqual({ outcome: 'mismatch', attemptsLeft: 1 });
    expect(
      await strict.checkContact({
        ...source(),
        client,
        orderId: c2.orderIds[0] as string,
        emails: ['x3@example.com', 'x4@example.com'],
        phones: [],
      }),
    ).toEqual({ outcome: 'locked' });
    expect(
      await strict.checkContact({
        ...source(),
        client,
        orderId: c2.orderIds[1] as string,
        emails: [c2.email as string],
        phones: [],
      }),
    ).toEqual({ outcome: 'locked' });
  });

  test('a retried call with the same attempt key is counted once', async () => {
    const c = await customer();
    const src = source();
    const request = {
      ...src,
      orderId: c.orderIds[0] as string,
      emails: ['wrong@example.com'],
      phones: ['+1 212 555 0199'],
    };
    const first = await gate.checkContact(request);
    const retried = await gate.checkContact(request);
    expect(first).toEqual({ outcome: 'mismatch', attemptsLeft: 1 });
    expect(retried).toEqual(first);
    expect(await attemptRows(src.caseId)).toHaveLength(2);
  });

  test('an order id that does not exist answers and counts exactly like a wrong contact', async () => {
    const c = await customer();
    const real = source();
    const ghost = source();
    const ghostOrder = `IDT${digits(9)}`;
    const wrongOnReal = await gate.checkContact({
      ...real,
      orderId: c.orderIds[0] as string,
      emails: ['who@example.com'],
      phones: [],
    });
    const wrongOnGhost = await gate.checkContact({
      ...ghost,
      orderId: ghostOrder,
      emails: ['who@example.com'],
      phones: [],
    });
    expect(wrongOnGhost).toEqual(wrongOnReal);
    expect(wrongOnGhost).toEqual({ outcome: 'mismatch', attemptsLeft: 2 });
    const rows = await attemptRows(ghost.caseId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.subjects).toEqual([
      `case:${ghost.caseId}`,
      `client:${ghost.client}`,
      `order:${ghostOrder}`,
    ]);
    expect((await attemptRows(real.caseId))[0]?.subjects).toContain(`customer:${c.customerId}`);

    // The invented order locks like a real one, so walking order ids is bounded as well.
    for (let i = 0; i < 4; i++)
      await gate.checkContact({
        ...source(),
        orderId: ghostOrder,
        emails: [`w${i}@example.com`],
        phones: [],
      });
    expect(
      await gate.checkContact({ ...source(), orderId: ghostOrder, emails: ['w9@example.com'], phones: [] }),
    ).toEqual({
      outcome: 'locked',
    });
  });

  test('only hashes are stored, never the contact tried', async () => {
    const c = await customer();
    const src = source();
    await gate.checkContact({
      ...src,
      orderId: c.orderIds[0] as string,
      emails: ['secret.guess@example.com'],
      phones: ['+1 212 555 0123'],
    });
    const { rows } = await db.query<{ row: string }>(
      'SELECT row_to_json(a)::text AS row FROM identity_attempts a WHERE case_id = $1',
      [src.caseId],
    );
    expect(rows).toHaveLength(2);
    for (const { row } of rows) {
      expect(row).not.toContain('secret.guess');
      expect(row).not.toContain('2125550123');
    }
  });
});

describe('sendCode and checkCode', () => {
  test('a code sent to the email on file verifies once', async () => {
    const c = await customer();
    const src = source();
    const { challengeId } = await gate.sendCode({
      ...src,
      orderId: c.orderIds[0],
      emails: [],
      phones: [],
      text: `order ${c.orderIds[0]}`,
      locale: 'en',
    });
    const sent = await outbox(src.caseId);
    expect(sent).toEqual([
      {
        channel: 'email',
        recipient: c.email,
        subject: 'Your verification code',
        body: expect.stringMatching(/^Your verification code is \d{6}\. It expires in 10 minutes\./),
      },
    ]);
    const code = await codeSentFor(src.caseId);
    const verified = await gate.checkCode({ ...next(src), challengeId, code });
    expect(verified).toMatchObject({
      outcome: 'verified',
      level: 'code',
      customer: { id: c.customerId, email: c.email },
    });

    // Used once: the same code in a later message fails.
    expect(await gate.checkCode({ ...next(src), challengeId, code })).toEqual({
      outcome: 'mismatch',
      attemptsLeft: 2,
    });
  });

  test('a retried checkCode answers as its first run did, though the code is now used', async () => {
    const c = await customer();
    const src = source();
    const { challengeId } = await gate.sendCode({
      ...src,
      emails: [c.email as string],
      phones: [],
      text: '',
      locale: 'en',
    });
    const code = await codeSentFor(src.caseId);
    const request = { ...next(src), challengeId, code };
    const first = await gate.checkCode(request);
    expect(first).toMatchObject({ outcome: 'verified' });
    expect(await gate.checkCode(request)).toEqual(first);
  });

  test('wrong codes are counted and lock the case; the right code is refused after', async () => {
    const c = await customer();
    const src = source();
    const { challengeId } = await gate.sendCode({
      ...src,
      emails: [],
      phones: [c.phone],
      text: '',
      locale: 'en',
    });
    const code = await codeSentFor(src.caseId);
    const [w1, w2, w3] = ['000000', '111 111', '222222', '333333'].filter((w) => w.replace(' ', '') !== code);
    const check = (guess: string | undefined) =>
      gate.checkCode({ ...next(src), challengeId, code: guess as string });
    expect(await check(w1)).toEqual({ outcome: 'mismatch', attemptsLeft: 2 });
    expect(await check(w2)).toEqual({ outcome: 'mismatch', attemptsLeft: 1 });
    expect(await check(w3)).toEqual({ outcome: 'locked' });
    expect(await gate.checkCode({ ...next(src), challengeId, code })).toEqual({ outcome: 'locked' });
  });

  test('a retried sendCode returns the same challenge and sends one notification', async () => {
    const c = await customer();
    const src = source();
    const request = {
      ...src,
      orderId: c.orderIds[0],
      emails: [],
      phones: [],
      text: '',
      locale: 'en' as const,
    };
    const first = await gate.sendCode(request);
    const again = await gate.sendCode(request);
    expect(again).toEqual(first);
    expect(await outbox(src.caseId)).toHaveLength(1);
    // The outbox itself is idempotent by key as well.
    const notifications = createNotificationActivities(db);
    const key = `verify:${src.caseId}:${src.attemptKey}`;
    const queued = await notifications.queueNotification({
      key,
      channel: 'email',
      recipient: 'x@example.com',
      subject: 's',
      body: 'b',
    });
    const { rows } = await db.query<{ id: string }>(
      'SELECT id::text AS id FROM notification_outbox WHERE idempotency_key = $1',
      [key],
    );
    expect(queued).toEqual({ id: rows[0]?.id });
    expect(await outbox(src.caseId)).toHaveLength(1);
  });

  test('name + postcode in the text finds the customer, in English and in Chinese', async () => {
    const en = await customer();
    const a = source();
    await gate.sendCode({
      ...a,
      emails: [],
      phones: [],
      text: `Hi, I'm ${en.name.toUpperCase()}, zip ${en.postcode}`,
      locale: 'en',
    });
    expect(await outbox(a.caseId)).toEqual([
      expect.objectContaining({ channel: 'email', recipient: en.email }),
    ]);

    const zh = await customer('zh');
    const b = source();
    const { challengeId } = await gate.sendCode({
      ...b,
      emails: [],
      phones: [],
      text: `我是${zh.name}，邮编${zh.postcode}`,
      locale: 'zh-CN',
    });
    const sent = await outbox(b.caseId);
    expect(sent).toEqual([
      {
        channel: 'sms',
        recipient: `+86${zh.phone}`,
        subject: '您的验证码',
        body: expect.stringMatching(/^您的验证码是 \d{6}，10 分钟内有效。/),
      },
    ]);
    const code = await codeSentFor(b.caseId);
    expect(await gate.checkCode({ ...next(b), challengeId, code })).toMatchObject({
      outcome: 'verified',
      customer: { id: zh.customerId, locale: 'zh-CN' },
    });
  });

  test('nobody matched: a challenge all the same, nothing sent, the look-up counted, and every code fails', async () => {
    const en = await customer();
    const src = source();
    const { challengeId } = await gate.sendCode({
      ...src,
      emails: [],
      phones: [],
      text: `${en.name} 10001`,
      locale: 'en',
    });
    expect(challengeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await outbox(src.caseId)).toEqual([]);
    expect(await attemptRows(src.caseId)).toEqual([expect.objectContaining({ succeeded: false })]);
    expect(await gate.checkCode({ ...next(src), challengeId, code: '123456' })).toEqual({
      outcome: 'mismatch',
      attemptsLeft: 1,
    });
  });

  test('a challenge of another case is refused', async () => {
    const c = await customer();
    const a = source();
    const { challengeId } = await gate.sendCode({
      ...a,
      emails: [c.email as string],
      phones: [],
      text: '',
      locale: 'en',
    });
    const code = await codeSentFor(a.caseId);
    expect(await gate.checkCode({ ...source(), challengeId, code })).toEqual({
      outcome: 'mismatch',
      attemptsLeft: 2,
    });
  });

  test('an expired code is refused', async () => {
    const hasty = createIdentityActivities(db, { ...POLICY, codeTtlMs: 1 });
    const c = await customer();
    const src = source();
    const { challengeId } = await hasty.sendCode({
      ...src,
      emails: [c.email as string],
      phones: [],
      text: '',
      locale: 'en',
    });
    const code = await codeSentFor(src.caseId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await hasty.checkCode({ ...next(src), challengeId, code })).toEqual({
      outcome: 'mismatch',
      attemptsLeft: 2,
    });
  });
});

describe('checkKnowledge', () => {
  test('postcode and the amount of a recent order verify, identified by order id', async () => {
    const c = await customer();
    const outcome = await gate.checkKnowledge({
      ...source(),
      orderId: c.orderIds[2],
      emails: [],
      phones: [],
      text: `${c.postcode}, 129.00`,
    });
    expect(outcome).toMatchObject({
      outcome: 'verified',
      level: 'knowledge',
      customer: { id: c.customerId },
    });
  });

  test('identified by name in Chinese: "邮编…，金额…"', async () => {
    const zh = await customer('zh');
    const outcome = await gate.checkKnowledge({
      ...source(),
      emails: [],
      phones: [],
      text: `${zh.name}，邮编${zh.postcode}，金额919`,
    });
    expect(outcome).toMatchObject({
      outcome: 'verified',
      level: 'knowledge',
      customer: { id: zh.customerId },
    });
  });

  test('identified by email, with the email and order id in the same message', async () => {
    const c = await customer();
    const outcome = await gate.checkKnowledge({
      ...source(),
      emails: [c.email as string],
      phones: [],
      text: `${c.email} order ${c.orderIds[0]}: zip ${c.postcode}, I paid $249`,
    });
    expect(outcome).toMatchObject({ outcome: 'verified', customer: { id: c.customerId } });
  });

  test('one factor alone, an older order, or a list of guessed amounts does not verify; each is counted', async () => {
    const c = await customer();
    const src = source(10);
    const orderId = c.orderIds[0];
    const ask = (text: string) =>
      gate.checkKnowledge({ ...next(src), orderId, emails: [], phones: [], text });
    expect(await ask('129.00')).toEqual({ outcome: 'mismatch', attemptsLeft: 4 });
    expect(await ask(`${c.postcode} 130`)).toEqual({ outcome: 'mismatch', attemptsLeft: 3 });
    // 39.00 is the fourth most recent order.
    expect(await ask(`${c.postcode} 39.00`)).toEqual({ outcome: 'mismatch', attemptsLeft: 2 });
    expect(await ask(`${c.postcode} 10 20 59 129`)).toEqual({ outcome: 'mismatch', attemptsLeft: 1 });
    // One failure left on the order: the right answer still gets through.
    expect(await ask(`${c.postcode} 129`)).toMatchObject({
      outcome: 'verified',
      customer: { id: c.customerId },
    });
    expect(await ask(`${c.postcode} 1`)).toEqual({ outcome: 'locked' });
  });
});

describe('the notifications query (development outbox)', () => {
  const as = (viewer: ApiContext['viewer']): ApiContext => ({
    viewer,
    deps: { db, config: loadConfig({}), temporal: undefined } as unknown as ApiDeps,
    client: null,
  });
  const read = (ctx: ApiContext, args: { caseId?: string; first?: number; after?: string | null }) =>
    notificationResolvers.Query.notifications(undefined, args, ctx);

  test("staff page through a case's codes, newest first; auditors and customers may not read them", async () => {
    const c = await customer();
    const src = source();
    for (let i = 0; i < 3; i++) {
      const step = next(src);
      await gate.sendCode({ ...step, emails: [c.email as string], phones: [], text: '', locale: 'en' });
    }
    const agent = as({ kind: 'staff', keyId: 'k1', name: 'Li Lei', role: 'agent' });
    const page1 = await read(agent, { caseId: src.caseId, first: 2 });
    expect(page1.totalCount).toBe(3);
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges[0]?.node).toMatchObject({
      channel: 'EMAIL',
      recipient: c.email,
      caseId: src.caseId,
      sentAt: null,
      body: expect.stringMatching(/\d{6}/),
    });
    const page2 = await read(agent, { caseId: src.caseId, first: 2, after: page1.pageInfo.endCursor });
    expect(page2.edges).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.edges, ...page2.edges].map((e) => Number(e.node.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    await expect(
      read(as({ kind: 'staff', keyId: 'k2', name: 'Audit', role: 'auditor' }), {}),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(
      read(as({ kind: 'customer', caseId: src.caseId }), { caseId: src.caseId }),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(read(as({ kind: 'anonymous' }), {})).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(read(agent, { after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
    await expect(read(agent, { first: 0 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });
});

test('a real sender plugs in as a NotificationChannel: queued rows of its kind are delivered once', async () => {
  const zh = await customer('zh');
  const src = source();
  await gate.sendCode({ ...src, emails: [], phones: [zh.phone], text: '', locale: 'zh-CN' });
  const delivered: QueuedNotification[] = [];
  const sms = { kind: 'sms' as const, deliver: async (n: QueuedNotification) => void delivered.push(n) };
  await deliverQueuedNotifications(db, [sms]);
  expect(delivered.filter((n) => n.caseId === src.caseId)).toEqual([
    expect.objectContaining({ channel: 'sms', recipient: `+86${zh.phone}`, subject: '您的验证码' }),
  ]);
  expect(delivered.every((n) => n.channel === 'sms')).toBe(true);
  const { rows } = await db.query<{ sent: boolean }>(
    'SELECT sent_at IS NOT NULL AS sent FROM notification_outbox WHERE case_id = $1',
    [src.caseId],
  );
  expect(rows).toEqual([{ sent: true }]);
  delivered.length = 0;
  await deliverQueuedNotifications(db, [sms]);
  expect(delivered).toEqual([]);
});
