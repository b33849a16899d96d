// A case the agent opens itself (a maintenance reminder): its flow waits for the customer's answer from the first message.
import type { Memory } from '../flows/flow';
import type { Reply } from '../replies';
import { changeStatus, recordEvent, type CaseState } from '../state';
import type { Intent } from '../types';

export interface CaseOpening {
  flow: string;
  intent?: Intent;
  slots: Memory;
  /** The slot the first message asks for. */
  awaiting: string;
  say: Reply[];
}

/** Puts the flow in place, waiting for the customer; returns what the agent says first. */
export function openWith(state: CaseState, opening: CaseOpening, at: string): Reply[] {
  state.flows.push({
    name: opening.flow,
    slots: { ...opening.slots },
    awaiting: { kind: 'slot', slot: opening.awaiting },
    confirmed: false,
  });
  if (opening.intent) state.intent = opening.intent;
  recordEvent(state, 'agent', { type: 'flow_started', flow: opening.flow }, at);
  changeStatus(state, 'WAITING_CUSTOMER', 'agent', `${opening.flow} opened the case`, at);
  return opening.say;
}
