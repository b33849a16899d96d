// Colour words in English, Simplified and Traditional Chinese, mapped to the catalog's canonical colour codes.

export interface ColourEntry {
  code: string;
  /** Matched as whole words, case-insensitively. */
  en: string[];
  /** Matched anywhere in the text. */
  zh: string[];
  /**
   * A bare character (蓝, 黑) that only counts before 的/款/色 ("黑的"), because alone it is part of too many
   * other words: 蓝牙 (Bluetooth), 黑屏 (black screen), 金额 (amount), 银行 (bank), 灰尘 (dust).
   */
  zhBare?: string[];
}

export const COLOURS: ColourEntry[] = [
  {
    code: 'navy',
    en: ['navy', 'navy blue', 'dark blue', 'midnight blue'],
    zh: ['藏青', '藏蓝', '海军蓝', '深蓝', '藏藍', '海軍藍', '深藍'],
  },
  {
    code: 'blue',
    en: ['blue', 'light blue', 'sky blue', 'royal blue', 'baby blue', 'teal'],
    zh: ['蓝色', '天蓝', '浅蓝', '宝蓝', '湖蓝', '蔚蓝', '藍色', '天藍', '淺藍', '寶藍'],
    zhBare: ['蓝', '藍'],
  },
  {
    code: 'black',
    en: ['black', 'jet black', 'matte black'],
    zh: ['黑色', '纯黑', '曜石黑', '純黑'],
    zhBare: ['黑'],
  },
  {
    code: 'white',
    en: ['white', 'off white', 'off-white', 'ivory', 'snow white'],
    zh: ['白色', '纯白', '米白', '象牙白', '雪白', '純白'],
    zhBare: ['白'],
  },
  {
    code: 'red',
    en: ['red', 'burgundy', 'maroon', 'wine red', 'crimson', 'scarlet'],
    zh: ['红色', '酒红', '大红', '枣红', '紅色', '酒紅', '大紅'],
    zhBare: ['红', '紅'],
  },
  {
    code: 'green',
    en: ['green', 'olive', 'khaki green', 'army green'],
    zh: ['绿色', '军绿', '墨绿', '薄荷绿', '綠色', '軍綠', '墨綠'],
    zhBare: ['绿', '綠'],
  },
  {
    code: 'grey',
    en: [
      'grey',
      'gray',
      'charcoal',
      'dark grey',
      'dark gray',
      'light grey',
      'light gray',
      'space grey',
      'space gray',
    ],
    zh: ['灰色', '深灰', '浅灰', '银灰', '太空灰', '淺灰', '銀灰'],
    zhBare: ['灰'],
  },
  {
    code: 'pink',
    en: ['pink', 'rose pink', 'hot pink'],
    zh: ['粉色', '粉红', '玫红', '粉紅', '玫紅'],
    zhBare: ['粉'],
  },
  {
    code: 'yellow',
    en: ['yellow', 'mustard', 'lemon yellow'],
    zh: ['黄色', '明黄', '柠檬黄', '黃色', '明黃'],
    zhBare: ['黄', '黃'],
  },
  {
    code: 'purple',
    en: ['purple', 'violet', 'lilac', 'lavender'],
    zh: ['紫色', '淡紫', '薰衣草紫'],
    zhBare: ['紫'],
  },
  { code: 'brown', en: ['brown', 'camel'], zh: ['棕色', '咖啡色', '褐色', '驼色', '駝色'], zhBare: ['棕'] },
  { code: 'beige', en: ['beige', 'cream', 'khaki'], zh: ['米色', '卡其', '杏色', '奶油色'] },
  { code: 'orange', en: ['orange'], zh: ['橙色', '橘色', '橘黄', '橘黃'], zhBare: ['橙'] },
  { code: 'silver', en: ['silver'], zh: ['银色', '銀色', '亮银'] },
  { code: 'gold', en: ['gold', 'golden', 'rose gold'], zh: ['金色', '香槟金', '土豪金', '玫瑰金', '香檳金'] },
];

/** Phrases where a colour word names something else. */
export const NOT_COLOUR_EN = [
  'black friday',
  'white list',
  'whitelist',
  'blacklist',
  'black list',
  'red flag',
  'green light',
];

/** Words containing a bare colour character before 的 that are not colours (明白的 = "understood"). */
export const NOT_COLOUR_ZH = [
  '明白',
  '空白',
  '坦白',
  '表白',
  '白白',
  '红包',
  '网红',
  '粉丝',
  // Names that carry a colour character but are no colour: teas, wines, a shopping festival, precious metals.
  '大红袍',
  '红茶',
  '绿茶',
  '白茶',
  '黑茶',
  '红酒',
  '白酒',
  '黄酒',
  '黑五',
  '白金',
  '红利',
];
