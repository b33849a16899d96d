// The satisfaction question asked when a return completes: a score from 1 to 5, stored with the case.
import { durable } from '../../activity-proxies';
import { reply } from '../../replies';
import { CSAT_FLOW } from '../../returns/progress';
import { record, say } from '../../turn';
import type { FlowDefinition } from '../flow';

export interface CsatSlots {
  [slot: string]: string | undefined;
  score?: string;
}

const WORDS: [RegExp, string][] = [
  [/非常满意|五星|满分|excellent|perfect/i, '5'],
  [/很不满意|一星|terrible|awful/i, '1'],
];

/** "5", "4 stars", "5分", "五星": the score, only when the question is open. */
function readScore(text: string): string | undefined {
  const digit = /^\s*([1-5])\s*(分|星|stars?|\/\s*5)?\s*[.!。！]?\s*$/i.exec(text);
  if (digit) return digit[1];
  return WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

export const csatFlow: FlowDefinition<CsatSlots> = {
  name: CSAT_FLOW,
  // Never started by a message: a completed return puts it on the case (returns/progress.ts).
  startsOn: [],
  form: [
    {
      name: 'score',
      required: true,
      read: (turn, awaited) => (awaited === 'score' ? readScore(turn.message.text) : undefined),
      ask: () => reply('csat_ask'),
    },
  ],
  async act(turn, flow) {
    const score = Number(flow.slots.score);
    await durable.recordCsat({ caseId: turn.state.id, score });
    record(turn, { type: 'csat_recorded', score }, 'customer');
    say(turn, reply('csat_thanks', { score }));
    return 'done';
  },
};
