// Demo data for the shopping guide: descriptions, facts, uses and stock of the catalogue, a few more products, and browsing history.
import type { ImportOrder, ImportProduct } from '../../activities/commerce/import';
import type { ImportProductDetails, ImportProductView } from '../../activities/presales/import';

const DAY = 86_400_000;

type Details = Required<Pick<ImportProductDetails, 'description' | 'attributes' | 'uses'>> &
  Pick<ImportProductDetails, 'stock' | 'repeatPurchase'>;

const d = (
  en: string,
  zh: string,
  attributes: Record<string, string>,
  uses: string[],
  extra: Pick<ImportProductDetails, 'stock' | 'repeatPurchase'> = {},
): Details => ({ description: { en, zh }, attributes, uses, ...extra });

/** The shopping guide's view of the existing catalogue, by sku. */
export const CATALOG_DETAILS: Record<string, Details> = {
  'HP-AIR-01': d(
    'True wireless earbuds with a pocket-size charging case and clear calls.',
    '真无线蓝牙耳机，充电盒小巧便携，通话清晰。',
    { weight: '48 g', battery: '24 h', waterproof: 'IPX4', rating: '4.4' },
    ['commute', 'gift', 'music'],
  ),
  'HP-NC-700': d(
    'Over-ear headphones with active noise cancelling for flights and open offices.',
    '头戴式主动降噪耳机，适合飞行和开放式办公室。',
    { weight: '250 g', battery: '30 h', noise_cancelling: 'active, 3 levels', rating: '4.7' },
    ['travel', 'office', 'music', 'gift'],
  ),
  'HP-SPT-02': d(
    'Sweat-proof sport earphones with ear hooks that stay in on a run.',
    '防汗运动耳机，耳挂设计，跑步不掉。',
    { weight: '22 g', battery: '9 h', waterproof: 'IPX5', rating: '4.3' },
    ['running', 'gym', 'sport'],
  ),
  'JK-WP-100': d(
    'A breathable waterproof shell with taped seams and a packable hood.',
    '透气防水外套，全压胶防水，帽子可收纳。',
    { weight: '420 g', waterproof: '10,000 mm', material: 'nylon with PU membrane', rating: '4.5' },
    ['rain', 'hiking', 'commute', 'travel'],
  ),
  'JK-DN-200': d(
    'A light 90/10 down jacket that packs into its own pocket.',
    '90白鸭绒轻薄羽绒服，可收纳进自身口袋。',
    { weight: '310 g', fill: '90% duck down', material: 'nylon', rating: '4.6' },
    ['winter', 'travel', 'elderly', 'gift'],
  ),
  'JK-WB-300': d(
    'A wind-resistant shell for cool mornings, runs and bike rides.',
    '防风外套，适合微凉的早晨、跑步和骑行。',
    { weight: '190 g', material: 'ripstop nylon', rating: '4.2' },
    ['running', 'commute', 'sport'],
  ),
  'SH-RUN-10': d(
    'Neutral running shoes with thick cushioning for daily miles.',
    '中性缓震跑鞋，厚底缓震，适合日常跑量。',
    { weight: '290 g', drop: '10 mm', support: 'neutral', rating: '4.5' },
    ['running', 'gym', 'sport'],
  ),
  'SH-CAN-20': d(
    'Everyday canvas sneakers with a rubber toe cap.',
    '经典帆布鞋，橡胶鞋头，百搭日常。',
    { weight: '380 g', material: 'canvas', rating: '4.1' },
    ['casual', 'school', 'gift'],
  ),
  'SH-TRL-30': d(
    'Hiking shoes with a grippy lugged sole and a waterproof lining.',
    '户外徒步鞋，大齿抓地鞋底，防水内衬。',
    { weight: '410 g', waterproof: 'membrane lining', rating: '4.6' },
    ['hiking', 'travel'],
  ),
  'BP-CMT-01': d(
    'A slim commuter backpack with a padded 15.6-inch laptop sleeve and a luggage strap.',
    '轻薄通勤双肩包，15.6英寸电脑隔层，可挂拉杆箱。',
    { weight: '850 g', capacity: '20 L', laptop: '15.6 in', rating: '4.4' },
    ['commute', 'office', 'travel'],
  ),
  'BP-HIK-30': d(
    'A ventilated hiking pack with a hip belt and a rain cover.',
    '透气背负登山包，带腰带和防雨罩。',
    { weight: '1.2 kg', rain_cover: 'included', rating: '4.5' },
    ['hiking', 'travel'],
  ),
  'BP-KID-05': d(
    'A light school backpack with a spine-friendly padded back.',
    '轻量儿童书包，护脊背垫设计。',
    { weight: '480 g', capacity: '15 L', rating: '4.6' },
    ['kids', 'school', 'gift'],
  ),
  'KT-ELC-17': d(
    'A 1.7-litre kettle with auto shut-off and boil-dry protection.',
    '1.7升电热水壶，自动断电，防干烧。',
    { capacity: '1.7 L', power: '1800 W', material: 'stainless steel', rating: '4.3' },
    ['home', 'tea'],
  ),
  'KT-TMP-12': d(
    'A gooseneck kettle that holds the temperature you set, for tea and pour-over coffee.',
    '鹅颈智能控温壶，可设定并保持水温，适合泡茶和手冲咖啡。',
    { capacity: '1.2 L', power: '1200 W', keep_warm: '60 min', rating: '4.7' },
    ['tea', 'coffee', 'gift', 'elderly'],
  ),
  'KT-GLS-15': d(
    'A glass kettle with a blue light that shows the water boiling.',
    '玻璃电水壶，蓝光显示沸腾过程。',
    { capacity: '1.5 L', power: '1500 W', material: 'borosilicate glass', rating: '4.0' },
    ['home', 'tea'],
  ),
  'RV-S5': d(
    'A robot vacuum with laser mapping and room-by-room cleaning.',
    '激光导航扫地机器人，可分房间清扫。',
    { suction: '2700 Pa', battery: '150 min', noise: '65 dB', rating: '4.4' },
    ['home', 'pets', 'cleaning'],
  ),
  'RV-S7-MAX': d(
    'Vacuums and mops in one pass, empties itself into its dock.',
    '扫拖一体，自动集尘基站。',
    { suction: '5100 Pa', battery: '180 min', noise: '67 dB', rating: '4.6' },
    ['home', 'pets', 'cleaning', 'elderly'],
  ),
  'RV-MINI': d(
    'A compact robot vacuum for small flats, low enough to go under beds.',
    '小户型迷你扫地机，机身低，可进床底。',
    { suction: '2000 Pa', battery: '100 min', noise: '58 dB', rating: '4.1' },
    ['home', 'cleaning'],
  ),
  'AP-100': d(
    'A quiet purifier for bedrooms up to 20 m² with a true HEPA filter.',
    '静音卧室空气净化器，HEPA滤网，适用20平方米。',
    { coverage: '20 m²', noise: '24 dB', filter: 'H13 HEPA', rating: '4.3' },
    ['allergy', 'baby', 'home', 'elderly'],
  ),
  'AP-300': d(
    'A purifier for living rooms up to 45 m² with an air-quality display.',
    '客厅空气净化器，适用45平方米，带空气质量显示。',
    { coverage: '45 m²', noise: '32 dB', filter: 'H13 HEPA', rating: '4.5' },
    ['allergy', 'pets', 'home'],
  ),
  'AP-500-PRO': d(
    'A large-room purifier up to 80 m² that also removes formaldehyde.',
    '大空间净化器，适用80平方米，可除甲醛。',
    { coverage: '80 m²', noise: '35 dB', filter: 'H13 HEPA + carbon', rating: '4.6' },
    ['allergy', 'home', 'baby'],
  ),
  'WH-E60': d(
    'A 60-litre electric water heater with an energy-saving mode.',
    '60升电热水器，节能模式。',
    { capacity: '60 L', power: '3000 W', rating: '4.2' },
    ['home'],
  ),
  'WH-G16': d(
    'A 16 L/min gas water heater with constant temperature for two showers at once.',
    '16升燃气热水器，恒温，可两处同时用水。',
    { capacity: '16 L/min', rating: '4.4' },
    ['home'],
  ),
  'WH-TL5': d(
    'An instant mini water heater for the kitchen sink.',
    '即热式小厨宝，厨房水槽即开即热。',
    { power: '5500 W', rating: '4.0' },
    ['home', 'kitchen'],
  ),
  'KB-MECH-60': d(
    'A compact 60% mechanical keyboard with hot-swappable switches.',
    '紧凑60%配列机械键盘，轴体可热插拔。',
    { weight: '620 g', connection: 'USB-C, Bluetooth', rating: '4.5' },
    ['office', 'gaming', 'gift'],
  ),
  'GF-BOX-01': d(
    'A holiday gift box of treats, wrapped and ready to give.',
    '节日礼盒，已包装好，可直接送礼。',
    { contents: 'tea, biscuits, chocolate' },
    ['gift'],
    { repeatPurchase: true },
  ),
};

