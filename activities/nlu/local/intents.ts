// Intent classification: a few sure-fire rules, then a softmax classifier trained on the shipped examples.
import { TASK_INTENTS, type Intent, type Sentiment } from '../../../workflows/types';
import { TextClassifier } from './classifier';
import { findConcepts } from './concepts';
import { angerCues } from './emotion-cues';
import { EN_EXAMPLES, type IntentExamples } from './intent-examples-en';
import { ZH_EXAMPLES } from './intent-examples-zh';
import { canonicalizeIdentifiers, extractIdentifiers, maskSpans } from './identifiers';
import { markNegatedRequests } from './negation';
import { mendSpelling } from './spelling';
import { extractFeatures, joinCompounds, splitClauses } from './text';

export interface IntentResult {
  intent: Intent;
  /** 0..1, how sure we are of `intent`; for 'unknown', how sure we are that no known intent fits. */
  confidence: number;
  /** The model's next choice, when it has one (the next request, when `intent` is a request). */
  runnerUp?: { intent: Intent; confidence: number };
  /** Other requests in the same message, in the order the customer wrote them. */
  also?: Intent[];
}

/** Below this the classifier's best guess is reported as 'unknown'. */
const UNKNOWN_THRESHOLD = 0.15;
/** Nearest-example similarity at which the text counts as fully familiar; less scales confidence down. */
const FAMILIAR_SIMILARITY = 0.25;
const RULE_CONFIDENCE = 0.95;

/** Word and character n-grams plus cross-language concepts, so English and Chinese examples teach each other. */
export function intentFeatures(text: string): Set<string> {
  // snake_case words ("human_agent") are a machine's, not a customer's: instructions smuggled into a message must
  // not vote for the intent they name.
  const words = canonicalizeIdentifiers(text).replace(/\b[A-Za-z]+(?:_[A-Za-z]+)+\b/g, ' ');
  const marked = mendSpelling(markNegatedRequests(words));
  const features = new Set(extractFeatures(marked).keys());
  for (const hit of findConcepts(joinCompounds(marked))) features.add(`c:${hit.concept.id}`);
  // The signs of a complaint are in the whole message, not in any one word: "it's been five days" is a tracking
  // question until a promise comes before it, and "great job" is praise until a lost parcel follows.
  for (const cue of angerCues(text)) features.add(`a:${cue}`);
  return features;
}

function examples(...sets: IntentExamples[]): { label: Intent; features: Set<string> }[] {
  return sets.flatMap((set) =>
    (Object.keys(set) as Intent[]).flatMap((label) =>
      set[label].map((text) => ({ label, features: intentFeatures(text) })),
    ),
  );
}

const MODEL = new TextClassifier(examples(EN_EXAMPLES, ZH_EXAMPLES));

/**
 * Whole messages whose intent is not in doubt; compared after trimming punctuation and case. A Map, because the
 * key is the customer's text: "constructor" must not find Object's.
 */
const EXACT = new Map<string, Intent>();
const exact = (intent: Intent, phrases: string) => phrases.split('|').forEach((p) => EXACT.set(p, intent));
exact(
  'greeting',
  'hi|hello|hey|hi there|hello there|hey there|hiya|howdy|good morning|good afternoon|good evening',
);
exact(
  'greeting',
  '你好|您好|在吗|在不在|哈喽|嗨|你好呀|您好呀|有人吗|有人在吗|早上好|下午好|晚上好|你们好|亲|亲在吗',
);
exact(
  'thanks',
  'thanks|thank you|thx|ty|thanks a lot|many thanks|cheers|thank you so much|thanks so much|much appreciated',
);
exact('thanks', '谢谢|多谢|感谢|谢了|谢啦|谢谢你|谢谢您|非常感谢|太感谢了|感谢感谢|谢谢谢谢');
exact('goodbye', 'bye|goodbye|bye bye|bye-bye|see you|see ya|see you later|good night|take care');
exact('goodbye', '再见|拜拜|拜|88|回头见|晚安|再会');
exact(
  'affirm',
  'yes|yeah|yep|yup|sure|ok|okay|correct|right|yes please|that is right|absolutely|confirmed|exactly',
);
exact('affirm', '是|是的|对|对的|好|好的|嗯|嗯嗯|可以|行|没错|确认|对啊|是啊|好滴');
exact('deny', 'no|nope|nah|no thanks|not really|no it is not|incorrect|wrong');
exact('deny', '不|不是|不对|不要|没有|不用|不用了|不行|算了|不需要|否');

