// Writes data/demo/kefu-demo.json: a deterministic, bilingual demo store with the fixed records tests and docs rely on.
import fs from 'node:fs';
import path from 'node:path';
import type {
  ImportAddress,
  ImportCustomer,
  ImportPaymentMethod,
  ImportDevice,
  ImportFile,
  ImportOrder,
  ImportOrderItem,
  ImportProduct,
  ImportReading,
  ImportShipment,
  ImportShipmentEvent,
  OrderStatus,
  ShipmentStatus,
} from '../activities/commerce/import';
import { CATALOG_DETAILS, PRESALES_PRODUCTS, demoProductViews } from './lib/demo-presales';

const GENERATED_AT = '2026-11-25T00:00:00Z';
const NOW = Date.parse(GENERATED_AT);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW_DAYS = 90;
const RANDOM_ORDERS = 145;
/** Chinese customers pay in yuan at a fixed rate, rounded to a price ending in 9 as shops do. */
const CNY_PER_USD = 7.1;
const OUTPUT = path.resolve(__dirname, '../data/demo/kefu-demo.json');

/** mulberry32: tiny, fast and good enough for demo data; the seed makes every run write the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261125);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const chance = (p: number) => random() < p;
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}
function weighted<T>(entries: readonly (readonly [T, number])[]): T {
  let r = random() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [value, weight] of entries) if ((r -= weight) < 0) return value;
  return (entries[entries.length - 1] as readonly [T, number])[0];
}
const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
const alnum = (n: number) =>
  Array.from({ length: n }, () =>
    pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789']),
  ).join('');
const iso = (ms: number) => new Date(Math.round(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');

// ---------------------------------------------------------------- catalogue

interface CatalogEntry {
  sku: string;
  en: string;
  zh: string;
  category: string;
  colour: string[];
  size?: string[];
  usd: number;
}
const APPAREL = ['S', 'M', 'L', 'XL', 'XXL'];
const CATALOG: CatalogEntry[] = [
  {
    sku: 'HP-AIR-01',
    en: 'AirBeat Wireless Earbuds',
    zh: 'AirBeat 无线蓝牙耳机',
    category: 'headphones',
    colour: ['black', 'white', 'blue'],
    usd: 79.99,
  },
  {
    sku: 'HP-NC-700',
    en: 'QuietWave Noise-Cancelling Headphones',
    zh: 'QuietWave 头戴式降噪耳机',
    category: 'headphones',
    colour: ['black', 'silver', 'navy'],
    usd: 249,
  },
  {
    sku: 'HP-SPT-02',
    en: 'RunFit Sport Earphones',
    zh: 'RunFit 运动蓝牙耳机',
    category: 'headphones',
    colour: ['black', 'red', 'blue', 'green'],
    usd: 49.99,
  },
  {
    sku: 'JK-WP-100',
    en: 'Waterproof Jacket',
    zh: '防水夹克',
    category: 'jackets',
    colour: ['blue', 'black', 'red', 'olive'],
    size: APPAREL,
    usd: 129,
  },
  {
    sku: 'JK-DN-200',
    en: 'Lightweight Down Jacket',
    zh: '轻薄羽绒服',
    category: 'jackets',
    colour: ['black', 'navy', 'beige', 'pink'],
    size: ['S', 'M', 'L', 'XL'],
    usd: 159,
  },
  {
    sku: 'JK-WB-300',
    en: 'Windbreaker Shell',
    zh: '轻量防风外套',
    category: 'jackets',
    colour: ['grey', 'blue', 'black'],
    size: ['S', 'M', 'L', 'XL'],
    usd: 89,
  },
  {
    sku: 'SH-RUN-10',
    en: 'CloudStride Running Shoes',
    zh: 'CloudStride 缓震跑鞋',
    category: 'sneakers',
    colour: ['black', 'white', 'blue', 'grey'],
    size: ['38', '39', '40', '41', '42', '43', '44', '45'],
    usd: 119,
  },
  {
    sku: 'SH-CAN-20',
    en: 'Classic Canvas Sneakers',
    zh: '经典帆布鞋',
    category: 'sneakers',
    colour: ['white', 'black', 'navy', 'red'],
    size: ['36', '37', '38', '39', '40', '41', '42', '43', '44'],
    usd: 59,
  },
  {
    sku: 'SH-TRL-30',
    en: 'TrailGrip Hiking Shoes',
    zh: 'TrailGrip 户外徒步鞋',
    category: 'sneakers',
    colour: ['grey', 'olive', 'black'],
    size: ['39', '40', '41', '42', '43', '44', '45', '46'],
    usd: 139,
  },
  {
    sku: 'BP-CMT-01',
    en: 'Commuter Laptop Backpack',
    zh: '通勤电脑双肩包',
    category: 'backpacks',
    colour: ['black', 'grey', 'navy'],
    usd: 69,
  },
  {
    sku: 'BP-HIK-30',
    en: 'Summit Hiking Backpack',
    zh: 'Summit 登山双肩包',
    category: 'backpacks',
    colour: ['blue', 'green', 'orange', 'black'],
    size: ['30L', '45L'],
    usd: 99,
  },
  {
    sku: 'BP-KID-05',
    en: "Kids' School Backpack",
    zh: '儿童护脊书包',
    category: 'backpacks',
    colour: ['pink', 'blue', 'yellow'],
    usd: 39,
  },
  {
    sku: 'KT-ELC-17',
    en: 'Electric Kettle 1.7L',
    zh: '1.7升电热水壶',
    category: 'kettles',
    colour: ['white', 'black', 'silver'],
    usd: 39.99,
  },
  {
    sku: 'KT-TMP-12',
    en: 'Temperature Control Kettle',
    zh: '智能控温电水壶',
    category: 'kettles',
    colour: ['black', 'silver', 'white'],
    usd: 69,
  },
  {
    sku: 'KT-GLS-15',
    en: 'Glass Electric Kettle',
    zh: '玻璃电水壶',
    category: 'kettles',
    colour: ['silver', 'black'],
    usd: 34.99,
  },
  {
    sku: 'RV-S5',
    en: 'CleanBot S5 Robot Vacuum',
    zh: 'CleanBot S5 扫地机器人',
    category: 'robot-vacuums',
    colour: ['white', 'black'],
    usd: 299,
  },
  {
    sku: 'RV-S7-MAX',
    en: 'CleanBot S7 Max Robot Vacuum & Mop',
    zh: 'CleanBot S7 Max 扫拖一体机器人',
    category: 'robot-vacuums',
    colour: ['white', 'black', 'grey'],
    usd: 549,
  },
  {
    sku: 'RV-MINI',
    en: 'CleanBot Mini Robot Vacuum',
    zh: 'CleanBot Mini 迷你扫地机器人',
    category: 'robot-vacuums',
    colour: ['white', 'blue'],
    usd: 199,
  },
  {
    sku: 'AP-100',
    en: 'PureAir 100 Air Purifier',
    zh: 'PureAir 100 空气净化器',
    category: 'air-purifiers',
    colour: ['white', 'grey'],
    usd: 149,
  },
  {
    sku: 'AP-300',
    en: 'PureAir 300 Air Purifier',
    zh: 'PureAir 300 空气净化器',
    category: 'air-purifiers',
    colour: ['white', 'grey', 'blue'],
    usd: 279,
  },
  {
    sku: 'AP-500-PRO',
    en: 'PureAir 500 Pro Air Purifier',
    zh: 'PureAir 500 Pro 空气净化器',
    category: 'air-purifiers',
    colour: ['white', 'black'],
    usd: 359,
  },
  {
    sku: 'WH-E60',
    en: 'HeatPro 60L Electric Water Heater',
    zh: 'HeatPro 60升电热水器',
    category: 'water-heaters',
    colour: ['white', 'silver'],
    usd: 329,
  },
  {
    sku: 'WH-G16',
    en: 'HeatPro 16L Gas Water Heater',
    zh: 'HeatPro 16升燃气热水器',
    category: 'water-heaters',
    colour: ['white', 'silver', 'black'],
    usd: 399,
  },
  {
    sku: 'WH-TL5',
    en: 'HeatPro Tankless Mini Water Heater',
    zh: 'HeatPro 即热式小厨宝',
    category: 'water-heaters',
    colour: ['white', 'grey'],
    usd: 189,
  },
];
const bySku = new Map(CATALOG.map((p) => [p.sku, p]));
function product(sku: string): CatalogEntry {
  const p = bySku.get(sku);
  if (!p) throw new Error(`no product ${sku}`);
  return p;
}
const priceIn = (p: CatalogEntry, currency: string) =>
  currency === 'CNY' ? Math.round((p.usd * CNY_PER_USD) / 10) * 10 - 1 : p.usd;

// ---------------------------------------------------------------- customers

interface Person {
  customer: ImportCustomer;
  zh: boolean;
  /** Delivery city: '上海' for Chinese customers, 'Seattle, WA' style for the others. */
  city: string;
}
const ZH_CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '杭州',
  '成都',
  '南京',
  '武汉',
  '西安',
  '重庆',
  '苏州',
  '天津',
];
const ZH_PEOPLE: [string, string][] = [
  ['李伟', 'liwei'],
  ['张敏', 'zhangmin'],
  ['刘洋', 'liuyang'],
  ['陈静', 'chenjing'],
  ['杨磊', 'yanglei'],
  ['赵丽', 'zhaoli'],
  ['黄强', 'huangqiang'],
  ['周婷', 'zhouting'],
  ['吴刚', 'wugang'],
  ['徐静怡', 'xujingyi'],
  ['孙浩然', 'sunhaoran'],
  ['马晓燕', 'maxiaoyan'],
  ['朱文博', 'zhuwenbo'],
  ['胡雪梅', 'huxuemei'],
];
const EN_PEOPLE: [string, string][] = [
  ['James Miller', 'Seattle, WA'],
  ['Emily Johnson', 'Austin, TX'],
  ['Michael Brown', 'Chicago, IL'],
  ['Sarah Davis', 'Brooklyn, NY'],
  ['David Wilson', 'Denver, CO'],
  ['Jessica Taylor', 'Portland, OR'],
  ['Daniel Anderson', 'Boston, MA'],
  ['Olivia Thomas', 'San Diego, CA'],
  ['Matthew Moore', 'Atlanta, GA'],
  ['Sophie Clarke', 'Phoenix, AZ'],
  ["Ryan O'Connor", 'Minneapolis, MN'],
  ['Hannah Wright', 'Columbus, OH'],
  ['Lucas Martin', 'Nashville, TN'],
  ['Grace Lee', 'Raleigh, NC'],
];
const US_AREA_CODES = [
  '206',
  '512',
  '312',
  '718',
  '303',
  '503',
  '617',
  '619',
  '404',
  '602',
  '612',
  '614',
  '615',
  '919',
];

