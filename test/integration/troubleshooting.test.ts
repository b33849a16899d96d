// Guided troubleshooting through GraphQL: the E3 tree to a fix and to a booked visit, in en and zh, pinned versions, safety, the manual.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importKnowledge } from '../../activities/knowledge/import';
import { createLocalProvider } from '../../activities/nlu/local';
import { createApiKey } from '../../activities/platform/api-keys';
import { loadDemoManufacturing } from '../../scripts/lib/demo-manufacturing';
import { testEnv } from '../helpers/env';
import { eventually, startKefuStack, type KefuStack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');

let kefu: KefuStack;
let adminKey: string;

beforeAll(async () => {
  kefu = await startKefuStack();
  adminKey = (await createApiKey(kefu.db, 'admin', 'troubleshooting test')).key;
  await importKnowledge(kefu.db, createLocalProvider(), kefu.config, path.join(ROOT, 'data/knowledge'));
  await loadDemoManufacturing(kefu.db, () => undefined, { policies: false });
});

afterAll(async () => {
  await kefu?.stop();
});

interface Reply {
  text: string;
  sources: { ref: string }[];
}

interface Started {
  id: string;
  token: string;
}

async function newCase(): Promise<Started> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: { channel: WEB }) { token case { id } } }',
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function send(c: Started, text: string): Promise<string> {
  const res = await kefu.gql<{ sendMessage: { replies: Reply[] } }>(
    `mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text sources { ref } } } }`,
    { id: c.id, text },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  const replies = res.data!.sendMessage.replies;
  const said = replies.map((r) => r.text).join('\n');
  if (process.env.KEFU_TEST_SHOW) process.stderr.write(`> ${text}\n${said}\n\n`);
  return said + replies.flatMap((r) => r.sources.map((s) => ` [${s.ref}]`)).join('');
}

async function staffView(caseId: string) {
  const res = await kefu.gql<{
    case: {
      status: string;
      slots: Record<string, unknown>;
      troubleshooting: {
        treeVersion: number;
        outcome: string;
        csat: number | null;
        trail: { step: string; reading: string }[];
      } | null;
      serviceTickets: {
        id: string;
        warranty: string;
        status: string;
        visitAt: string | null;
        trail: { step: string }[];
      }[];
      events: { edges: { node: { type: string; data: unknown } }[] };
    };
  }>(
    `query($id: ID!) { case(id: $id) { status slots
       troubleshooting { treeVersion outcome csat trail { step reading } }
       serviceTickets { id warranty status visitAt trail { step } }
       events(first: 100) { edges { node { type data } } } } }`,
    { id: caseId },
    adminKey,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.case;
}

describe('the E3 dishwasher tree', () => {
  test('en: step by step to a fix, a question answered from the manual on the way, then the score', async () => {
    const c = await newCase();
    expect(await send(c, 'My dishwasher shows E3')).toMatch(/model.*serial number/i);
    const first = await send(c, 'AquaClean D6, serial number SN-DW600123');
    expect(first).toMatch(/one step at a time/);
    expect(first).toMatch(/Step 1: Switch the dishwasher off at the wall socket/);
    expect(await send(c, 'done')).toMatch(/Step 2: Now start the Quick programme/);
    expect(await send(c, 'still E3')).toMatch(
      /Step 3: Is the dishwasher plugged straight into its own wall socket/,
    );
    expect(await send(c, 'yes')).toMatch(
      /Switch the dishwasher off at the socket before[\s\S]*Step 4: Clean the filter/,
    );
    const explained = await send(c, "what's the filter?");
    expect(explained).toMatch(/cylindrical filter/);
    expect(explained).toMatch(/kb:dishwasher-manual-en/);
    expect(explained).toMatch(/Back to step 4[\s\S]*Clean the filter/);
    expect(await send(c, 'done')).toMatch(/Step 5: Run the Intensive programme/);
    const fixed = await send(c, 'it works now');
    expect(fixed).toMatch(/the water heats again/);
    expect(fixed).toMatch(/from 1 \(not at all\) to 5/);
    expect(await send(c, '5')).toMatch(/Thank you for your rating \(5\/5\)/);

    const view = await staffView(c.id);
    expect(view.status).toBe('RESOLVED');
    expect(view.troubleshooting).toMatchObject({ outcome: 'resolved', csat: 5 });
    expect(view.troubleshooting!.trail.map((t) => t.reading)).toEqual([
      'done',
      'still',
      'yes',
      'question',
      'done',
      'fixed',
    ]);
  });

  test('zh: nothing helps, so a service ticket with the trail, the warranty, and the visit the customer picks', async () => {
    const c = await newCase();
    expect(await send(c, '洗碗机显示E3')).toMatch(/型号和序列号/);
    expect(await send(c, '序列号 SN-DW600456')).toMatch(/第 1 步：请从墙上插座断开洗碗机电源/);
    expect(await send(c, '做完了')).toMatch(/第 2 步/);
    expect(await send(c, '还是显示E3')).toMatch(/第 3 步：洗碗机是否直接插在/);
    expect(await send(c, '是的')).toMatch(/第 4 步：请清洗内胆底部的过滤网/);
    expect(await send(c, '洗过了，照做了')).toMatch(/第 5 步：请在空载状态下运行/);
    const ticket = await send(c, '还是E3');
    expect(ticket).toMatch(/需要技术人员检修加热管或温度传感器/);
    expect(ticket).toMatch(/服务工单 SR-[0-9A-F]{8}/);
    // Bought in March 2024 with a 24-month warranty: it has run out.
    expect(ticket).toMatch(/保修已于 \d{4}-\d{2}-\d{2} 到期/);
    expect(ticket).toMatch(/1\. .*\n2\. .*\n3\. /);
    expect(await send(c, '第二个')).toMatch(/已预约：技术人员将于 .* 上门（工单 SR-/);

    const view = await staffView(c.id);
    const [booked] = view.serviceTickets;
    expect(booked).toMatchObject({ warranty: 'EXPIRED', status: 'booked' });
    expect(booked!.visitAt).not.toBeNull();
    expect(booked!.trail.map((t) => t.step)).toEqual([
      'power-cycle',
      'power-check',
      'own-socket',
      'clean-filter',
      'intensive',
    ]);
    expect(view.troubleshooting).toMatchObject({ outcome: 'technician' });
  });
});

describe("a signed-in customer's own devices", () => {
  async function signedIn(): Promise<Started> {
    const agent = (await createApiKey(kefu.db, 'agent', 'signed-in channel')).key;
    const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
      'mutation { startCase(input: { channel: APP, customer: { id: "C-ALICE" } }) { token case { id } } }',
      {},
      agent,
    );
    expect(res.errors).toBeUndefined();
    return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
  }

  test('zh: the printer named is picked from her devices without asking, and the jam is cleared', async () => {
    const c = await signedIn();
    const first = await send(c, '打印机卡纸了');
    expect(first).not.toMatch(/型号和序列号/);
    expect(first).toMatch(/⚠️ 打印机内部的定影器可能很烫[\s\S]*第 1 步：打开前盖/);
    expect(await send(c, '做完了')).toMatch(/第 2 步：合上前盖/);
    expect(await send(c, '好了，不卡纸了')).toMatch(
      /设备恢复正常了[\s\S]*请打 1（很不满意）到 5（非常满意）分/,
    );
    expect(await send(c, '5分')).toMatch(/感谢您的评分（5\/5）/);
    const view = await staffView(c.id);
    expect(view.troubleshooting).toMatchObject({ outcome: 'resolved', csat: 5 });
  });

  test('with no device named, she picks one from the list of hers', async () => {
    const c = await signedIn();
    const list = await send(c, 'My machine shows error E3');
    expect(list).toMatch(
      /Which device is it\?\n1\. AquaClean D6 \(SN-DW600123\)\n2\. PrintJet 200 \(SN-PJ200789\)/,
    );
    expect(await send(c, 'the first one')).toMatch(/Step 1: Switch the dishwasher off/);
  });
});

describe('safety and the manual', () => {
  test('water on the floor stops the tree at once and hands the case to a human, with the reason', async () => {
    const c = await newCase();
    await send(c, 'My dishwasher shows E3');
    expect(await send(c, 'AquaClean D6, serial number SN-DW600123')).toMatch(/Step 1/);
    const stopped = await send(c, "there's water all over the floor now");
    expect(stopped).toMatch(/For your safety, please stop now: switch the appliance off at the wall socket/);
    expect(stopped).not.toMatch(/Step 2/);
    const view = await eventually(
      () => staffView(c.id),
      (v) => v.events.edges.some((e) => e.node.type === 'safety_stop'),
    );
    expect(view.status).toBe('ESCALATED');
    const events = view.events.edges.map((e) => e.node);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'escalated',
        data: expect.objectContaining({ reason: 'safety_hazard' }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'safety_stop',
        data: expect.objectContaining({ words: 'water all over the floor' }),
      }),
    );
  });

  test('zh: a burning smell said at the start stops before any step', async () => {
    const c = await newCase();
    const said = await send(c, '洗碗机显示E3，还有烧焦的味道');
    expect(said).toMatch(/为了您的安全，请立即停止操作/);
    expect((await staffView(c.id)).status).toBe('ESCALATED');
  });

  test('a fault with no tree gets the manual passage from the knowledge base at once, cited', async () => {
    const c = await newCase();
    const said = await send(c, 'My dishwasher shows E1');
    expect(said).toMatch(/I don't have a guided check for that yet; here is what the manual says/);
    expect(said).toMatch(/drain hose/);
    expect(said).toMatch(/kb:dishwasher-manual-en/);
    expect(said).not.toMatch(/serial number/);
  });
});

