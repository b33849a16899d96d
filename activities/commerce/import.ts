// Imports business data (customers, products, orders, shipments, devices) from a kefu-import JSON file, all or nothing.
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../platform/db';
import {
  checkPresalesReferences,
  writePresalesData,
  type ImportProductDetails,
  type ImportProductView,
} from '../presales/import';
import { DEFAULT_PHONE_REGION, normalizeEmail, normalizePhone } from './contact';

const SCHEMA_PATH = path.resolve(__dirname, '../../schemas/import/kefu-import.schema.json');
/** Beyond this many problems a report stops being read; the count of the rest is still given. */
const MAX_REPORTED_PROBLEMS = 50;
/** Rows per statement: keeps each JSON parameter to a few hundred kilobytes even for large imports. */
const BATCH_ROWS = 2000;

export type ImportLocale = 'en' | 'zh-CN';
export type OrderStatus =
  | 'pending'
  | 'paid'
  | 'shipped'
  | 'delivered'
  | 'cancelled'
  | 'returned'
  | 'return_requested'
  | 'exchange_requested';
export type ShipmentStatus =
  'label_created' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception' | 'returned' | 'cancelled';

export interface ImportAddress {
  /** Set on a customer's addresses; an order's shipping address has none. */
  id?: string;
  line1: string;
  line2?: string;
  city: string;
  state?: string;
  /** ISO 3166 two-letter code. */
  country: string;
  postcode?: string;
}

export type PaymentMethodKind = 'card' | 'paypal' | 'gift_card' | 'store_credit';

export interface ImportPaymentMethod {
  id: string;
  kind: PaymentMethodKind;
  brand?: string;
  last4?: string;
  email?: string;
  /** Opening balance of a gift card or store credit, written once as a ledger entry. */
  balance?: number;
  currency?: string;
}

export interface ImportPayment {
  id: string;
  kind: 'payment' | 'refund';
  methodId?: string;
  methodKind: PaymentMethodKind;
  amount: number;
  reference?: string;
  at: string;
}

export interface ImportVariant {
  sku: string;
  options: ChosenOptions;
  price?: number;
  stock?: number;
}

export interface ImportCustomer {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  /** Postal code on the customer's address; with an order amount it is a knowledge factor of the identity gate. */
  postcode?: string;
  locale?: ImportLocale;
  addresses?: ImportAddress[];
  paymentMethods?: ImportPaymentMethod[];
}

/** Colour and size, and free-form options by name ("switch type", "capacity"). */
export interface ProductOptions {
  colour?: string[];
  size?: string[];
  [option: string]: string[] | undefined;
}

export interface ImportProduct extends ImportProductDetails {
  sku: string;
  name: { en: string; zh?: string };
  category: string;
  options?: ProductOptions;
  finalSale?: boolean;
  variants?: ImportVariant[];
  price: { amount: number; currency: string };
}

export interface ChosenOptions {
  colour?: string;
  size?: string;
  [option: string]: string | undefined;
}

export interface ImportOrderItem {
  sku: string;
  quantity: number;
  unitPrice: number;
  options?: ChosenOptions;
  variantSku?: string;
}

export interface ImportOrder {
  id: string;
  customerId: string;
  placedAt: string;
  status: OrderStatus;
  currency: string;
  items: ImportOrderItem[];
  paymentReference?: string;
  shippingAddress?: ImportAddress;
  cancelReason?: string;
  payments?: ImportPayment[];
}

export interface ImportShipmentEvent {
  at: string;
  status: ShipmentStatus;
  location?: string;
  description: string;
}

export interface ImportShipment {
  id: string;
  orderId: string;
  carrier?: string;
  trackingNumber?: string;
  status: ShipmentStatus;
  events: ImportShipmentEvent[];
  /** Order lines in the parcel; absent means all of them. */
  items?: { line: number; quantity: number }[];
}

export interface ImportReading {
  at: string;
  metric: string;
  value: number;
}

export interface ImportDevice {
  serial: string;
  model: string;
  ownerId: string;
  installedAt: string;
  /** Starts the warranty; the install date when absent. */
  purchasedAt?: string;
  usage?: ImportReading[];
}

/** The shape described by schemas/import/kefu-import.schema.json. */
export interface ImportFile {
  $schema?: string;
  generatedAt?: string;
  customers?: ImportCustomer[];
  products?: ImportProduct[];
  orders?: ImportOrder[];
  shipments?: ImportShipment[];
  devices?: ImportDevice[];
  productViews?: ImportProductView[];
}

export interface ImportProblem {
  /** Where in the file, e.g. `orders[3].items[0].sku`; `(root)` for the whole document, `(file)` for unreadable input. */
  path: string;
  reason: string;
}

export class ImportError extends Error {
  readonly problems: ImportProblem[];
  /** All problems found, including those beyond the reported ones. */
  readonly totalProblems: number;

