// Killing the worker process mid-conversation loses nothing: a message sent while it is down is answered once it is back.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { getCaseQuery } from '../../workflows/messages';
import { testEnv } from '../helpers/env';
import { SHARED_DATABASE_ENV, startKefuStack, type KefuStack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');
let kefu: KefuStack;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  kefu = await startKefuStack({ worker: false });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await kefu?.stop();
});

/** Starts workers/main.ts as its own process and resolves once it reports it is polling. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const env = testEnv();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...SHARED_DATABASE_ENV,
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      KEFU_TASK_QUEUE: kefu.config.temporal.taskQueue,
      KEFU_WORKFLOW_BUNDLE: env.workflowBundlePath,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    readline.createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
    lines.on('line', (line) => {
      output.push(line);
      if (line.includes('worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output.join('\n')}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

test('a worker killed with SIGKILL mid-conversation loses no message', async () => {
  const first = await startWorkerProcess();
  const started = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: {}) { token case { id } } }',
  );
  const { token, case: c } = started.data!.startCase;
  const send = (text: string) =>
    kefu.gql<{ sendMessage: { replies: { text: string }[] } }>(
      'mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } } }',
      { id: c.id, text },
      token,
    );

  const asked = await send('Where is my order W1234567?');
  expect(asked.data?.sendMessage.replies[0]?.text).toMatch(/email address or phone number/);

  await kill(first);
  // The customer answers while no worker is running; the request waits for the case to be picked up again.
  const pending = send('alice@example.com');
  await startWorkerProcess();
  const answered = await pending;
  expect(answered.errors).toBeUndefined();
  expect(answered.data!.sendMessage.replies.map((r) => r.text).join(' ')).toMatch(/UPS/);

  const view = await kefu.temporal.workflow.getHandle(c.id).query(getCaseQuery);
  expect(view.recentMessages.filter((m) => m.role === 'CUSTOMER').map((m) => m.text)).toEqual([
    'Where is my order W1234567?',
    'alice@example.com',
  ]);
  expect(view.status).toBe('RESOLVED');
});
