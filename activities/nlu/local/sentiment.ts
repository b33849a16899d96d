// Lexicon-based sentiment: valence with negation and intensifiers, emphasis from punctuation and capitals, one emotion.
import type { Emotion, Sentiment } from '../../../workflows/types';
import {
  type Cue,
  EN_CUES,
  EN_INTENSIFIERS,
  EN_NEGATORS,
  ZH_CUES,
  ZH_INTENSIFIERS,
  ZH_NEGATORS,
  ZH_NOT_CUES,
} from './lexicons/sentiment';
import { expandWord, tokenize } from './text';

/** How much a negator keeps of the flipped valence: "not happy" is negative, but less so than "unhappy". */
const EN_NEGATION = -0.6;
/** Larger values make polarity saturate more slowly (VADER uses 15 on a -4..4 scale). */
const NORMALISER = 6;
/** Fixed order for ties: the more actionable emotion wins. */
const EMOTION_ORDER: Exclude<Emotion, 'NEUTRAL'>[] = ['ANGRY', 'ANXIOUS', 'FRUSTRATED', 'SAD', 'HAPPY'];

interface Tally {
  sum: number;
  emotions: Map<Exclude<Emotion, 'NEUTRAL'>, number>;
  intensifiers: number;
  cues: number;
}

function record(tally: Tally, entry: Cue, factor: number, negated: boolean): void {
  tally.sum += entry.polarity * factor;
  tally.cues++;
  if (!entry.emotion) return;
  // A negated "happy" is dissatisfaction; a negated "worried" is no emotion at all.
  const emotion = negated ? (entry.emotion === 'HAPPY' ? 'FRUSTRATED' : undefined) : entry.emotion;
  if (emotion)
    tally.emotions.set(emotion, (tally.emotions.get(emotion) ?? 0) + Math.max(1, Math.abs(entry.polarity)));
}

const EN_MAX_PHRASE = Math.max(...[...EN_CUES.keys()].map((k) => k.split(' ').length));
const ZH_MAX_CUE = Math.max(...[...ZH_CUES.keys()].map((k) => k.length));
const ZH_INTENSIFIER_KEYS = [...ZH_INTENSIFIERS.keys()].sort((a, b) => b.length - a.length);

/** Returns the number of shouted (all-capital) words, which amplify and signal anger. */
function scoreEnglish(text: string, tally: Tally): number {
  const words: { word: string; caps: boolean }[] = [];
  for (const token of tokenize(text)) {
    if (token.kind !== 'word') continue;
    const original = text.slice(token.start, token.end);
    const caps = original.length >= 3 && /[A-Z]/.test(original) && original === original.toUpperCase();
    for (const word of expandWord(token.text)) words.push({ word, caps });
  }
  const shouted = words.filter((w) => w.caps).length;
  const shouting = shouted >= 2 || (shouted === 1 && words.length <= 2);
  for (let i = 0; i < words.length;) {
    let matched = 0;
    for (let n = Math.min(EN_MAX_PHRASE, words.length - i); n >= 1 && !matched; n--) {
      const phrase = words
        .slice(i, i + n)
        .map((w) => w.word)
        .join(' ');
      const entry = EN_CUES.get(phrase);
      if (!entry) continue;
      matched = n;
      let factor = 1;
      let negated = false;
      for (let j = Math.max(0, i - 3); j < i; j++) {
        const before = words[j]?.word ?? '';
        if (EN_NEGATORS.has(before)) negated = !negated;
        const boost = EN_INTENSIFIERS.get(before);
        if (boost && j >= i - 2) {
          factor *= boost;
          tally.intensifiers++;
        }
      }
      if (negated) factor *= EN_NEGATION;
      if (shouting && words[i]?.caps) factor *= 1.3;
      record(tally, entry, factor, negated);
    }
    i += matched || 1;
  }
  // Shouting a plain question ("WHERE IS MY ORDER") is itself a sign of exasperation.
  if (shouting && tally.sum <= 0) record(tally, { polarity: -1, emotion: 'FRUSTRATED' }, 1, false);
  return shouting ? shouted : 0;
}

