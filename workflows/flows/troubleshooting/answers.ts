// Reads a customer's answer to a troubleshooting step in their own words: fixed, still failing, done, yes/no, a question, danger.
import type { AnswerKind, TreeStep, TroubleshootingTree } from '../../../activities/manufacturing/tree-types';
import type { Intent } from '../../types';

/** Dangers every tree stops for: a person must decide, and the customer must stay safe meanwhile. */
const SAFETY =
  /\b(burn(ing|t)?|scorch(ed|ing)?|smoke|smoking|sparks?|sparking|fire|flames?|electric(al)? shock|shocked me|smell(s)? of gas|gas smell|water (all )?(on|over) the floor|flood(ed|ing)?)\b|烧焦|焦味|糊味|冒烟|火花|着火|起火|触电|漏电|电到|地上(全)?是水|地上有水|地板上(全)?是?有?水|水漫|淹了|煤气味|燃气味/i;

const KIND_WORDS: Record<AnswerKind, RegExp> = {
  still:
    /\b(still|again|no change|nothing changed|didn'?t (help|work|change)|not (fixed|working|solved)|doesn'?t work|same (error|problem|code))\b|还是|仍然|仍旧|依然|依旧|还在|没用|没有用|不管用|不行|又出现|又显示|没变化|没有变化/i,
  fixed:
    /\b(fixed|solved|resolved|works?( now| again| fine)?|working( now| again)?|gone|disappeared|it'?s (ok|fine) now|all good)\b|(?<![做弄洗搞])好了|正常了|解决了|不显示了|消失了|没有了|可以用了|能用了|修好了/i,
  done: /\b(done|did (it|that)|finished|ok(ay)?|completed|i did|tried (it|that))\b|做了|做完|弄完|做好了|弄好了|洗好了|洗过了|完成了|搞定了|好的|试过了|已经|照做了|好了/i,
  yes: /^(yes|yeah|yep|yup|y|sure|correct|right)\b|^(是|对|有|嗯)/i,
  no: /^(no|nope|nah|n|not really)\b|^(不是|没有|不对|否|不)/i,
};

const REPEAT =
  /\b(repeat|say (that|it) again|come again|once more)\b|再说一遍|再说一次|重复一下|没看懂|没听懂/i;

const QUESTION =
  /[?？]|^(what|how|where|which|why|who|can|could|do|does|is|are|should)\b|什么|怎么|如何|哪里|哪儿|在哪|为什么|是啥|啥是/i;

/** Which kinds each word pattern reads, most telling first: "done, still E3" is still failing. */
const PRIORITY: AnswerKind[] = ['still', 'fixed', 'done', 'yes', 'no'];

export type AnswerReading =
  | { kind: 'safety'; words: string }
  | { kind: 'repeat' }
  | { kind: 'question' }
  | { kind: 'answer'; reading: string; next: string }
  | { kind: 'unclear' };

export function safetyWords(text: string, tree?: TroubleshootingTree): string | null {
  const found = SAFETY.exec(text);
  if (found) return found[0];
  const lower = text.toLowerCase();
  const own = [...(tree?.safety.en ?? []), ...(tree?.safety.zh ?? [])].find((w) =>
    lower.includes(w.toLowerCase()),
  );
  return own ?? null;
}

/** What the customer's answer to this step means, and where it leads. */
export function readAnswer(
  text: string,
  intent: Intent,
  step: TreeStep,
  tree: TroubleshootingTree,
): AnswerReading {
  const danger = safetyWords(text, tree);
  if (danger) return { kind: 'safety', words: danger };
  const lower = text.toLowerCase();
  // The tree's own words for this step first: they are the most specific.
  for (const answer of step.answers) {
    if (typeof answer.when === 'string') continue;
    const hit = [...answer.when.en, ...answer.when.zh].find((w) => lower.includes(w.toLowerCase()));
    if (hit) return { kind: 'answer', reading: hit, next: answer.next };
  }
  const matched = PRIORITY.filter((kind) => {
    if (kind === 'yes' && intent === 'affirm') return true;
    if (kind === 'no' && intent === 'deny') return true;
    return KIND_WORDS[kind].test(text.trim());
  });
  if (matched.includes('still') || matched.includes('fixed') || matched.includes('done')) {
    for (const kind of matched) {
      const answer = step.answers.find((a) => a.when === kind);
      if (answer) return { kind: 'answer', reading: kind, next: answer.next };
    }
  }
  if (REPEAT.test(text)) return { kind: 'repeat' };
  if (QUESTION.test(text)) return { kind: 'question' };
  for (const kind of matched) {
    const answer = step.answers.find((a) => a.when === kind);
    if (answer) return { kind: 'answer', reading: kind, next: answer.next };
  }
  return { kind: 'unclear' };
}

/** The built-in answers a step expects, to remind the customer what the agent can read. */
export function expectedKinds(step: TreeStep): AnswerKind[] {
  return step.answers.flatMap((a) => (typeof a.when === 'string' ? [a.when] : []));
}
