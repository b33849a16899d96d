// What a flow is: the intents that start it, its typed slots with a question each, who the customer must be, its steps.
import type { IdentityAction } from '../../activities/platform/config';
import type { Reply } from '../replies';
import type { Turn } from '../turn';
import type { Intent } from '../types';

export type SlotValue = string | number | boolean | string[];

/** Facts a case keeps, by slot name. */
export type Memory = Partial<Record<string, SlotValue>>;

/** What the flow talking to the customer is waiting to hear. */
export type Awaiting =
  { kind: 'slot'; slot: string } | { kind: 'identity'; need: IdentityNeed } | { kind: 'confirm' };

/** A flow in progress, as the case carries it (plain data, so it survives continue-as-new). */
export interface ActiveFlow {
  name: string;
  slots: Memory;
  awaiting: Awaiting | null;
  confirmed: boolean;
}

/** Who the customer must be for an action: the level is configured per action; an order id names the subject. */
export interface IdentityNeed {
  action: IdentityAction;
  orderId?: string;
}

export interface SlotSpec<S extends Memory> {
  name: keyof S & string;
  required: boolean;
  /** The value this message gives for the slot, if any; `awaited` names the slot the agent just asked for. */
  read(turn: Turn, awaited: string | null, slots: Readonly<S>): S[keyof S] | undefined;
  /** The question that asks for it. */
  ask(slots: Readonly<S>): Reply;
}

/** How act() left the flow: finished, or waiting for the customer with `awaiting` set. */
export type FlowOutcome = 'done' | 'waiting' | 'stopped';

export interface FlowDefinition<S extends Memory = Memory> {
  name: string;
  /** Intents that start this flow. */
  startsOn: readonly Intent[];
  /** A message with none of those intents still starts the flow when it carries one of these slots (a bare order number). */
  startsOnSlots?: readonly (keyof S & string)[];
  /** Slots in the order they are asked for. */
  form: readonly SlotSpec<S>[];
  /** Who the customer must be before act(); null when anyone may. */
  identity?(slots: Readonly<S>): IdentityNeed | null;
  /** A summary to confirm before acting; act() runs only after an explicit yes. Null while there is nothing to confirm yet. */
  confirm?(slots: Readonly<S>): Reply | null;
  /** The work, once the form is complete and identity and confirmation passed. */
  act(turn: Turn, flow: ActiveFlow & { slots: S }): Promise<FlowOutcome>;
}
