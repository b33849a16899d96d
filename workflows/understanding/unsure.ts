// When the agent asks instead of acting: a request read with too little confidence, or with a close second reading.
import { TASK_INTENTS, type Intent, type Understanding } from '../types';

/**
 * The agent acts on a request read at least this surely. With the averaged model, at 0.6 the offline reader acts on
 * 77.8 % of the evaluation messages without asking and is right on 99.2 % of them once close calls are asked about
 * too (`npm run eval:understanding`; at 0.8 it asked about a third of all messages, a seed return among them).
 */
export const ACT_CONFIDENCE = 0.6;
/** A second reading within this much of the first is a close call, whatever the confidence. */
export const CLOSE_CALL = 0.25;

/** A second reading below this share of the first is not offered as an option. */
export const PLAUSIBLE_SHARE = 0.2;

/** Requests worth offering as a choice: asking for a human is never guessed, it is said. */
const offerable = (intent: Intent | undefined): intent is Intent =>
  intent !== undefined && TASK_INTENTS.includes(intent) && intent !== 'human_agent';

/**
 * The requests to offer when the reading is not sure enough to act on, most likely first; null when the agent may
 * act. Small talk, details and yes/no answers are never asked about: acting on them costs nothing.
 */
export function unsureBetween(understanding: Understanding): Intent[] | null {
  const { intent, confidence, runnerUp, sentiment } = understanding;
  if (!offerable(intent)) return null;
  // An upset customer's complaint is answered, not questioned: asking whether they are complaining makes it worse.
  if (intent === 'complaint' && (sentiment.emotion === 'ANGRY' || sentiment.emotion === 'FRUSTRATED'))
    return null;
  // A runner-up nobody would mean is not offered: "a product question or a return?" for a 4 % reading confuses.
  const second =
    offerable(runnerUp?.intent) &&
    runnerUp.intent !== intent &&
    runnerUp.confidence >= PLAUSIBLE_SHARE * confidence
      ? runnerUp
      : undefined;
  const close = second !== undefined && confidence - second.confidence < CLOSE_CALL;
  if (confidence >= ACT_CONFIDENCE && !close) return null;
  return second ? [intent, second.intent] : [intent];
}
