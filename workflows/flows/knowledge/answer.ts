// Questions no flow owns go to the knowledge base: an answer with its sources, or an honest "I don't know" and a gap.
import { quick } from '../../activity-proxies';
import { reply } from '../../replies';
import { say, type Turn } from '../../turn';
import type { Intent } from '../../types';

/** Requests the knowledge base can answer while no flow handles them (a flow registered later takes precedence). */
const KNOWLEDGE_INTENTS: readonly Intent[] = [
  'product_question',
  'troubleshooting',
  'recommendation',
  'return_request',
  'refund_request',
];

const QUESTION_WORDS =
  /^(how|what|why|when|where|which|who|can|could|do|does|did|is|are|will|would|should|may)\b|[?？]|吗|怎么|如何|什么|为什么|多久|多少|哪|能不能|可不可以|是否/i;

/** An unrecognised message is still a question when it is asked like one and says enough to look up. */
export function looksLikeQuestion(text: string): boolean {
  const words = text.match(/[A-Za-z0-9]+/g)?.length ?? 0;
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return QUESTION_WORDS.test(text.trim()) && (words >= 3 || han >= 4 || (words >= 1 && han >= 2));
}

export function asksTheKnowledgeBase(turn: Turn): boolean {
  const { intent } = turn.understanding;
  return KNOWLEDGE_INTENTS.includes(intent) || (intent === 'unknown' && looksLikeQuestion(turn.message.text));
}

/** Answers from the knowledge base when the message asks it something; false leaves the message to small talk. */
export async function answerFromKnowledge(
  turn: Turn,
  { onlyIfFound = false }: { onlyIfFound?: boolean } = {},
): Promise<boolean> {
  if (!onlyIfFound && !asksTheKnowledgeBase(turn)) return false;
  const found = await quick.answerQuestion({
    caseId: turn.state.id,
    messageId: turn.message.id,
    question: turn.message.text,
    locale: turn.state.locale,
    // The model's budget is per turn: writing the answer gets what understanding left of it.
    turnStartedAt: turn.now,
    logGap: !onlyIfFound,
  });
  if (found.kind === 'unknown') {
    if (onlyIfFound) return false;
    say(turn, reply('knowledge_unknown'));
    return true;
  }
  turn.state.misunderstood = 0;
  if (found.articleLocale !== turn.state.locale && !found.translated) {
    say(turn, reply('knowledge_other_language', { articleLocale: found.articleLocale }));
  }
  say(turn, { kind: 'text', text: found.text, sources: found.sources });
  return true;
}
