// `npm start` end to end on the embedded defaults: it comes up, serves the journey, stops on SIGINT and keeps every case.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { postGraphQL } from '../../scripts/lib/graphql-client';
import { findFreePort } from '../../scripts/lib/temporal-server';
import { testEnv } from '../helpers/env';

const ROOT = path.resolve(__dirname, '../..');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let running: ChildProcess | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-start-'));
  const [temporalPort, uiPort, apiPort, dbPort] = await Promise.all([
    findFreePort(),
    findFreePort(),
    findFreePort(),
    findFreePort(),
  ]);
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _t, ...inherited } = process.env;
  env = {
    ...inherited,
    NODE_ENV: 'production',
    KEFU_DATA_DIR: dataDir,
    TEMPORAL_CLI: testEnv().temporalCliPath,
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    KEFU_API_PORT: String(apiPort),
    KEFU_EMBEDDED_DB_PORT: String(dbPort),
    LOG_LEVEL: 'warn',
  };
});

afterAll(() => {
  if (running && running.exitCode === null) running.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs scripts/start.ts and resolves with the GraphQL URL once it says it is running. */
async function start(): Promise<{ child: ChildProcess; graphql: string; output: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  const output: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  const graphql = await new Promise<string>((resolve, reject) => {
    let url: string | undefined;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      url ??= /GraphQL \(GraphiQL\)\s+(\S+)/.exec(line)?.[1];
      if (line.startsWith('Ctrl-C stops everything') && url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output.join('\n')}`)));
  });
  return { child, graphql, output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  bearer?: string,
): Promise<T> {
  const body = await postGraphQL<T>(url, query, variables, bearer);
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

test('npm start serves the journey on the embedded database and keeps the case across a restart', async () => {
  const first = await start();
  expect(first.output.join('\n')).toMatch(/Temporal UI\s+http/);
  const keys = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-keys.json'), 'utf8')) as Record<
    string,
    string
  >;
  expect(Object.keys(keys).sort()).toEqual([
    'admin',
    'agent',
    'auditor',
    'device',
    'supervisor',
    'warehouse',
  ]);

  const started = await gql<{ startCase: { token: string; case: { id: string } } }>(
    first.graphql,
    'mutation { startCase(input: { locale: "zh-CN" }) { token case { id } } }',
    {},
  );
  const { token, case: c } = started.startCase;
  const send = (url: string, text: string) =>
    gql<{ sendMessage: { replies: { text: string }[] } }>(
      url,
      'mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } } }',
      { id: c.id, text },
      token,
    );
  await send(first.graphql, '我的订单 W7654321 到哪了?');
  const answer = await send(first.graphql, 'wangfang@example.cn');
  expect(answer.sendMessage.replies.map((r) => r.text).join('')).toMatch(/顺丰速运/);
  const graphiql = await fetch(first.graphql, { headers: { accept: 'text/html' } });
  expect(graphiql.status).toBe(200);
  expect(await stop(first.child)).toBe(0);
  // Neither the worker nor the API logged an error on the way.
  expect(first.output.filter((line) => /^\[(api|worker)\].*(Error|\s+at )/.test(line))).toEqual([]);

  const second = await start();
  expect(second.output.join('\n')).not.toMatch(/loading the demo data/);
  const read = await gql<{ case: { status: string; messages: { edges: { node: { role: string } }[] } } }>(
    second.graphql,
    'query($id: ID!) { case(id: $id) { status messages { edges { node { role } } } } }',
    { id: c.id },
    keys.auditor,
  );
  expect(read.case.status).toBe('RESOLVED');
  expect(read.case.messages.edges.map((e) => e.node.role)).toEqual([
    'AGENT',
    'CUSTOMER',
    'AGENT',
    'CUSTOMER',
    'AGENT',
    'AGENT',
  ]);
  // The conversation goes on where it stopped.
  const more = await send(second.graphql, '谢谢');
  expect(more.sendMessage.replies[0]?.text).toMatch(/不客气/);
  expect(await stop(second.child)).toBe(0);
}, 180_000);