/** Products added for the shopping guide: insulated bottles (one out of stock) and two stability running shoes. */
export const PRESALES_PRODUCTS: ImportProduct[] = [
  {
    sku: 'BT-VAC-50',
    name: { en: 'Easy-Grip Vacuum Flask 500 ml', zh: '轻便易握保温杯 500ml' },
    category: 'bottles',
    options: { colour: ['red', 'navy', 'silver'] },
    price: { amount: 24.99, currency: 'USD' },
    ...d(
      'A light stainless-steel flask with a one-hand flip lid and a non-slip grip; keeps drinks hot for 12 hours.',
      '轻便不锈钢保温杯，单手按压开盖，防滑握感，保温12小时。',
      { weight: '220 g', capacity: '500 ml', keep_warm: '12 h', lid: 'one-hand flip', rating: '4.8' },
      ['elderly', 'gift', 'office', 'travel'],
      { stock: 40 },
    ),
  },
  {
    sku: 'BT-TEA-45',
    name: { en: 'Tea Infuser Thermos 450 ml', zh: '茶水分离保温杯 450ml' },
    category: 'bottles',
    options: { colour: ['black', 'green'] },
    price: { amount: 29.99, currency: 'USD' },
    ...d(
      'A thermos with a tea infuser that separates the leaves from the water.',
      '茶水分离保温杯，内置滤茶仓。',
      { weight: '300 g', capacity: '450 ml', keep_warm: '10 h', rating: '4.6' },
      ['tea', 'elderly', 'gift', 'office'],
      { stock: 25 },
    ),
  },
  {
    sku: 'BT-SMT-60',
    name: { en: 'Smart Display Bottle 600 ml', zh: '智能测温保温杯 600ml' },
    category: 'bottles',
    options: { colour: ['white', 'black'] },
    price: { amount: 19.99, currency: 'USD' },
    ...d(
      'A vacuum bottle whose lid shows the temperature of the drink.',
      '杯盖显示水温的智能保温杯。',
      { weight: '280 g', capacity: '600 ml', keep_warm: '12 h', rating: '4.5' },
      ['elderly', 'gift', 'office'],
      { stock: 0 },
    ),
  },
  {
    sku: 'BT-KID-35',
    name: { en: "Kids' Straw Bottle 350 ml", zh: '儿童吸管保温杯 350ml' },
    category: 'bottles',
    options: { colour: ['pink', 'blue', 'yellow'] },
    price: { amount: 17.99, currency: 'USD' },
    ...d(
      'A leak-proof straw bottle sized for small hands and school bags.',
      '防漏吸管保温杯，适合小手和书包。',
      { weight: '210 g', capacity: '350 ml', keep_warm: '8 h', rating: '4.4' },
      ['kids', 'school'],
      { stock: 30 },
    ),
  },
  {
    sku: 'SH-ARC-50',
    name: { en: 'ArchFlex Stability Running Shoes', zh: 'ArchFlex 稳定支撑跑鞋' },
    category: 'sneakers',
    options: {
      colour: ['black', 'blue', 'grey'],
      size: ['38', '39', '40', '41', '42', '43', '44', '45'],
    },
    price: { amount: 99, currency: 'USD' },
    ...d(
      'Stability running shoes with a firm arch support and a wide base for flat feet and overpronation.',
      '稳定支撑跑鞋，足弓支撑稳固，鞋底宽，适合扁平足和足内翻。',
      { weight: '240 g', drop: '8 mm', support: 'stability, arch support', rating: '4.7' },
      ['running', 'flat-feet', 'sport'],
      { stock: 12 },
    ),
  },
  {
    sku: 'SH-STB-40',
    name: { en: 'SteadyRun Motion Control Shoes', zh: 'SteadyRun 控制型跑鞋' },
    category: 'sneakers',
    options: { colour: ['black', 'white'], size: ['39', '40', '41', '42', '43', '44'] },
    price: { amount: 109, currency: 'USD' },
    ...d(
      'Motion-control running shoes with a medial post for flat feet.',
      '控制型跑鞋，内侧支撑，适合扁平足。',
      { weight: '310 g', support: 'motion control', rating: '4.6' },
      ['running', 'flat-feet'],
      { stock: 0 },
    ),
  },
];

