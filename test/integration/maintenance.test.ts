// Preventive maintenance: gateway readings, a policy crossed, exactly one outreach per due event from the Schedule, and the answers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile } from '../../activities/commerce/import';
import {
  describeMaintenanceSchedule,
  ensureMaintenanceSchedule,
} from '../../activities/manufacturing/schedule';
import { createApiKey } from '../../activities/platform/api-keys';
import { outreachStateQuery } from '../../workflows/maintenance/messages';
import { testEnv } from '../helpers/env';
import { eventually, startKefuStack, type KefuStack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');

let kefu: KefuStack;
let adminKey: string;
let deviceKey: string;
const MODEL = 'TestWash M1';
const SERIALS = ['SN-TW000001', 'SN-TW000002', 'SN-TW000003', 'SN-TW000004'];
const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

beforeAll(async () => {
  kefu = await startKefuStack({
    env: {
      KEFU_MAINTENANCE_INTERVAL: '1h',
      KEFU_MAINTENANCE_FOLLOW_UP_AFTER: '3s',
      KEFU_MAINTENANCE_CLOSE_AFTER: '3s',
      KEFU_MAINTENANCE_SNOOZE: '2s',
    },
  });
  adminKey = (await createApiKey(kefu.db, 'admin', 'maintenance test')).key;
  deviceKey = (await createApiKey(kefu.db, 'device', 'gateway 7')).key;
  // Owners and machines of this suite's own, so the demo customers get no reminders.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-mt-')), 'devices.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      customers: SERIALS.map((_s, i) => ({
        id: `C-MT-${i + 1}`,
        name: `Owner ${i + 1}`,
        email: `owner${i + 1}@maintenance.example`,
        locale: i === 2 ? 'zh-CN' : 'en',
      })),
      devices: SERIALS.map((serial, i) => ({
        serial,
        model: MODEL,
        ownerId: `C-MT-${i + 1}`,
        installedAt: day(200),
      })),
    }),
  );
  await importFile(kefu.db, file);
});

afterAll(async () => {
  await kefu?.stop();
});

async function gql<T>(query: string, variables: Record<string, unknown> = {}, key = adminKey) {
  const res = await kefu.gql<T>(query, variables, key);
  return res;
}

const READINGS = `mutation($r: [DeviceReadingInput!]!) { recordDeviceReadings(readings: $r) {
  accepted duplicates rejected { path message } } }`;

type ReadingsResult = {
  recordDeviceReadings: {
    accepted: number;
    duplicates: number;
    rejected: { path: string; message: string }[];
  };
};