  constructor(problems: ImportProblem[], totalProblems = problems.length, source?: string) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
    const lines = shown.map((p) => `  ${p.path}: ${p.reason}`);
    if (totalProblems > shown.length) lines.push(`  … and ${totalProblems - shown.length} more`);
    const noun = totalProblems === 1 ? 'problem' : 'problems';
    super(
      `Import${source ? ` of ${source}` : ''} rejected, nothing was changed (${totalProblems} ${noun}):\n${lines.join('\n')}`,
    );
    this.name = 'ImportError';
    this.problems = shown;
    this.totalProblems = totalProblems;
  }
}

export interface ImportCounts {
  inserted: number;
  updated: number;
}

export interface ImportSummary {
  customers: ImportCounts;
  products: ImportCounts;
  orders: ImportCounts;
  shipments: ImportCounts;
  devices: ImportCounts;
  /** Rows written into the child tables, which are replaced wholesale for every imported parent. */
  orderItems: number;
  shipmentEvents: number;
  deviceReadings: number;
  /** How far every timestamp was moved by shiftDatesTo; 0 when not shifted. */
  shiftedByMs: number;
  durationMs: number;
}

export interface ImportOptions {
  /** Moves every timestamp by (shiftDatesTo - generatedAt) when the file has generatedAt, so demo data stays recent. */
  shiftDatesTo?: Date;
  onProgress?: (line: string) => void;
  /** Region for phone numbers written without a country code (default US, as in normalizePhone). */
  phoneDefaultRegion?: string;
}

let validator: ValidateFunction<ImportFile> | undefined;

function getValidator(): ValidateFunction<ImportFile> {
  if (!validator) {
    // verbose gives each error its schema, which turns anyOf failures and patterns into readable reasons.
    const ajv = new Ajv2020({ allErrors: true, verbose: true });
    addFormats(ajv);
    validator = ajv.compile<ImportFile>(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as object);
  }
  return validator;
}

/** `/orders/3/items/0/sku` → `orders[3].items[0].sku`. */
function pointerToPath(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(root)';
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function schemaDescription(error: ErrorObject): string | undefined {
  const parent = error.parentSchema as { description?: unknown } | undefined;
  return typeof parent?.description === 'string' ? parent.description : undefined;
}

function translateAjvErrors(errors: ErrorObject[]): ImportProblem[] {
  // Errors raised inside an anyOf branch are noise once the anyOf itself is reported.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const problems: ImportProblem[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && anyOfPaths.has(e.instancePath) && e.schemaPath.includes('/anyOf/')) continue;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        problems.push({
          path: pointerToPath(e.instancePath, String(params.missingProperty)),
          reason: 'is required',
        });
        break;
      case 'additionalProperties':
        problems.push({
          path: pointerToPath(e.instancePath, String(params.additionalProperty)),
          reason: 'is not an allowed field',
        });
        break;
      case 'anyOf': {
        const branches = Array.isArray(e.schema) ? (e.schema as { required?: string[] }[]) : [];
        const fields = branches.flatMap((b) => b.required ?? []);
        problems.push({
          path: pointerToPath(e.instancePath),
          reason:
            fields.length === branches.length && fields.length > 0
              ? `must have at least one of ${fields.join(', ')}`
              : 'does not match any allowed shape',
        });
        break;
      }
      case 'enum':
        problems.push({
          path: pointerToPath(e.instancePath),
          reason: `must be one of ${(params.allowedValues as unknown[]).map(show).join(', ')} (got ${show(e.data)})`,
        });
        break;
      case 'format': {
        const what =
          params.format === 'email'
            ? 'is not a valid email address'
            : params.format === 'date-time'
              ? 'is not an ISO-8601 date-time with a time-zone offset'
              : `must be a valid ${String(params.format)}`;
        problems.push({ path: pointerToPath(e.instancePath), reason: `${what} (got ${show(e.data)})` });
        break;
      }
      case 'pattern': {
        const hint = schemaDescription(e);
        problems.push({
          path: pointerToPath(e.instancePath),
          reason: `${e.message ?? 'has the wrong form'}${hint ? ` — ${hint}` : ''} (got ${show(e.data)})`,
        });
        break;
      }
      default:
        problems.push({
          path: pointerToPath(e.instancePath),
          reason: `${e.message ?? 'is invalid'} (got ${show(e.data)})`,
        });
    }
  }
  return problems;
}

/** Timestamps are re-written in UTC ISO form; RFC 3339 also allows forms (lower-case t/z, a space) that Date rejects. */
function toInstant(value: string): number {
  return Date.parse(value.trim().toUpperCase().replace(' ', 'T'));
}

