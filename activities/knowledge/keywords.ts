// The keyword signal of retrieval: the same tokens for articles and questions, as plain ASCII for a 'simple' tsvector.
import { normalizeText, stem } from '../nlu/local/text';

/**
 * Why not pg_trgm: in the embedded PGlite, Han characters are not letters to pg_trgm (show_trgm of a Chinese
 * sentence is empty there), so short Chinese questions would have no keyword signal offline. Tokenising here gives
 * both databases the same tokens: stemmed English words, codes such as "e3" or "s7", and Han bigrams spelled in hex.
 */
const EN_STOPWORDS = new Set(
  'a an the is are was were be been am to of and or in on at for with from by i me my we our you your it its this that these those do does did can could would will shall should please how what when where which who why there here just so if not no yes have has had get got any some about into than then them they their as'.split(
    ' ',
  ),
);
const ZH_STOPCHARS = new Set([...'的了吗呢吧啊呀是我你他她它们这那个在有和就都也要么什怎请问一不可以吗能会']);

const TOKEN = /[a-z0-9]+|\p{Script=Han}+/gu;

function hanToken(text: string): string {
  return `h${[...text].map((c) => c.codePointAt(0)!.toString(16)).join('')}`;
}

/** Distinct keywords of a text. */
export function keywords(text: string): string[] {
  const out = new Set<string>();
  for (const match of normalizeText(text).toLowerCase().matchAll(TOKEN)) {
    const token = match[0];
    if (/^[a-z0-9]/.test(token)) {
      if (EN_STOPWORDS.has(token)) continue;
      // "e3", "s7", "404": codes are kept whole; words are stemmed so "returns" meets "return".
      out.add(/\d/.test(token) ? token : stem(token));
      continue;
    }
    const chars = [...token];
    if (chars.length === 1) {
      if (!ZH_STOPCHARS.has(token)) out.add(hanToken(token));
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const pair = chars[i]! + chars[i + 1]!;
      if (ZH_STOPCHARS.has(chars[i]!) && ZH_STOPCHARS.has(chars[i + 1]!)) continue;
      out.add(hanToken(pair));
    }
  }
  return [...out];
}

/**
 * The Han bigrams of a text in reading order, one list per run of Han characters: without a dictionary every
 * bigram is a candidate word, and its neighbours tell a word ("退款") from the seam between two ("信付" in 微信付款).
 */
export function hanBigramRuns(text: string): string[][] {
  return (normalizeText(text).match(/\p{Script=Han}+/gu) ?? []).map((run) => {
    const chars = [...run];
    return chars.slice(0, -1).map((c, i) => hanToken(c + chars[i + 1]!));
  });
}

/** The text stored in the tsvector column. */
export function keywordDocument(text: string): string {
  return keywords(text).join(' ');
}

/** A tsquery matching any keyword of the question; null when it has none. */
export function keywordQuery(text: string): string | null {
  const tokens = keywords(text);
  return tokens.length > 0 ? tokens.join(' | ') : null;
}