function scoreChinese(text: string, tally: Tally): void {
  for (let i = 0; i < text.length;) {
    const excluded = ZH_NOT_CUES.find((w) => text.startsWith(w, i));
    if (excluded) {
      i += excluded.length;
      continue;
    }
    let matched = 0;
    for (let n = Math.min(ZH_MAX_CUE, text.length - i); n >= 1 && !matched; n--) {
      const word = text.slice(i, i + n);
      const entry = ZH_CUES.get(word);
      if (!entry) continue;
      matched = n;
      let factor = 1;
      let negated = false;
      let before = i;
      if (!/^[不没]/.test(word)) {
        const negator = ZH_NEGATORS.find((neg) => text.slice(i - neg.prefix.length, i) === neg.prefix);
        if (negator) {
          factor *= negator.factor;
          negated = true;
          before -= negator.prefix.length;
        }
      }
      const intensifier = ZH_INTENSIFIER_KEYS.find(
        (k) => before >= k.length && text.slice(before - k.length, before) === k,
      );
      if (intensifier) {
        factor *= ZH_INTENSIFIERS.get(intensifier) ?? 1;
        tally.intensifiers++;
      }
      record(tally, entry, factor, negated);
    }
    i += matched || 1;
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function analyzeSentiment(text: string): Sentiment {
  const tally: Tally = { sum: 0, emotions: new Map(), intensifiers: 0, cues: 0 };
  const shouted = scoreEnglish(text, tally);
  scoreChinese(text, tally);

  const exclamations = Math.min(4, (text.match(/!/g) ?? []).length);
  const repeatedQuestion = /\?{2,}/.test(text);
  let sum = tally.sum;
  if (sum !== 0) sum *= 1 + 0.12 * exclamations;
  if (sum < 0 && repeatedQuestion) sum *= 1.15;
  const polarity = clamp(sum / Math.sqrt(sum * sum + NORMALISER), -1, 1);

  const emotions = tally.emotions;
  const bump = (emotion: Exclude<Emotion, 'NEUTRAL'>, by: number) =>
    emotions.set(emotion, (emotions.get(emotion) ?? 0) + by);
  if (repeatedQuestion && polarity <= 0) bump('ANXIOUS', 0.6);
  // Each run of "!!" is another outburst: two of them turn exasperation ("这都第三次了！！…！！！") into anger.
  const outbursts = Math.min(2, (text.match(/!{2,}/g) ?? []).length);
  if (polarity < -0.5 && (shouted > 0 || exclamations >= 2)) bump('ANGRY', 1 + 0.5 * outbursts);

  let emotion: Emotion = 'NEUTRAL';
  let best = 0;
  for (const candidate of EMOTION_ORDER) {
    const score = emotions.get(candidate) ?? 0;
    // Happiness needs an overall positive message, and the negative emotions a message that is not upbeat.
    const fits = candidate === 'HAPPY' ? polarity > 0 : polarity < 0.3;
    if (fits && score > best) {
      best = score;
      emotion = candidate;
    }
  }
  if (emotion === 'NEUTRAL') {
    if (polarity >= 0.35) emotion = 'HAPPY';
    else if (polarity <= -0.35) emotion = 'FRUSTRATED';
  }

  const intensity =
    emotion === 'NEUTRAL' && Math.abs(polarity) < 0.1
      ? Math.min(0.2, exclamations * 0.05)
      : Math.abs(polarity) * 0.65 +
        exclamations * 0.08 +
        (shouted > 0 ? 0.2 : 0) +
        tally.intensifiers * 0.08 +
        (repeatedQuestion ? 0.1 : 0) +
        Math.min(3, tally.cues) * 0.03;
  return { polarity: round(polarity), emotion, intensity: round(clamp(intensity, 0, 1)) };
}
