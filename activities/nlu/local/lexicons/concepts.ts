// Cross-language concepts: English and Chinese words for the same idea, so "refund" and "退款" can meet.

export interface Concept {
  id: string;
  /** English words or phrases; compared after stemming, so list base forms. */
  en: string[];
  /** Chinese words, matched as substrings. */
  zh: string[];
  /** A kind of product: lets "耳机" or "earbuds" point at a catalog category. */
  product?: boolean;
}

export const CONCEPTS: Concept[] = [
  {
    id: 'refund',
    en: [
      'refund',
      'money back',
      'reimburse',
      'reimbursement',
      'my money',
      'pay me back',
      'paid back',
      'difference back',
    ],
    zh: ['退款', '退钱', '返款', '钱退', '我的钱', '钱还没到账', '把钱还', '退差价', '差价退'],
  },
  { id: 'return', en: ['return', 'send back', 'send it back'], zh: ['退货', '退回', '寄回', '退换', '退掉'] },
  {
    id: 'exchange',
    en: ['exchange', 'swap', 'replacement', 'replace'],
    zh: ['换货', '调换', '更换', '换一个'],
  },
  { id: 'cancel', en: ['cancel', 'cancellation', 'void'], zh: ['取消', '撤销', '撤单'] },
  { id: 'order', en: ['order', 'purchase'], zh: ['订单', '下单', '单号'] },
  {
    id: 'shipping',
    en: [
      'shipping',
      'delivery',
      'deliver',
      'shipment',
      'ship',
      'courier',
      'tracking',
      'package',
      'parcel',
      'dispatch',
    ],
    zh: ['快递', '物流', '发货', '配送', '送货', '包裹', '运单', '到货'],
  },
  { id: 'arrive', en: ['arrive', 'arrival', 'receive', 'where is'], zh: ['到哪', '收到', '送到', '到了'] },
  {
    id: 'price',
    en: ['price', 'cost', 'how much', 'expensive', 'cheap'],
    zh: ['价格', '多少钱', '价钱', '贵', '便宜'],
  },
  { id: 'warranty', en: ['warranty', 'guarantee'], zh: ['保修', '质保', '保修期'] },
  { id: 'policy', en: ['policy', 'rule', 'terms'], zh: ['政策', '规定', '规则'] },
  {
    id: 'payment',
    en: ['payment', 'pay', 'credit card', 'paid'],
    zh: ['付款', '支付', '扣款', '扣费', '付钱'],
  },
  { id: 'invoice', en: ['invoice', 'receipt'], zh: ['发票', '收据'] },
  { id: 'battery', en: ['battery', 'charger', 'battery life'], zh: ['电池', '电量', '续航', '充电'] },
  { id: 'size', en: ['size', 'sizing', 'fit'], zh: ['尺码', '尺寸', '码数', '大小'] },
  { id: 'colour', en: ['colour', 'color'], zh: ['颜色'] },
  {
    id: 'stock',
    en: ['in stock', 'available', 'availability', 'sold out', 'restock'],
    zh: ['有货', '现货', '库存', '缺货', '补货'],
  },
  {
    id: 'fault',
    en: ['broken', 'not working', 'error', 'fault', 'defective', 'faulty', 'malfunction'],
    zh: ['坏了', '故障', '报错', '不工作', '失灵', '没反应'],
  },
  {
    id: 'human',
    en: ['human', 'real person', 'agent', 'representative', 'operator'],
    zh: ['人工', '真人', '客服'],
  },
  { id: 'account', en: ['account', 'login', 'password'], zh: ['账号', '账户', '登录', '密码'] },
  { id: 'address', en: ['address'], zh: ['地址'] },
  {
    id: 'discount',
    en: ['discount', 'coupon', 'promo', 'voucher', 'sale'],
    zh: ['优惠', '折扣', '优惠券', '打折'],
  },
  { id: 'email', en: ['email', 'e-mail'], zh: ['邮箱', '邮件'] },
  { id: 'noise', en: ['noise', 'noisy', 'loud', 'quiet', 'silent'], zh: ['噪音', '声音', '安静', '静音'] },
  { id: 'waterproof', en: ['waterproof', 'water resistant'], zh: ['防水'] },
  { id: 'filter', en: ['filter'], zh: ['滤网', '滤芯'] },
  { id: 'bluetooth', en: ['bluetooth'], zh: ['蓝牙', '配对'] },
  { id: 'recommend', en: ['recommend', 'suggest', 'recommendation', 'suggestion'], zh: ['推荐', '建议'] },
  { id: 'weather', en: ['weather', 'sunny', 'rain'], zh: ['天气', '晴天', '下雨'] },
  {
    id: 'headphones',
    en: ['headphone', 'earphone', 'earbud', 'headset', 'earpiece'],
    zh: ['耳机', '耳麦'],
    product: true,
  },
  {
    id: 'jacket',
    en: ['jacket', 'coat', 'parka', 'windbreaker', 'anorak'],
    zh: ['外套', '夹克', '冲锋衣', '大衣'],
    product: true,
  },
  {
    id: 'vacuum',
    en: ['vacuum', 'robot vacuum', 'vacuum cleaner', 'hoover', 'robovac'],
    zh: ['扫地机', '吸尘器', '扫地机器人', '扫拖'],
    product: true,
  },
  { id: 'air_purifier', en: ['air purifier', 'purifier'], zh: ['空气净化器', '净化器'], product: true },
  {
    id: 'shoes',
    en: ['shoe', 'sneaker', 'trainer'],
    zh: ['鞋', '球鞋', '运动鞋', '跑鞋', '靴子'],
    product: true,
  },
  { id: 'shirt', en: ['shirt', 't-shirt'], zh: ['衬衫', 'T恤', '上衣'], product: true },
  { id: 'speaker', en: ['speaker'], zh: ['音箱', '音响'], product: true },
  {
    id: 'backpack',
    en: ['backpack', 'rucksack', 'schoolbag'],
    zh: ['背包', '双肩包', '书包', '登山包'],
    product: true,
  },
  { id: 'kettle', en: ['kettle'], zh: ['水壶', '热水壶', '电水壶', '烧水壶'], product: true },
  { id: 'water_heater', en: ['water heater', 'boiler'], zh: ['热水器', '小厨宝'], product: true },
  { id: 'watch', en: ['smartwatch', 'wristwatch'], zh: ['手表', '智能手表'], product: true },
];