/** Rewrites every timestamp in place as UTC ISO-8601, moved by shiftMs; collects the ones that cannot be read. */
function normaliseTimestamps(file: ImportFile, shiftMs: number, problems: ImportProblem[]): void {
  const fix = (value: string, where: string): string => {
    const ms = toInstant(value);
    if (Number.isNaN(ms)) {
      problems.push({ path: where, reason: `is not a readable date-time (got ${show(value)})` });
      return value;
    }
    return new Date(ms + shiftMs).toISOString();
  };
  if (file.generatedAt) file.generatedAt = fix(file.generatedAt, 'generatedAt');
  file.orders?.forEach((o, i) => {
    o.placedAt = fix(o.placedAt, `orders[${i}].placedAt`);
    o.payments?.forEach((p, j) => (p.at = fix(p.at, `orders[${i}].payments[${j}].at`)));
  });
  file.shipments?.forEach((s, i) =>
    s.events.forEach((e, j) => (e.at = fix(e.at, `shipments[${i}].events[${j}].at`))),
  );
  file.devices?.forEach((d, i) => {
    d.installedAt = fix(d.installedAt, `devices[${i}].installedAt`);
    if (d.purchasedAt) d.purchasedAt = fix(d.purchasedAt, `devices[${i}].purchasedAt`);
    d.usage?.forEach((r, j) => (r.at = fix(r.at, `devices[${i}].usage[${j}].at`)));
  });
  file.productViews?.forEach((v, i) => (v.viewedAt = fix(v.viewedAt, `productViews[${i}].viewedAt`)));
}

/**
 * Rewrites every phone in place as E.164; collects the ones normalizePhone cannot read, since a stored number
 * that no typed number can ever equal would lock its customer out of verification.
 */
function normalisePhones(file: ImportFile, region: string, problems: ImportProblem[]): void {
  file.customers?.forEach((c, i) => {
    if (c.phone === undefined) return;
    const e164 = normalizePhone(c.phone, region);
    if (e164 === null)
      problems.push({ path: `customers[${i}].phone`, reason: `${show(c.phone)} is not a phone number` });
    else c.phone = e164;
  });
}

/** Reports every repeat of key(record) after its first occurrence. */
function findDuplicates<T>(
  records: T[] | undefined,
  section: string,
  field: string,
  key: (r: T) => string | undefined,
  problems: ImportProblem[],
): void {
  const seen = new Map<string, number>();
  records?.forEach((r, i) => {
    const k = key(r);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      problems.push({
        path: `${section}[${i}].${field}`,
        reason: `duplicate ${show(k)}, already used by ${section}[${first}]`,
      });
  });
}

/** In-file checks of addresses, payment methods, variants and payments: unique ids, options on the product's lists. */
function checkRicherData(file: ImportFile, problems: ImportProblem[]): void {
  const customers = file.customers ?? [];
  const products = file.products ?? [];
  const orders = file.orders ?? [];
  const flat = <P, C>(parents: P[], children: (p: P) => C[] | undefined, section: string, field: string) =>
    parents.flatMap((p, i) => (children(p) ?? []).map((c, j) => ({ c, i, j, section, field })));
  const unique = <C>(
    rows: { c: C; i: number; j: number; section: string; field: string }[],
    key: (c: C) => string,
  ) => {
    const seen = new Map<string, string>();
    for (const { c, i, j, section, field } of rows) {
      const where = `${section}[${i}].${field}[${j}]`;
      const first = seen.get(key(c));
      if (first)
        problems.push({ path: `${where}.id`, reason: `duplicate ${show(key(c))}, already used by ${first}` });
      else seen.set(key(c), where);
    }
  };
  unique(
    flat(customers, (c) => c.addresses, 'customers', 'addresses'),
    (a) => a.id ?? '',
  );
  unique(
    flat(customers, (c) => c.paymentMethods, 'customers', 'paymentMethods'),
    (m) => m.id,
  );
  unique(
    flat(products, (p) => p.variants, 'products', 'variants'),
    (v) => v.sku,
  );
  unique(
    flat(orders, (o) => o.payments, 'orders', 'payments'),
    (p) => p.id,
  );
  customers.forEach((c, i) =>
    c.paymentMethods?.forEach((m, j) => {
      const where = `customers[${i}].paymentMethods[${j}]`;
      const holdsBalance = m.kind === 'gift_card' || m.kind === 'store_credit';
      if (m.balance !== undefined && !holdsBalance)
        problems.push({ path: `${where}.balance`, reason: `a ${m.kind} has no balance` });
      if (holdsBalance && !m.currency)
        problems.push({ path: `${where}.currency`, reason: `is required for a ${m.kind}` });
    }),
  );
  products.forEach((p, i) =>
    p.variants?.forEach((v, j) => {
      for (const [option, value] of Object.entries(v.options)) {
        const allowed = p.options?.[option];
        if (value !== undefined && allowed && !allowed.includes(value))
          problems.push({
            path: `products[${i}].variants[${j}].options.${option}`,
            reason: `product ${show(p.sku)} has no ${option} ${show(value)} (has ${allowed.map(show).join(', ')})`,
          });
      }
    }),
  );
}