test('gateways send readings in batches: stored once by id, bad ones named by path, nothing else allowed', async () => {
  const batch = SERIALS.flatMap((serial, i) => [
    { id: `${serial}-1`, serial, metric: 'cycles', value: 20, at: day(100) },
    { id: `${serial}-2`, serial, metric: 'cycles', value: 150 + i, at: day(1) },
  ]);
  const bad = [
    { id: 'x-1', serial: 'SN-NOPE', metric: 'cycles', value: 1, at: day(1) },
    { id: 'x-2', serial: SERIALS[0], metric: 'Cycles!', value: 1, at: day(1) },
    { id: 'x-3', serial: SERIALS[0], metric: 'cycles', value: -5, at: day(1) },
    {
      id: 'x-4',
      serial: SERIALS[0],
      metric: 'temperature',
      value: 60,
      at: new Date(Date.now() + 86_400_000).toISOString(),
    },
  ];
  const first = await gql<ReadingsResult>(READINGS, { r: [...batch, ...bad] }, deviceKey);
  expect(first.errors).toBeUndefined();
  expect(first.data!.recordDeviceReadings).toEqual({
    accepted: 8,
    duplicates: 0,
    rejected: [
      { path: 'readings[8].serial', message: 'unknown device "SN-NOPE"' },
      { path: 'readings[9].metric', message: expect.stringMatching(/lower-case/) },
      { path: 'readings[10].value', message: 'cycles cannot be negative' },
      { path: 'readings[11].at', message: 'is in the future' },
    ],
  });
  const again = await gql<ReadingsResult>(READINGS, { r: batch }, deviceKey);
  expect(again.data!.recordDeviceReadings).toMatchObject({ accepted: 0, duplicates: 8, rejected: [] });

  const readCase = await gql('{ cases(first: 1) { edges { node { id } } } }', {}, deviceKey);
  expect(readCase.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const agent = (await createApiKey(kefu.db, 'agent', 'not a gateway')).key;
  expect((await gql(READINGS, { r: batch }, agent)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('policies are set per model through GraphQL, and bad ones are refused with the field', async () => {
  const set = `mutation($p: MaintenancePolicyInput!) { setMaintenancePolicy(input: $p) { id model everyCycles } }`;
  const bad = await gql(set, {
    p: {
      id: 'testwash-service',
      model: MODEL,
      task: { en: 'descale', zh: '除垢' },
      metric: 'water_hardness',
    },
  });
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.threshold' });
  const ok = await gql<{ setMaintenancePolicy: { id: string } }>(set, {
    p: {
      id: 'testwash-service',
      model: MODEL,
      task: { en: 'descale the machine', zh: '给机器除垢' },
      everyCycles: 100,
    },
  });
  expect(ok.errors).toBeUndefined();
  const listed = await gql<{ maintenancePolicies: { id: string; everyCycles: number }[] }>(
    `query($m: String) { maintenancePolicies(model: $m) { id everyCycles } }`,
    { m: MODEL },
  );
  expect(listed.data!.maintenancePolicies).toEqual([{ id: 'testwash-service', everyCycles: 100 }]);
});

test('policies from a file through the CLI: all or nothing, and a bad one named by its place', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-policies-'));
  const file = path.join(dir, 'policies.yaml');
  const cli = () =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/kefu.ts'), 'maintenance', 'import', file],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: testEnv().databaseUrl, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      },
    );
  fs.writeFileSync(
    file,
    `- { id: cli-heater-ok, model: CliHeat 1, task: { en: flush, zh: 冲洗 }, everyHours: 100 }
- { id: cli-heater-bad, model: CliHeat 1, task: { en: check, zh: 检查 }, everyDays: 1.5 }
`,
  );
  const refused = cli();
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toMatch(/\[1\]\.everyDays: must be a positive whole number/);
  const none = await kefu.db.query("SELECT id FROM maintenance_policies WHERE model = 'CliHeat 1'");
  expect(none.rows).toEqual([]);
  fs.writeFileSync(
    file,
    `- { id: cli-heater-ok, model: CliHeat 1, task: { en: flush, zh: 冲洗 }, everyHours: 100 }\n`,
  );
  const saved = cli();
  expect(saved.status).toBe(0);
  expect(saved.stderr).toMatch(/1 maintenance policies saved/);
});

interface Notice {
  recipient: string;
  subject: string;
  body: string;
}

async function notices(email: string): Promise<Notice[]> {
  const { rows } = await kefu.db.query<Notice>(
    'SELECT recipient, subject, body FROM notification_outbox WHERE recipient = $1 ORDER BY id',
    [email],
  );
  return rows;
}

function caseLink(notice: Notice) {
  const match = /#case=([^&]+)&token=(\S+)/.exec(notice.body);
  if (!match) throw new Error(`no case link in ${notice.body}`);
  return { id: decodeURIComponent(match[1]!), token: match[2]! };
}

async function say(c: { id: string; token: string }, text: string): Promise<string> {
  const res = await kefu.gql<{ sendMessage: { replies: { text: string }[] } }>(
    `mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } } }`,
    { id: c.id, text },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage.replies.map((r) => r.text).join('\n');
}

async function evaluationsRun(): Promise<string[]> {
  const view = await describeMaintenanceSchedule(kefu.temporal, kefu.config);
  return view?.recentRuns.map((r) => r.workflowId) ?? [];
}

/** Triggers the Schedule and waits for that evaluation's result. */
async function evaluateNow(): Promise<{ started: number; alreadyReached: number }> {
  const before = (await evaluationsRun()).length;
  const res = await gql('mutation { runMaintenanceEvaluation { id paused } }');
  expect(res.errors).toBeUndefined();
  const runs = await eventually(evaluationsRun, (ids) => ids.length > before);
  return kefu.temporal.workflow.getHandle(runs.at(-1)!).result();
}

const outreachOf = async (serial: string) =>
  (
    await kefu.db.query<{ id: string; status: string; case_ids: string[] }>(
      'SELECT id, status, case_ids FROM maintenance_outreach WHERE serial = $1',
      [serial],
    )
  ).rows;

test('the Schedule is created once, visible and pausable; a crossed policy gets exactly one outreach per device', async () => {
  expect(await ensureMaintenanceSchedule(kefu.temporal, kefu.config)).toBe('created');
  expect(await ensureMaintenanceSchedule(kefu.temporal, kefu.config)).toBe('unchanged');
  const paused = await gql<{ pauseMaintenanceSchedule: { paused: boolean; note: string } }>(
    'mutation { pauseMaintenanceSchedule(note: "holiday") { paused note } }',
  );
  expect(paused.data!.pauseMaintenanceSchedule).toEqual({ paused: true, note: 'holiday' });
  const resumed = await gql<{ unpauseMaintenanceSchedule: { paused: boolean; intervalSeconds: number } }>(
    'mutation { unpauseMaintenanceSchedule { paused intervalSeconds } }',
  );
  expect(resumed.data!.unpauseMaintenanceSchedule).toEqual({ paused: false, intervalSeconds: 3600 });

  const first = await evaluateNow();
  expect(first.started).toBe(4);
  for (const serial of SERIALS)
    expect(
      await eventually(
        () => outreachOf(serial),
        (rows) => rows.length > 0,
      ),
    ).toHaveLength(1);
  await eventually(
    () => notices('owner1@maintenance.example'),
    (n) => n.length === 1,
  );
  expect((await notices('owner1@maintenance.example'))[0]!.subject).toMatch(
    /your TestWash M1 \(SN-TW000001\) is due for maintenance/,
  );
  // A second evaluation finds nothing new to reach: the same due event is never reached twice.
  expect((await evaluateNow()).started).toBe(0);
  expect(await notices('owner1@maintenance.example')).toHaveLength(1);
});

test('the customer books a visit in the case the reminder opened', async () => {
  const c = caseLink((await notices('owner1@maintenance.example'))[0]!);
  const offered = await say(c, 'Yes please, book a technician');
  expect(offered).toMatch(/Which time suits you \(ticket SR-[0-9A-F]{8}\)\?[\s\S]*1\. /);
  expect(await say(c, '1')).toMatch(/Booked: a technician will come on/);
  await eventually(
    () => outreachOf(SERIALS[0]!),
    (rows) => rows[0]?.status === 'booked',
  );
  const { rows } = await kefu.db.query('SELECT kind, status FROM service_tickets WHERE serial = $1', [
    SERIALS[0],
  ]);
  expect(rows).toEqual([{ kind: 'maintenance', status: 'booked' }]);
});

test('"remind me next week" snoozes: the reminder comes again after the snooze, in a new case', async () => {
  const email = 'owner2@maintenance.example';
  const c = caseLink((await notices(email))[0]!);
  expect(await say(c, 'remind me next week')).toMatch(/I'll remind you again on/);
  const again = await eventually(
    () => notices(email),
    (n) => n.length === 2,
    20_000,
  );
  const second = caseLink(again[1]!);
  expect(second.id).not.toBe(c.id);
  expect(await say(second, 'already done')).toMatch(/maintenance is done/);
  await eventually(
    () => outreachOf(SERIALS[1]!),
    (rows) => rows[0]?.status === 'done',
  );
});

test('zh: "已经做过了" records the maintenance, and the count starts again from it', async () => {
  const c = caseLink((await notices('owner3@maintenance.example'))[0]!);
  expect(await say(c, '已经做过了')).toMatch(/已记录本次保养/);
  await eventually(
    () => outreachOf(SERIALS[2]!),
    (rows) => rows[0]?.status === 'done',
  );
  const device = await gql<{ device: { maintenance: { source: string; policyId: string }[] } }>(
    `query($s: ID!) { device(serial: $s) { maintenance { source policyId } } }`,
    { s: SERIALS[2] },
  );
  expect(device.data!.device.maintenance).toEqual([{ source: 'customer', policyId: 'testwash-service' }]);
});

test('an ignored reminder gets one follow-up, then its case closes', async () => {
  const email = 'owner4@maintenance.example';
  const [reminder] = await notices(email);
  const followed = await eventually(
    () => notices(email),
    (n) => n.length === 2,
    20_000,
  );
  expect(followed[1]!.subject).toMatch(/^Reminder: your TestWash M1/);
  await eventually(
    () => outreachOf(SERIALS[3]!),
    (rows) => rows[0]?.status === 'ignored',
    20_000,
  );
  const handle = kefu.temporal.workflow.getHandle((await outreachOf(SERIALS[3]!))[0]!.id);
  expect(await handle.query(outreachStateQuery)).toEqual({ state: 'ignored', round: 1 });
  const caseId = caseLink(reminder!).id;
  await eventually(
    async () => (await kefu.temporal.workflow.getHandle(caseId).describe()).status.name,
    (status) => status === 'COMPLETED',
    20_000,
  );
  expect(await notices(email)).toHaveLength(2);
});

test('the Schedule survives a worker restart and keeps evaluating', async () => {
  await kefu.stopWorker();
  await kefu.startWorker();
  expect(await ensureMaintenanceSchedule(kefu.temporal, kefu.config)).toBe('unchanged');
  const after = await evaluateNow();
  // Maintenance recorded by the customer restarted that device's count: nothing is due anywhere.
  expect(after).toEqual({ started: 0, alreadyReached: 0 });
});
