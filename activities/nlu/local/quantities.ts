// How many items the customer means: "2 pieces", "x3", "qty: 4", "两件", "三台".
import { EN_NUMBER, parseNumber, ZH_NUMBER } from './numbers';

const EN_UNITS =
  '(?:pieces?|pcs|units?|items?|pairs?|boxes?|packs?|sets?|bottles?|of them|of these|of those)';
const ZH_MEASURE = '[件个台双条套盒瓶只把部副份箱包支本张]';
/** What may follow 个 without it counting goods: 三个月, 两个星期, 一个问题. */
const NOT_GOODS = '(?!月|星期|礼拜|小时|钟头|问题|工作日|人|多月|字|半月|地方|办法|意思|订单)';

interface Rule {
  re: RegExp;
  value: (m: RegExpMatchArray, text: string) => number | undefined;
}

const RULES: Rule[] = [
  {
    re: new RegExp(`\\b(${EN_NUMBER})\\s*(?:x\\s*)?${EN_UNITS}\\b`, 'gi'),
    value: (m) => parseNumber(m[1] ?? ''),
  },
  { re: /(?<![A-Za-z0-9])[x×]\s?(\d{1,3})(?![\d.])/gi, value: (m) => Number(m[1]) },
  { re: /(?<![A-Za-z0-9.])(\d{1,3})\s?[x×](?![A-Za-z0-9])/gi, value: (m) => Number(m[1]) },
  { re: /\b(?:qty|quantity)\s*(?:of\s+|is\s+|:\s*|=\s*)?(\d{1,4})\b/gi, value: (m) => Number(m[1]) },
  { re: /(?:数量|件数)\s*(?:是|为|:)?\s*(\d{1,4})/g, value: (m) => Number(m[1]) },
  {
    re: new RegExp(`(?<!第)(${ZH_NUMBER})\\s*(${ZH_MEASURE})${NOT_GOODS}`, 'g'),
    value: (m, text) => {
      const n = parseNumber(m[1] ?? '');
      // "一个" is as often "a" as "one": only count it after a buying or returning verb.
      if (n === 1 && m[2] === '个') {
        const before = text.slice(Math.max(0, (m.index ?? 0) - 3), m.index ?? 0);
        if (!/[买要订拿退换加]|下单/.test(before)) return undefined;
      }
      return n;
    },
  },
];

/** Quantities in order of mention; "a"/"an" alone are not counted (every "an item" would be one). */
export function extractQuantities(text: string): number[] {
  const found: { value: number; at: number }[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      if (/^(?:a|an)$/i.test(m[1] ?? '')) continue;
      const value = rule.value(m, text);
      if (value !== undefined && Number.isInteger(value) && value > 0 && value < 10_000) {
        found.push({ value, at: m.index ?? 0 });
      }
    }
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.value))];
}