const ALICE: Person = {
  customer: {
    id: 'C-ALICE',
    name: 'Alice Chen',
    email: 'alice@example.com',
    phone: '+1 415 555 0100',
    locale: 'en',
  },
  zh: false,
  city: 'San Francisco, CA',
};
const WANGFANG: Person = {
  customer: {
    id: 'C-WANGFANG',
    name: '王芳',
    email: 'wangfang@example.cn',
    phone: '13800138000',
    locale: 'zh-CN',
  },
  zh: true,
  city: '上海',
};

function chineseMobile(): string {
  const n = `1${pick(['3', '5', '7', '8', '9'])}${digits(9)}`;
  // Customers type numbers every which way; the importer normalises them all to +86….
  return pick([
    n,
    `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
    `+86 ${n}`,
    `+86-${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
  ]);
}

const others: Person[] = [
  ...ZH_PEOPLE.map(([name, pinyin], i): Person => {
    // A few Chinese customers only ever gave a phone number, as is common for shoppers who sign in by SMS.
    const email =
      i % 5 === 3
        ? undefined
        : `${pinyin}${pick(['', String(int(80, 99)), String(int(1, 9))])}@${pick(['example.cn', 'example.com.cn'])}`;
    return {
      customer: {
        id: `C-${1001 + i}`,
        name,
        ...(email ? { email } : {}),
        phone: chineseMobile(),
        locale: 'zh-CN',
      },
      zh: true,
      city: ZH_CITIES[i % ZH_CITIES.length] as string,
    };
  }),
  ...EN_PEOPLE.map(([name, city], i): Person => {
    const [first, last] = name.toLowerCase().replace("'", '').split(' ') as [string, string];
    const area = US_AREA_CODES[i] as string;
    // 555-01xx numbers are reserved for fiction, so no real person is ever called.
    const line = String(101 + i * 3).padStart(4, '0');
    const phone =
      i % 4 === 2
        ? undefined
        : pick([`+1 ${area} 555 ${line}`, `(${area}) 555-${line}`, `${area}-555-${line}`]);
    return {
      customer: {
        id: `C-${2001 + i}`,
        name,
        email: `${first}.${last}@example.com`,
        ...(phone ? { phone } : {}),
        locale: 'en',
      },
      zh: false,
      city,
    };
  }),
];
const people = [ALICE, WANGFANG, ...others];
const personById = new Map(people.map((p) => [p.customer.id, p]));

/** The first digits of real postcodes in each delivery city, so every demo address is plausible. */
const POSTCODE_PREFIX: Record<string, string> = {
  北京: '1000',
  上海: '2000',
  广州: '5100',
  深圳: '5180',
  杭州: '3100',
  成都: '6100',
  南京: '2100',
  武汉: '4300',
  西安: '7100',
  重庆: '4000',
  苏州: '2150',
  天津: '3000',
  'Seattle, WA': '981',
  'Austin, TX': '787',
  'Chicago, IL': '606',
  'Brooklyn, NY': '112',
  'Denver, CO': '802',
  'Portland, OR': '972',
  'Boston, MA': '021',
  'San Diego, CA': '921',
  'Atlanta, GA': '303',
  'Phoenix, AZ': '850',
  'Minneapolis, MN': '554',
  'Columbus, OH': '432',
  'Nashville, TN': '372',
  'Raleigh, NC': '276',
};
/** Quoted by tests and docs, like the rest of these two customers. */
const FIXED_POSTCODES: Record<string, string> = { 'C-ALICE': '94107', 'C-WANGFANG': '200031' };

/**
 * A 6-digit Chinese postcode or a US ZIP for the person's city. The last two digits come from a hash of the
 * customer id, not from the shared PRNG, so adding postcodes changed nothing else in the file.
 */
function postcodeFor(person: Person): string {
  const id = person.customer.id;
  const fixed = FIXED_POSTCODES[id];
  if (fixed) return fixed;
  const prefix = POSTCODE_PREFIX[person.city];
  if (!prefix) throw new Error(`no postcode prefix for ${person.city}`);
  let hash = 0x811c9dc5;
  for (const ch of id) hash = Math.imul(hash ^ (ch.codePointAt(0) as number), 0x01000193) >>> 0;
  return `${prefix}${String(1 + (hash % 49)).padStart(2, '0')}`;
}

/** The customer record with its postcode after the contact details, where a reader of the file looks for it. */
function withPostcode(person: Person): ImportCustomer {
  const { locale, ...rest } = person.customer;
  return { ...rest, postcode: postcodeFor(person), ...(locale ? { locale } : {}) };
}

// ---------------------------------------------------------------- shipments

type Stage = 'label' | 'pickup' | 'depart' | 'hub' | 'out' | 'delivered';
const STAGE_STATUS: Record<Stage, ShipmentStatus> = {
  label: 'label_created',
  pickup: 'in_transit',
  depart: 'in_transit',
  hub: 'in_transit',
  out: 'out_for_delivery',
  delivered: 'delivered',
};
/** Hours after the previous stage: [min, max]. */
const STAGE_GAP: Record<Stage, [number, number]> = {
  label: [3, 20],
  pickup: [2, 10],
  depart: [1, 6],
  hub: [8, 30],
  out: [6, 16],
  delivered: [1, 6],
};
const ZH_WAREHOUSES = ['深圳', '广州', '杭州', '苏州'];
const COURIERS = ['张师傅', '李师傅', '王师傅', '刘师傅', '陈师傅'];
const SIGNERS = ['本人', '本人', '本人', '快递柜', '前台', '家人'];
const US_CARRIERS = [
  {
    carrier: 'UPS',
    hub: 'Louisville, KY',
    origin: 'Edison, NJ',
    tracking: () => `1Z${alnum(6).toUpperCase()}${digits(10)}`,
  },
  { carrier: 'FedEx', hub: 'Memphis, TN', origin: 'Reno, NV', tracking: () => digits(12) },
  { carrier: 'USPS', hub: 'Kansas City, MO', origin: 'Ontario, CA', tracking: () => `9400${digits(18)}` },
];
const ZH_CARRIERS = [
  { carrier: '顺丰速运', tracking: () => `SF${digits(13)}` },
  { carrier: '京东物流', tracking: () => `JDVA${digits(11)}` },
  { carrier: '中通快递', tracking: () => `7${digits(13)}` },
];

function eventText(stage: Stage, zh: boolean, origin: string, dest: string, hub: string, carrier: string) {
  if (zh) {
    switch (stage) {
      case 'label':
        return { location: origin, description: '商家已发货，等待快递员揽收' };
      case 'pickup':
        return { location: origin, description: `【${origin}】快件已揽收` };
      case 'depart':
        return { location: origin, description: `【${origin}】快件已发往【${dest}转运中心】` };
      case 'hub':
        return { location: dest, description: `【${dest}】快件已到达【${dest}转运中心】` };
      case 'out':
        return {
          location: dest,
          description: `【${dest}】快件正在派送中，派送员：${pick(COURIERS)}，电话：1${int(30, 99)}****${digits(4)}，请保持电话畅通`,
        };
      case 'delivered':
        return { location: dest, description: `已签收，签收人：${pick(SIGNERS)}` };
    }
  }
  switch (stage) {
    case 'label':
      return { location: origin, description: `Shipping label created, ${carrier} awaiting item` };
    case 'pickup':
      return { location: origin, description: 'Picked up' };
    case 'depart':
      return { location: origin, description: 'Departed facility' };
    case 'hub':
      return { location: hub, description: 'Arrived at facility' };
    case 'out':
      return { location: dest, description: 'Out for delivery' };
    case 'delivered':
      return {
        location: dest,
        description: pick(['Delivered, front door', 'Delivered, handed to resident', 'Delivered, mailroom']),
      };
  }
}

const usedTracking = new Set<string>();
function uniqueTracking(make: () => string): string {
  for (;;) {
    const t = make();
    if (usedTracking.has(t)) continue;
    usedTracking.add(t);
    return t;
  }
}

let movingShipments = 0;

/** A plausible tracking history for an order, never later than generatedAt, ending at the order's state. */
function makeShipment(order: ImportOrder, person: Person): ImportShipment {
  const delivered = order.status === 'delivered' || order.status === 'returned';
  const all: Stage[] = ['label', 'pickup', 'depart', 'hub', 'out', 'delivered'];
  // Carriers skip scans: drop the label scan or the departure scan now and then, keeping 2–6 events.
  const stages = all.filter((s) => !(s === 'label' && chance(0.4)) && !(s === 'depart' && chance(0.3)));
  let times: number[] = [];
  let t = Date.parse(order.placedAt);
  for (const s of stages) times.push((t += int(...STAGE_GAP[s]) * HOUR + int(0, 59) * 60_000));
  const latest = NOW - int(2, 20) * HOUR;
  let kept = stages;
  if (delivered) {
    // Squeeze the history into the time the order has had, so delivery happened before "now".
    const start = Date.parse(order.placedAt) + HOUR;
    const end = times[times.length - 1] as number;
    if (end > latest) times = times.map((x) => start + ((x - start) * (latest - start)) / (end - start));
  } else {
    // Still on its way: some of the stages have happened, the last of them recently, as a parcel that is moving.
    const moving = stages.filter((s) => s !== 'delivered');
    kept = moving.slice(0, int(2, moving.length));
    const start = Date.parse(order.placedAt) + HOUR;
    const end = times[kept.length - 1] as number;
    times = times.map((x) => start + ((x - start) * (latest - start)) / (end - start));
  }
  const origin = person.zh ? pick(ZH_WAREHOUSES.filter((c) => c !== person.city)) : '';
  const us = pick(US_CARRIERS);
  const zhCarrier = pick(ZH_CARRIERS);
  const carrier = person.zh ? zhCarrier.carrier : us.carrier;
  const events: ImportShipmentEvent[] = kept.map((stage, i) => ({
    at: iso(times[i] as number),
    status: STAGE_STATUS[stage],
    ...eventText(stage, person.zh, person.zh ? origin : us.origin, person.city, us.hub, carrier),
  }));
  // Every sixth parcel on its way hits a snag, which gives the agent something to explain.
  if (!delivered && ++movingShipments % 6 === 0) {
    const last = events[events.length - 1] as ImportShipmentEvent;
    events.push({
      at: iso(Math.min(Date.parse(last.at) + int(4, 12) * HOUR, NOW - HOUR)),
      status: 'exception',
      location: person.city,
      description: person.zh
        ? `【${person.city}】因天气原因，快件派送可能延误，请耐心等待`
        : 'Delivery exception: weather delay, we are adjusting delivery plans',
    });
  }
  return {
    id: `S-${order.id}`,
    orderId: order.id,
    carrier,
    trackingNumber: uniqueTracking(person.zh ? zhCarrier.tracking : us.tracking),
    status: (events[events.length - 1] as ImportShipmentEvent).status,
    events,
  };
}

// ---------------------------------------------------------------- orders

const usedOrderIds = new Set(['W1234567', 'W2000001', 'W7654321', 'W7600001', 'W7600002']);
function newOrderId(): string {
  for (;;) {
    const id = `W${int(2100000, 9899999)}`;
    if (usedOrderIds.has(id)) continue;
    usedOrderIds.add(id);
    return id;
  }
}

function paymentReference(currency: string, placedAt: number): string {
  if (currency === 'USD') return `pi_3${alnum(23)}`;
  // Alipay trade numbers start with the trade date.
  return `${new Date(placedAt).toISOString().slice(0, 10).replace(/-/g, '')}22001${digits(15)}`;
}

function line(
  sku: string,
  currency: string,
  options: { colour?: string; size?: string },
  quantity = 1,
): ImportOrderItem {
  return { sku, quantity, unitPrice: priceIn(product(sku), currency), options };
}

function randomItems(currency: string): ImportOrderItem[] {
  const count = weighted([
    [1, 70],
    [2, 22],
    [3, 8],
  ] as const);
  const skus = new Set<string>();
  while (skus.size < count) skus.add(pick(CATALOG).sku);
  return [...skus].map((sku) => {
    const p = product(sku);
    const options = { colour: pick(p.colour), ...(p.size ? { size: pick(p.size) } : {}) };
    return line(sku, currency, options, p.usd < 60 && chance(0.25) ? 2 : 1);
  });
}

function statusForAge(ageDays: number): OrderStatus {
  if (ageDays < 2)
    return weighted([
      ['pending', 3],
      ['paid', 7],
    ] as const);
  if (ageDays < 4)
    return weighted([
      ['paid', 3],
      ['shipped', 7],
    ] as const);
  if (ageDays < 8)
    return weighted([
      ['shipped', 55],
      ['delivered', 40],
      ['cancelled', 5],
    ] as const);
  return weighted([
    ['delivered', 85],
    ['returned', 7],
    ['cancelled', 8],
  ] as const);
}

function makeOrder(
  person: Person,
  placedAt: number,
  status: OrderStatus,
  items: ImportOrderItem[],
  id = newOrderId(),
): ImportOrder {
  const currency = person.zh ? 'CNY' : 'USD';
  return {
    id,
    customerId: person.customer.id,
    placedAt: iso(placedAt),
    status,
    currency,
    items,
    ...(status === 'pending' ? {} : { paymentReference: paymentReference(currency, placedAt) }),
  };
}

const orders: ImportOrder[] = [];
const shipments: ImportShipment[] = [];

// The fixed records quoted by tests and docs: keep their ids and content stable.
const w1234567 = makeOrder(
  ALICE,
  Date.parse('2026-11-15T18:24:00Z'),
  'shipped',
  [line('JK-WP-100', 'USD', { colour: 'blue', size: 'M' })],
  'W1234567',
);
w1234567.paymentReference = 'pi_3QzAliceW1234567xKefuDemo';
orders.push(w1234567);
usedTracking.add('1Z999AA10123456784');
shipments.push({
  id: 'S-W1234567',
  orderId: 'W1234567',
  carrier: 'UPS',
  trackingNumber: '1Z999AA10123456784',
  status: 'in_transit',
  events: [
    {
      at: '2026-11-16T21:05:00Z',
      status: 'label_created',
      location: 'Edison, NJ',
      description: 'Shipping label created, UPS awaiting item',
    },
    { at: '2026-11-17T23:40:00Z', status: 'in_transit', location: 'Edison, NJ', description: 'Picked up' },
    {
      at: '2026-11-18T04:12:00Z',
      status: 'in_transit',
      location: 'Edison, NJ',
      description: 'Departed facility',
    },
    {
      at: '2026-11-24T06:30:00Z',
      status: 'in_transit',
      location: 'Louisville, KY',
      description: 'Arrived at facility',
    },
  ],
});
orders.push(
  makeOrder(
    ALICE,
    Date.parse('2026-11-23T00:00:00Z'),
    'paid',
    [line('HP-NC-700', 'USD', { colour: 'navy' })],
    'W2000001',
  ),
);

orders.push(
  makeOrder(
    WANGFANG,
    Date.parse('2026-11-05T02:15:00Z'),
    'delivered',
    [line('HP-AIR-01', 'CNY', { colour: 'blue' }), line('KT-ELC-17', 'CNY', { colour: 'white' })],
    'W7654321',
  ),
);
usedTracking.add('SF1234567890123');
shipments.push({
  id: 'S-W7654321',
  orderId: 'W7654321',
  carrier: '顺丰速运',
  trackingNumber: 'SF1234567890123',
  status: 'delivered',
  events: [
    { at: '2026-11-05T09:30:00Z', status: 'in_transit', location: '深圳', description: '【深圳】快件已揽收' },
    {
      at: '2026-11-05T14:10:00Z',
      status: 'in_transit',
      location: '深圳',
      description: '【深圳】快件已发往【上海转运中心】',
    },
    {
      at: '2026-11-06T03:20:00Z',
      status: 'in_transit',
      location: '上海',
      description: '【上海】快件已到达【上海转运中心】',
    },
    {
      at: '2026-11-06T23:45:00Z',
      status: 'out_for_delivery',
      location: '上海',
      description: '【上海】快件正在派送中，派送员：张师傅，电话：139****1234，请保持电话畅通',
    },
    {
      at: '2026-11-07T04:30:00Z',
      status: 'delivered',
      location: '上海',
      description: '已签收，签收人：本人',
    },
  ],
});
const w7600001 = makeOrder(
  WANGFANG,
  Date.parse('2026-10-12T03:00:00Z'),
  'delivered',
  [line('JK-WP-100', 'CNY', { colour: 'blue', size: 'S' })],
  'W7600001',
);
const w7600002 = makeOrder(
  WANGFANG,
  Date.parse('2026-11-18T12:30:00Z'),
  'delivered',
  [line('JK-DN-200', 'CNY', { colour: 'black', size: 'S' })],
  'W7600002',
);
orders.push(w7600001, w7600002);
shipments.push(makeShipment(w7600001, WANGFANG), makeShipment(w7600002, WANGFANG));

// Everyone else: the fixed customers get no random orders, so questions about "my order" have one clear answer.
for (let n = 0; n < RANDOM_ORDERS; n++) {
  const person = pick(others);
  // A fifth of the orders fall in the last week, so there are always parcels on the way and orders not yet shipped.
  const ageDays = chance(0.2) ? 0.2 + random() * 7.8 : 8 + random() * (WINDOW_DAYS - 8.5);
  const status = statusForAge(ageDays);
  const order = makeOrder(person, NOW - ageDays * DAY, status, randomItems(person.zh ? 'CNY' : 'USD'));
  orders.push(order);
  if (status === 'shipped' || status === 'delivered' || status === 'returned')
    shipments.push(makeShipment(order, person));
}
orders.sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.id.localeCompare(b.id));
shipments.sort((a, b) => a.id.localeCompare(b.id));

