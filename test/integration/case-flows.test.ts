// Flow tests: the case workflow on the real dev server with stubbed activities (no HTTP, no database), for the branches.
import { randomUUID } from 'node:crypto';
import { TEST_CASE_SETTINGS } from '../helpers/case-settings';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { KefuActivities } from '../../activities';
import { understandSync } from '../../activities/nlu/local';
import type { CaseRecords } from '../../activities/cases/records';
import type { IdentityOutcome } from '../../activities/identity/types';
import type { caseWorkflow } from '../../workflows/case';
import { closeCaseUpdate, getCaseQuery, openCaseUpdate, sendMessageUpdate } from '../../workflows/messages';
import type { CaseWorkflowInput } from '../../workflows/state';
import type { CaseSettings } from '../../workflows/types';
import { startStubWorker, type StubWorker } from '../helpers/stub-worker';
import { eventually } from '../helpers/stack';

const CATALOG = { products: [] };
const settings = TEST_CASE_SETTINGS;

/** What the stubs saw and will answer; each test sets what it needs. */
const stub = {
  records: [] as CaseRecords[],
  failRecords: false,
  contact: [] as IdentityOutcome[],
  understandDelayMs: 0,
};

const activities = {
  async understand({ text, now, localeHint }: { text: string; now: string; localeHint?: 'en' | 'zh-CN' }) {
    if (stub.understandDelayMs) await new Promise((r) => setTimeout(r, stub.understandDelayMs));
    return understandSync({ text, now, localeHint }, CATALOG);
  },
  async recordCase(records: CaseRecords) {
    if (stub.failRecords) throw new Error('database is down');
    stub.records.push(records);
  },
  async checkContact(): Promise<IdentityOutcome> {
    return stub.contact.shift() ?? { outcome: 'mismatch', attemptsLeft: 1 };
  },
  async lookupOrderStatus(orderId: string) {
    return {
      order: {
        id: orderId,
        customerId: 'C-1',
        status: 'shipped',
        placedAt: '2026-11-20T00:00:00Z',
        currency: 'USD',
        total: '10',
        items: [],
      },
      shipment: {
        carrier: 'UPS',
        trackingNumber: '1Z',
        status: 'in_transit',
        latestEvent: {
          at: '2026-11-21T00:00:00Z',
          status: 'in_transit',
          location: 'Here',
          description: 'Moving',
        },
      },
    };
  },
} as unknown as KefuActivities;

let stubWorker: StubWorker;
let client: Client;
let taskQueue: string;

beforeAll(async () => {
  stubWorker = await startStubWorker(activities, 'kefu-flows');
  ({ client, taskQueue } = stubWorker);
});

afterAll(async () => {
  await stubWorker?.stop();
});

beforeEach(() => {
  stub.records = [];
  stub.failRecords = false;
  stub.contact = [];
  stub.understandDelayMs = 0;
});

async function open(overrides: Partial<CaseSettings> = {}) {
  const caseId = randomUUID();
  const input: CaseWorkflowInput = {
    caseId,
    channel: 'WEB',
    locale: 'en',
    settings: { ...settings, ...overrides },
  };
  await client.workflow.executeUpdateWithStart(openCaseUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
    }),
  });
  const handle = client.workflow.getHandle(caseId);
  const send = async (text: string) => {
    const result = await handle.executeUpdate(sendMessageUpdate, {
      args: [{ messageId: randomUUID(), text }],
    });
    return { ...result, said: result.replies.map((r) => r.text).join('\n') };
  };
  return { handle, send };
}

test('a store that keeps failing never holds the case: it still answers and closes on request', async () => {
  stub.failRecords = true;
  const { handle, send } = await open();
  expect((await send('hello')).said).toMatch(/Hello/);
  expect((await send('Where is my order W1234567?')).said).toMatch(/email address or phone number/);
  const closed = await handle.executeUpdate(closeCaseUpdate, { args: [{ reason: 'done' }] });
  expect(closed.status).toBe('CLOSED');
  // The case still carries every message the store does not have yet.
  expect(closed.recentMessages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
});

test('an idle case closes itself even while its records cannot be written', async () => {
  stub.failRecords = true;
  const { handle, send } = await open({ inactivityTimeoutMs: 1500 });
  await send('hello');
  const view = await eventually(
    () => handle.query(getCaseQuery),
    (v) => v.status === 'CLOSED',
  );
  expect(view.recentMessages.at(-1)?.text).toMatch(/haven't heard from you/);
});

test('slow understanding still answers concurrent messages one at a time, in the order they were accepted', async () => {
  stub.understandDelayMs = 150;
  const { handle, send } = await open();
  await Promise.all(['hello', 'thanks', 'hi', 'goodbye'].map((t) => send(t)));
  const view = await handle.query(getCaseQuery);
  const roles = view.recentMessages.slice(1).map((m) => (m.role === 'CUSTOMER' ? 'C' : 'A'));
  expect(roles.join('')).toMatch(/^(CA+){4}$/);
});

test('the gate escalates on a lock and hands the human the order the customer asked about', async () => {
  stub.contact = [{ outcome: 'mismatch', attemptsLeft: 2 }, { outcome: 'locked' }];
  const { send } = await open();
  await send('Where is my order W1234567?');
  expect((await send('bob@example.com')).said).toMatch(/2 attempt/);
  const locked = await send('eve@example.com');
  expect(locked.said).toMatch(/couldn't verify your identity/);
  expect(locked.case.status).toBe('ESCALATED');
  expect(locked.case.slots).toMatchObject({ orderId: 'W1234567' });
  expect((await send('hello?')).said).toMatch(/colleague will read it/);
});

test('after the gate passes, the flow resumes with its slots and answers; events record every step', async () => {
  stub.contact = [
    { outcome: 'verified', level: 'contact', customer: { id: 'C-1', name: 'Bo', locale: 'en' } },
  ];
  const { handle, send } = await open();
  await send('Where is my order W1234567?');
  const answered = await send('bo@example.com');
  expect(answered.said).toMatch(/Thank you, Bo[\s\S]*in transit with UPS/);
  expect(answered.case.status).toBe('RESOLVED');
  await handle.executeUpdate(closeCaseUpdate, { args: [{ reason: 'done' }] });
  await handle.result();
  // Cases of earlier tests may write their records late, once the stub lets them: only this case's count.
  const events = await eventually(
    async () => stub.records.filter((r) => r.view.id === handle.workflowId).flatMap((r) => r.events),
    (all) => all.some((e) => e.type === 'case_closed'),
  );
  expect(events.map((e) => e.type)).toEqual(
    expect.arrayContaining([
      'case_opened',
      'flow_started',
      'slot_filled',
      'identity_requested',
      'identity_verified',
      'flow_completed',
      'status_changed',
      'case_closed',
    ]),
  );
  const seqs = events.map((e) => e.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(
    events.filter((e) => e.type === 'status_changed').map((e) => [e.actor, 'to' in e ? e.to : null]),
  ).toEqual(
    expect.arrayContaining([
      ['agent', 'WAITING_CUSTOMER'],
      ['agent', 'RESOLVED'],
      ['customer', 'CLOSED'],
    ]),
  );
});
