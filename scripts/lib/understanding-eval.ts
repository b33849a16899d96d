// Scores the configured reader of messages against the labelled evaluation set in data/eval (intents, emotions, entities, calibration).
import fs from 'node:fs';
import path from 'node:path';
import { understandSync } from '../../activities/nlu/local';
import type { CatalogVocabulary } from '../../activities/nlu/types';
import type { Emotion, Intent, Locale, Understanding } from '../../workflows/types';
import { unsureBetween } from '../../workflows/understanding/unsure';

export const EVAL_DIR = path.resolve(__dirname, '../../data/eval');

export interface LabelledMessage {
  text: string;
  intent: Intent;
  also?: Intent[];
  emotion: Emotion;
  entities?: {
    orderIds?: string[];
    emails?: string[];
    phones?: string[];
    colours?: string[];
    dateRange?: { expression: string };
  };
  language: Locale;
  /** file:line, so a miss can be found. */
  where: string;
}

/** Reads every understanding-*.jsonl file; a bad line is an error naming the file and line. */
export function readEvaluationSet(dir = EVAL_DIR): LabelledMessage[] {
  const files = fs.readdirSync(dir).filter((f) => /^understanding-(en|zh)\.jsonl$/.test(f));
  if (files.length === 0) throw new Error(`no understanding-*.jsonl files in ${dir}`);
  return files.flatMap((file) => {
    const language: Locale = file.includes('-zh') ? 'zh-CN' : 'en';
    return fs
      .readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        if (!line.trim()) return [];
        try {
          const parsed = JSON.parse(line) as Omit<LabelledMessage, 'language' | 'where'>;
          if (typeof parsed.text !== 'string' || typeof parsed.intent !== 'string')
            throw new Error('text and intent are required');
          return [{ ...parsed, language, where: `${file}:${i + 1}` }];
        } catch (err) {
          throw new Error(`${file}:${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
  });
}

export interface Scores {
  messages: number;
  intentAccuracy: Record<Locale | 'all', number>;
  perIntent: { intent: Intent; precision: number; recall: number; f1: number; support: number }[];
  confusions: { expected: Intent; got: Intent; count: number; example: string }[];
  emotionAccuracy: number;
  angerRecall: number;
  entityExactMatch: number;
  /** At each confidence threshold: the share of messages at or above it, and the intent accuracy on those. */
  calibration: { threshold: number; coverage: number; accuracy: number }[];
  /** The lowest threshold whose accuracy is at least 98 %, if any. */
  actThreshold: number | null;
  /** The messages the agent acts on without asking (workflows/understanding/unsure.ts): their share and accuracy. */
  acted: { coverage: number; accuracy: number };
  misses: { where: string; text: string; expected: Intent; got: Intent; confidence: number }[];
  p95Ms: number;
}

type Reader = (text: string, language: Locale) => Understanding;

const sortedSet = (values: string[] | undefined) => [...new Set(values ?? [])].sort().join('|');

function entitiesMatch(labelled: LabelledMessage, got: Understanding): boolean {
  const want = labelled.entities ?? {};
  const e = got.entities;
  const same =
    sortedSet(want.orderIds) === sortedSet(e.orderIds) &&
    sortedSet(want.emails) === sortedSet(e.emails) &&
    sortedSet(want.phones) === sortedSet(e.phones) &&
    sortedSet(want.colours) === sortedSet(e.colours);
  if (!same) return false;
  if (want.dateRange) return e.dateRange !== undefined;
  return true;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function scoreReader(read: Reader, set: LabelledMessage[]): Scores {
  // One untimed pass first: the p95 is the reader's steady state, not the JIT compiler's first look at it.
  for (const m of set) read(m.text, m.language);
  const results = set.map((m) => {
    const started = performance.now();
    const got = read(m.text, m.language);
    return { m, got, ms: performance.now() - started };
  });
  const correct = (r: (typeof results)[number]) => r.got.intent === r.m.intent;
  const accuracy = (rs: typeof results) => (rs.length ? round(rs.filter(correct).length / rs.length) : 0);

  const intents = [...new Set(set.map((m) => m.intent))].sort();
  const perIntent = intents.map((intent) => {
    const tp = results.filter((r) => r.m.intent === intent && r.got.intent === intent).length;
    const predicted = results.filter((r) => r.got.intent === intent).length;
    const support = results.filter((r) => r.m.intent === intent).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision: round(precision), recall: round(recall), f1: round(f1), support };
  });

  const confusionCounts = new Map<
    string,
    { expected: Intent; got: Intent; count: number; example: string }
  >();
  for (const r of results.filter((x) => !correct(x))) {
    const key = `${r.m.intent}>${r.got.intent}`;
    const entry = confusionCounts.get(key) ?? {
      expected: r.m.intent,
      got: r.got.intent,
      count: 0,
      example: r.m.text,
    };
    entry.count += 1;
    confusionCounts.set(key, entry);
  }

  const angry = results.filter((r) => r.m.emotion === 'ANGRY');
  const thresholds = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const calibration = thresholds.map((threshold) => {
    const above = results.filter((r) => r.got.confidence >= threshold);
    return { threshold, coverage: round(above.length / results.length), accuracy: accuracy(above) };
  });
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  // What the agent would do: it asks when unsure, and asks again when it understood nothing.
  const acted = results.filter((r) => r.got.intent !== 'unknown' && unsureBetween(r.got) === null);

  return {
    messages: results.length,
    intentAccuracy: {
      all: accuracy(results),
      en: accuracy(results.filter((r) => r.m.language === 'en')),
      'zh-CN': accuracy(results.filter((r) => r.m.language === 'zh-CN')),
    },
    perIntent,
    confusions: [...confusionCounts.values()].sort((a, b) => b.count - a.count),
    emotionAccuracy: round(
      results.filter((r) => r.got.sentiment.emotion === r.m.emotion).length / results.length,
    ),
    angerRecall: angry.length
      ? round(angry.filter((r) => r.got.sentiment.emotion === 'ANGRY').length / angry.length)
      : 0,
    entityExactMatch: round(results.filter((r) => entitiesMatch(r.m, r.got)).length / results.length),
    calibration,
    actThreshold: calibration.find((c) => c.accuracy >= 0.98 && c.coverage > 0)?.threshold ?? null,
    acted: {
      coverage: round(acted.length / results.length),
      accuracy: accuracy(acted),
    },
    misses: results
      .filter((r) => !correct(r))
      .map((r) => ({
        where: r.m.where,
        text: r.m.text,
        expected: r.m.intent,
        got: r.got.intent,
        confidence: round(r.got.confidence),
      })),
    p95Ms: round(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0),
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

/** The report people read: goals beside the scores, the worst confusions, per-intent F1. */
export function formatScores(s: Scores, verbose = false): string {
  const lines = [
    `understanding: ${s.messages} labelled messages (data/eval)`,
    `  intent accuracy   en ${pct(s.intentAccuracy.en)}   zh ${pct(s.intentAccuracy['zh-CN'])}   all ${pct(s.intentAccuracy.all)}   (goal ≥ 95 % each)`,
    `  emotion accuracy  ${pct(s.emotionAccuracy)}   anger recall ${pct(s.angerRecall)} (goal ≥ 90 %)`,
    `  entities exactly right ${pct(s.entityExactMatch)}`,
    `  confidence ≥ t: coverage / accuracy   ${s.calibration.map((c) => `${c.threshold}: ${pct(c.coverage)} / ${pct(c.accuracy)}`).join('   ')}`,
    `  acting threshold for ≥ 98 % accuracy: ${s.actThreshold ?? 'none reaches it'}`,
    `  acted on without asking: ${pct(s.acted.coverage)} of messages, ${pct(s.acted.accuracy)} right (goal ≥ 98 %)`,
    `  p95 per message ${s.p95Ms} ms`,
    `  per-intent F1: ${s.perIntent.map((p) => `${p.intent} ${p.f1.toFixed(2)}`).join(', ')}`,
    `  top confusions: ${
      s.confusions
        .slice(0, 8)
        .map((c) => `${c.expected}→${c.got} ×${c.count}`)
        .join(', ') || 'none'
    }`,
  ];
  if (verbose)
    for (const m of s.misses)
      lines.push(`    ${m.where} expected ${m.expected}, got ${m.got} (${m.confidence}): ${m.text}`);
  return lines.join('\n');
}

/** The offline reader with the catalog it would have at run time (none: the set names no catalog product). */
export function localReader(catalog: CatalogVocabulary = { products: [] }): Reader {
  const now = new Date().toISOString();
  return (text, language) => understandSync({ text, now, localeHint: language }, catalog);
}