/** References to variants and payment methods, in the file or already stored: a line's variant is of its product, a payment's method is the buyer's. */
async function checkRicherReferences(
  client: PoolClient,
  file: ImportFile,
  problems: ImportProblem[],
): Promise<void> {
  const orders = file.orders ?? [];
  const variantOwner = new Map<string, string>();
  for (const p of file.products ?? []) for (const v of p.variants ?? []) variantOwner.set(v.sku, p.sku);
  const methodOwner = new Map<string, string>();
  for (const c of file.customers ?? []) for (const m of c.paymentMethods ?? []) methodOwner.set(m.id, c.id);
  const wantVariants = [
    ...new Set(
      orders.flatMap((o) =>
        o.items.flatMap((it) => (it.variantSku && !variantOwner.has(it.variantSku) ? [it.variantSku] : [])),
      ),
    ),
  ];
  const wantMethods = [
    ...new Set(
      orders.flatMap((o) =>
        (o.payments ?? []).flatMap((p) => (p.methodId && !methodOwner.has(p.methodId) ? [p.methodId] : [])),
      ),
    ),
  ];
  if (wantVariants.length) {
    const { rows } = await client.query<{ sku: string; product_sku: string }>(
      'SELECT sku, product_sku FROM product_variants WHERE sku = ANY($1)',
      [wantVariants],
    );
    for (const r of rows) variantOwner.set(r.sku, r.product_sku);
  }
  if (wantMethods.length) {
    const { rows } = await client.query<{ id: string; customer_id: string }>(
      'SELECT id, customer_id FROM payment_methods WHERE id = ANY($1)',
      [wantMethods],
    );
    for (const r of rows) methodOwner.set(r.id, r.customer_id);
  }
  orders.forEach((o, i) => {
    o.items.forEach((it, j) => {
      if (it.variantSku === undefined) return;
      const owner = variantOwner.get(it.variantSku);
      if (owner !== it.sku)
        problems.push({
          path: `orders[${i}].items[${j}].variantSku`,
          reason: owner
            ? `${show(it.variantSku)} is a variant of ${show(owner)}, not of ${show(it.sku)}`
            : `unknown variant ${show(it.variantSku)}`,
        });
    });
    o.payments?.forEach((p, j) => {
      if (p.methodId === undefined) return;
      const owner = methodOwner.get(p.methodId);
      if (owner !== o.customerId)
        problems.push({
          path: `orders[${i}].payments[${j}].methodId`,
          reason: owner
            ? `${show(p.methodId)} belongs to customer ${show(owner)}, not ${show(o.customerId)}`
            : `unknown payment method ${show(p.methodId)}`,
        });
    });
  });
}

interface StoredProduct {
  sku: string;
  options: ProductOptions;
}

