// Shared text handling, so the classifier, the embeddings and the extractors all see the same tokens.
import { TRADITIONAL_TO_SIMPLIFIED } from './lexicons/traditional';

/** Han characters, Simplified and Traditional alike. */
export const HAN = /\p{Script=Han}/u;

export const EMAIL_SOURCE = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';

/**
 * NFKC folds full-width ASCII (Ｗ１２３, ：, ？) into plain ASCII, which every pattern below assumes; curly
 * apostrophes are straightened so "I’ve" and "I've" tokenise alike; common Traditional characters become
 * Simplified (訂單 → 订单), one for one, so the Simplified lexicons and training examples apply.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\p{Script=Han}/gu, (ch) => TRADITIONAL_TO_SIMPLIFIED.get(ch) ?? ch);
}

/**
 * Clause ends: sentence marks (kept with their clause), commas (not "1,000"), and a dot only before a space, so
 * emails and decimals stay whole. Text is NFKC-normalised, so "，" "；" "！" "？" arrive as their ASCII forms.
 */
const CLAUSE_BREAK = /(?<=[!?。;\n…])(?![!?。…])|(?<=,)(?!\d)|(?<=\D,)|(?<=\.)\s+/;

/** The clauses of a message, trimmed, without empty ones: customers put a request and a detail in one line. */
export function splitClauses(text: string): string[] {
  return text
    .split(CLAUSE_BREAK)
    .map((clause) => clause.trim())
    .filter(Boolean);
}

export type TokenKind = 'word' | 'han' | 'number' | 'email' | 'order' | 'phone' | 'date' | 'mark';

export interface Token {
  kind: TokenKind;
  /** Lower-cased for words; the literal text otherwise. */
  text: string;
  start: number;
  end: number;
}

// Identifiers become placeholder tokens: what matters for intent is that an order number was given, not which.
const TOKEN_RE = new RegExp(
  [
    `(?<email>${EMAIL_SOURCE})`,
    '(?<order>#?[A-Za-z]{1,3}\\d{6,12}(?![A-Za-z0-9]))',
    '(?<date>\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2})',
    '(?<phone>\\+?\\(?\\d[\\d ()-]{6,}\\d)',
    '(?<number>\\d+(?:\\.\\d+)?)',
    "(?<word>[A-Za-z]+(?:'[A-Za-z]+)*)",
    '(?<han>\\p{Script=Han})',
    '(?<mark>[?!])',
  ].join('|'),
  'gu',
);

const KINDS: readonly TokenKind[] = ['email', 'order', 'date', 'phone', 'number', 'word', 'han', 'mark'];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_RE)) {
    const groups = match.groups ?? {};
    const kind = KINDS.find((k) => groups[k] !== undefined);
    if (!kind) continue;
    const start = match.index ?? 0;
    const raw = match[0];
    if (kind === 'phone' && raw.replace(/\D/g, '').length < 8) {
      // A short run such as "3 2" is just numbers.
      for (const part of raw.matchAll(/\d+/g)) {
        const s = start + (part.index ?? 0);
        tokens.push({ kind: 'number', text: part[0], start: s, end: s + part[0].length });
      }
      continue;
    }
    tokens.push({ kind, text: kind === 'word' ? raw.toLowerCase() : raw, start, end: start + raw.length });
  }
  return tokens;
}

/** A Map, not an object: the key is a customer's word, and "constructor" must not find Object's. */
const CONTRACTIONS: ReadonlyMap<string, string[]> = new Map([
  ["can't", ['can', 'not']],
  ["won't", ['will', 'not']],
  ["shan't", ['shall', 'not']],
  ["i'm", ['i', 'am']],
  ["it's", ['it', 'is']],
  ["that's", ['that', 'is']],
  ["what's", ['what', 'is']],
  ["where's", ['where', 'is']],
  ["let's", ['let', 'us']],
]);