describe('trees as data', () => {
  const tree = (stepOne: string) => `
id: test-heater
title: { en: 'Test heater, H7', zh: '测试热水器 H7' }
models: [TestHeat 1]
codes: [H7]
start: reset
steps:
  - id: reset
    say: { en: '${stepOne}', zh: '按复位键。' }
    answers:
      - { when: done, next: check }
  - id: check
    say: { en: 'Is H7 still shown?', zh: '还显示 H7 吗？' }
    answers:
      - { when: still, next: tech }
      - { when: fixed, next: ok }
  - { id: ok, outcome: resolved }
  - { id: tech, outcome: technician }
`;
  const importTree = (document: string, key = adminKey) =>
    kefu.gql<{ importTroubleshootingTree: { created: boolean; tree: { id: string; version: number } } }>(
      'mutation($d: String!) { importTroubleshootingTree(document: $d) { created tree { id version } } }',
      { d: document },
      key,
    );

  test('editing a tree while a case runs changes new cases only; the same document again is no new version', async () => {
    const v1 = await importTree(tree('Press the reset button.'));
    expect(v1.data?.importTroubleshootingTree).toMatchObject({ created: true, tree: { version: 1 } });
    expect((await importTree(tree('Press the reset button.'))).data?.importTroubleshootingTree).toMatchObject(
      {
        created: false,
        tree: { version: 1 },
      },
    );

    const running = await newCase();
    await send(running, 'my water heater shows error code H7');
    expect(await send(running, 'TestHeat 1')).toMatch(/Step 1: Press the reset button\./);

    const v2 = await importTree(tree('Hold the reset button for 5 seconds.'));
    expect(v2.data?.importTroubleshootingTree.tree.version).toBe(2);

    // The running case goes on with version 1 (carried in its state), the next case gets version 2.
    expect(await send(running, 'repeat')).toMatch(/Step 1: Press the reset button\./);
    expect((await staffView(running.id)).slots.treeVersion).toBe('1');
    const next = await newCase();
    await send(next, 'my water heater shows error code H7');
    expect(await send(next, 'TestHeat 1')).toMatch(/Step 1: Hold the reset button for 5 seconds\./);
  });

  test('a bad tree is refused with the step named, through GraphQL and the CLI, and nothing is stored', async () => {
    const broken = tree('Press it.').replace('next: check', 'next: chek');
    const res = await importTree(broken);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'document.steps[0] (reset).answers[0].next',
    });
    expect(res.errors?.[0]?.message).toMatch(/no step named "chek"/);
    const agent = (await createApiKey(kefu.db, 'agent', 'not an author')).key;
    expect((await importTree(tree('x'), agent)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-trees-'));
    fs.writeFileSync(path.join(dir, 'good.yaml'), tree('Press the reset button twice.'));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), broken.replace("zh: '按复位键。'", "zh: ''"));
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/kefu.ts'), 'trees', 'import', dir],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: testEnv().databaseUrl, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      },
    );
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/bad\.yaml: steps\[0\] \(reset\)\.say\.zh: the Chinese text is missing/);
    expect(cli.stderr).toMatch(/bad\.yaml: steps\[0\] \(reset\)\.answers\[0\]\.next: no step named "chek"/);
    // All or nothing: the good file beside it was not stored either.
    const versions = await kefu.db.query(
      "SELECT max(version) AS v FROM troubleshooting_trees WHERE id = 'test-heater'",
    );
    expect(versions.rows[0].v).toBe(2);
  });
});
