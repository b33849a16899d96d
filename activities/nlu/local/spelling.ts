// Spelling tolerance: English typos are mended against the training vocabulary, and Chinese typed as pinyin becomes Han text.
import { EN_EXAMPLES } from './intent-examples-en';
import { ZH_EXAMPLES } from './intent-examples-zh';
import { CONCEPTS } from './lexicons/concepts';
import { stem } from './text';

const WORD = /[a-z]+/g;

/** Every English word the reader was taught, with how often it occurs: the more often, the likelier a typo meant it. */
const EN_VOCABULARY = new Map<string, number>();
for (const text of [...Object.values(EN_EXAMPLES).flat(), ...CONCEPTS.flatMap((concept) => concept.en)]) {
  for (const word of text.toLowerCase().match(WORD) ?? [])
    EN_VOCABULARY.set(word, (EN_VOCABULARY.get(word) ?? 0) + 1);
}

/** True for a word customers use in everyday requests ("gift", "running"), as opposed to a brand or model name. */
export function isEverydayWord(word: string): boolean {
  return EN_VOCABULARY.has(word.toLowerCase());
}

/** Stems of the taught words: "wanting" is a form of the taught "want", not a typo of "waiting". */
const EN_STEMS = new Set([...EN_VOCABULARY.keys()].map(stem));

/** Taught words of at least this length are typo targets (a typo may be a letter shorter); shorter words have too
 * many neighbours one edit away. */
const MIN_TYPO_LENGTH = 5;

/** Words by length, so a typo is compared only with words it could be one or two edits from. */
const BY_LENGTH = new Map<number, string[]>();
for (const [word, count] of EN_VOCABULARY) {
  // A word seen once may itself be rare or a name: only words the examples use again are targets.
  if (word.length < MIN_TYPO_LENGTH - 1 || count < 2) continue;
  const list = BY_LENGTH.get(word.length) ?? [];
  list.push(word);
  BY_LENGTH.set(word.length, list);
}

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions), stopping early past `limit`:
 * "refnud" and "cnacel" are one swap from the word, which plain Levenshtein counts as two edits.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The taught word a typo most likely meant, or undefined when the word is known or nothing is close enough. */
export function mendWord(word: string): string | undefined {
  if (word.length < MIN_TYPO_LENGTH - 1 || EN_VOCABULARY.has(word) || EN_STEMS.has(stem(word)))
    return undefined;
  const limit = word.length >= 8 ? 2 : 1;
  let best: { word: string; distance: number; count: number } | undefined;
  for (let length = word.length - limit; length <= word.length + limit; length++) {
    for (const candidate of BY_LENGTH.get(length) ?? []) {
      // The first letter is rarely the one mistyped; requiring it keeps "fridge" from becoming "bridge".
      if (candidate[0] !== word[0] && !(candidate[1] === word[0] && candidate[0] === word[1])) continue;
      const distance = editDistance(word, candidate, limit);
      if (distance > limit) continue;
      const count = EN_VOCABULARY.get(candidate) ?? 0;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count))
        best = { word: candidate, distance, count };
    }
  }
  return best?.word;
}

/** The text with each English typo replaced by the word it most likely meant; everything else untouched. */
export function mendSpelling(text: string): string {
  // Whole words only: a part of an email address or a code ("example.com", "SN-AB12") is never a typo.
  return text.replace(
    /(?<![\w@.-])[A-Za-z]+(?![\w@-]|\.\w)/g,
    (word) => mendWord(word.toLowerCase()) ?? word,
  );
}

interface PinyinIndex {
  syllables: Set<string>;
  /** Toneless pinyin of one or two syllables ("tui", "tui huo") → the Han spelling the examples use most. */
  spellings: Map<string, string>;
}

let pinyinIndex: PinyinIndex | undefined;

/**
 * Built on first use (it loads pinyin-pro's dictionary, about 0.1 s), from the Chinese the reader was taught, so a
 * syllable maps to the character customers mean in a shop ("tui" → 退, "kuan" → 款, "kuai di" → 快递).
 */
function buildPinyinIndex(): PinyinIndex {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, only for a message in pinyin
  const { pinyin } = require('pinyin-pro') as typeof import('pinyin-pro');
  const counts = new Map<string, Map<string, number>>();
  const count = (key: string, han: string) => {
    const byHan = counts.get(key) ?? new Map<string, number>();
    byHan.set(han, (byHan.get(han) ?? 0) + 1);
    counts.set(key, byHan);
  };
  const syllables = new Set<string>();
  const texts = [...Object.values(ZH_EXAMPLES).flat(), ...CONCEPTS.flatMap((concept) => concept.zh)];
  for (const text of texts) {
    for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
      const chars = [...run];
      const sounds = pinyin(run, { toneType: 'none', type: 'array', v: true });
      chars.forEach((han, i) => {
        const sound = sounds[i];
        if (!sound) return;
        syllables.add(sound);
        count(sound, han);
        const next = sounds[i + 1];
        const nextHan = chars[i + 1];
        if (next && nextHan) count(`${sound} ${next}`, han + nextHan);
      });
    }
  }
  const spellings = new Map<string, string>();
  for (const [key, byHan] of counts)
    spellings.set(key, [...byHan].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '');
  return { syllables, spellings };
}

/** Splits a run of letters into pinyin syllables ("tuihuo" → tui, huo), longest first; undefined when it cannot. */
function splitSyllables(word: string, syllables: Set<string>): string[] | undefined {
  if (word === '') return [];
  for (let length = Math.min(6, word.length); length >= 1; length--) {
    const head = word.slice(0, length);
    if (!syllables.has(head)) continue;
    const rest = splitSyllables(word.slice(length), syllables);
    if (rest) return [head, ...rest];
  }
  return undefined;
}

/** English words that are also pinyin syllables; a message made of them is English ("long", "hang on"). */
const looksEnglish = (word: string) => (EN_VOCABULARY.get(word) ?? 0) >= 1;

/**
 * Chinese typed without an input method ("wo yao tui huo", "kuaidi dao na le") as Han text, or undefined when the
 * message is not pinyin: every word must split into syllables, and most of them must not be English words.
 */
export function pinyinToHan(text: string): string | undefined {
  if (/\p{Script=Han}/u.test(text)) return undefined;
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.length < 2 || /[a-z]+@|\d{5,}/i.test(text)) return undefined;
  // Cheap test first, so English never pays for the dictionary: an English message is mostly taught words.
  const unknown = words.filter((w) => !looksEnglish(w)).length;
  if (unknown / words.length < 0.6) return undefined;
  pinyinIndex ??= buildPinyinIndex();
  const { syllables, spellings } = pinyinIndex;
  const sounds: string[] = [];
  for (const word of words) {
    const split = splitSyllables(word, syllables);
    if (!split) return undefined;
    sounds.push(...split);
  }
  let han = '';
  for (let i = 0; i < sounds.length;) {
    const pair = spellings.get(`${sounds[i]} ${sounds[i + 1]}`);
    if (pair && i + 1 < sounds.length) {
      han += pair;
      i += 2;
    } else {
      han += spellings.get(sounds[i] ?? '') ?? '';
      i += 1;
    }
  }
  return han || undefined;
}
