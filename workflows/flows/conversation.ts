// Small talk and fallbacks: greetings, thanks, goodbyes, and what to say when no flow fits.
import { say, setStatus, type Turn } from '../turn';

export function greet(turn: Turn): void {
  say(turn, 'greeting');
}

export function thank(turn: Turn): void {
  say(turn, 'thanks');
}

export function farewell(turn: Turn): void {
  say(turn, 'goodbye');
  turn.state.pending = null;
  setStatus(turn, 'RESOLVED');
}

export function notSupportedYet(turn: Turn): void {
  turn.state.intent = turn.understanding.intent;
  say(turn, 'not_supported_yet');
}

export function clarify(turn: Turn): void {
  say(turn, 'clarify');
}