/** English words with contractions split ("don't" → do, not) so negation is visible to every consumer. */
export function expandWord(word: string): string[] {
  const known = CONTRACTIONS.get(word);
  if (known) return known;
  if (word.endsWith("n't")) return [word.slice(0, -3), 'not'];
  const apostrophe = word.indexOf("'");
  return apostrophe > 0 ? [word.slice(0, apostrophe)] : [word];
}

function undouble(word: string): string {
  if (word.length > 4 && /([b-df-hj-np-tv-z])\1$/.test(word) && !/(ss|zz)$/.test(word))
    return word.slice(0, -1);
  return word;
}

/**
 * A deliberately small suffix stripper: it only has to map inflections of the same word together
 * (return/returned/returning, headphone/headphones, cancel/cancelled/cancellation), not produce real roots.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ation') && w.length > 7) w = undouble(w.slice(0, -5));
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4 && !w.endsWith('eed')) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Words of a token list, contractions expanded and stemmed, with the token each came from. */
export function stemmedWords(tokens: readonly Token[]): { stem: string; token: Token }[] {
  const out: { stem: string; token: Token }[] = [];
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    for (const part of expandWord(token.text)) out.push({ stem: stem(part), token });
  }
  return out;
}

export interface FeatureOptions {
  /** Add character trigrams of English words (robust to typos and unseen inflections; used by embeddings). */
  trigrams?: boolean;
}

/**
 * Product terms that contain an intent word: "noise-cancelling headphones" are not about cancelling an order,
 * and "in order to" is not about an order.
 */
const COMPOUNDS: [RegExp, string][] = [
  [/\bnoise[\s-]*cancel+(?:l?ing|ation)?\b/gi, 'noisecancelling'],
  [/\bin order to\b/gi, 'inorderto'],
  [/\breturn key\b/gi, 'returnkey'],
];

export function joinCompounds(text: string): string {
  return COMPOUNDS.reduce((out, [re, joined]) => out.replace(re, joined), text);
}

const PLACEHOLDER: Partial<Record<TokenKind, string>> = {
  email: '<email>',
  order: '<order>',
  phone: '<phone>',
  date: '<date>',
  number: '<num>',
};

/**
 * Bag of features with counts: stemmed English word unigrams and bigrams, Han character unigrams and bigrams,
 * identifier placeholders, and '?' / '!'. Bigrams never cross a script change or punctuation, because the
 * adjacency is then accidental.
 */
export function extractFeatures(text: string, options: FeatureOptions = {}): Map<string, number> {
  const features = new Map<string, number>();
  const add = (feature: string, count = 1) => features.set(feature, (features.get(feature) ?? 0) + count);
  const tokens = tokenize(joinCompounds(text));
  let previousWord: string | undefined;
  let previousHan: Token | undefined;
  let previousEnd = -1;
  for (const token of tokens) {
    const gap = text.slice(previousEnd, token.start);
    const adjacent = previousEnd >= 0 && /^\s*$/.test(gap);
    if (!adjacent) previousWord = undefined;
    if (token.kind === 'han') {
      add(`h:${token.text}`);
      if (previousHan && previousHan.end === token.start) add(`hh:${previousHan.text}${token.text}`);
      previousHan = token;
      previousWord = undefined;
    } else if (token.kind === 'mark') {
      add(`m:${token.text}`);
      previousWord = undefined;
      previousHan = undefined;
    } else {
      previousHan = undefined;
      const words =
        token.kind === 'word' ? expandWord(token.text).map(stem) : [PLACEHOLDER[token.kind] ?? '<num>'];
      for (const word of words) {
        add(`w:${word}`);
        if (previousWord) add(`ww:${previousWord} ${word}`);
        if (options.trigrams && token.kind === 'word' && word.length > 2) {
          const padded = `^${word}$`;
          for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`);
        }
        previousWord = word;
      }
    }
    previousEnd = token.end;
  }
  return features;
}
