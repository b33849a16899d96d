// Business-data import against a real PostgreSQL: the demo set, idempotence, date shifting, and all-or-nothing rejection.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ImportError,
  importData,
  importFile,
  type ImportFile,
  type ImportSummary,
} from '../../activities/commerce/import';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/lib/scratch-db';
import { TEST_ADMIN_DATABASE_URL } from '../helpers/env';

const DEMO_PATH = path.resolve(__dirname, '../../data/demo/kefu-demo.json');
const demo = JSON.parse(fs.readFileSync(DEMO_PATH, 'utf8')) as Required<ImportFile>;
const DAY = 86_400_000;

let db: ScratchDatabase;

beforeAll(async () => {
  db = await createScratchDatabase('kefu_import', TEST_ADMIN_DATABASE_URL);
});

const tempDirs: string[] = [];

afterAll(async () => {
  await db?.drop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function count(table: string): Promise<number> {
  const result = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(result.rows[0]?.n);
}

async function tableCounts(): Promise<Record<string, number>> {
  const tables = [
    'customers',
    'products',
    'orders',
    'order_items',
    'shipments',
    'shipment_events',
    'devices',
    'device_readings',
  ];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
}

async function placedAt(orderId: string): Promise<Date | undefined> {
  const result = await db.pool.query<{ placed_at: Date }>('SELECT placed_at FROM orders WHERE id = $1', [
    orderId,
  ]);
  return result.rows[0]?.placed_at;
}

/** Runs fn and returns the ImportError it must throw. */
async function rejection(fn: () => Promise<unknown>): Promise<ImportError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError, but the import succeeded');
}

function writeTemp(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-import-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const expected = {
  customers: demo.customers.length,
  products: demo.products.length,
  orders: demo.orders.length,
  order_items: demo.orders.reduce((n, o) => n + o.items.length, 0),
  shipments: demo.shipments.length,
  shipment_events: demo.shipments.reduce((n, s) => n + s.events.length, 0),
  devices: demo.devices.length,
  device_readings: demo.devices.reduce((n, d) => n + (d.usage?.length ?? 0), 0),
};

describe('importing the demo data set', () => {
  let first: ImportSummary;

  test('imports every record and the counts match the file', async () => {
    const lines: string[] = [];
    first = await importFile(db.pool, DEMO_PATH, { onProgress: (line) => lines.push(line) });
    expect(first.customers).toEqual({ inserted: expected.customers, updated: 0 });
    expect(first.products).toEqual({ inserted: expected.products, updated: 0 });
    expect(first.orders).toEqual({ inserted: expected.orders, updated: 0 });
    expect(first.shipments).toEqual({ inserted: expected.shipments, updated: 0 });
    expect(first.devices).toEqual({ inserted: expected.devices, updated: 0 });
    expect(first.orderItems).toBe(expected.order_items);
    expect(first.shipmentEvents).toBe(expected.shipment_events);
    expect(first.deviceReadings).toBe(expected.device_readings);
    expect(first.shiftedByMs).toBe(0);
    expect(await tableCounts()).toEqual(expected);
    expect(lines.length).toBeGreaterThan(0);
  });

  test('the fixed records are there, with contacts normalised and totals computed', async () => {
    const customers = await db.pool.query(
      "SELECT id, name, email, phone, postcode, locale FROM customers WHERE id IN ('C-ALICE', 'C-WANGFANG') ORDER BY id",
    );
    expect(customers.rows).toEqual([
      {
        id: 'C-ALICE',
        name: 'Alice Chen',
        email: 'alice@example.com',
        phone: '+14155550100',
        postcode: '94107',
        locale: 'en',
      },
      {
        id: 'C-WANGFANG',
        name: '王芳',
        email: 'wangfang@example.cn',
        phone: '+8613800138000',
        postcode: '200031',
        locale: 'zh-CN',
      },
    ]);
    // Every demo customer has a postcode: 6 digits in China, a 5-digit ZIP in the US; every phone is E.164.
    const contacts = await db.pool.query<{ locale: string; postcode: string | null; phone: string | null }>(
      'SELECT locale, postcode, phone FROM customers',
    );
    for (const c of contacts.rows) {
      expect(c.postcode).toMatch(c.locale === 'zh-CN' ? /^\d{6}$/ : /^\d{5}$/);
      if (c.phone !== null) expect(c.phone).toMatch(/^\+[1-9]\d{6,14}$/);
    }
    const order = await db.pool.query(
      `SELECT o.customer_id, o.status, o.currency, o.total, i.sku, i.quantity, i.options, p.name_en
         FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.sku = i.sku
        WHERE o.id = 'W1234567'`,
    );
    expect(order.rows).toEqual([
      {
        customer_id: 'C-ALICE',
        status: 'shipped',
        currency: 'USD',
        total: '129.00',
        sku: 'JK-WP-100',
        quantity: 1,
        options: { colour: 'blue', size: 'M' },
        name_en: 'Waterproof Jacket',
      },
    ]);
    const events = await db.pool.query(
      `SELECT s.carrier, s.tracking_number, s.status AS shipment_status, e.seq, e.location, e.description
         FROM shipments s JOIN shipment_events e ON e.shipment_id = s.id
        WHERE s.order_id = 'W7654321' ORDER BY e.seq DESC LIMIT 1`,
    );
    expect(events.rows[0]).toMatchObject({
      carrier: '顺丰速运',
      tracking_number: 'SF1234567890123',
      shipment_status: 'delivered',
      location: '上海',
      description: '已签收，签收人：本人',
    });
    const totals = await db.pool.query<{ id: string; total: string; sum: string }>(
      `SELECT o.id, o.total, sum(i.quantity * i.unit_price) AS sum
         FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id, o.total`,
    );
    for (const row of totals.rows) expect(Number(row.total)).toBeCloseTo(Number(row.sum), 2);
    const device = await db.pool.query(
      "SELECT count(*)::int AS n FROM device_readings WHERE serial = 'SN-AP100001' AND metric = 'filter_hours'",
    );
    expect(device.rows[0].n).toBeGreaterThan(0);
  });

  test('re-importing is idempotent: same counts, all updates, no duplicates', async () => {
    const before = await tableCounts();
    const again = await importFile(db.pool, DEMO_PATH);
    expect(again.customers).toEqual({ inserted: 0, updated: expected.customers });
    expect(again.orders).toEqual({ inserted: 0, updated: expected.orders });
    expect(again.shipments).toEqual({ inserted: 0, updated: expected.shipments });
    expect(again.devices).toEqual({ inserted: 0, updated: expected.devices });
    expect(again.orderItems).toBe(first.orderItems);
    expect(again.shipmentEvents).toBe(first.shipmentEvents);
    expect(again.deviceReadings).toBe(first.deviceReadings);
    expect(await tableCounts()).toEqual(before);
  });

  test('shiftDatesTo moves every timestamp by (shiftDatesTo - generatedAt)', async () => {
    const original = Date.parse(demo.orders.find((o) => o.id === 'W1234567')?.placedAt ?? '');
    const generatedAt = Date.parse(demo.generatedAt);
    const target = new Date(generatedAt + 40 * DAY + 3_600_000);
    const summary = await importFile(db.pool, DEMO_PATH, { shiftDatesTo: target });
    expect(summary.shiftedByMs).toBe(40 * DAY + 3_600_000);
    expect((await placedAt('W1234567'))?.getTime()).toBe(original + summary.shiftedByMs);
    const lastEvent = await db.pool.query<{ at: Date }>(
      "SELECT max(at) AS at FROM shipment_events WHERE shipment_id = 'S-W1234567'",
    );
    expect(lastEvent.rows[0]?.at.getTime()).toBe(Date.parse('2026-11-24T06:30:00Z') + summary.shiftedByMs);
    // Readings are replaced, not accumulated, when a shifted set is loaded over an unshifted one.
    expect(await count('device_readings')).toBe(expected.device_readings);
    // Shifting keeps every order within the 90 days before the target.
    const range = await db.pool.query<{ min: Date; max: Date }>(
      'SELECT min(placed_at), max(placed_at) FROM orders',
    );
    expect(target.getTime() - (range.rows[0]?.min.getTime() ?? 0)).toBeLessThanOrEqual(90 * DAY);
    expect(range.rows[0]?.max.getTime()).toBeLessThan(target.getTime());

    // Without generatedAt there is nothing to shift from, so dates load as written.
    const undated: ImportFile = { ...demo };
    delete undated.generatedAt;
    const unshifted = await importData(db.pool, undated, { shiftDatesTo: target });
    expect(unshifted.shiftedByMs).toBe(0);
    expect((await placedAt('W1234567'))?.getTime()).toBe(original);
  });

  test('shipment events given in any order are numbered by time', async () => {
    await importData(db.pool, {
      shipments: [
        {
          id: 'S-SHUFFLED',
          orderId: 'W2000001',
          carrier: 'UPS',
          trackingNumber: '1Z999AA10000000001',
          status: 'in_transit',
          events: [
            { at: '2026-11-24T10:00:00Z', status: 'in_transit', description: 'Departed facility' },
            { at: '2026-11-24T16:00:00+08:00', status: 'label_created', description: 'Label created' },
            {
              at: '2026-11-24T09:00:00Z',
              status: 'in_transit',
              location: 'Edison, NJ',
              description: 'Picked up',
            },
          ],
        },
      ],
    });
    const rows = await db.pool.query(
      "SELECT seq, description FROM shipment_events WHERE shipment_id = 'S-SHUFFLED' ORDER BY seq",
    );
    expect(rows.rows).toEqual([
      { seq: 1, description: 'Label created' },
      { seq: 2, description: 'Picked up' },
      { seq: 3, description: 'Departed facility' },
    ]);
    await db.pool.query("DELETE FROM shipments WHERE id = 'S-SHUFFLED'");
  });
});

describe('rejecting bad files', () => {
  const validCustomer = { id: 'C-NEWCOMER', name: 'Nora New', email: 'nora@example.com', locale: 'en' };
  const validProduct = {
    sku: 'MUG-01',
    name: { en: 'Travel Mug', zh: '旅行杯' },
    category: 'kitchen',
    options: { colour: ['blue', 'black'] },
    price: { amount: 19.5, currency: 'USD' },
  };
  const order = (id: string, items: unknown[], extra: Record<string, unknown> = {}) => ({
    id,
    customerId: 'C-NEWCOMER',
    placedAt: '2026-11-20T10:00:00Z',
    status: 'paid',
    currency: 'USD',
    items,
    ...extra,
  });

  async function expectNothingApplied(before: Record<string, number>): Promise<void> {
    expect(await tableCounts()).toEqual(before);
    const newcomer = await db.pool.query("SELECT 1 FROM customers WHERE id = 'C-NEWCOMER'");
    expect(newcomer.rowCount).toBe(0);
    const mug = await db.pool.query("SELECT 1 FROM products WHERE sku = 'MUG-01'");
    expect(mug.rowCount).toBe(0);
  }

  test('schema problems name the exact path and reason, and nothing is applied', async () => {
    const before = await tableCounts();
    const err = await rejection(() =>
      importData(db.pool, {
        customers: [
          validCustomer,
          { id: 'C-BAD', name: 'Bad Email', email: 'not-an-email' },
          { id: 'C-X', name: 'X' },
        ],
        products: [validProduct],
        orders: [
          order('W3000001', [{ sku: 'MUG-01', quantity: 1, unitPrice: 19.5 }]),
          order('W3000002', [
            { sku: 'MUG-01', quantity: 1, unitPrice: 19.5 },
            { sku: 'MUG-01', quantity: 0, unitPrice: 19.5, colour: 'blue' },
          ]),
          { ...order('W3000003', [{ sku: 'MUG-01', quantity: 1, unitPrice: 19.5 }]), placedAt: undefined },
          order('w3000004', [{ sku: 'MUG-01', quantity: 1, unitPrice: 19.5 }], { status: 'lost' }),
        ],
      }),
    );
    expect(err.problems).toEqual(
      expect.arrayContaining([
        {
          path: 'customers[1].email',
          reason: expect.stringContaining('is not a valid email address (got "not-an-email")'),
        },
        { path: 'customers[2]', reason: 'must have at least one of email, phone' },
        { path: 'orders[1].items[1].quantity', reason: expect.stringContaining('must be >= 1') },
        { path: 'orders[1].items[1].colour', reason: 'is not an allowed field' },
        { path: 'orders[2].placedAt', reason: 'is required' },
        { path: 'orders[3].id', reason: expect.stringContaining('(got "w3000004")') },
        {
          path: 'orders[3].status',
          reason: expect.stringMatching(/^must be one of "pending", .* \(got "lost"\)$/),
        },
      ]),
    );
    expect(err.problems).toHaveLength(7);
    expect(err.message).toContain('orders[2].placedAt: is required');
    await expectNothingApplied(before);
  });

  test('reference problems (deep unknown sku, unknown customer, duplicates, taken email) fail the whole file', async () => {
    const before = await tableCounts();
    const err = await rejection(() =>
      importData(db.pool, {
        customers: [
          validCustomer,
          { id: 'C-IMPOSTOR', name: 'Not Alice', email: 'ALICE@example.com' },
          { id: 'C-TWIN', name: 'Nora Twin', email: 'Nora@EXAMPLE.com' },
        ],
        products: [validProduct],
        orders: [
          order('W3000001', [{ sku: 'MUG-01', quantity: 1, unitPrice: 19.5, options: { colour: 'blue' } }]),
          order('W3000002', [
            { sku: 'MUG-01', quantity: 2, unitPrice: 19.5 },
            { sku: 'JK-WP-100', quantity: 1, unitPrice: 129, options: { colour: 'blue', size: 'M' } },
            { sku: 'XYZ', quantity: 1, unitPrice: 5 },
          ]),
          order('W3000001', [{ sku: 'MUG-01', quantity: 1, unitPrice: 19.5, options: { colour: 'pink' } }]),
          order('W3000003', [{ sku: 'MUG-01', quantity: 1, unitPrice: 19.5 }], { customerId: 'C-NOBODY' }),
        ],
        shipments: [
          {
            id: 'S-NEW',
            orderId: 'W9999999',
            carrier: 'UPS',
            trackingNumber: '1Z999AA10123456784',
            status: 'in_transit',
            events: [],
          },
        ],
        devices: [
          { serial: 'SN-NEW', model: 'PureAir 100', ownerId: 'C-GHOST', installedAt: '2026-01-01T00:00:00Z' },
        ],
      }),
    );
    expect(err.problems).toEqual(
      expect.arrayContaining([
        { path: 'orders[1].items[2].sku', reason: 'unknown product "XYZ"' },
        { path: 'orders[2].id', reason: 'duplicate "W3000001", already used by orders[0]' },
        {
          path: 'orders[2].items[0].options.colour',
          reason: expect.stringContaining('has no colour "pink"'),
        },
        { path: 'orders[3].customerId', reason: 'unknown customer "C-NOBODY"' },
        { path: 'customers[1].email', reason: '"alice@example.com" already belongs to customer "C-ALICE"' },
        { path: 'customers[2].email', reason: 'duplicate "nora@example.com", already used by customers[0]' },
        { path: 'shipments[0].orderId', reason: 'unknown order "W9999999"' },
        {
          path: 'shipments[0].trackingNumber',
          reason: expect.stringContaining('already belongs to shipment "S-W1234567"'),
        },
        { path: 'devices[0].ownerId', reason: 'unknown customer "C-GHOST"' },
      ]),
    );
    // Items referring to products already in the store (JK-WP-100) are fine.
    expect(err.problems.some((p) => p.path === 'orders[1].items[1].sku')).toBe(false);
    expect(err.problems).toHaveLength(9);
    expect(err.message).toContain('orders[1].items[2].sku: unknown product "XYZ"');
    await expectNothingApplied(before);
  });

  test('a phone number that cannot be read is rejected with its path; readable ones are stored in E.164', async () => {
    const before = await tableCounts();
    const err = await rejection(() =>
      importData(db.pool, {
        customers: [
          validCustomer,
          { id: 'C-FINE', name: 'Fine Phone', phone: '(212) 555-0147', postcode: 'sw1a 1aa' },
          { id: 'C-SHORT', name: 'Short Phone', phone: '555-01' },
          { id: 'C-BADPOST', name: 'Bad Postcode', email: 'badpost@example.com', postcode: '#12' },
        ],
      }),
    );
    expect(err.problems).toEqual([
      { path: 'customers[3].postcode', reason: expect.stringContaining('(got "#12")') },
    ]);
    const err2 = await rejection(() =>
      importData(db.pool, {
        customers: [
          validCustomer,
          { id: 'C-FINE', name: 'Fine Phone', phone: '(212) 555-0147', postcode: 'sw1a 1aa' },
          { id: 'C-SHORT', name: 'Short Phone', phone: '555-01' },
        ],
      }),
    );
    expect(err2.problems).toEqual([{ path: 'customers[2].phone', reason: '"555-01" is not a phone number' }]);
    expect(err2.message).toContain('customers[2].phone: "555-01" is not a phone number');
    await expectNothingApplied(before);

    await importData(db.pool, {
      customers: [{ id: 'C-FINE', name: 'Fine Phone', phone: '(212) 555-0147', postcode: 'sw1a 1aa' }],
    });
    const fine = await db.pool.query("SELECT phone, postcode FROM customers WHERE id = 'C-FINE'");
    expect(fine.rows).toEqual([{ phone: '+12125550147', postcode: 'SW1A 1AA' }]);
    await db.pool.query("DELETE FROM customers WHERE id = 'C-FINE'");
  });

  test('at most 50 problems are reported, with the total', async () => {
    const err = await rejection(() =>
      importData(db.pool, {
        orders: Array.from({ length: 80 }, (_, i) =>
          order(`W${4000000 + i}`, [{ sku: 'NOPE', quantity: 1, unitPrice: 1 }], { customerId: 'C-ALICE' }),
        ),
      }),
    );
    expect(err.totalProblems).toBe(80);
    expect(err.problems).toHaveLength(50);
    expect(err.message).toContain('and 30 more');
  });

  test('a file that is not an object is rejected at the root', async () => {
    const err = await rejection(() => importData(db.pool, [1, 2, 3]));
    expect(err.problems).toEqual([{ path: '(root)', reason: expect.stringContaining('must be object') }]);
  });

  test('invalid JSON names the line and column', async () => {
    const file = writeTemp('broken.json', '{\n  "customers": [\n    { "id": "C-1", "name": "A", }\n  ]\n}\n');
    const err = await rejection(() => importFile(db.pool, file));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]?.path).toBe('(file)');
    expect(err.problems[0]?.reason).toMatch(/^invalid JSON at line 3, column 33: /);
    expect(err.message).toContain(file);

    const truncated = writeTemp('truncated.json', '{ "customers": [');
    const err2 = await rejection(() => importFile(db.pool, truncated));
    expect(err2.problems[0]?.reason).toMatch(/^invalid JSON at the end of the file/);
  });

  test('a missing file is an ImportError, not a crash', async () => {
    const err = await rejection(() => importFile(db.pool, path.join(os.tmpdir(), 'kefu-no-such-file.json')));
    expect(err.problems[0]?.reason).toContain('ENOENT');
  });
});
