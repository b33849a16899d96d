// Offline text embeddings: hashed bag of words, characters and concepts; similar wording lands close together.
import { findConcepts } from './concepts';
import { CONCEPTS } from './lexicons/concepts';
import { extractFeatures, joinCompounds, normalizeText } from './text';

export const EMBEDDING_DIMENSIONS = 256;

/**
 * The first dimensions belong to the cross-language concepts, one each, so two concepts never collide (a collision
 * between heavy concept features would pull unrelated texts together or push them apart). Changing the concept
 * list changes the vectors: stored embeddings then need recomputing.
 */
const CONCEPT_DIMENSIONS = 48;
const CONCEPT_INDEX = new Map(CONCEPTS.map((c, i) => [c.id, i % CONCEPT_DIMENSIONS]));

/** Function words say little about what a text is about, so they count for a quarter. */
const EN_STOPWORDS = new Set(
  'a an the is are was were be been am to of and or in on at for with from by i me my we our you your it its this that these those do doe did can could would will shall should please how what when which who there here just so'.split(
    ' ',
  ),
);
const ZH_STOPCHARS = new Set([...'的了吗呢吧啊呀是我你他她它们这那个在有和就都也要么什怎请问一不']);

/** Concepts outweigh any single word: they are what lets "refund" find "退款". */
const CONCEPT_WEIGHT = 2;

function weight(feature: string): number {
  const kind = feature.slice(0, feature.indexOf(':'));
  const value = feature.slice(kind.length + 1);
  switch (kind) {
    case 'w':
      if (value.startsWith('<')) return 0.3;
      return EN_STOPWORDS.has(value) ? 0.25 : 1;
    case 'ww':
      return value.split(' ').every((w) => EN_STOPWORDS.has(w)) ? 0.1 : 0.7;
    case 'h':
      return ZH_STOPCHARS.has(value) ? 0.15 : 0.6;
    case 'hh':
      return [...value].every((c) => ZH_STOPCHARS.has(c)) ? 0.15 : 1;
    case 't':
      return 0.35;
    default:
      return 0.1;
  }
}

/** FNV-1a, 32-bit: stable across processes and platforms, which stored vectors rely on. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function embedText(text: string): number[] {
  const normalized = normalizeText(text);
  const features = extractFeatures(normalized, { trigrams: true });
  // An empty text still gets a unit vector: a zero vector has no cosine distance to anything.
  if (features.size === 0) features.set('e:<empty>', 1);

  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const [feature, count] of features) {
    const hash = fnv1a(feature);
    // The sign bit makes colliding features cancel on average instead of piling up.
    const sign = hash & 0x80000000 ? -1 : 1;
    const index = CONCEPT_DIMENSIONS + (hash % (EMBEDDING_DIMENSIONS - CONCEPT_DIMENSIONS));
    vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(count)) * weight(feature);
  }
  for (const id of new Set(findConcepts(joinCompounds(normalized)).map((hit) => hit.concept.id))) {
    const index = CONCEPT_INDEX.get(id) ?? 0;
    vector[index] = (vector[index] ?? 0) + CONCEPT_WEIGHT;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0)) || 1;
  return vector.map((x) => x / norm);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
