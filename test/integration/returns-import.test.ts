// The richer import data: addresses, payment methods with balances, variants with free-form options, payments, shipment items.
import { randomInt } from 'node:crypto';
import type { Pool } from 'pg';
import { importData, ImportError, type ImportFile } from '../../activities/commerce/import';
import { createPool } from '../../activities/platform/db';
import { createReturnStoreActivities } from '../../activities/returns/store';
import { testEnv } from '../helpers/env';

let db: Pool;
const run = String(randomInt(100_000, 999_999));

beforeAll(() => {
  db = createPool(testEnv().databaseUrl, 2);
});
afterAll(async () => {
  await db?.end();
});

function file(): ImportFile {
  return {
    customers: [
      {
        id: `C-IMP-${run}`,
        name: '周敏',
        phone: `139${run}00`,
        addresses: [
          { id: `A-IMP-${run}`, line1: '建国路1号', city: '北京', country: 'CN', postcode: '100022' },
        ],
        paymentMethods: [
          { id: `PM-IMP-${run}`, kind: 'card', brand: 'unionpay', last4: '1234' },
          { id: `PM-IMPG-${run}`, kind: 'gift_card', balance: 200, currency: 'CNY' },
        ],
      },
    ],
    products: [
      {
        sku: `KB-IMP-${run}`,
        name: { en: 'Test Keyboard' },
        category: 'keyboards',
        options: { 'switch type': ['red', 'brown'], capacity: ['60%'] },
        price: { amount: 100, currency: 'CNY' },
        variants: [
          { sku: `KB-IMP-${run}-R`, options: { 'switch type': 'red', capacity: '60%' }, stock: 3 },
          {
            sku: `KB-IMP-${run}-B`,
            options: { 'switch type': 'brown', capacity: '60%' },
            price: 120,
            stock: 0,
          },
        ],
      },
    ],
    orders: [
      {
        id: `IM${run}1`,
        customerId: `C-IMP-${run}`,
        placedAt: '2026-11-20T00:00:00Z',
        status: 'exchange_requested',
        currency: 'CNY',
        shippingAddress: { line1: '建国路1号', city: '北京', country: 'CN' },
        items: [
          {
            sku: `KB-IMP-${run}`,
            quantity: 1,
            unitPrice: 100,
            options: { 'switch type': 'red', capacity: '60%' },
            variantSku: `KB-IMP-${run}-R`,
          },
        ],
        payments: [
          {
            id: `P-IMP-${run}`,
            kind: 'payment',
            methodId: `PM-IMP-${run}`,
            methodKind: 'card',
            amount: 100,
            at: '2026-11-20T00:00:00Z',
          },
        ],
      },
    ],
    shipments: [
      {
        id: `S-IMP-${run}`,
        orderId: `IM${run}1`,
        status: 'cancelled',
        items: [{ line: 1, quantity: 1 }],
        events: [],
      },
    ],
  };
}

test('the richer records are accepted: a product with only an English name, free-form options, variants, payments, a shipment without carrier', async () => {
  await importData(db, file());
  await importData(db, file());
  const balance = await db.query(
    'SELECT sum(amount_cents)::int AS cents FROM credit_ledger WHERE method_id = $1',
    [`PM-IMPG-${run}`],
  );
  // The opening balance is one ledger entry, however often the file is loaded.
  expect(balance.rows).toEqual([{ cents: 20000 }]);
  const variants = await db.query(
    'SELECT sku, stock FROM product_variants WHERE product_sku = $1 ORDER BY sku',
    [`KB-IMP-${run}`],
  );
  expect(variants.rows).toEqual([
    { sku: `KB-IMP-${run}-B`, stock: 0 },
    { sku: `KB-IMP-${run}-R`, stock: 3 },
  ]);
  const shipment = await db.query('SELECT carrier, status FROM shipments WHERE id = $1', [`S-IMP-${run}`]);
  expect(shipment.rows).toEqual([{ carrier: null, status: 'cancelled' }]);
});

