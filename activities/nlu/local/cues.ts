// Discourse cues: whether a message corrects a value the customer gave, or drops the request in progress.
import type { Cues } from '../../../workflows/types';
import { splitClauses } from './text';

/** Where a clause starts: the cue words open it, they are not buried in the middle of a sentence. */
const START = '(?:^|(?<=[,。!?;\\n…]|\\.\\s))\\s*';

/** Interjections a clause may open with before the cue proper ("哦不对", "oh wait, I meant"). */
const ZH_LEAD = '(?:[哦噢喔啊呃额嗯哎唉诶欸]+[,\\s]*)?';
const EN_LEAD = '(?:(?:oh|oops|whoops|sorry|wait|um+|uh+|er+|ah|my bad|no|nope)[,.!\\s]+)*';

/**
 * Correction, over the whole message (the denial and the new value are often in separate clauses). Each needs a marker that the customer is replacing what they said, not just a
 * negative word: "不对劲" (something is off), "你们发错了" (you sent the wrong one), "应该是昨天到的" (it
 * should have come yesterday), "I meant to ask" and "is that correct?" are not corrections.
 */
const CORRECTION: readonly RegExp[] = [
  // "不对，是绿色的", "错了，应该是W7654321", "不是，要蓝色的": a denial, a pause, then the right value ("不是应该
  // 昨天到吗" has no pause and is a question).
  new RegExp(
    `${START}${ZH_LEAD}(?:不对|不是|错了|说错了|打错了|写错了|输错了)(?:[,。.!\\s]+(?:是|应该是|应该|我要的是|要的是|要)|我要的是|要的是)`,
  ),
  // "不是W1234567，是W7654321": the wrong value and the right one side by side.
  /不是[^,。!?;]{1,40},\s*(?:而)?(?:是|应该是)/,
  // "我是说W…", "我的意思是蓝色", "更正一下" and the customer's own typing slips.
  /我是说|我的意思是|我说的是|更正|纠正一下|我打错了|我写错了|我输错了|我说错了|刚才打错|刚才说错|刚才写错|输入错了/,
  // "sorry, I meant the shoes", "no, I meant the blue one"; not "I meant to ask".
  new RegExp(`${START}${EN_LEAD}i\\s+(?:meant|mean)\\b(?!\\s+to\\b)(?!,)`, 'i'),
  /\bwhat i meant (?:was|is)\b/i,
  // "actually it's W7654321", "actually, make it the blue one"; not "I actually want a refund".
  new RegExp(
    `${START}${EN_LEAD}actually[,\\s]+(?:it'?s|it is|it was|its|that'?s|that is|make it|i meant|i mean|the right one is)\\b`,
    'i',
  ),
  new RegExp(`${START}correction\\b|\\bcorrection\\s*:`, 'i'),
  /\b(?:i made a typo|typo[,:]|i mistyped|i typed (?:it )?wrong|i gave (?:you )?the wrong|i said the wrong|wrong one,? (?:it'?s|i meant)|let me correct)\b/i,
];

/**
 * Cancel, per clause: the customer drops what is in progress. "取消订单" and "cancel my order" ask for an order to
 * be cancelled (the cancel_order intent), and "I don't need a refund, just the tracking" redirects rather than
 * drops; neither is this cue. 算了 must stand alone: "我算了一下运费" is "I worked out the shipping".
 */
const CANCEL: readonly RegExp[] = [
  /(?<![计结核清打预盘估换总合推运])算了(?=$|[吧吗啊呀罢嘛,。.!?~…\s])/,
  /(?:不用|不要|不需要)了(?!解)(?=$|[吧吗啊呀嘛,。.!?~…\s]|谢)/,
  /(?:先)?不(?:查|退|换|买|问|弄|办|改|处理)了(?=$|[吧吗啊呀嘛,。.!?~…\s]|谢)/,
  /没事了|不麻烦了|当我没说|当我没问|就这样吧/,
  /\bnever\s*mind\b|\bnvm\b/i,
  /(?<!\b(?:don'?t|not|never|didn'?t)\s+)\bforget (?:it|about it|that|this)\b/i,
  /\bcancel (?:that|this)(?:\s+request)?\b(?!\s+(?:order|purchase|item|subscription|payment|delivery|shipment))/i,
  /\b(?:don'?t bother|no longer needed|not needed anymore|(?:i )?don'?t need it any ?more|i no longer need it)\b/i,
  /^(?:ok(?:ay)?[,\s]+)?(?:stop|drop it|skip it|leave it)[.!]*$/i,
];

/** Words and numbers that make a clause about an order: "这个订单不要了" asks for cancel_order, not to drop the chat. */
const ABOUT_AN_ORDER = /订单|这单|那单|单子|\border\b|\bpurchase\b|\b[A-Z]{1,3}\d{6,12}\b/i;

/** Whether the message names an order, which is what makes "cancel" a cancel_order request. */
export function mentionsOrder(text: string): boolean {
  return ABOUT_AN_ORDER.test(text);
}

/** `text` must already be NFKC-normalised. */
export function detectCues(text: string): Cues {
  const correction = CORRECTION.some((re) => re.test(text));
  // Per clause, so "never mind, cancel my order" still drops the request in progress before the new one.
  const cancel = splitClauses(text).some(
    (clause) => !mentionsOrder(clause) && CANCEL.some((re) => re.test(clause)),
  );
  return { correction, cancel };
}
