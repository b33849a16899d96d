// Small talk and fallbacks: greetings, thanks, goodbyes, and what to say when no flow fits.
import { reply } from '../replies';
import { moveTo, say, type Turn } from '../turn';
import { policyOf } from '../humans/policy';
import { escalate } from './escalation';

export function smallTalk(turn: Turn): void {
  const { intent } = turn.understanding;
  if (intent === 'greeting') return say(turn, reply('greeting'));
  if (intent === 'thanks') return say(turn, reply('thanks'));
  if (intent === 'goodbye') {
    say(turn, reply('goodbye'));
    moveTo(turn, 'RESOLVED', 'customer said goodbye');
    return;
  }
  if (intent === 'unknown' || intent === 'provide_info' || intent === 'affirm' || intent === 'deny') {
    turn.state.misunderstood += 1;
    // After this many turns in a row the agent did not understand (KEFU_ESCALATION_MISUNDERSTOOD), a human takes over.
    if (turn.state.misunderstood >= policyOf(turn.state).misunderstoodLimit)
      return escalate(turn, 'repeated_failure');
    return say(turn, reply('clarify'));
  }
  // A task no flow handles yet: say so, and keep the intent for whoever handles it.
  turn.state.intent = intent;
  say(turn, reply('not_supported_yet'));
}