// ---------------------------------------------------------------- devices

interface DeviceSpec {
  serial: string;
  model: string;
  owner: string;
  installed: string;
  metrics: Record<string, (week: number) => number>;
}
const round1 = (x: number) => Math.round(x * 10) / 10;
/** A cumulative counter growing by about perWeek a week, from start. */
function counter(start: number, perWeek: number) {
  let value = start;
  return () => round1((value += perWeek * (0.8 + random() * 0.4)));
}
/** Weekly error counts: usually zero, or climbing towards a fault when failing. */
function errors(failing: boolean) {
  return (week: number) => (failing ? Math.max(0, week - 7 + int(0, 2)) : chance(0.1) ? 1 : 0);
}
const zhOwners = others.filter((p) => p.zh).map((p) => p.customer.id);
const enOwners = others.filter((p) => !p.zh).map((p) => p.customer.id);
const DEVICES: DeviceSpec[] = [
  // Wang Fang's purifier is close to its 2,000-hour filter life, for the filter-replacement conversation.
  {
    serial: 'SN-AP100001',
    model: 'PureAir 100',
    owner: 'C-WANGFANG',
    installed: '2026-03-08T06:00:00Z',
    metrics: { filter_hours: counter(760, 100), runtime_hours: counter(2950, 100) },
  },
  {
    serial: 'SN-AP300017',
    model: 'PureAir 300',
    owner: zhOwners[2] as string,
    installed: '2026-06-20T04:00:00Z',
    metrics: { filter_hours: counter(180, 70), runtime_hours: counter(180, 70) },
  },
  {
    serial: 'SN-AP500042',
    model: 'PureAir 500 Pro',
    owner: enOwners[1] as string,
    installed: '2026-01-14T17:00:00Z',
    metrics: { filter_hours: counter(1100, 56), runtime_hours: counter(2500, 56) },
  },
  {
    serial: 'SN-AP100233',
    model: 'PureAir 100',
    owner: enOwners[6] as string,
    installed: '2026-09-02T15:00:00Z',
    metrics: { filter_hours: counter(0, 40), runtime_hours: counter(0, 40) },
  },
  {
    serial: 'SN-RV500108',
    model: 'CleanBot S5',
    owner: zhOwners[5] as string,
    installed: '2025-12-01T03:00:00Z',
    metrics: { runtime_hours: counter(310, 6), error_code_count: errors(false) },
  },
  // This vacuum's errors climb over the last weeks: a device that needs a service visit.
  {
    serial: 'SN-RV700311',
    model: 'CleanBot S7 Max',
    owner: enOwners[3] as string,
    installed: '2026-05-11T19:00:00Z',
    metrics: { runtime_hours: counter(140, 8), error_code_count: errors(true) },
  },
  {
    serial: 'SN-RVM00057',
    model: 'CleanBot Mini',
    owner: zhOwners[9] as string,
    installed: '2026-08-15T02:00:00Z',
    metrics: { runtime_hours: counter(20, 4), error_code_count: errors(false) },
  },
  {
    serial: 'SN-WH600021',
    model: 'HeatPro E60',
    owner: zhOwners[0] as string,
    installed: '2025-10-28T05:00:00Z',
    metrics: { runtime_hours: counter(1400, 18), error_code_count: errors(false) },
  },
  {
    serial: 'SN-WH160089',
    model: 'HeatPro G16',
    owner: zhOwners[7] as string,
    installed: '2026-02-19T06:00:00Z',
    metrics: { runtime_hours: counter(520, 12), error_code_count: errors(false) },
  },
  {
    serial: 'SN-WHT50014',
    model: 'HeatPro TL5',
    owner: enOwners[9] as string,
    installed: '2026-07-07T20:00:00Z',
    metrics: { runtime_hours: counter(35, 3), error_code_count: errors(false) },
  },
];
const USAGE_WEEKS = 12;
const devices: ImportDevice[] = DEVICES.map((d) => {
  const usage: ImportReading[] = [];
  // Every device reports weekly at the same time of day, the last report two hours before generatedAt.
  for (let at = NOW - (USAGE_WEEKS - 1) * 7 * DAY, week = 0; at <= NOW; at += 7 * DAY) {
    if (at - 2 * HOUR <= Date.parse(d.installed)) continue;
    for (const [metric, next] of Object.entries(d.metrics))
      usage.push({ at: iso(at - 2 * HOUR), metric, value: next(week) });
    week++;
  }
  return { serial: d.serial, model: d.model, ownerId: d.owner, installedAt: d.installed, usage };
});

