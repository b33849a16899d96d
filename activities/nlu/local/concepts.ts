// Finds cross-language concepts in a text, for embeddings (shared features) and product categories.
import { type Concept, CONCEPTS } from './lexicons/concepts';
import { stemmedWords, tokenize } from './text';

export interface ConceptHit {
  concept: Concept;
  /** The words in the text that named it. */
  term: string;
  start: number;
  end: number;
}

interface EnPattern {
  stems: string[];
  concept: Concept;
}

const EN_PATTERNS = new Map<string, EnPattern[]>();
for (const concept of CONCEPTS) {
  for (const phrase of concept.en) {
    const stems = stemmedWords(tokenize(phrase)).map((w) => w.stem);
    const first = stems[0];
    if (!first) continue;
    const list = EN_PATTERNS.get(first) ?? [];
    list.push({ stems, concept });
    list.sort((a, b) => b.stems.length - a.stems.length);
    EN_PATTERNS.set(first, list);
  }
}

const ZH_TERMS = CONCEPTS.flatMap((concept) => concept.zh.map((term) => ({ term, concept }))).sort(
  (a, b) => b.term.length - a.term.length,
);

/** Concepts named in the text, in text order; the longest phrase wins where two overlap. */
export function findConcepts(text: string): ConceptHit[] {
  const hits: ConceptHit[] = [];
  const words = stemmedWords(tokenize(text));
  for (let i = 0; i < words.length;) {
    const candidates = EN_PATTERNS.get(words[i]?.stem ?? '') ?? [];
    const found = candidates.find((p) => p.stems.every((s, k) => words[i + k]?.stem === s));
    if (!found) {
      i++;
      continue;
    }
    const first = words[i];
    const last = words[i + found.stems.length - 1];
    if (first && last) {
      const start = first.token.start;
      const end = last.token.end;
      hits.push({ concept: found.concept, term: text.slice(start, end), start, end });
    }
    i += found.stems.length;
  }
  const taken: boolean[] = [];
  for (const { term, concept } of ZH_TERMS) {
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (taken.slice(at, at + term.length).some(Boolean)) continue;
      for (let k = at; k < at + term.length; k++) taken[k] = true;
      hits.push({ concept, term, start: at, end: at + term.length });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