/** Checks ids, references and uniqueness against the file itself and against what the database already holds. */
async function checkReferences(client: PoolClient, file: ImportFile): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const customers = file.customers ?? [];
  const products = file.products ?? [];
  const orders = file.orders ?? [];
  const shipments = file.shipments ?? [];
  const devices = file.devices ?? [];

  findDuplicates(customers, 'customers', 'id', (c) => c.id, problems);
  findDuplicates(
    customers,
    'customers',
    'email',
    (c) => (c.email ? normalizeEmail(c.email) : undefined),
    problems,
  );
  findDuplicates(products, 'products', 'sku', (p) => p.sku, problems);
  findDuplicates(orders, 'orders', 'id', (o) => o.id, problems);
  findDuplicates(shipments, 'shipments', 'id', (s) => s.id, problems);
  findDuplicates(shipments, 'shipments', 'trackingNumber', (s) => s.trackingNumber, problems);
  const shippedLines = new Map(orders.map((o) => [o.id, o.items.length]));
  shipments.forEach((s, i) =>
    s.items?.forEach((it, j) => {
      const lines = shippedLines.get(s.orderId);
      if (lines !== undefined && it.line > lines)
        problems.push({
          path: `shipments[${i}].items[${j}].line`,
          reason: `order ${show(s.orderId)} has ${lines} line(s), not ${it.line}`,
        });
    }),
  );
  findDuplicates(devices, 'devices', 'serial', (d) => d.serial, problems);
  checkRicherData(file, problems);
  devices.forEach((d, i) => {
    const seen = new Map<string, number>();
    d.usage?.forEach((r, j) => {
      const k = `${r.metric}@${r.at}`;
      const first = seen.get(k);
      if (first === undefined) seen.set(k, j);
      else
        problems.push({
          path: `devices[${i}].usage[${j}]`,
          reason: `duplicate ${show(r.metric)} reading at ${r.at}, already given by devices[${i}].usage[${first}]`,
        });
    });
  });

  const fileCustomers = new Set(customers.map((c) => c.id));
  const fileProducts = new Map<string, ProductOptions>(products.map((p) => [p.sku, p.options ?? {}]));
  const fileOrders = new Set(orders.map((o) => o.id));

  // One query per table for everything the file refers to but does not itself define.
  const missing = <T>(values: T[], inFile: (v: T) => boolean): T[] => [
    ...new Set(values.filter((v) => !inFile(v))),
  ];
  const wantCustomers = missing(
    [...orders.map((o) => o.customerId), ...devices.map((d) => d.ownerId)],
    (id) => fileCustomers.has(id),
  );
  const wantSkus = missing(
    orders.flatMap((o) => o.items.map((it) => it.sku)),
    (sku) => fileProducts.has(sku),
  );
  const wantOrders = missing(
    shipments.map((s) => s.orderId),
    (id) => fileOrders.has(id),
  );
  const knownCustomers = new Set(
    wantCustomers.length
      ? (
          await client.query<{ id: string }>('SELECT id FROM customers WHERE id = ANY($1)', [wantCustomers])
        ).rows.map((r) => r.id)
      : [],
  );
  const knownProducts = new Map<string, ProductOptions>(
    wantSkus.length
      ? (
          await client.query<StoredProduct>('SELECT sku, options FROM products WHERE sku = ANY($1)', [
            wantSkus,
          ])
        ).rows.map((r) => [r.sku, r.options])
      : [],
  );
  const knownOrders = new Set(
    wantOrders.length
      ? (
          await client.query<{ id: string }>('SELECT id FROM orders WHERE id = ANY($1)', [wantOrders])
        ).rows.map((r) => r.id)
      : [],
  );
  const customerExists = (id: string) => fileCustomers.has(id) || knownCustomers.has(id);

  orders.forEach((o, i) => {
    if (!customerExists(o.customerId))
      problems.push({ path: `orders[${i}].customerId`, reason: `unknown customer ${show(o.customerId)}` });
    o.items.forEach((item, j) => {
      const where = `orders[${i}].items[${j}]`;
      const options = fileProducts.get(item.sku) ?? knownProducts.get(item.sku);
      if (!options) {
        problems.push({ path: `${where}.sku`, reason: `unknown product ${show(item.sku)}` });
        return;
      }
      // A product without a list for an option accepts any value; with a list the choice must be on it.
      for (const option of Object.keys(item.options ?? {})) {
        const chosen = item.options?.[option];
        const allowed = options[option];
        if (chosen !== undefined && allowed && !allowed.includes(chosen))
          problems.push({
            path: `${where}.options.${option}`,
            reason: `product ${show(item.sku)} has no ${option} ${show(chosen)} (has ${allowed.map(show).join(', ')})`,
          });
      }
    });
  });
  shipments.forEach((s, i) => {
    if (!fileOrders.has(s.orderId) && !knownOrders.has(s.orderId))
      problems.push({ path: `shipments[${i}].orderId`, reason: `unknown order ${show(s.orderId)}` });
  });
  devices.forEach((d, i) => {
    if (!customerExists(d.ownerId))
      problems.push({ path: `devices[${i}].ownerId`, reason: `unknown customer ${show(d.ownerId)}` });
  });

  // Unique columns: a value already held by a record the file does not rewrite would collide.
  const emails = customers.flatMap((c, i) =>
    c.email ? [{ i, id: c.id, email: normalizeEmail(c.email) }] : [],
  );
  if (emails.length) {
    const holders = await client.query<{ id: string; email: string }>(
      'SELECT id, email FROM customers WHERE email = ANY($1)',
      [emails.map((e) => e.email)],
    );
    const holderOf = new Map(holders.rows.map((r) => [r.email, r.id]));
    for (const e of emails) {
      const holder = holderOf.get(e.email);
      if (holder !== undefined && holder !== e.id && !fileCustomers.has(holder))
        problems.push({
          path: `customers[${e.i}].email`,
          reason: `${show(e.email)} already belongs to customer ${show(holder)}`,
        });
    }
  }
  if (shipments.length) {
    const holders = await client.query<{ id: string; tracking_number: string }>(
      'SELECT id, tracking_number FROM shipments WHERE tracking_number = ANY($1)',
      [shipments.flatMap((s) => s.trackingNumber ?? [])],
    );
    const holderOf = new Map(holders.rows.map((r) => [r.tracking_number, r.id]));
    const fileShipments = new Set(shipments.map((s) => s.id));
    shipments.forEach((s, i) => {
      const holder = s.trackingNumber === undefined ? undefined : holderOf.get(s.trackingNumber);
      if (holder !== undefined && holder !== s.id && !fileShipments.has(holder))
        problems.push({
          path: `shipments[${i}].trackingNumber`,
          reason: `${show(s.trackingNumber)} already belongs to shipment ${show(holder)}`,
        });
    });
  }
  await checkRicherReferences(client, file, problems);
  await checkPresalesReferences(client, file, problems);
  return problems;
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_ROWS) out.push(rows.slice(i, i + BATCH_ROWS));
  return out;
}

/**
 * Upserts rows through jsonb_to_recordset: one parameter per batch whatever the row count,
 * and PostgreSQL does the typing from the column list.
 */
