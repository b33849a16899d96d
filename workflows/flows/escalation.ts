// Escalation: hand the case to the human team; every flow and slot stays for whoever picks it up.
import type { EscalationReason } from '../events';
import { reply } from '../replies';
import { moveTo, record, say, type Turn } from '../turn';

export function escalate(turn: Turn, reason: EscalationReason, options: { announce?: boolean } = {}): void {
  const actor = reason === 'customer_request' ? 'customer' : 'agent';
  if (!moveTo(turn, 'ESCALATED', reason, actor)) return;
  record(turn, { type: 'escalated', reason }, actor);
  if (options.announce ?? true) say(turn, reply('escalated'));
}

/** While the case waits for a human, the agent only acknowledges; the message stays in the transcript for them. */
export function holdForHuman(turn: Turn): void {
  record(turn, { type: 'message_held', messageId: turn.message.id }, 'system');
  if (turn.state.status === 'ESCALATED') say(turn, reply('held_for_human'));
}
