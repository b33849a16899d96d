// The shopping guide's words in en and zh-CN: questions, recommendations with their reasons, comparisons, product facts.
import type { ProductFacts, Reason } from '../../../activities/presales/types';
import type { Locale } from '../../types';
import type { TemplatesFor } from '../../wording/templates';
import { money } from '../returns/wording';
import type { RecommendationReplyParams } from './replies';

const USES: Record<string, [string, string]> = {
  elderly: ['older people', '老人'],
  gift: ['giving as a gift', '送礼'],
  running: ['running', '跑步'],
  'flat-feet': ['flat feet', '扁平足'],
  commute: ['commuting', '通勤'],
  office: ['the office', '办公'],
  travel: ['travel', '旅行出差'],
  hiking: ['hiking', '徒步登山'],
  kids: ['children', '孩子'],
  school: ['school', '上学'],
  tea: ['tea', '泡茶'],
  coffee: ['coffee', '咖啡'],
  pets: ['homes with pets', '养宠物的家庭'],
  cleaning: ['cleaning', '清洁'],
  allergy: ['allergies', '过敏人群'],
  baby: ['babies', '有宝宝的家庭'],
  winter: ['winter', '冬天保暖'],
  rain: ['rainy days', '雨天'],
  music: ['music', '听音乐'],
  gym: ['the gym', '健身'],
  sport: ['sport', '运动'],
  gaming: ['gaming', '游戏'],
  home: ['the home', '家用'],
  kitchen: ['the kitchen', '厨房'],
  casual: ['everyday wear', '日常穿搭'],
};

const FACTS: Record<string, [string, string]> = {
  weight: ['weight', '重量'],
  battery: ['battery', '续航'],
  waterproof: ['waterproofing', '防水'],
  capacity: ['capacity', '容量'],
  keep_warm: ['keeps warm', '保温时长'],
  noise: ['noise', '噪音'],
  power: ['power', '功率'],
  material: ['material', '材质'],
  suction: ['suction', '吸力'],
  coverage: ['room size', '适用面积'],
  lid: ['lid', '杯盖'],
  support: ['support', '支撑'],
  rating: ['rating', '评分'],
  drop: ['heel drop', '前后掌落差'],
  fill: ['fill', '填充物'],
  laptop: ['laptop sleeve', '电脑隔层'],
  rain_cover: ['rain cover', '防雨罩'],
  filter: ['filter', '滤网'],
  noise_cancelling: ['noise cancelling', '降噪'],
  connection: ['connection', '连接方式'],
  contents: ['contents', '内容'],
  price: ['price', '价格'],
  stock: ['stock', '库存'],
  colours: ['colours', '颜色'],
  sizes: ['sizes', '尺码'],
};

const zh = (locale: Locale) => locale === 'zh-CN';
const useWords = (use: string, locale: Locale) => USES[use]?.[zh(locale) ? 1 : 0] ?? use;
export const factName = (fact: string, locale: Locale) =>
  FACTS[fact]?.[zh(locale) ? 1 : 0] ?? fact.replace(/_/g, ' ');

function reasonWords(r: Reason, locale: Locale): string {
  const z = zh(locale);
  switch (r.code) {
    case 'use':
      return z ? `适合${useWords(r.use, locale)}` : `suits ${useWords(r.use, locale)}`;
    case 'lighter':
      return z
        ? `比您买过的${r.than.nameZh}更轻（${r.weight}，原来的 ${r.theirs}）`
        : `lighter than the ${r.than.nameEn} you bought (${r.weight} vs ${r.theirs})`;
    case 'viewed':
      return z ? '您最近浏览过' : 'you looked at it recently';
    case 'bought_together':
      return z
        ? `买过${r.with.nameZh}的顾客也常买`
        : `often bought by customers who also bought your ${r.with.nameEn}`;
    case 'rating':
      return z ? `评分 ${r.rating}/5` : `rated ${r.rating}/5`;
    case 'budget':
      return z ? `在 ${money(r.budget, locale)} 预算内` : `within your ${money(r.budget, locale)} budget`;
    case 'match':
      return z ? '符合您的需求' : 'matches what you asked for';
  }
}

/** A product's fact from its own data, worded for the customer (the caller cites the product as the source). */
export function factText(facts: ProductFacts, locale: Locale): string {
  const z = zh(locale);
  const name = z ? facts.nameZh : facts.nameEn;
  if (!facts.fact || facts.value === null) {
    const description = z ? facts.descriptionZh : facts.descriptionEn;
    return z ? `${name}：${description ?? ''}` : `${name}: ${description ?? ''}`;
  }
  let value = facts.value;
  if (facts.fact === 'price')
    value = money({ amountCents: Number(facts.value), currency: facts.currency }, locale);
  if (facts.fact === 'stock')
    value = facts.value === 'in_stock' ? (z ? '有货' : 'in stock') : z ? '暂时缺货' : 'out of stock';
  return z
    ? `${name}的${factName(facts.fact, locale)}：${value}。`
    : `${name} — ${factName(facts.fact, locale)}: ${value}.`;
}