/** FNV-1a, so views are the same on every run and move no other record. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) as number), 0x01000193) >>> 0;
  return h;
}

/**
 * Browsing history as shops see it: most purchases were looked at a day or three before (two times in three),
 * and every customer browsed a few other products in the last month.
 */
export function demoProductViews(
  orders: ImportOrder[],
  customerIds: string[],
  skus: string[],
  now: number,
): ImportProductView[] {
  const views: ImportProductView[] = [];
  for (const order of orders) {
    order.items.forEach((item, i) => {
      const h = hash(`${order.id}:${i}`);
      if (h % 3 === 0) return;
      views.push({
        id: `V-${order.id}-${i + 1}`,
        customerId: order.customerId,
        sku: item.sku,
        viewedAt: new Date(Date.parse(order.placedAt) - (1 + (h % 3)) * DAY).toISOString(),
      });
    });
  }
  for (const customerId of customerIds) {
    for (let n = 1; n <= 3; n++) {
      const h = hash(`${customerId}:browse:${n}`);
      views.push({
        id: `V-${customerId}-${n}`,
        customerId,
        sku: skus[h % skus.length] as string,
        viewedAt: new Date(now - (1 + (h % 30)) * DAY - (h % 24) * 3_600_000).toISOString(),
      });
    }
  }
  return views.sort((a, b) => a.viewedAt.localeCompare(b.viewedAt) || a.id.localeCompare(b.id));
}
