// What the agent does with an unsure or double reading: asks which request is meant, or takes two requests in turn.
import { pickOrdinal } from '../flows/ordinals';
import { reply } from '../replies';
import { moveTo, record, say, type Turn } from '../turn';
import { TASK_INTENTS, type Entities, type Intent, type Sentiment } from '../types';

/**
 * The customer's answer to "track it or return it?": a pick by position ("the first", "第二个"), or a message read
 * as one of the offered requests, settles it; anything else is read as it is. Returns the turn to go on with.
 */
export function settleClarification(turn: Turn): Turn {
  const options = turn.state.clarifying;
  const from = turn.state.clarifyingFrom;
  if (!options) return turn;
  delete turn.state.clarifying;
  delete turn.state.clarifyingFrom;
  const { intent } = turn.understanding;
  const picked =
    pickOrdinal(turn.message.text, options) ??
    (options.includes(intent) ? intent : undefined) ??
    (intent === 'affirm' && options.length === 1 ? options[0] : undefined);
  if (!picked) return turn;
  record(turn, { type: 'request_clarified', intent: picked }, 'customer');
  // "Return it" after "I want to send back the blue one from last month": the first message's details still hold.
  const entities = from
    ? withEarlierDetails(from.entities, turn.understanding.entities)
    : turn.understanding.entities;
  const text = from ? `${from.text}\n${turn.message.text}` : turn.message.text;
  return {
    ...turn,
    message: { ...turn.message, text },
    understanding: { ...turn.understanding, intent: picked, confidence: 1, entities },
  };
}

/** The answer's own details win; what it leaves out comes from the unclear message. */
function withEarlierDetails(earlier: Entities, now: Entities): Entities {
  const pick = <T>(a: T[], b: T[]) => (b.length > 0 ? b : a);
  return {
    ...earlier,
    ...now,
    orderIds: pick(earlier.orderIds, now.orderIds),
    emails: pick(earlier.emails, now.emails),
    phones: pick(earlier.phones, now.phones),
    colours: pick(earlier.colours, now.colours),
    sizes: pick(earlier.sizes, now.sizes),
    products: pick(earlier.products, now.products),
    quantities: pick(earlier.quantities, now.quantities),
    serialNumbers: pick(earlier.serialNumbers, now.serialNumbers),
    dateRange: now.dateRange ?? earlier.dateRange,
  };
}

/** Asks which of the likely requests the customer means, instead of acting on a guess. */
export function askWhichRequest(turn: Turn, options: Intent[]): void {
  turn.state.clarifying = options;
  turn.state.clarifyingFrom = { text: turn.message.text, entities: turn.understanding.entities };
  record(turn, { type: 'request_unclear', options });
  say(turn, reply('clarify_between', { options }));
  moveTo(turn, 'WAITING_CUSTOMER', 'asked which request is meant');
}

/** Two requests in one message: says both were heard, and keeps the others for when the first is done. */
export function queueOtherRequests(turn: Turn): void {
  const { intent, also = [] } = turn.understanding;
  // A complaint or a call for a human alongside a request is how the request is asked, not a second request.
  const others = also.filter(
    (other) =>
      other !== intent && TASK_INTENTS.includes(other) && other !== 'complaint' && other !== 'human_agent',
  );
  if (others.length === 0 || !TASK_INTENTS.includes(intent)) return;
  turn.state.pendingRequests = [...(turn.state.pendingRequests ?? []), ...others];
  say(turn, reply('both_requests', { first: intent, then: others }));
}

/**
 * Once nothing is in progress, the next request the customer made earlier: returns it (said aloud) for the router to
 * handle as if just asked, or undefined.
 */
export function nextQueuedRequest(turn: Turn): Intent | undefined {
  const queue = turn.state.pendingRequests;
  const next = queue?.shift();
  if (queue && queue.length === 0) delete turn.state.pendingRequests;
  if (next) say(turn, reply('next_request', { intent: next }));
  return next;
}

/** How much one message adds to the trend: anger most, frustration less, worry a little; kindness lowers it. */
function strain(sentiment: Sentiment): number {
  const negative = Math.max(0, -sentiment.polarity);
  if (sentiment.emotion === 'ANGRY') return Math.max(0.8, negative);
  if (sentiment.emotion === 'FRUSTRATED') return Math.max(0.5, negative);
  if (sentiment.emotion === 'ANXIOUS') return 0.3;
  return sentiment.emotion === 'HAPPY' ? 0 : negative * 0.5;
}

/** How much of the way to the latest message the trend moves: three calm messages undo one outburst. */
const TREND_WEIGHT = 0.4;
/** A trend this high reads a plain message as frustrated: the customer is not calm because one line was. */
const FRUSTRATED_TREND = 0.45;

/**
 * Keeps the case's frustration trend and returns the mood the reply should meet: a flat message from a customer who
 * has been upset for several turns is still frustration, not calm.
 */
export function noteFrustration(turn: Turn): Sentiment {
  const state = turn.state;
  const { sentiment } = turn.understanding;
  const trend = (state.frustration ?? 0) * (1 - TREND_WEIGHT) + strain(sentiment) * TREND_WEIGHT;
  state.frustration = Math.round(trend * 1000) / 1000;
  if (trend >= FRUSTRATED_TREND && (sentiment.emotion === 'NEUTRAL' || sentiment.emotion === 'ANXIOUS'))
    return { ...sentiment, emotion: 'FRUSTRATED', polarity: Math.min(sentiment.polarity, -0.3) };
  return sentiment;
}