// ---------------------------------------------------------------- output

const products: ImportProduct[] = CATALOG.map((p) => ({
  sku: p.sku,
  name: { en: p.en, zh: p.zh },
  category: p.category,
  options: { colour: p.colour, ...(p.size ? { size: p.size } : {}) },
  price: { amount: p.usd, currency: 'USD' },
}));

// ---------------------------------------------------------------- returns, exchanges and cancellations
// Added after everything above and without the shared PRNG, so every earlier record stays exactly as it was.

/** FNV-1a of a string: a stable choice per record that does not move the shared random sequence. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const ch of text) hash = Math.imul(hash ^ (ch.codePointAt(0) as number), 0x01000193) >>> 0;
  return hash;
}
const ZH_STREETS = ['南京西路', '中山路', '人民路', '解放路', '建国路', '长安街'];
const EN_STREETS = ['Market St', 'Oak Ave', 'Maple Dr', 'Pine St', 'Cedar Ln', 'Howard St'];
const FIXED_ADDRESSES: Record<string, Omit<ImportAddress, 'id' | 'postcode'>> = {
  'C-ALICE': { line1: '500 Howard St', line2: 'Apt 12', city: 'San Francisco', state: 'CA', country: 'US' },
  'C-WANGFANG': {
    line1: '南京西路1266号',
    line2: '恒隆广场 2 座 1801 室',
    city: '上海',
    state: '上海市',
    country: 'CN',
  },
};

function addressOf(person: Person): ImportAddress {
  const id = person.customer.id;
  const h = stableHash(id);
  const fixed = FIXED_ADDRESSES[id];
  const [city, state] = person.city.split(', ');
  const base: Omit<ImportAddress, 'id' | 'postcode'> =
    fixed ??
    (person.zh
      ? { line1: `${ZH_STREETS[h % ZH_STREETS.length]}${(h % 900) + 1}号`, city: person.city, country: 'CN' }
      : {
          line1: `${(h % 9000) + 100} ${EN_STREETS[h % EN_STREETS.length]}`,
          city: city as string,
          state,
          country: 'US',
        });
  return { id: `A-${id}`, ...base, postcode: postcodeFor(person) };
}

function cardOf(person: Person): ImportPaymentMethod {
  const h = stableHash(`card:${person.customer.id}`);
  const brands = person.zh ? ['unionpay', 'visa'] : ['visa', 'mastercard', 'amex'];
  const last4 = person.customer.id === 'C-ALICE' ? '4242' : String(1000 + (h % 9000));
  return { id: `PM-${person.customer.id}-CARD`, kind: 'card', brand: brands[h % brands.length], last4 };
}

/** Alice has store credit and Wang Fang a gift card, for the exchange and refund conversations. */
const EXTRA_METHODS: Record<string, ImportPaymentMethod[]> = {
  'C-ALICE': [{ id: 'PM-C-ALICE-CREDIT', kind: 'store_credit', balance: 20, currency: 'USD' }],
  'C-WANGFANG': [
    { id: 'PM-C-WANGFANG-GIFT', kind: 'gift_card', balance: 500, currency: 'CNY' },
    { id: 'PM-C-WANGFANG-CREDIT', kind: 'store_credit', balance: 0, currency: 'CNY' },
  ],
};

