// Escalation: hand the case to the human team, keeping every slot for whoever picks it up.
import { say, type Turn } from '../turn';

export type EscalationReason = 'customer_request' | 'identity_failed' | 'angry_customer' | 'delivery_problem';

export function escalate(turn: Turn, reason: EscalationReason, options: { announce?: boolean } = {}): void {
  turn.state.status = 'ESCALATED';
  turn.state.pending = null;
  turn.state.slots.escalationReason = reason;
  if (options.announce ?? true) say(turn, 'escalated');
}
