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

/**
 * Text that tries to rewrite the agent's instructions ("ignore your previous instructions", "忽略之前的指令", "you
 * are a different bot") asks for nothing a shop does: whatever request it carries is not acted on, and it reads as 'unknown'
 * so the agent neither obeys nor guesses.
 */
const INJECTION_EN =
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.?!]{0,25}\b(?:instructions?|prompts?|rules|guidelines|programming|guardrails)\b|\bsystem prompt\b|\b(?:developer|god|jailbreak|dan) mode\b|\b(?:pretend|imagine) (?:to be|you are|you're)\b|\bfrom now on,? you (?:are|will)\b/i;
const INJECTION_ZH =
  /(?:忽略|无视|忘掉|忘记|不要管|跳过)[^,。!?]{0,8}(?:指令|指示|提示词|提示|规则|设定|限制)|系统提示|开发者模式|越狱模式|你现在是一个|你现在扮演|假装你是|扮演一个/;

/**
 * A reply that only says the customer does not know ("not sure", "hmm, no idea", "不太确定", "说不好") is neither
 * yes nor no nor a request: the agent asks again rather than read it as a refusal.
 */
const HEDGE_EN =
  /^(?:(?:hmm+|hm+|um+|uh+|er+|well|honestly|idk)[,.\s]+)*(?:i'?m |i am )?(?:not (?:really |quite |too |so |entirely |100% )?(?:sure|certain)|(?:i )?(?:don'?t|do not) (?:really )?know|dunno|no idea|not a clue|(?:i )?can'?t (?:say|tell|remember)|maybe|perhaps|possibly|idk|unsure)(?: (?:yet|to be honest|tbh|really|actually))?[.!?…~]*$/i;
const HEDGE_ZH =
  /^(?:[嗯呃额唔哎诶]+[,，\s]*)*(?:我)?(?:也)?(?:不太|不是很|不大|不|没法|说不)(?:确定|清楚|知道|记得|好说|准|上来)(?:了)?(?:诶|呢|啊|吧|耶|哦|欸)?[。.!?…~]*$|^(?:[嗯呃额]+[,，\s]*)*(?:也许吧?|可能吧|大概吧|难说|不好说|说不好|不晓得|不造)[。.!?…~]*$/;

/** A question or a request in so many words: sarcasm around one is still asking for something. */
const ASKS =
  /[?？]|\b(?:please|pls|can you|could you|would you|i want|i'?d like|i need|give me|send me|refund|return|cancel|exchange|replace|where|when|how)\b|请|帮我|给我|麻烦|我要|我想|能不能|可以|怎么|什么时候|吗|呢/i;

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
  if (INJECTION_EN.test(text) || INJECTION_ZH.test(text))
    return { intent: 'unknown', confidence: RULE_CONFIDENCE };
  if (HUMAN_EN.test(text) || HUMAN_ZH.test(text))
    return { intent: 'human_agent', confidence: RULE_CONFIDENCE };
  if (HEDGE_EN.test(text.trim()) || HEDGE_ZH.test(text.trim()))
    return { intent: 'unknown', confidence: RULE_CONFIDENCE };
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
  // Praise wrapped around a failure ("great job losing my parcel 👏") that asks for nothing is a complaint, however
  // much the failure's words look like a tracking or product question.
  if (best?.label !== 'complaint' && angerCues(text).includes('sarcasm') && !ASKS.test(text))
    return { intent: 'complaint', confidence: Math.max(0.6, confidence) };
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
 * A message is read whole and part by part. Two parts asking for different things are two requests. One part that
 * asks for an action more surely than the whole message reads is the request, and the other parts are its reason
 * or details ("别发货了，我在别家买了", "我想退款，我的邮箱是a@b.com"): the customer needs that part answered.
 */
export function classifyIntent(text: string, sentiment: Sentiment): IntentResult {
  const whole = classifyWhole(text, sentiment);
  const [first, ...rest] = requestsByPart(text);
  if (first && rest.length > 0) return { ...first, also: rest.map((r) => r.intent) };
  if (
    first &&
    ACTIONS.has(first.intent) &&
    first.intent !== whole.intent &&
    first.confidence > whole.confidence
  )
    return first;
  if (SUBSTANTIVE.has(whole.intent)) return whole;
  const clauses = splitClauses(text);
  if (clauses.length < 2) return whole;
  const request = clauses
    .map((clause) => classifyWhole(clause, undefined))
    .filter((r) => SUBSTANTIVE.has(r.intent) && r.confidence >= CLAUSE_REQUEST_CONFIDENCE)
    .sort((a, b) => b.confidence - a.confidence)[0];
  return request ?? whole;
}

/**
 * Requests to do something to an order. Only such a part outvotes the whole message: a part that reads as a status
 * or product question is more often the request's setting ("还没发货，想把颜色改成黑色") than the request.
 */
const ACTIONS = new Set<Intent>(['cancel_order', 'order_change', 'return_request', 'refund_request']);

/** A part of a message must be this sure of its request to count as a request of its own. */
const SEPARATE_REQUEST_CONFIDENCE = 0.6;

/** Where a second request starts: a clause break, or words that add one ("and also", "顺便", "另外"). */
const REQUEST_BREAK =
  /(?<=[!?。;\n…])|(?<=,)(?!\d)|(?<=\.)\s+|\s+(?:and also|and then|also|plus|and can you|and could you|and I(?:'d| would)? (?:also )?(?:like|want|need))\s+|(?:顺便|另外|还有|而且|并且|同时|再帮我|然后)/i;

/**
 * Asking whether an order has shipped yet, next to cancelling or changing it ("还没发货吧？帮我取消掉"), is part of that
 * request: those flows tell the customer whether it has gone out. Asking where it is stays a request of its own.
 */
const SHIPPED_YET =
  /还没发|没发货|发货了吗|发了吗|发出去了吗|寄出了吗|发没发|\b(?:shipped|dispatched|sent out|gone out|left the warehouse)\b/i;
const TRACKING = /到哪|在哪|物流|快递到|\b(?:where|track|tracking|arrive|arriving)\b/i;
const SHIPPING_DEPENDS = new Set<Intent>(['cancel_order', 'order_change']);
/** "…and cancel a different order": two orders, so two requests after all. */
const ANOTHER_ORDER = /\b(?:another|other|different|second)\b|另一|别的|其他|其它|另外一/i;

const LEADING_CONNECTIVE =
  /^(?:(?:and also|and then|also|plus|and)\b|顺便|另外|还有|而且|并且|同时|然后)[,\s]*/i;
/** Words that only join parts ("and", "also", "然后"): a part made of them alone asks for nothing. */
const CONNECTIVES =
  /\b(?:and|also|then|plus|but|so|or|too)\b|和|然后|还有|而且|并且|同时|另外|顺便|但是|所以|或者/gi;

/**
 * The requests in a message's parts ("where is my parcel, and also I want to return the mug"), in the order the
 * customer wrote them: each part is read on its own; small talk, details and parts that turn a request down do not
 * count, and a part only counts when it is sure of what it asks.
 */
function requestsByPart(text: string): IntentResult[] {
  const parts = text
    .split(REQUEST_BREAK)
    // A break right before "顺便" ("…到哪了？顺便…") leaves the word at the start of the part: it joins, it asks nothing.
    .map((part) => part?.trim().replace(LEADING_CONNECTIVE, ''))
    .filter((part): part is string => Boolean(part && /[\p{L}]{2,}/u.test(part.replace(CONNECTIVES, ''))));
  if (parts.length < 2) return [];
  const found: (IntentResult & { part: string })[] = [];
  for (const part of parts) {
    // "not wanting to cancel, just the tracking": a part that turns a request down asks for nothing.
    if (/\bnot(?:refund|return|exchange|cancel|track|request)\b/.test(markNegatedRequests(part))) continue;
    const read = classifyWhole(part, undefined);
    if (!SUBSTANTIVE.has(read.intent) || read.confidence < SEPARATE_REQUEST_CONFIDENCE) continue;
    if (!found.some((f) => f.intent === read.intent)) found.push({ ...read, part });
  }
  const dependsOnShipping = found.some((f) => SHIPPING_DEPENDS.has(f.intent)) && !ANOTHER_ORDER.test(text);
  return found
    .filter(
      (f) =>
        !(
          dependsOnShipping &&
          f.intent === 'order_status' &&
          SHIPPED_YET.test(f.part) &&
          !TRACKING.test(f.part)
        ),
    )
    .map(({ part: _part, ...read }) => read);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