function withDetails(person: Person): ImportCustomer {
  return {
    ...withPostcode(person),
    addresses: [addressOf(person)],
    paymentMethods: [cardOf(person), ...(EXTRA_METHODS[person.customer.id] ?? [])],
  };
}

/** Every paid order was paid in full by the buyer's card, with its payment reference; it ships to their address. */
for (const order of orders) {
  const person = personById.get(order.customerId) as Person;
  order.shippingAddress = (({ id: _id, ...rest }) => rest)(addressOf(person));
  if (order.paymentReference) {
    const cents = order.items.reduce((sum, it) => sum + Math.round(it.unitPrice * 100) * it.quantity, 0);
    order.payments = [
      {
        id: `PAY-${order.id}`,
        kind: 'payment',
        methodId: cardOf(person).id,
        methodKind: 'card',
        amount: cents / 100,
        reference: order.paymentReference,
        at: order.placedAt,
      },
    ];
  }
  if (order.status === 'cancelled') order.cancelReason = 'no longer needed';
}
for (const shipment of shipments) {
  const order = orders.find((o) => o.id === shipment.orderId) as ImportOrder;
  shipment.items = order.items.map((it, i) => ({ line: i + 1, quantity: it.quantity }));
}

/** A keyboard with free-form options and stock per variant, and a final-sale item, for exchanges and refusals. */
const KEYBOARD: ImportProduct = {
  sku: 'KB-MECH-60',
  name: { en: 'TypeCraft 60% Mechanical Keyboard', zh: 'TypeCraft 60% 机械键盘' },
  category: 'keyboards',
  options: { colour: ['black', 'white'], 'switch type': ['red', 'brown', 'blue'], layout: ['60%'] },
  price: { amount: 89, currency: 'USD' },
  variants: [
    {
      sku: 'KB-MECH-60-BLK-RED',
      options: { colour: 'black', 'switch type': 'red', layout: '60%' },
      stock: 12,
    },
    {
      sku: 'KB-MECH-60-BLK-BRN',
      options: { colour: 'black', 'switch type': 'brown', layout: '60%' },
      stock: 4,
    },
    {
      sku: 'KB-MECH-60-BLK-BLU',
      options: { colour: 'black', 'switch type': 'blue', layout: '60%' },
      stock: 0,
    },
    {
      sku: 'KB-MECH-60-WHT-BRN',
      options: { colour: 'white', 'switch type': 'brown', layout: '60%' },
      price: 99,
      stock: 6,
    },
  ],
};
const GIFT_BOX: ImportProduct = {
  sku: 'GF-BOX-01',
  name: { en: 'Holiday Gift Box' },
  category: 'gifts',
  finalSale: true,
  price: { amount: 25, currency: 'USD' },
};
products.push(KEYBOARD, GIFT_BOX);

