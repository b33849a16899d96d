// Finds catalog products and categories a customer mentions, by English words or Chinese character overlap.
import type { ProductMention } from '../../../workflows/types';
import type { CatalogVocabulary } from '../types';
import { findConcepts } from './concepts';
import { HAN, normalizeText, stem } from './text';

type CatalogProduct = CatalogVocabulary['products'][number];

interface NameWord {
  word: string;
  /** Brand and model tokens ("AirBeat", "S7", "60L") identify a product on their own. */
  distinctive: boolean;
}

interface IndexedProduct {
  product: CatalogProduct;
  /** Content words of the English name (stemmed unless distinctive). */
  words: NameWord[];
  /** The word that says what the product is ("jacket" in "Waterproof Jacket"): the last plain word. */
  head?: string;
  /** Stemmed words of the product's category code, which also count as naming the product. */
  categoryWords: string[];
  /** The Han characters of the Chinese name and their informative bigrams; the last bigram is the head noun. */
  zh: string;
  bigrams: string[];
}

interface CatalogIndex {
  products: IndexedProduct[];
  wordIdf: Map<string, number>;
  bigramIdf: Map<string, number>;
  /** Category → product concepts (headphones, jacket…) named by the category or its products. */
  categoryConcepts: Map<string, Set<string>>;
  /** Category → stemmed words of its code ("air-purifiers" → air, purifier). */
  categoryWords: Map<string, string[]>;
}

/** Words too common in product names to identify one. */
const NAME_STOPWORDS = new Set('the a an and with for of in new pro plus max mini'.split(' '));

/** Bigrams that are parts of generic words (机器人 "robot", 智能 "smart"): alone they say nothing about a product. */
const GENERIC_BIGRAMS = new Set('机器 器人 智能 一体 产品 东西 电动 自动 无线'.split(' '));

/** Words of a name or message: letters-and-digits runs, plain words stemmed so plurals meet. */
function words(text: string): (NameWord & { start: number; end: number })[] {
  const out: (NameWord & { start: number; end: number })[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9]+/g)) {
    const raw = m[0];
    const plain = /^[A-Za-z]+$/.test(raw);
    const distinctive = /[a-z][A-Z]/.test(raw) || (/\d/.test(raw) && /[A-Za-z]/.test(raw));
    const word = plain ? stem(raw.toLowerCase()) : raw.toLowerCase();
    const start = m.index ?? 0;
    out.push({ word, distinctive, start, end: start + raw.length });
  }
  return out;
}

function bigramsOf(han: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= han.length; i++) {
    const bigram = han.slice(i, i + 2);
    if (!GENERIC_BIGRAMS.has(bigram)) out.push(bigram);
  }
  return [...new Set(out)];
}

function idf(documents: string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of documents) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  return new Map([...df].map(([term, n]) => [term, Math.log(1 + documents.length / n)]));
}

const categoryStems = (category: string) => words(category.replace(/[-_/]+/g, ' ')).map((w) => w.word);

const indexes = new WeakMap<CatalogVocabulary['products'], CatalogIndex>();

function indexCatalog(catalog: CatalogVocabulary): CatalogIndex {
  const cached = indexes.get(catalog.products);
  if (cached) return cached;
  const products = catalog.products.map((product): IndexedProduct => {
    const seen = new Set<string>();
    const nameWords = words(product.nameEn)
      .filter((w) => (w.word.length > 1 || w.distinctive) && !NAME_STOPWORDS.has(w.word) && !seen.has(w.word))
      .map((w) => (seen.add(w.word), { word: w.word, distinctive: w.distinctive }));
    const head = [...nameWords].reverse().find((w) => !w.distinctive && !/\d/.test(w.word))?.word;
    const zh = [...normalizeText(product.nameZh)].filter((c) => HAN.test(c)).join('');
    return {
      product,
      words: nameWords,
      head,
      categoryWords: categoryStems(product.category),
      zh,
      bigrams: bigramsOf(zh),
    };
  });
  const categoryConcepts = new Map<string, Set<string>>();
  const categoryWords = new Map<string, string[]>();
  for (const { product } of products) {
    const category = product.category;
    if (!category) continue;
    const concepts = categoryConcepts.get(category) ?? new Set<string>();
    const named = `${category.replace(/[-_/]+/g, ' ')} ${product.nameEn} ${product.nameZh}`;
    for (const hit of findConcepts(named)) if (hit.concept.product) concepts.add(hit.concept.id);
    categoryConcepts.set(category, concepts);
    categoryWords.set(category, categoryStems(category));
  }
  const index: CatalogIndex = {
    products,
    wordIdf: idf(products.map((p) => p.words.map((w) => w.word))),
    bigramIdf: idf(products.map((p) => p.bigrams)),
    categoryConcepts,
    categoryWords,
  };
  indexes.set(catalog.products, index);
  return index;
}

interface TextWord {
  word: string;
  start: number;
  end: number;
}

/** Inflections and partial words meet on a shared prefix ("purif" ~ "purifier"), but only for longer words. */
const sameWord = (a: string, b: string) =>
  a === b || (a.length >= 5 && b.length >= 5 && (a.startsWith(b) || b.startsWith(a)));

