// Number words: customers write "两件", "三个月", "two weeks" as often as digits, and dates and quantities need values.

/** Regex source for a number written with digits or Chinese numerals (一…十, 两, 百). */
export const ZH_NUMBER = '(?:\\d+|[零〇一二两俩三四五六七八九十百]+)';

/** Regex source for an English number word or digits. */
export const EN_NUMBER =
  '(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|couple(?: of)?|few|several)';

/** Maps: the keys are looked up with the customer's own characters and words. */
const ZH_DIGITS: ReadonlyMap<string, number> = new Map([
  ['零', 0],
  ['〇', 0],
  ['一', 1],
  ['二', 2],
  ['两', 2],
  ['俩', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);

const EN_WORDS: ReadonlyMap<string, number> = new Map([
  ['a', 1],
  ['an', 1],
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['fifteen', 15],
  ['twenty', 20],
  ['thirty', 30],
  ['couple', 2],
  ['couple of', 2],
]);

/** 二十五 → 25, 十二 → 12, 一百零五 → 105, 两 → 2; undefined when the text is not a number. */
export function parseChineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[零〇一二两俩三四五六七八九十百]+$/.test(text)) return undefined;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else {
      current = ZH_DIGITS.get(ch) ?? 0;
    }
  }
  return total + current;
}

/** Digits, Chinese numerals or English number words; vague words ("few", "several") give undefined. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  return EN_WORDS.get(t) ?? parseChineseNumber(t);
}

/** Vague amounts as an inclusive [min, max] span, so "a few days ago" can become a window rather than a day. */
export function vagueAmount(text: string): [number, number] | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'few' || t === '几') return [2, 5];
  if (t === 'several') return [3, 7];
  return undefined;
}