test('bad records are rejected with their path, and nothing is applied', async () => {
  const bad = file();
  bad.customers![0]!.id = `C-IMP2-${run}`;
  bad.customers![0]!.paymentMethods = [{ id: `PM-IMP2-${run}`, kind: 'card', balance: 5 }];
  bad.customers![0]!.addresses = [{ id: `A-IMP2-${run}`, line1: 'x', city: 'y', country: 'CN' }];
  bad.products![0]!.sku = `KB-IMP2-${run}`;
  bad.products![0]!.variants = [{ sku: `KB-IMP2-${run}-X`, options: { 'switch type': 'blue' } }];
  const order = bad.orders![0]!;
  order.id = `IM${run}2`;
  order.customerId = `C-IMP2-${run}`;
  order.items[0]!.sku = `KB-IMP2-${run}`;
  order.items[0]!.variantSku = `KB-IMP-${run}-R`;
  order.items[0]!.options = { 'switch type': 'green' };
  order.payments![0]!.id = `P-IMP2-${run}`;
  order.payments![0]!.methodId = `PM-IMP-${run}`;
  bad.shipments = [
    {
      id: `S-IMP2-${run}`,
      orderId: `IM${run}2`,
      status: 'cancelled',
      items: [{ line: 3, quantity: 1 }],
      events: [],
    },
  ];
  const error = await importData(db, bad).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  const problems = (error as ImportError).problems.map((p) => `${p.path}: ${p.reason}`);
  expect(problems).toEqual(
    expect.arrayContaining([
      'customers[0].paymentMethods[0].balance: a card has no balance',
      expect.stringMatching(
        /^products\[0\]\.variants\[0\]\.options\.switch type: product .* has no switch type "blue"/,
      ),
      expect.stringMatching(
        /^orders\[0\]\.items\[0\]\.options\.switch type: product .* has no switch type "green"/,
      ),
      expect.stringMatching(/^orders\[0\]\.items\[0\]\.variantSku: .* is a variant of .*, not of/),
      expect.stringMatching(/^orders\[0\]\.payments\[0\]\.methodId: .* belongs to customer .*, not/),
      expect.stringMatching(/^shipments\[0\]\.items\[0\]\.line: order .* has 1 line\(s\), not 3/),
    ]),
  );
  const applied = await db.query('SELECT count(*)::int AS n FROM customers WHERE id = $1', [`C-IMP2-${run}`]);
  expect(applied.rows).toEqual([{ n: 0 }]);
});

test('orders are found by what the customer remembers: the product, its category, colour and time', async () => {
  const store = createReturnStoreActivities(db, {
    carrier: 'UPS',
    warehouse: { name: 'W', line1: 'x', city: 'y', country: 'US' },
  });
  const customerId = `C-IMP-${run}`;
  const byCategory = await store.findOrdersForReturn({
    customerId,
    colours: [],
    things: ['keyboards'],
    limit: 5,
  });
  expect(byCategory).toMatchObject({
    matched: 'all',
    orders: [{ id: `IM${run}1`, summaryEn: 'Test Keyboard' }],
  });
  const inNovember = await store.findOrdersForReturn({
    customerId,
    from: '2026-11-01T00:00:00Z',
    to: '2026-12-01T00:00:00Z',
    colours: [],
    things: [`kb-imp-${run}`],
    limit: 5,
  });
  expect(inNovember.matched).toBe('all');
  // Nothing in October: the same product from another time is offered, and said so.
  const inOctober = await store.findOrdersForReturn({
    customerId,
    from: '2026-10-01T00:00:00Z',
    to: '2026-11-01T00:00:00Z',
    colours: [],
    things: ['keyboards'],
    limit: 5,
  });
  expect(inOctober).toMatchObject({ matched: 'attributes', orders: [{ id: `IM${run}1` }] });
  const kettle = await store.findOrdersForReturn({ customerId, colours: [], things: ['kettles'], limit: 5 });
  expect(kettle.matched).toBe('none');
});
