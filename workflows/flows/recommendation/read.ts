// Reads a shopper's words: budget, uses and recipients (as product tags), size, colour, "compare", and which listed products.
import type { Turn } from '../../turn';

/** Words for the uses and recipients products are tagged with; the first words of a tag are its own. */
export const USE_WORDS: [string, RegExp][] = [
  [
    'elderly',
    /老人|长辈|老年|爸妈|父母|爷爷|奶奶|外公|外婆|姥姥|姥爷|elderly|older (?:people|person|parents?)|grand(?:ma|pa|mother|father|parents)|senior/i,
  ],
  ['gift', /送给|送人|送礼|礼物|gift|present\b|for my (?:mom|mum|dad|wife|husband|friend|mother|father)/i],
  ['running', /跑步|跑鞋|慢跑|马拉松|running|\brun\b|jogging|marathon/i],
  ['flat-feet', /扁平足|足弓塌|flat[- ]?feet|flat[- ]footed|overpronat/i],
  ['commute', /通勤|上班路上|commut/i],
  ['office', /办公|上班|office|at work|work desk/i],
  ['travel', /旅行|旅游|出差|飞机|travel|trip|flight/i],
  ['hiking', /徒步|爬山|登山|户外|hiking|hike|trail|camping/i],
  ['kids', /孩子|儿童|小孩|宝贝|小朋友|kids?\b|child|children|son|daughter/i],
  ['school', /上学|学生|school|student/i],
  ['tea', /泡茶|喝茶|茶叶|\btea\b/i],
  ['coffee', /咖啡|coffee/i],
  ['pets', /宠物|猫|狗|\bpets?\b|\bcats?\b|\bdogs?\b/i],
  ['cleaning', /打扫|清洁|扫地|cleaning|\bclean\b/i],
  ['allergy', /过敏|雾霾|花粉|甲醛|allerg|pollen|smoke|formaldehyde/i],
  ['baby', /宝宝|婴儿|母婴|\bbaby|newborn|nursery/i],
  ['winter', /冬天|保暖|寒冷|winter|\bcold\b|\bwarm\b/i],
  ['rain', /下雨|雨天|rain/i],
  ['music', /听歌|音乐|music/i],
  ['gym', /健身|gym|workout/i],
  ['sport', /运动|sport/i],
  ['gaming', /游戏|gaming|gamer/i],
  ['home', /家里|家用|在家|at home|household/i],
  ['kitchen', /厨房|kitchen/i],
];

export function readUses(text: string): string[] {
  return USE_WORDS.filter(([, words]) => words.test(text)).map(([tag]) => tag);
}

const NO_BUDGET =
  /no budget|any budget|any price|doesn'?t matter|not sure about (?:the )?budget|预算不限|不限预算|没有预算|价格不限|多少钱都行/i;
const BUDGET_CONTEXT =
  /预算|以内|以下|之内|不超过|不到|左右|块|元|¥|￥|\$|under\b|below|less than|up to|at most|\bmax|budget|around|dollars?|\busd\b|\brmb\b|yuan/i;
/** A number that is a size, a volume or a count, not money. */
const NOT_MONEY = /^\s*(?:码|号|ml|毫升|l\b|升|cm|mm|岁|years?|yrs?|g\b|kg|%|个|件|双)/i;

/** The most the customer wants to spend: a number said as money; 'none' for no limit. */
export function readBudget(text: string, awaited: string | null): number | 'none' | undefined {
  if (NO_BUDGET.test(text)) return 'none';
  const amounts = [...text.matchAll(/(\d+(?:[.,]\d+)?)(\s*[kK千])?/g)]
    .filter((m) => !NOT_MONEY.test(text.slice((m.index ?? 0) + m[0].length)))
    .filter((m) => !/(?:size|尺码|码数)\s*$/i.test(text.slice(0, m.index)))
    .map((m) => Number(m[1]!.replace(',', '')) * (m[2] ? 1000 : 1));
  if (!amounts.length) return undefined;
  if (BUDGET_CONTEXT.test(text) || awaited === 'needs') return Math.max(...amounts);
  return undefined;
}

const SIZE =
  /(?:size|尺码|码数|穿)\s*(\d{2}(?:\.5)?|xxl|xl|xs|s|m|l)\b|(\d{2}(?:\.5)?)\s*(?:码|号)|\b(xxl|xl|xs)\b/i;

export function readSize(turn: Turn, awaited: string | null): string | undefined {
  const text = turn.message.text;
  if (/any size|size doesn'?t matter|尺码都行|尺码不限|码数都行/i.test(text)) return 'any';
  const m = SIZE.exec(text);
  const said = m?.[1] ?? m?.[2] ?? m?.[3];
  if (said) return said.toUpperCase();
  if (awaited !== 'size') return undefined;
  const bare = /^\D*?(\d{2}(?:\.5)?|XXL|XL|XS|S|M|L)\b/i.exec(text);
  return bare?.[1]?.toUpperCase() ?? turn.understanding.entities.sizes[0];
}

export function readColour(turn: Turn): string | undefined {
  if (
    /any colou?r|colou?r doesn'?t matter|颜色都(?:行|可以)|颜色随意|颜色不限|什么颜色都/i.test(
      turn.message.text,
    )
  )
    return 'any';
  return turn.understanding.entities.colours[0];
}

export const COMPARE =
  /\bcompare|comparison|\bvs\.?(?=\s)|versus|difference between|side by side|which (?:one )?is better|比较|对比|区别|哪个(?:好|更)|哪款(?:好|更)/i;

const ORDINALS: [RegExp, number][] = [
  [/\b(?:first|1st)\b|第一|第1/i, 0],
  [/\b(?:second|2nd)\b|第二|第2/i, 1],
  [/\b(?:third|3rd)\b|第三|第3/i, 2],
];

/** The positions a message picks from a list ("the first and the third", "1 和 2"), in the list's order. */
export function ordinalsIn(text: string, length: number): number[] {
  const picked = ORDINALS.filter(([p]) => p.test(text)).map(([, n]) => n);
  if (!picked.length)
    for (const m of text.matchAll(/(?<![\d.])([1-5])(?![\d.])/g)) picked.push(Number(m[1]) - 1);
  return [...new Set(picked)].filter((n) => n < length).sort((a, b) => a - b);
}
