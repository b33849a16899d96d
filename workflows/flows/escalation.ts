// Escalation: hand the case to the human team; every flow and slot stays for whoever picks it up.
import type { EscalationReason } from '../events';
import { deskOf, enqueue } from '../humans/desk';
import { policyOf } from '../humans/policy';
import { reply } from '../replies';
import { moveTo, record, say, type Turn } from '../turn';

/** "call me back", "回电": what a customer says to take the callback offered after a missed pickup. */
const CALLBACK = /\b(call ?back|call me( back)?|phone me|ring me)\b|回电|回拨|给我打电话|打电话给我/i;

export function escalate(turn: Turn, reason: EscalationReason, options: { announce?: boolean } = {}): void {
  const actor = reason === 'customer_request' ? 'customer' : 'agent';
  if (!moveTo(turn, 'ESCALATED', reason, actor)) return;
  record(turn, { type: 'escalated', reason }, actor);
  enqueue(turn.state, reason, turn.now);
  const minutes = Math.max(1, Math.ceil(policyOf(turn.state).pickupTimeoutMs / 60_000));
  if (options.announce ?? true) say(turn, reply('escalated_wait', { minutes }));
}

/** While the case waits for a human, the agent only acknowledges; the message stays in the transcript for them. */
export function holdForHuman(turn: Turn): void {
  record(turn, { type: 'message_held', messageId: turn.message.id }, 'system');
  if (turn.state.status !== 'ESCALATED') return;
  const desk = deskOf(turn.state);
  if (desk.slaBreached && !desk.callbackRequested && CALLBACK.test(turn.message.text)) {
    desk.callbackRequested = true;
    record(turn, { type: 'callback_requested', messageId: turn.message.id }, 'customer');
    return say(turn, reply('callback_noted'));
  }
  say(turn, reply('held_for_human'));
}
