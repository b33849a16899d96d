// The pickup deadline of a case waiting for a human: it fires once, tells supervisors, offers a callback, and survives a worker restart.
import { createApiKey } from '../../activities/platform/api-keys';
import { startKefuStack, eventually, type KefuStack } from '../helpers/stack';

/** Long enough that the worker is surely stopped before it passes, short enough for a test. */
const PICKUP_TIMEOUT = '6s';
const SUPERVISORS = 'duty-supervisors@shop.example';

let kefu: KefuStack;
let supervisor: string;

beforeAll(async () => {
  kefu = await startKefuStack({
    env: { KEFU_PICKUP_TIMEOUT: PICKUP_TIMEOUT, KEFU_SUPERVISOR_EMAIL: SUPERVISORS },
  });
  supervisor = (await createApiKey(kefu.db, 'supervisor', 'Zhao Min')).key;
});

afterAll(async () => {
  await kefu?.stop();
});

interface Started {
  id: string;
  token: string;
  locale: 'en' | 'zh-CN';
}

async function newCase(locale: Started['locale']): Promise<Started> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation($input: StartCaseInput!) { startCase(input: $input) { token case { id } } }',
    { input: { locale } },
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token, locale };
}

async function send(c: Started, text: string): Promise<{ status: string; said: string }> {
  const res = await kefu.gql<{ sendMessage: { replies: { text: string }[]; case: { status: string } } }>(
    'mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } case { status } } }',
    { id: c.id, text },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  const { replies, case: view } = res.data!.sendMessage;
  return { status: view.status, said: replies.map((r) => r.text).join('\n') };
}

interface Seen {
  events: string[];
  transcript: string[];
  desk: { slaBreached: boolean; callbackRequested: boolean; priority: number };
  outbox: { recipient: string; subject: string; body: string }[];
}

/** What staff see of the case: its audit trail, transcript, desk, and the notifications sent for it. */
async function seen(c: Started): Promise<Seen> {
  const res = await kefu.gql<{
    case: {
      events: { edges: { node: { type: string } }[] };
      messages: { edges: { node: { text: string } }[] };
      desk: Seen['desk'];
    };
    notifications: { edges: { node: Seen['outbox'][number] }[] };
  }>(
    `query($id: ID!) {
       case(id: $id) {
         events(first: 100) { edges { node { type } } }
         messages(last: 50) { edges { node { text } } }
         desk { slaBreached callbackRequested priority }
       }
       notifications(caseId: $id, first: 20) { edges { node { recipient subject body } } }
     }`,
    { id: c.id },
    supervisor,
  );
  expect(res.errors).toBeUndefined();
  return {
    events: res.data!.case.events.edges.map((e) => e.node.type),
    transcript: res.data!.case.messages.edges.map((e) => e.node.text),
    desk: res.data!.case.desk,
    outbox: res.data!.notifications.edges.map((e) => e.node),
  };
}

const CALLBACK_OFFER = { en: /Reply "callback" and we will call you back/, 'zh-CN': /回复“回电”/ };
const count = (items: string[], match: (item: string) => boolean) => items.filter(match).length;

/** The case's history as Temporal keeps it: readable while no worker runs, unlike the case itself. */
async function history(c: Started) {
  const { events } = await kefu.temporal.workflow.getHandle(c.id).fetchHistory();
  return {
    /** The deadline passes on the server even with no worker running. */
    timersFired: (events ?? []).filter((e) => e.timerFiredEventAttributes).length,
    supervisorsCalled: (events ?? []).filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifySupervisors',
    ).length,
  };
}

test('a missed pickup is breached once, across a worker restart: supervisors told, the customer offered a callback (en, zh)', async () => {
  const en = await newCase('en');
  const zh = await newCase('zh-CN');
  expect((await send(en, 'I want to talk to a real person')).said).toMatch(/expected wait is about 1 minute/);
  expect((await send(zh, '转人工')).status).toBe('ESCALATED');

  // The worker goes away before the deadline: nothing was breached yet.
  await kefu.stopWorker();
  for (const c of [en, zh]) expect(await history(c)).toEqual({ timersFired: 0, supervisorsCalled: 0 });

  // The deadline passes on the Temporal server while no worker runs; a new worker picks the cases up.
  await eventually(
    async () => Promise.all([en, zh].map(history)),
    (seenNow) => seenNow.every((h) => h.timersFired > 0),
    30_000,
  );
  await kefu.startWorker();

  for (const c of [en, zh]) {
    // A record write that the stopped worker abandoned is retried once its timeout passes: give it that long.
    const after = await eventually(
      () => seen(c),
      (s) => s.outbox.length > 0 && s.events.includes('sla_breached'),
      60_000,
    );
    expect(after.desk.slaBreached).toBe(true);
    expect(after.transcript.at(-1)).toMatch(CALLBACK_OFFER[c.locale]);
    expect(after.outbox).toEqual([
      expect.objectContaining({
        recipient: SUPERVISORS,
        subject: expect.stringContaining(`Case ${c.id} has waited for a human`),
        // The handover travels in the message, so the supervisor need not open the case to know what it is about.
        body: expect.stringMatching(/Reason: customer_request/),
      }),
    ]);
  }

  // Another restart, then the customers answer the offer: the new worker replays the breach, it does not repeat it.
  await kefu.stopWorker();
  await kefu.startWorker();
  expect((await send(en, 'please call me back')).said).toMatch(/a colleague will call you back/);
  expect((await send(zh, '回电')).said).toMatch(/已登记回电/);

  for (const c of [en, zh]) {
    const final = await eventually(
      () => seen(c),
      (s) => s.desk.callbackRequested && s.events.includes('callback_requested'),
    );
    expect(count(final.events, (t) => t === 'sla_breached')).toBe(1);
    expect(count(final.transcript, (t) => CALLBACK_OFFER[c.locale].test(t))).toBe(1);
    expect(final.outbox).toHaveLength(1);
    // A missed deadline moves the case up the queue.
    expect(final.desk.priority).toBeGreaterThanOrEqual(3);
    expect((await history(c)).supervisorsCalled).toBe(1);
  }
});
