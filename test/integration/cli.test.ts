// The kefu command line: API keys printed once and usable at once, and imports that fail whole with the record's path.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKefuStack, type KefuStack } from '../helpers/stack';
import { testEnv } from '../helpers/env';

const ROOT = path.resolve(__dirname, '../..');
let kefu: KefuStack;

beforeAll(async () => {
  kefu = await startKefuStack({ worker: false });
});

afterAll(async () => {
  await kefu?.stop();
});

function kefuCli(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/kefu.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testEnv().databaseUrl, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('keys create prints a key once, and the API accepts it with its role', async () => {
  const created = kefuCli('keys', 'create', '--role', 'supervisor', '--name', 'Li Lei');
  expect(created.code).toBe(0);
  const key = created.stdout.trim();
  expect(key).toMatch(/^kefu_supervisor_/);
  expect(created.stderr).toMatch(/not shown again/);

  const viewer = await kefu.gql<{ viewer: { kind: string; role: string; name: string } }>(
    '{ viewer { kind role name } }',
    {},
    key,
  );
  expect(viewer.data?.viewer).toEqual({ kind: 'staff', role: 'supervisor', name: 'Li Lei' });

  const listed = kefuCli('keys', 'list');
  expect(listed.stdout).toMatch(/supervisor .*Li Lei/);
  expect(listed.stdout).not.toContain(key);
});

test('keys create refuses an unknown role, naming the choices', () => {
  const result = kefuCli('keys', 'create', '--role', 'janitor', '--name', 'x');
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/agent, supervisor, admin, auditor/);
});

test('a bad import names the record and the reason, and applies nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-cli-'));
  const file = path.join(dir, 'bad.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      customers: [{ id: 'C-CLI-1', name: 'New Customer', email: 'new.customer@example.com', locale: 'en' }],
      orders: [
        {
          id: 'W8800001',
          customerId: 'C-CLI-1',
          placedAt: '2026-11-01T10:00:00Z',
          status: 'paid',
          currency: 'USD',
          items: [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 10 }],
        },
      ],
    }),
  );
  const result = kefuCli('import', file);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/nothing was applied/);
  expect(result.stderr).toMatch(/orders\[0\]\.items\[0\]\.sku: unknown product "NO-SUCH-SKU"/);
  const { rows } = await kefu.db.query('SELECT 1 FROM customers WHERE id = $1', ['C-CLI-1']);
  expect(rows).toHaveLength(0);
});