const HUMAN_EN =
  /\b(?:talk|speak|chat|connect|transfer|put)\b[^.?!]{0,30}?\b(?:human|real person|person|agent|representative|operator|staff|manager|supervisor|someone|somebody)\b|\b(?:real|live|human)\s+(?:person|agent|human|being|support)\b|^\s*(?:agent|human|operator|representative)(?:\s+please)?\s*[.!]*\s*$/i;
const HUMAN_ZH =
  /转人工|人工客服|人工服务|找人工|接人工|要人工|转接人工|人工坐席|找真人|真人客服|转接客服|人工处理/;

/** Words that only frame an identifier ("my order number is …", "邮箱是 …"). */
const FILLER_EN =
  /\b(?:it's|that's|here's|my|the|our|it|its|is|was|here|this|that|order|orders|number|no|id|email|e-mail|mail|phone|mobile|tel|telephone|cell|contact|serial|and|or|yes|sure|ok|okay|sn)\b/gi;
const FILLER_ZH =
  /订单号?|单号|编号|号码|邮箱|邮件|电子邮件|手机号?|电话|序列号|我的|这个|还有|是|和|的|吧|呢|哦|嗯|好的|对/g;

function onlyIdentifiers(text: string): boolean {
  const ids = extractIdentifiers(text);
  if (ids.spans.length === 0) return false;
  const rest = maskSpans(text, ids.spans).replace(FILLER_EN, ' ').replace(FILLER_ZH, ' ');
  return !/[\p{L}\d]/u.test(rest);
}

/**
 * Asking to weigh the products just shown against each other ("compare the first and the third", "这两款对比一下")
 * is choosing what to buy. A comparison of products named by the customer is a product question, left to the model.
 */
const LISTED_EN = /\b(?:first|second|third|fourth|last|two|both|these|those|them|\d)\b/i;
const LISTED_ZH = /第[一二三四五1-5]|这两|那两|两款|两个|这几|[1-5]号/;
const COMPARE_EN = /\b(?:compare|comparison|side by side|difference between)\b/i;
const COMPARE_ZH = /比较一下|对比一下|比一比|对比下|有什么区别|有啥区别|哪个更|哪款更/;
/** Comparing an order with something else (a price, what was promised) is about that order, not about shopping. */
const ORDER_WORDS =
  /\b(?:order|refund|parcel|package|delivery|charged|paid)\b|订单|退款|包裹|快递|发货|扣款/i;

function asksToCompare(text: string): boolean {
  const english = COMPARE_EN.test(text) && LISTED_EN.test(text);
  if (!english && !(COMPARE_ZH.test(text) && LISTED_ZH.test(text))) return false;
  return !ORDER_WORDS.test(text) && extractIdentifiers(text).spans.length === 0;
}

/** A reply that trails off into an ellipsis. */
const HESITATION = /(?:…|\.{2,}|。{2,})\s*$/;

const simplify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/'/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^thats right$/, 'that is right')
    .replace(/^no it isnt$/, 'no it is not');

function classifyWhole(text: string, sentiment: Sentiment | undefined): IntentResult {
  if (!/[\p{L}\p{N}]/u.test(text)) return { intent: 'unknown', confidence: 1 };
  if (onlyIdentifiers(text)) return { intent: 'provide_info', confidence: RULE_CONFIDENCE };
  if (HUMAN_EN.test(text) || HUMAN_ZH.test(text))
    return { intent: 'human_agent', confidence: RULE_CONFIDENCE };
  const known = EXACT.get(simplify(text));
  // "嗯……", "well..." trail off: a hesitation, not an answer, so nothing is agreed to on its strength.
  const hesitant = (known === 'affirm' || known === 'deny') && HESITATION.test(text);
  if (known && !hesitant) return { intent: known, confidence: 0.97 };
  if (hesitant) return { intent: 'unknown', confidence: RULE_CONFIDENCE };
  if (asksToCompare(text)) return { intent: 'recommendation', confidence: RULE_CONFIDENCE };

  const result = MODEL.classify(intentFeatures(text));
  // A text unlike every example gets its probability scaled down: the model always names some intent,
  // but need not be believed.
  const familiarity = Math.min(1, result.similarity / FAMILIAR_SIMILARITY);
  const best = result.ranked.find((r) => r.label !== 'unknown');
  const confidence = round((best?.probability ?? 0) * familiarity);
  // For a request, the runner-up is the next request: it is offered as the other option when the agent asks, and
  // "did you mean details?" is never a question worth asking.
  const asRequest = best !== undefined && SUBSTANTIVE.has(best.label);
  const second = result.ranked.find(
    (r) => r !== best && r.label !== 'unknown' && (!asRequest || SUBSTANTIVE.has(r.label)),
  );
  const runnerUp = second && { intent: second.label, confidence: round(second.probability * familiarity) };
  if (best && confidence >= UNKNOWN_THRESHOLD && best === result.ranked[0])
    return { intent: best.label, confidence, ...(runnerUp ? { runnerUp } : {}) };

  // An unclassifiable but clearly angry message is a complaint whatever it is about.
  if (
    sentiment &&
    sentiment.polarity <= -0.5 &&
    (sentiment.emotion === 'ANGRY' || sentiment.emotion === 'FRUSTRATED')
  )
    return { intent: 'complaint', confidence: 0.6 };
  return { intent: 'unknown', confidence: round(1 - confidence) };
}

const SUBSTANTIVE = new Set<Intent>(TASK_INTENTS);

/** A clause must be at least this sure of its request to outvote a whole message read as details or small talk. */
const CLAUSE_REQUEST_CONFIDENCE = 0.5;

/**
 * `text` must already be NFKC-normalised; the sentiment decides between 'unknown' and an angry 'complaint'.
 * When the whole message reads as small talk or details but one clause of it asks for something ("我想退款，我的
 * 邮箱是a@b.com", "Has W2000001 shipped? my email is a@b.com"), that request is the intent: it is what the
 * customer needs answered, and the details in the other clauses are entities of the same message.
 */
export function classifyIntent(text: string, sentiment: Sentiment): IntentResult {
  const whole = classifyWhole(text, sentiment);
  const requests = separateRequests(text);
  if (requests) return requests;
  if (SUBSTANTIVE.has(whole.intent)) return whole;
  const clauses = splitClauses(text);
  if (clauses.length < 2) return whole;
  const request = clauses
    .map((clause) => classifyWhole(clause, undefined))
    .filter((r) => SUBSTANTIVE.has(r.intent) && r.confidence >= CLAUSE_REQUEST_CONFIDENCE)
    .sort((a, b) => b.confidence - a.confidence)[0];
  return request ?? whole;
}

/** A part of a message must be this sure of its request to count as a request of its own. */
const SEPARATE_REQUEST_CONFIDENCE = 0.6;

/** Where a second request starts: a clause break, or words that add one ("and also", "顺便", "另外"). */
const REQUEST_BREAK =
  /(?<=[!?。;\n…])|(?<=,)(?!\d)|(?<=\.)\s+|\s+(?:and also|and then|also|plus|and can you|and could you|and I(?:'d| would)? (?:also )?(?:like|want|need))\s+|(?:顺便|另外|还有|而且|并且|同时|再帮我|然后)/i;

/**
 * Two requests in one message ("where is my parcel, and also I want to return the mug"): each part is read on its
 * own, and when two parts ask for different things with confidence, the first written is the intent and the others
 * follow in `also`. Small talk and details in between do not count as requests.
 */
function separateRequests(text: string): IntentResult | undefined {
  const parts = text
    .split(REQUEST_BREAK)
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part && /[\p{L}]{2,}/u.test(part)));
  if (parts.length < 2) return undefined;
  const found: IntentResult[] = [];
  for (const part of parts) {
    // "not wanting to cancel, just the tracking": a part that turns a request down asks for nothing.
    if (/\bnot(?:refund|return|exchange|cancel|track|request)\b/.test(markNegatedRequests(part))) continue;
    const read = classifyWhole(part, undefined);
    if (!SUBSTANTIVE.has(read.intent) || read.confidence < SEPARATE_REQUEST_CONFIDENCE) continue;
    if (!found.some((f) => f.intent === read.intent)) found.push(read);
  }
  const [first, ...rest] = found;
  if (!first || rest.length === 0) return undefined;
  return { ...first, also: rest.map((r) => r.intent) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
