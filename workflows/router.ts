// The agent's decision for one customer message, the same for every flow: interrupts, the pending flow, a new flow, small talk.
import {
  activeFlow,
  advance,
  cancelFlow,
  messageFeedsFlow,
  resumeAfterDigression,
  startFlow,
} from './flows/engine';
import { escalate, holdForHuman } from './flows/escalation';
import type { FlowDefinition, Memory } from './flows/flow';
import { FLOWS, flowStartedBy } from './flows/registry';
import { smallTalk } from './flows/small-talk';
import { answerFromKnowledge, looksLikeQuestion } from './flows/knowledge/answer';
import { escalationTrigger } from './humans/policy';
import { reply } from './replies';
import { heldForHumans } from './status';
import { moveTo, record, say, type Turn } from './turn';
import { TASK_INTENTS } from './types';
import {
  askWhichRequest,
  nextQueuedRequest,
  noteFrustration,
  queueOtherRequests,
  settleClarification,
} from './understanding/decide';
import { unsureBetween } from './understanding/unsure';

export async function respond(received: Turn): Promise<void> {
  const turn = settleClarification(received);
  // The reply meets the mood of the conversation, not only of its latest line.
  turn.state.sentiment = noteFrustration(turn);
  await respondToMessage(turn);
  await takeUpQueuedRequests(turn);
}

/** Requests the customer made together with an earlier one, taken in turn once nothing else is in progress. */
async function takeUpQueuedRequests(turn: Turn): Promise<void> {
  const state = turn.state;
  while (
    state.pendingRequests?.length &&
    !activeFlow(turn) &&
    !state.clarifying &&
    !heldForHumans(state.status)
  ) {
    const intent = nextQueuedRequest(turn);
    if (!intent) return;
    const { runnerUp: _ignored, ...read } = turn.understanding;
    await respondToMessage({ ...turn, understanding: { ...read, intent, confidence: 1, also: [] } });
  }
}

async function respondToMessage(turn: Turn): Promise<void> {
  const { state, understanding } = turn;
  const { intent, cues } = understanding;
  // A case waiting for a human keeps what it was about; the message is kept for them, nothing is overwritten.
  if (heldForHumans(state.status)) {
    rememberValues(turn, { overwrite: false });
    return holdForHuman(turn);
  }
  if (TASK_INTENTS.includes(intent) && intent !== 'human_agent') state.intent = intent;
  rememberValues(turn, { overwrite: true });
  moveTo(turn, 'OPEN', 'customer wrote', 'customer');

  // Interrupts, whatever is in progress.
  if (intent === 'human_agent') return escalate(turn, 'customer_request');
  const trigger = escalationTrigger(turn, state.desk?.negativeStreak ?? 0);
  if (trigger) return escalate(turn, trigger);
  const flow = activeFlow(turn);
  if (cues.cancel && !TASK_INTENTS.includes(intent)) {
    if (flow) return cancelFlow(turn);
    return say(turn, reply('nothing_to_cancel'));
  }
  if (intent === 'goodbye' && !(flow && messageFeedsFlow(turn, flow))) {
    for (const dropped of state.flows.splice(0))
      record(turn, { type: 'flow_cancelled', flow: dropped.name }, 'customer');
    return smallTalk(turn);
  }

  // The flow in progress takes what it can use.
  if (flow && messageFeedsFlow(turn, flow)) {
    state.misunderstood = 0;
    return advance(turn);
  }

  // Not sure enough of the request to act on it: ask which one is meant rather than guess.
  // Asking is worth it only when the answer decides which flow runs (a product question only informs: it is simply
  // answered), and an unsure question the knowledge base answers well is answered rather than asked about.
  const unsure = unsureBetween(understanding);
  if (unsure?.some((option) => option !== 'product_question' && flowStartedBy(option))) {
    if (looksLikeQuestion(turn.message.text) && (await answerFromKnowledge(turn, { onlyIfFound: true }))) {
      if (flow) resumeAfterDigression(turn, flow);
      return;
    }
    return askWhichRequest(turn, unsure);
  }
  queueOtherRequests(turn);

  // A new flow for the request (the one in progress waits and resumes after it).
  const next = flowStartedBy(intent) ?? flowStartedByValues(turn);
  if (next) {
    state.misunderstood = 0;
    if (flow?.name === next.name) return advance(turn);
    return startFlow(turn, next);
  }

  // A question no flow owns goes to the knowledge base; small talk otherwise. Then the pending question again.
  if (!(await answerFromKnowledge(turn))) smallTalk(turn);
  if (flow && !heldForHumans(state.status)) resumeAfterDigression(turn, flow);
}

/** A message with no request that carries what a flow starts from (a bare order number). */
function flowStartedByValues(turn: Turn): FlowDefinition<Memory> | undefined {
  return FLOWS.find((flow) =>
    flow.startsOnSlots?.some(
      (slot) => flow.form.find((s) => s.name === slot)?.read(turn, null, {}) !== undefined,
    ),
  );
}

/** Keeps the values a message carries for whoever handles the case next, even when it goes straight to a human. */
function rememberValues(turn: Turn, { overwrite }: { overwrite: boolean }): void {
  const { orderIds } = turn.understanding.entities;
  const memory = turn.state.memory;
  if (orderIds[0] && (overwrite || memory.orderId === undefined)) memory.orderId = orderIds[0];
}
