// Runs any flow of the registry: fills its slots (several at once, corrections too), passes the identity gate, confirms, acts.
import { reply, type Reply } from '../replies';
import { moveTo, record, say, type Turn } from '../turn';
import type { ActiveFlow, FlowDefinition, Memory } from './flow';
import { gateQuestion, requireIdentity } from './identity/gate';
import { flowNamed } from './registry';

export function activeFlow(turn: Turn): ActiveFlow | undefined {
  return turn.state.flows.at(-1);
}

function definition(flow: ActiveFlow): FlowDefinition<Memory> {
  const found = flowNamed(flow.name);
  // A flow removed from the code while a case still runs it: the case must not break, so it simply ends.
  if (!found) throw new Error(`no flow named ${flow.name} in the registry`);
  return found;
}

/** True when this message gives the flow something it can use: a slot value, an identity answer or a yes/no. */
export function messageFeedsFlow(turn: Turn, flow: ActiveFlow): boolean {
  const def = definition(flow);
  const awaiting = flow.awaiting;
  if (awaiting?.kind === 'confirm') {
    const { intent } = turn.understanding;
    if (intent === 'affirm' || intent === 'deny') return true;
  }
  if (awaiting?.kind === 'identity') {
    const { emails, phones } = turn.understanding.entities;
    if (emails.length + phones.length > 0 || /\d{4,}/.test(turn.message.text)) return true;
  }
  const awaited = awaiting?.kind === 'slot' ? awaiting.slot : null;
  return def.form.some((spec) => spec.read(turn, awaited, flow.slots) !== undefined);
}

export async function startFlow(turn: Turn, def: FlowDefinition<Memory>): Promise<void> {
  const below = activeFlow(turn);
  if (below) record(turn, { type: 'flow_suspended', flow: below.name, for: def.name });
  turn.state.flows.push({ name: def.name, slots: {}, awaiting: null, confirmed: false });
  turn.state.intent = def.startsOn[0] ?? turn.state.intent;
  record(turn, { type: 'flow_started', flow: def.name });
  await advance(turn);
}

/** Drops the flow in progress ("never mind") and picks up the one it interrupted, if any. */
export function cancelFlow(turn: Turn): void {
  const flow = turn.state.flows.pop();
  if (!flow) {
    say(turn, reply('nothing_to_cancel'));
    return;
  }
  record(turn, { type: 'flow_cancelled', flow: flow.name }, 'customer');
  say(turn, reply('flow_cancelled'));
  if (!resumeSuspended(turn)) moveTo(turn, 'OPEN', 'request cancelled', 'customer');
}

/** Asks the interrupted flow's question again after a digression; false when nothing was waiting. */
export function resumeSuspended(turn: Turn): boolean {
  const flow = activeFlow(turn);
  if (!flow) return false;
  resumeAfterDigression(turn, flow);
  return true;
}

/** After small talk or an unrelated question: say we are going back, and ask the pending question again. */
export function resumeAfterDigression(turn: Turn, flow: ActiveFlow): void {
  record(turn, { type: 'flow_resumed', flow: flow.name });
  say(turn, reply('resume_flow', { flow: flow.name }));
  reaskPending(turn, flow);
}

/** The question the flow is waiting on, asked again (after small talk or a digression). */
export function reaskPending(turn: Turn, flow: ActiveFlow): void {
  const def = definition(flow);
  const awaiting = flow.awaiting;
  let question: Reply | undefined;
  if (awaiting?.kind === 'slot') question = def.form.find((s) => s.name === awaiting.slot)?.ask(flow.slots);
  else if (awaiting?.kind === 'confirm') question = def.confirm?.(flow.slots) ?? undefined;
  else if (awaiting?.kind === 'identity') question = gateQuestion(turn, awaiting.need);
  if (question) say(turn, question);
  moveTo(turn, 'WAITING_CUSTOMER', 'waiting for the customer');
}

/** Moves the flow on as far as this message allows. */
export async function advance(turn: Turn): Promise<void> {
  const flow = activeFlow(turn);
  if (!flow) return;
  const def = definition(flow);

  const corrected = fillSlots(turn, def, flow);
  if (corrected) {
    say(turn, reply('correction_noted'));
    flow.confirmed = false;
    // A corrected subject (another order) needs the gate again; an open identity question is moot.
    if (flow.awaiting?.kind !== 'slot') flow.awaiting = null;
  }

  const missing = def.form.find((spec) => spec.required && flow.slots[spec.name] === undefined);
  if (missing) {
    flow.awaiting = { kind: 'slot', slot: missing.name };
    say(turn, missing.ask(flow.slots));
    moveTo(turn, 'WAITING_CUSTOMER', `asked for ${missing.name}`);
    return;
  }

  const need = def.identity?.(flow.slots);
  if (need) {
    const passed = await requireIdentity(turn, need);
    if (passed === 'asking') {
      flow.awaiting = { kind: 'identity', need };
      moveTo(turn, 'WAITING_CUSTOMER', 'asked to verify identity');
      return;
    }
    if (passed === 'stopped') return;
  }

  // A flow that gathers in act() has nothing to confirm until it has everything (confirm gives null until then).
  const summary = flow.confirmed ? null : (def.confirm?.(flow.slots) ?? null);
  if (summary) {
    const { intent } = turn.understanding;
    if (flow.awaiting?.kind === 'confirm' && !corrected && intent === 'affirm') {
      flow.confirmed = true;
    } else if (flow.awaiting?.kind === 'confirm' && !corrected && intent === 'deny') {
      cancelFlow(turn);
      return;
    } else {
      if (flow.awaiting?.kind === 'confirm' && !corrected) say(turn, reply('confirm_again'));
      flow.awaiting = { kind: 'confirm' };
      say(turn, summary);
      moveTo(turn, 'WAITING_CUSTOMER', 'asked to confirm');
      return;
    }
  }

  flow.awaiting = null;
  const outcome = await def.act(turn, flow);
  if (outcome === 'waiting') {
    moveTo(turn, 'WAITING_CUSTOMER', `${flow.name} waits for the customer`);
    return;
  }
  if (outcome === 'stopped') return;
  finishFlow(turn, flow);
}

function finishFlow(turn: Turn, flow: ActiveFlow): void {
  const state = turn.state;
  state.flows = state.flows.filter((f) => f !== flow);
  Object.assign(state.memory, flow.slots);
  record(turn, { type: 'flow_completed', flow: flow.name });
  if (!resumeSuspended(turn)) moveTo(turn, 'RESOLVED', `${flow.name} completed`);
}

/** Reads every slot the message gives; true when a value replaced a different one (a correction). */
function fillSlots(turn: Turn, def: FlowDefinition<Memory>, flow: ActiveFlow): boolean {
  let corrected = false;
  for (const spec of def.form) {
    const awaited = flow.awaiting?.kind === 'slot' ? flow.awaiting.slot : null;
    const value = spec.read(turn, awaited, flow.slots);
    if (value === undefined) continue;
    const previous = flow.slots[spec.name];
    if (previous !== undefined && JSON.stringify(previous) === JSON.stringify(value)) continue;
    const isCorrection = previous !== undefined;
    flow.slots[spec.name] = value;
    corrected ||= isCorrection;
    record(
      turn,
      { type: 'slot_filled', flow: flow.name, slot: spec.name, corrected: isCorrection },
      'customer',
    );
  }
  return corrected;
}