const BEN: Person = {
  customer: {
    id: 'C-BEN',
    name: 'Ben Carter',
    email: 'ben.carter@example.com',
    phone: '+1 206 555 0190',
    locale: 'en',
  },
  zh: false,
  city: 'Seattle, WA',
};
people.push(BEN);
personById.set(BEN.customer.id, BEN);
const benDelivered = Date.parse('2026-11-18T17:00:00Z');
const w3000001: ImportOrder = {
  ...makeOrder(
    BEN,
    benDelivered,
    'delivered',
    [
      {
        sku: 'KB-MECH-60',
        quantity: 1,
        unitPrice: 89,
        options: { colour: 'black', 'switch type': 'red', layout: '60%' },
        variantSku: 'KB-MECH-60-BLK-RED',
      },
      { sku: 'GF-BOX-01', quantity: 1, unitPrice: 25 },
    ],
    'W3000001',
  ),
  paymentReference: 'pi_3QzBenW3000001xKefuDemo',
};
const w3000002: ImportOrder = {
  ...makeOrder(
    BEN,
    Date.parse('2026-11-24T09:00:00Z'),
    'paid',
    [line('BP-CMT-01', 'USD', { colour: 'grey' })],
    'W3000002',
  ),
  paymentReference: 'pi_3QzBenW3000002xKefuDemo',
};
// The English seed conversation: "the blue one I bought last month", delivered.
const w3000003: ImportOrder = {
  ...makeOrder(
    BEN,
    Date.parse('2026-11-05T16:00:00Z'),
    'delivered',
    [line('HP-AIR-01', 'USD', { colour: 'blue' }), line('KT-ELC-17', 'USD', { colour: 'white' })],
    'W3000003',
  ),
  paymentReference: 'pi_3QzBenW3000003xKefuDemo',
};
for (const order of [w3000001, w3000002, w3000003]) {
  order.shippingAddress = (({ id: _id, ...rest }) => rest)(addressOf(BEN));
  const cents = order.items.reduce((sum, it) => sum + Math.round(it.unitPrice * 100) * it.quantity, 0);
  order.payments = [
    {
      id: `PAY-${order.id}`,
      kind: 'payment',
      methodId: cardOf(BEN).id,
      methodKind: 'card',
      amount: cents / 100,
      reference: order.paymentReference,
      at: order.placedAt,
    },
  ];
  orders.push(order);
}
shipments.push({
  id: 'S-W3000003',
  orderId: 'W3000003',
  carrier: 'FedEx',
  trackingNumber: '799912345603',
  status: 'delivered',
  items: [
    { line: 1, quantity: 1 },
    { line: 2, quantity: 1 },
  ],
  events: [
    { at: '2026-11-06T02:00:00Z', status: 'in_transit', location: 'Reno, NV', description: 'Picked up' },
    {
      at: '2026-11-07T19:30:00Z',
      status: 'delivered',
      location: 'Seattle, WA',
      description: 'Delivered, mailroom',
    },
  ],
});
shipments.push({
  id: 'S-W3000001',
  orderId: 'W3000001',
  carrier: 'UPS',
  trackingNumber: '1Z999BB10123456790',
  status: 'delivered',
  items: [
    { line: 1, quantity: 1 },
    { line: 2, quantity: 1 },
  ],
  events: [
    { at: '2026-11-19T15:00:00Z', status: 'in_transit', location: 'Reno, NV', description: 'Picked up' },
    {
      at: '2026-11-21T20:10:00Z',
      status: 'delivered',
      location: 'Seattle, WA',
      description: 'Delivered, front door',
    },
  ],
});

