// The order-number slot every order flow shares: a number the customer types, or a pick from the orders offered.
import { reply } from '../replies';
import type { Turn } from '../turn';
import type { SlotSpec } from './flow';
import { pickOrdinal } from './ordinals';

/** The order a message names: typed ("W1234567"), or picked from a numbered list when the agent just offered one. */
export function readOrderId(
  turn: Turn,
  awaited: string | null,
  choices: string[] | undefined,
): string | undefined {
  const typed = turn.understanding.entities.orderIds[0];
  if (typed) return typed;
  return awaited === 'orderId' && choices ? pickOrdinal(turn.message.text, choices) : undefined;
}

/** The `orderId` slot of a flow whose slots keep the offered order ids in `choices`. */
export function orderIdSlot<S extends { orderId?: string; choices?: string[] }>(): SlotSpec<S> {
  return {
    name: 'orderId',
    required: false,
    read: (turn, awaited, slots) => readOrderId(turn, awaited, slots.choices) as S[keyof S] | undefined,
    ask: () => reply('ask_order_id'),
  };
}
