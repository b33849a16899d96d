// Negated requests: "I don't need a refund" and "不是要退款" must not vote for a refund, whatever else the message says.

/**
 * Request words whose negation turns the message away from them. Each becomes one opaque token ("notrefund"), so
 * the classifier neither sees the request word nor its cross-language concept, and learns the negated form as a
 * feature of its own where the training examples have it.
 */
const EN_REQUESTS: [RegExp, string][] = [
  [/^(?:refund(?:s|ed|ing)?|reimburse\w*)$/, 'refund'],
  [/^(?:money)$/, 'refund'],
  [/^(?:return(?:s|ed|ing)?|send(?:ing)?)$/, 'return'],
  [/^(?:exchange\w*|replace\w*|swap\w*)$/, 'exchange'],
  [/^(?:cancel\w*)$/, 'cancel'],
  [/^(?:track\w*)$/, 'track'],
];

/**
 * A negator that governs a wish ("don't want", "not asking for", "no need for") or, for imperatives, the request verb
 * itself ("please don't refund me"). "haven't received my refund" and "still no refund" are not negated requests:
 * they complain that a refund is missing, so a bare "not" or "no" before the noun does not count.
 */
const EN_NEGATED =
  /\b(?:(?:do|does|did|am|are|is|was|were)\s+not|not|never|no)\s+(?:(?:really|even|actually)\s+)?(?:want(?:ing)?|need(?:ing)?|wish(?:ing)?|mean(?:ing)?|ask(?:ing)?|looking|interested|after|trying|going|gonna|about)\s+(?:(?:to|for|in|a|an|the|my|any|about|get|getting|have|a\s+full|them|it)\s+){0,3}([a-z]+)|\b(?:do\s+not|please\s+do\s+not|rather\s+than|instead\s+of|no\s+need\s+(?:for|to))\s+(?:(?:a|an|the|my|me|any|get|getting)\s+){0,2}([a-z]+)/g;

const ZH_REQUESTS: [RegExp, string][] = [
  [/^(?:退款|退钱|退费)/, 'refund'],
  [/^(?:退货|退回|退掉|寄回)/, 'return'],
  [/^(?:换货|换新|换一个|补发)/, 'exchange'],
  [/^取消/, 'cancel'],
];

/**
 * "不是要退款", "不用退钱", "别给我退款", "我不取消": a negator right before a request word (at most a "给我" or "要"
 * between). "不能退吗" and "能不能退" ask whether a return is possible, so 不能 never negates here.
 */
const ZH_NEGATED =
  /(?:不是要|不是想|不是|不想|不要|不用|不需要|无需|不必|别给我|别|并不|不)(?:给我|帮我|要|想|是)?(退款|退钱|退费|退货|退回|退掉|寄回|换货|换新|补发|取消)/g;

function expandContractions(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(do|does|did|is|are|was|were|have|has|had)n['’]t\b/g, '$1 not')
    .replace(/\bcan['’]t\b/g, 'can not')
    .replace(/\bwon['’]t\b/g, 'will not')
    .replace(/\bi['’]m\b/g, 'i am');
}

/** The text with each negated request word replaced by its "not…" token; other words are left as they are. */
export function markNegatedRequests(text: string): string {
  let out = expandContractions(text).replace(EN_NEGATED, (match: string, a?: string, b?: string) => {
    const word = a ?? b ?? '';
    const kind = EN_REQUESTS.find(([re]) => re.test(word))?.[1];
    if (!kind) return match;
    const at = match.lastIndexOf(word);
    // "money back" is one request: the "back" goes with it.
    return `${match.slice(0, at)}not${kind}`;
  });
  out = out.replace(/\bnot(refund)\s+back\b/g, 'not$1');
  out = out.replace(ZH_NEGATED, (match: string, word: string) => {
    const kind = ZH_REQUESTS.find(([re]) => re.test(word))?.[1] ?? 'request';
    return `${match.slice(0, match.length - word.length)} not${kind} `;
  });
  return out;
}