async function upsert(
  client: PoolClient,
  rows: Record<string, unknown>[],
  table: string,
  columns: string,
  key: string,
): Promise<ImportCounts> {
  const counts: ImportCounts = { inserted: 0, updated: 0 };
  const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0] as string);
  const updates = names
    .filter((n) => n !== key)
    .map((n) => `${n} = EXCLUDED.${n}`)
    .concat('updated_at = now()')
    .join(', ');
  for (const batch of chunks(rows)) {
    // xmax is 0 only on a freshly inserted row version, which tells inserts from updates without a second query.
    const result = await client.query<{ inserted: boolean }>(
      `INSERT INTO ${table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${columns})
       ON CONFLICT (${key}) DO UPDATE SET ${updates}
       RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(batch)],
    );
    for (const row of result.rows) {
      if (row.inserted) counts.inserted++;
      else counts.updated++;
    }
  }
  return counts;
}

/** Deletes the children of the given parents, then inserts the new children. */
async function replaceChildren(
  client: PoolClient,
  table: string,
  parentColumn: string,
  parentIds: string[],
  rows: Record<string, unknown>[],
  columns: string,
): Promise<number> {
  if (parentIds.length)
    await client.query(`DELETE FROM ${table} WHERE ${parentColumn} = ANY($1)`, [parentIds]);
  const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0] as string);
  let written = 0;
  for (const batch of chunks(rows)) {
    const result = await client.query(
      `INSERT INTO ${table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${columns})`,
      [JSON.stringify(batch)],
    );
    written += result.rowCount ?? 0;
  }
  return written;
}

function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/**
 * Addresses are replaced for customers that bring them; payment methods are upserted, and an opening balance is
 * written once as a ledger entry (a balance only ever changes with an entry, so re-importing never resets it).
 */
async function writeCustomerDetails(
  client: PoolClient,
  customers: ImportCustomer[],
  progress: (line: string) => void,
): Promise<void> {
  const withAddresses = customers.filter((c) => c.addresses !== undefined);
  const addresses = await replaceChildren(
    client,
    'customer_addresses',
    'customer_id',
    withAddresses.map((c) => c.id),
    withAddresses.flatMap((c) =>
      (c.addresses ?? []).map((a, i) => ({
        id: a.id,
        customer_id: c.id,
        line1: a.line1,
        line2: a.line2 ?? null,
        city: a.city,
        state: a.state ?? null,
        country: a.country,
        postcode: a.postcode ?? null,
        is_default: i === 0,
      })),
    ),
    'id text, customer_id text, line1 text, line2 text, city text, state text, country text, postcode text, is_default boolean',
  );
  const methods = customers.flatMap((c) =>
    (c.paymentMethods ?? []).map((m) => ({
      id: m.id,
      customer_id: c.id,
      kind: m.kind,
      brand: m.brand ?? null,
      last4: m.last4 ?? null,
      email: m.email ?? null,
      currency: m.currency ?? null,
      balance_cents: m.balance === undefined ? null : toCents(m.balance),
    })),
  );
  for (const batch of chunks(methods)) {
    await client.query(
      `INSERT INTO payment_methods (id, customer_id, kind, brand, last4, email, currency)
       SELECT id, customer_id, kind, brand, last4, email, currency
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, customer_id text, kind text, brand text, last4 text, email text, currency text)
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, kind = EXCLUDED.kind, brand = EXCLUDED.brand,
         last4 = EXCLUDED.last4, email = EXCLUDED.email, currency = EXCLUDED.currency`,
      [JSON.stringify(batch)],
    );
    await client.query(
      `INSERT INTO credit_ledger (method_id, amount_cents, currency, business_key, reason)
       SELECT id, balance_cents, currency, 'opening:' || id, 'opening balance (import)'
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, balance_cents bigint, currency text)
        WHERE balance_cents IS NOT NULL AND balance_cents > 0
       ON CONFLICT (business_key) DO NOTHING`,
      [JSON.stringify(batch)],
    );
  }
  if (addresses || methods.length)
    progress(`customer details: ${addresses} addresses, ${methods.length} payment methods`);
}

async function writeAll(client: PoolClient, file: ImportFile, progress: (line: string) => void) {
  const customers = file.customers ?? [];
  const products = file.products ?? [];
  const orders = file.orders ?? [];
  const shipments = file.shipments ?? [];
  const devices = file.devices ?? [];

  const customerRows = customers.map((c) => ({
    id: c.id,
    name: c.name.trim(),
    email: c.email ? normalizeEmail(c.email) : null,
    phone: c.phone ?? null,
    postcode: c.postcode ? c.postcode.trim().toUpperCase() : null,
    locale: c.locale ?? 'en',
  }));
  if (customerRows.length) {
    // Clearing changed emails first lets a file swap addresses between customers without tripping the unique index.
    await client.query(
      `UPDATE customers c SET email = NULL FROM jsonb_to_recordset($1::jsonb) AS r(id text, email text)
       WHERE c.id = r.id AND c.email IS DISTINCT FROM r.email`,
      [JSON.stringify(customerRows.map(({ id, email }) => ({ id, email })))],
    );
  }
  const customerCounts = await upsert(
    client,
    customerRows,
    'customers',
    'id text, name text, email text, phone text, postcode text, locale text',
    'id',
  );
  progress(`customers: ${customerCounts.inserted} new, ${customerCounts.updated} updated`);
  await writeCustomerDetails(client, customers, progress);

  const productCounts = await upsert(
    client,
    products.map((p) => ({
      sku: p.sku,
      name_en: p.name.en,
      name_zh: p.name.zh ?? null,
      category: p.category,
      options: p.options ?? {},
      final_sale: p.finalSale ?? false,
      price: p.price.amount,
      currency: p.price.currency,
    })),
    'products',
    'sku text, name_en text, name_zh text, category text, options jsonb, final_sale boolean, price numeric, currency text',
    'sku',
  );
  const withVariants = products.filter((p) => p.variants !== undefined);
  const variants = await replaceChildren(
    client,
    'product_variants',
    'product_sku',
    withVariants.map((p) => p.sku),
    withVariants.flatMap((p) =>
      (p.variants ?? []).map((v) => ({
        sku: v.sku,
        product_sku: p.sku,
        options: v.options,
        price: v.price ?? null,
        stock: v.stock ?? null,
      })),
    ),
    'sku text, product_sku text, options jsonb, price numeric, stock integer',
  );
  if (variants) progress(`product variants: ${variants}`);
  progress(`products: ${productCounts.inserted} new, ${productCounts.updated} updated`);

  const orderCounts = await upsert(
    client,
    orders.map((o) => ({
      id: o.id,
      customer_id: o.customerId,
      placed_at: o.placedAt,
      status: o.status,
      currency: o.currency,
      // Summed in cents so the total equals the sum of the stored two-decimal line prices.
      total: o.items.reduce((sum, it) => sum + toCents(it.unitPrice) * it.quantity, 0) / 100,
      payment_reference: o.paymentReference ?? null,
      shipping_address: o.shippingAddress ?? null,
      cancel_reason: o.cancelReason ?? null,
    })),
    'orders',
    'id text, customer_id text, placed_at timestamptz, status text, currency text, total numeric, payment_reference text, shipping_address jsonb, cancel_reason text',
    'id',
  );
  const orderItems = await replaceChildren(
    client,
    'order_items',
    'order_id',
    orders.map((o) => o.id),
    orders.flatMap((o) =>
      o.items.map((it, j) => ({
        order_id: o.id,
        line_no: j + 1,
        sku: it.sku,
        quantity: it.quantity,
        unit_price: toCents(it.unitPrice) / 100,
        options: it.options ?? {},
        variant_sku: it.variantSku ?? null,
      })),
    ),
    'order_id text, line_no integer, sku text, quantity integer, unit_price numeric, options jsonb, variant_sku text',
  );
  const withPayments = orders.filter((o) => o.payments !== undefined);
  const payments = await replaceChildren(
    client,
    'order_payments',
    'order_id',
    withPayments.map((o) => o.id),
    withPayments.flatMap((o) =>
      (o.payments ?? []).map((p) => ({
        id: p.id,
        order_id: o.id,
        kind: p.kind,
        method_id: p.methodId ?? null,
        method_kind: p.methodKind,
        amount: toCents(p.amount) / 100,
        currency: o.currency,
        reference: p.reference ?? null,
        at: p.at,
      })),
    ),
    'id text, order_id text, kind text, method_id text, method_kind text, amount numeric, currency text, reference text, at timestamptz',
  );
  if (payments) progress(`order payments: ${payments}`);
  progress(`orders: ${orderCounts.inserted} new, ${orderCounts.updated} updated, ${orderItems} items`);

  const shipmentCounts = await upsert(
    client,
    shipments.map((s) => ({
      id: s.id,
      order_id: s.orderId,
      carrier: s.carrier ?? null,
      tracking_number: s.trackingNumber ?? null,
      status: s.status,
    })),
    'shipments',
    'id text, order_id text, carrier text, tracking_number text, status text',
    'id',
  );
  const shipmentEvents = await replaceChildren(
    client,
    'shipment_events',
    'shipment_id',
    shipments.map((s) => s.id),
    shipments.flatMap((s) =>
      s.events
        .map((e, fileIndex) => ({ e, fileIndex, ms: Date.parse(e.at) }))
        // Ties keep file order, so two scans in the same second still number predictably.
        .sort((a, b) => a.ms - b.ms || a.fileIndex - b.fileIndex)
        .map(({ e }, seq) => ({
          shipment_id: s.id,
          seq: seq + 1,
          at: e.at,
          status: e.status,
          location: e.location ?? null,
          description: e.description,
        })),
    ),
    'shipment_id text, seq integer, at timestamptz, status text, location text, description text',
  );
  const withItems = shipments.filter((s) => s.items !== undefined);
  await replaceChildren(
    client,
    'shipment_items',
    'shipment_id',
    withItems.map((s) => s.id),
    withItems.flatMap((s) =>
      (s.items ?? []).map((it) => ({ shipment_id: s.id, line_no: it.line, quantity: it.quantity })),
    ),
    'shipment_id text, line_no integer, quantity integer',
  );
  progress(
    `shipments: ${shipmentCounts.inserted} new, ${shipmentCounts.updated} updated, ${shipmentEvents} events`,
  );

  const deviceCounts = await upsert(
    client,
    devices.map((d) => ({
      serial: d.serial,
      model: d.model,
      customer_id: d.ownerId,
      installed_at: d.installedAt,
      purchased_at: d.purchasedAt ?? d.installedAt,
    })),
    'devices',
    'serial text, model text, customer_id text, installed_at timestamptz, purchased_at timestamptz',
    'serial',
  );
  // Readings are replaced only for devices that bring usage, so telemetry gathered since is kept otherwise.
  const withUsage = devices.filter((d) => d.usage !== undefined);
  const deviceReadings = await replaceChildren(
    client,
    'device_readings',
    'serial',
    withUsage.map((d) => d.serial),
    withUsage.flatMap((d) =>
      (d.usage ?? []).map((r) => ({ serial: d.serial, at: r.at, metric: r.metric, value: r.value })),
    ),
    'serial text, at timestamptz, metric text, value double precision',
  );
  progress(
    `devices: ${deviceCounts.inserted} new, ${deviceCounts.updated} updated, ${deviceReadings} readings`,
  );
  await writePresalesData(client, file, progress);

  return {
    customers: customerCounts,
    products: productCounts,
    orders: orderCounts,
    shipments: shipmentCounts,
    devices: deviceCounts,
    orderItems,
    shipmentEvents,
    deviceReadings,
  };
}

interface PgError {
  code: string;
  message: string;
  detail?: string;
  table?: string;
}

function isConstraintViolation(err: unknown): err is PgError {
  // Class 23 is integrity-constraint violation: bad data, not a broken database.
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as PgError).code === 'string' &&
    (err as PgError).code.startsWith('23')
  );
}

/**
 * Validates data against the import schema and the store, then upserts it in one transaction.
 * Throws ImportError listing every problem (path and reason) and changes nothing if any record is bad.
 */
export async function importData(
  db: Pool,
  data: unknown,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  // The caller's object is left untouched: timestamps are rewritten on a copy.
  const copy: unknown = structuredClone(data);
  const validate = getValidator();
  if (!validate(copy)) throw new ImportError(translateAjvErrors(validate.errors ?? []));
  const file = copy;

  let shiftMs = 0;
  if (options.shiftDatesTo) {
    if (file.generatedAt) shiftMs = options.shiftDatesTo.getTime() - toInstant(file.generatedAt);
    else progress('no generatedAt in the file, so dates are not shifted');
  }
  const problems: ImportProblem[] = [];
  normaliseTimestamps(file, Number.isNaN(shiftMs) ? 0 : shiftMs, problems);
  normalisePhones(file, options.phoneDefaultRegion ?? DEFAULT_PHONE_REGION, problems);
  if (problems.length) throw new ImportError(problems);
  if (shiftMs) progress(`shifting dates by ${(shiftMs / 86_400_000).toFixed(2)} days`);
  progress(
    `validated ${file.customers?.length ?? 0} customers, ${file.products?.length ?? 0} products, ` +
      `${file.orders?.length ?? 0} orders, ${file.shipments?.length ?? 0} shipments, ${file.devices?.length ?? 0} devices`,
  );

  // References are checked on the transaction's own client: another pool connection would deadlock an embedded server.
  const written = await inTransaction(db, async (client) => {
    const referenceProblems = await checkReferences(client, file);
    if (referenceProblems.length) throw new ImportError(referenceProblems);
    try {
      return await writeAll(client, file, progress);
    } catch (err) {
      if (isConstraintViolation(err))
        throw new ImportError([
          {
            path: err.table ?? '(database)',
            reason: `${err.message}${err.detail ? ` (${err.detail})` : ''}`,
          },
        ]);
      throw err;
    }
  });
  const summary: ImportSummary = { ...written, shiftedByMs: shiftMs, durationMs: Date.now() - started };
  progress(`imported in ${summary.durationMs} ms`);
  return summary;
}

/** Offset of the first syntax error in text, found by a minimal JSON scanner; -1 when the text is valid. */
export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const stop = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const str = () => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') stop();
      if (c === '"') return void i++;
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) stop();
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i] as string)) i++;
        else stop();
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') stop();
          str();
          ws();
          if (text[i] !== ':') stop();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else stop();
      }
    }
    if (c === '"') return str();
    const number = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (number.test(text)) return void (i = number.lastIndex);
    for (const literal of ['true', 'false', 'null'])
      if (text.startsWith(literal, i)) return void (i += literal.length);
    stop();
  };
  try {
    value();
    ws();
    if (i < text.length) stop();
    return -1;
  } catch (at) {
    if (typeof at === 'number') return at;
    // Only absurd nesting gets here (stack overflow); the start is the best position we can name.
    return 0;
  }
}

function describeJsonError(text: string, err: Error): ImportProblem {
  const offset = findJsonErrorOffset(text);
  // V8 appends a snippet or a position; the line and column said here are more useful.
  const detail = err.message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '');
  if (offset < 0) return { path: '(file)', reason: `invalid JSON: ${detail}` };
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const at = offset >= text.length ? 'at the end of the file' : `at line ${line}, column ${column}`;
  return { path: '(file)', reason: `invalid JSON ${at}: ${detail}` };
}

/** Reads and imports a kefu-import JSON file; unreadable files and JSON syntax errors become ImportErrors too. */
export async function importFile(
  db: Pool,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ImportError([{ path: '(file)', reason: `cannot read ${filePath}: ${code}` }], 1, filePath);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ImportError([describeJsonError(text, err as Error)], 1, filePath);
  }
  try {
    return await importData(db, data, options);
  } catch (err) {
    // Re-raised with the file name, so a CLI user sees which file the paths refer to.
    if (err instanceof ImportError) throw new ImportError(err.problems, err.totalProblems, filePath);
    throw err;
  }
}