function longestCommonSubstring(a: string, b: string): string {
  let best = '';
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (a[i + k] !== undefined && a[i + k] === b[j + k]) k++;
      if (k > best.length) best = a.slice(i, i + k);
    }
  }
  return best;
}

interface Match {
  product: CatalogProduct;
  score: number;
  term: string;
}

/**
 * Matched evidence, discounted when it covers little of the name: "jacket" matches "Waterproof Jacket" and
 * "Lightweight Down Jacket" almost equally, while "waterproof jacket" clearly prefers the first.
 */
const score = (matched: number, total: number) => matched * (0.5 + (0.5 * matched) / total);

function matchEnglish(
  p: IndexedProduct,
  text: string,
  textWords: TextWord[],
  index: CatalogIndex,
): Match | undefined {
  if (p.words.length === 0) return undefined;
  const hits = textWords.filter((w) => p.words.some((name) => sameWord(w.word, name.word)));
  if (hits.length === 0) return undefined;
  const matched = p.words.filter((name) => hits.some((w) => sameWord(w.word, name.word)));
  const weight = (w: NameWord) => index.wordIdf.get(w.word) ?? 1;
  const total = p.words.reduce((sum, w) => sum + weight(w), 0);
  const got = matched.reduce((sum, w) => sum + weight(w), 0);
  const names =
    matched.some((w) => w.word === p.head || w.distinctive || p.categoryWords.includes(w.word)) ||
    got / total >= 0.5;
  if (!names) return undefined;
  const first = hits[0];
  const last = hits[hits.length - 1];
  // One contiguous phrase ("waterproof jacket") reads better than scattered words.
  const contiguous =
    first && last && text.slice(first.start, last.end).split(/\s+/).length <= hits.length + 1;
  const term = contiguous
    ? text.slice(first.start, last.end)
    : hits.map((h) => text.slice(h.start, h.end)).join(' ');
  return { product: p.product, score: score(got, total), term };
}

function matchChinese(p: IndexedProduct, text: string, index: CatalogIndex): Match | undefined {
  if (p.bigrams.length === 0) return undefined;
  const weight = (b: string) => index.bigramIdf.get(b) ?? 1;
  const total = p.bigrams.reduce((sum, b) => sum + weight(b), 0);
  if (text.includes(p.zh)) return { product: p.product, score: score(total, total), term: p.zh };
  const matched = p.bigrams.filter((b) => text.includes(b));
  if (matched.length === 0) return undefined;
  const got = matched.reduce((sum, b) => sum + weight(b), 0);
  const head = p.bigrams[p.bigrams.length - 1] ?? '';
  if (!matched.includes(head) && got / total < 0.5) return undefined;
  return { product: p.product, score: score(got, total), term: longestCommonSubstring(text, p.zh) };
}

/** Best product matches first; a bare category word gives a category mention without a SKU. */
export function extractProducts(text: string, catalog: CatalogVocabulary): ProductMention[] {
  if (catalog.products.length === 0) return [];
  const index = indexCatalog(catalog);
  const textWords: TextWord[] = words(text);

  const matches: Match[] = [];
  for (const p of index.products) {
    const en = matchEnglish(p, text, textWords, index);
    const zh = matchChinese(p, text, index);
    const best = !en ? zh : !zh ? en : en.score >= zh.score ? en : zh;
    if (best) matches.push(best);
  }
  matches.sort((a, b) => b.score - a.score);
  const top = matches[0]?.score ?? 0;
  let chosen = matches.filter((m) => m.score >= top * 0.7).slice(0, 5);

  const mentions: ProductMention[] = [];
  const sameTerm = chosen.every((m) => m.term.toLowerCase() === chosen[0]?.term.toLowerCase());
  const sameCategory = chosen.every((m) => m.product.category === chosen[0]?.product.category);
  if (chosen.length > 1 && sameTerm && sameCategory && chosen[0]) {
    // "耳机" matching three headphones equally names the category, not a product.
    mentions.push({ term: chosen[0].term, category: chosen[0].product.category });
    chosen = [];
  }
  for (const m of chosen) mentions.push({ term: m.term, sku: m.product.sku, category: m.product.category });

  const covered = new Set(mentions.map((m) => m.category));
  const textStems = new Set(textWords.map((w) => w.word));
  const addCategory = (category: string, term: string) => {
    if (covered.has(category)) return;
    covered.add(category);
    mentions.push({ term, category });
  };
  for (const hit of findConcepts(text)) {
    if (!hit.concept.product) continue;
    for (const [category, concepts] of index.categoryConcepts) {
      if (concepts.has(hit.concept.id)) addCategory(category, hit.term);
    }
  }
  for (const [category, categoryWords] of index.categoryWords) {
    if (categoryWords.length > 0 && categoryWords.every((w) => textStems.has(w))) {
      const found = textWords.filter((w) => categoryWords.includes(w.word));
      addCategory(category, found.map((w) => text.slice(w.start, w.end)).join(' '));
    }
  }
  return mentions;
}