export const RECOMMENDATION_TEMPLATES: TemplatesFor<RecommendationReplyParams> = {
  shop_ask_needs: {
    en: (p) =>
      p.budget && p.use
        ? `Happy to help you choose! What's your budget (in ${p.currency}), and who is it for or what will it be used for?`
        : p.budget
          ? `What's your budget (in ${p.currency})?`
          : 'Who is it for, or what will it be used for?',
    'zh-CN': (p) =>
      p.budget && p.use
        ? '很乐意帮您挑选！请问预算大概多少，是给谁用或者用来做什么呢？'
        : p.budget
          ? '请问预算大概多少呢？'
          : '请问是给谁用，或者主要用来做什么呢？',
  },
  shop_ask_size: {
    en: (p) =>
      `Which size do you need${p.sizes.length ? ` (${p.sizes.join(', ')})` : ''}?${p.colour ? ' And any colour you prefer?' : ''}`,
    'zh-CN': (p) =>
      `请问需要什么尺码${p.sizes.length ? `（${p.sizes.join('、')}）` : ''}？${p.colour ? '有喜欢的颜色吗？' : ''}`,
  },
  shop_recommendations: {
    en: (p) =>
      `Here ${p.items.length === 1 ? 'is what I recommend' : `are ${p.items.length} I recommend`}:\n${p.items
        .map(
          (it, i) =>
            `${i + 1}. ${it.nameEn}, ${money(it.price, 'en')}: ${it.reasons.map((r) => reasonWords(r, 'en')).join('; ')}.`,
        )
        .join('\n')}\nWould you like me to compare two of them, or tell you more about one?`,
    'zh-CN': (p) =>
      `为您推荐以下${p.items.length}款：\n${p.items
        .map(
          (it, i) =>
            `${i + 1}. ${it.nameZh}，${money(it.price, 'zh-CN')}：${it.reasons.map((r) => reasonWords(r, 'zh-CN')).join('；')}。`,
        )
        .join('\n')}\n需要帮您对比其中两款，或者详细介绍某一款吗？`,
  },
  shop_nothing: {
    en: (p) =>
      p.reason === 'budget'
        ? `I couldn't find anything in stock within that budget${p.cheapest ? `; the closest starts at ${money(p.cheapest, 'en')}` : ''}. Would a higher budget work?`
        : "I'm sorry, nothing that fits is in stock right now.",
    'zh-CN': (p) =>
      p.reason === 'budget'
        ? `在这个预算内暂时没有有货的商品${p.cheapest ? `，最接近的售价 ${money(p.cheapest, 'zh-CN')} 起` : ''}。预算可以再高一点吗？`
        : '抱歉，符合条件的商品目前都缺货。',
  },
  shop_compare: {
    en: (p) => {
      const [a, b] = p.products;
      if (!a || !b) return '';
      const rows = [
        `price: ${money(a.price, 'en')} | ${money(b.price, 'en')}`,
        `in stock: ${a.available ? 'yes' : 'no'} | ${b.available ? 'yes' : 'no'}`,
        ...p.facts.map((f) => `${factName(f, 'en')}: ${a.facts[f] ?? '—'} | ${b.facts[f] ?? '—'}`),
      ];
      return `${a.nameEn} | ${b.nameEn}\n${rows.join('\n')}`;
    },
    'zh-CN': (p) => {
      const [a, b] = p.products;
      if (!a || !b) return '';
      const rows = [
        `价格：${money(a.price, 'zh-CN')} | ${money(b.price, 'zh-CN')}`,
        `库存：${a.available ? '有货' : '缺货'} | ${b.available ? '有货' : '缺货'}`,
        ...p.facts.map((f) => `${factName(f, 'zh-CN')}：${a.facts[f] ?? '—'} | ${b.facts[f] ?? '—'}`),
      ];
      return `${a.nameZh} | ${b.nameZh}\n${rows.join('\n')}`;
    },
  },
  shop_compare_which: {
    en: () => 'Which two products would you like me to compare?',
    'zh-CN': () => '请问您想对比哪两款商品呢？',
  },
  product_detail_unknown: {
    en: (p) =>
      `I don't have that detail for the ${p.nameEn}, and I won't guess. I've noted your question so the team can add it; would you like a colleague to check? Just say "human".`,
    'zh-CN': (p) =>
      `抱歉，${p.nameZh}的这项信息我这里没有，不想随便猜测。已记录您的问题以便补充；需要人工帮您确认吗？回复“转人工”即可。`,
  },
};
