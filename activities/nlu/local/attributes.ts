// Product options a customer names: colours (as canonical codes) and sizes (letter, 大/中/小号, shoe numbers).
import type { CatalogVocabulary } from '../types';
import { COLOURS, NOT_COLOUR_EN, NOT_COLOUR_ZH } from './lexicons/colours';
import { HAN } from './text';

interface Found {
  value: string;
  at: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const EN_COLOUR_PHRASES = COLOURS.flatMap((c) => c.en.map((phrase) => ({ phrase, code: c.code }))).sort(
  (a, b) => b.phrase.length - a.phrase.length,
);
// Each word also with 色 appended, so "粉红色" is read as 粉红 (pink), not as 红色 (red) after a stray 粉.
const ZH_COLOUR_WORDS = COLOURS.flatMap((c) =>
  c.zh
    .flatMap((word) => (word.endsWith('色') ? [word] : [word, `${word}色`]))
    .map((word) => ({ word, code: c.code })),
).sort((a, b) => b.word.length - a.word.length);
const ZH_BARE = new Map(COLOURS.flatMap((c) => (c.zhBare ?? []).map((ch): [string, string] => [ch, c.code])));
const KNOWN_CODES = new Set(COLOURS.map((c) => c.code));

const WARNING_LIGHT_EN =
  /\b(?:red|green|blue|orange|amber|yellow|white|purple)\s+(?:lights?|leds?|lamps?|indicators?|icons?)\b/g;
const WARNING_LIGHT_ZH = /[红绿蓝橙黄白紫](?:色的?)?(?:指示)?灯/g;

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

/**
 * Canonical colour codes in order of mention, colours the catalog sells first. Colours the catalog does not
 * know are still reported: "do you have it in pink?" deserves an answer.
 */
export function extractColours(text: string, catalog: CatalogVocabulary): string[] {
  let rest = text.toLowerCase();
  for (const phrase of NOT_COLOUR_EN) rest = rest.split(phrase).join(' '.repeat(phrase.length));
  for (const word of NOT_COLOUR_ZH) rest = rest.split(word).join('\u3000'.repeat(word.length));
  // A warning light's colour ("the red light is blinking", "红灯一直闪") is a symptom, not the colour of an item.
  rest = rest.replace(WARNING_LIGHT_EN, (m) => ' '.repeat(m.length));
  rest = rest.replace(WARNING_LIGHT_ZH, (m) => '\u3000'.repeat(m.length));

  const found: Found[] = [];
  const take = (code: string, at: number, length: number) => {
    found.push({ value: code, at });
    rest = blank(rest, at, at + length);
  };
  const catalogCodes = new Set(catalog.products.flatMap((p) => p.colours.map((c) => c.toLowerCase())));
  // Catalog colours outside the built-in lexicon ("olive", "雾霾蓝") are matched literally, and first, so
  // the catalog's own code wins over the lexicon's nearest canonical colour.
  for (const code of catalogCodes) {
    if (KNOWN_CODES.has(code) || code.length < 3) continue;
    const re = HAN.test(code)
      ? new RegExp(escape(code), 'g')
      : new RegExp(`(?<![a-z])${escape(code).replace(/[-_ ]/g, '[-_ ]?')}(?![a-z])`, 'g');
    for (const m of rest.matchAll(re)) take(code, m.index ?? 0, m[0].length);
  }

  for (const { phrase, code } of EN_COLOUR_PHRASES) {
    const re = new RegExp(`(?<![a-z])${escape(phrase)}(?![a-z])`, 'g');
    for (const m of rest.matchAll(re)) take(code, m.index ?? 0, phrase.length);
  }
  for (const { word, code } of ZH_COLOUR_WORDS) {
    for (let at = rest.indexOf(word); at >= 0; at = rest.indexOf(word, at + 1)) take(code, at, word.length);
  }
  // A bare 黑/白/蓝 only before 的 or 款 ("黑的", "白款"), see the lexicon.
  for (let i = 0; i < rest.length; i++) {
    const code = ZH_BARE.get(rest[i] ?? '');
    if (code && /[的款]/.test(rest[i + 1] ?? '')) take(code, i, 1);
  }

  const ordered = found.sort((a, b) => a.at - b.at).map((f) => f.value);
  const unique = [...new Set(ordered)];
  return [...unique.filter((c) => catalogCodes.has(c)), ...unique.filter((c) => !catalogCodes.has(c))];
}

const LETTER_SIZE = '(XXXL|XXL|XL|XS|[2-5]XL|S|M|L)';
const canonicalLetterSize = (size: string): string => {
  const upper = size.toUpperCase();
  const plus = /^([2-5])XL$/.exec(upper);
  return plus ? `${'X'.repeat(Number(plus[1]))}L` : upper;
};

/** A Map: looked up with the customer's words. */
const WORD_SIZES: ReadonlyMap<string, string> = new Map([
  ['extra small', 'XS'],
  ['extra-small', 'XS'],
  ['small', 'S'],
  ['medium', 'M'],
  ['large', 'L'],
  ['extra large', 'XL'],
  ['extra-large', 'XL'],
  ['x-large', 'XL'],
  ['xx-large', 'XXL'],
]);
const ZH_SIZES: [string, string][] = [
  ['特大号', 'XXL'],
  ['加大号', 'XL'],
  ['加小号', 'XS'],
  ['大号', 'L'],
  ['中号', 'M'],
  ['小号', 'S'],
];
const WORD_SIZE = `(${[...WORD_SIZES.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|')})`;
const SHOE_SIZE = '(\\d{1,2}(?:\\.5)?)';

const SIZE_RULES: { re: RegExp; value: (m: RegExpMatchArray) => string | undefined }[] = [
  // Capital letters alone are sizes ("M", "XL"); lower case needs "size" or 码/号 around it, since "s"/"m" are words.
  { re: new RegExp(`(?<![A-Za-z0-9'&.])${LETTER_SIZE}(?![A-Za-z0-9'&])`, 'g'), value: (m) => m[1] },
  { re: new RegExp(`\\bsize\\s*(?:is\\s+|:\\s*)?${LETTER_SIZE}\\b`, 'gi'), value: (m) => m[1] },
  { re: new RegExp(`(?<![A-Za-z0-9])${LETTER_SIZE}\\s*(?:码|号)`, 'gi'), value: (m) => m[1] },
  {
    re: new RegExp(`\\bsize\\s+${WORD_SIZE}\\b`, 'gi'),
    value: (m) => WORD_SIZES.get((m[1] ?? '').toLowerCase()),
  },
  {
    re: new RegExp(`\\b${WORD_SIZE}\\s+size\\b`, 'gi'),
    value: (m) => WORD_SIZES.get((m[1] ?? '').toLowerCase()),
  },
  {
    // "in medium?", "a large one", but not "a large room".
    re: new RegExp(`\\b(?:in|a|an)\\s+(?:a\\s+)?${WORD_SIZE}(?=\\s*(?:one|please|instead|[?.!,]|$))`, 'gi'),
    value: (m) => WORD_SIZES.get((m[1] ?? '').toLowerCase()),
  },
  { re: new RegExp(`\\bsize\\s*(?:is\\s+|:\\s*)?${SHOE_SIZE}(?![\\d.])`, 'gi'), value: (m) => m[1] },
  { re: new RegExp(`\\b(?:EU|UK|US)\\s?${SHOE_SIZE}(?![\\d.])`, 'g'), value: (m) => m[1] },
  { re: new RegExp(`(?<![\\d.])${SHOE_SIZE}\\s*码`, 'g'), value: (m) => m[1] },
  { re: new RegExp(`(?:尺码|鞋码|码数)\\s*(?:是|为|:)?\\s*${SHOE_SIZE}(?![\\d.])`, 'g'), value: (m) => m[1] },
];

/** Sizes in order of mention, letter sizes canonical ("2XL" → "XXL", 大号 → "L"), shoe sizes as numbers. */
export function extractSizes(text: string): string[] {
  const found: Found[] = [];
  for (const rule of SIZE_RULES) {
    for (const m of text.matchAll(rule.re)) {
      const raw = rule.value(m);
      if (!raw) continue;
      const value = /^\d/.test(raw) && !/XL$/i.test(raw) ? raw : canonicalLetterSize(raw);
      if (/^\d/.test(value) && (Number(value) < 1 || Number(value) > 50)) continue;
      found.push({ value, at: m.index ?? 0 });
    }
  }
  let rest = text;
  for (const [word, size] of ZH_SIZES) {
    for (let at = rest.indexOf(word); at >= 0; at = rest.indexOf(word, at + 1)) {
      found.push({ value: size, at });
      rest = blank(rest, at, at + word.length);
    }
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.value))];
}