// ---------------------------------------------------------------- shopping guide (scripts/lib/demo-presales.ts)
for (const p of products) Object.assign(p, CATALOG_DETAILS[p.sku] ?? {});
products.push(...PRESALES_PRODUCTS);
const productViews = demoProductViews(
  orders,
  people.map((p) => p.customer.id),
  products.map((p) => p.sku),
  NOW,
);

const file: ImportFile = {
  $schema: '../../schemas/import/kefu-import.schema.json',
  generatedAt: GENERATED_AT,
  customers: people.map(withDetails),
  products,
  orders,
  shipments,
  devices,
  productViews,
};
for (const o of orders) if (!personById.has(o.customerId)) throw new Error(`order ${o.id} has no customer`);

const out = process.argv[2] ? path.resolve(process.argv[2]) : OUTPUT;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
const count = (status: OrderStatus) => orders.filter((o) => o.status === status).length;
console.log(
  `wrote ${path.relative(process.cwd(), out)}: ${people.length} customers, ${products.length} products, ` +
    `${orders.length} orders (${(
      ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'] as const
    )
      .map((s) => `${count(s)} ${s}`)
      .join(
        ', ',
      )}), ${shipments.length} shipments (${shipments.reduce((n, s) => n + s.events.length, 0)} events), ` +
    `${devices.length} devices (${devices.reduce((n, d) => n + (d.usage?.length ?? 0), 0)} readings)`,
);
