// Small talk and fallbacks: greetings, thanks, goodbyes, and what to say when no flow fits.
import { reply } from '../replies';
import { moveTo, say, type Turn } from '../turn';
import { escalate } from './escalation';

/** After this many turns in a row the agent did not understand, a human takes over. */
const MISUNDERSTOOD_LIMIT = 3;

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
    if (turn.state.misunderstood >= MISUNDERSTOOD_LIMIT) return escalate(turn, 'repeated_failure');
    return say(turn, reply('clarify'));
  }
  // A task no flow handles yet: say so, and keep the intent for whoever handles it.
  turn.state.intent = intent;
  say(turn, reply('not_supported_yet'));
}
