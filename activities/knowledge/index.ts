// Knowledge activities for the case: answer a question from the knowledge base, or log the gap it reveals.
import type { Pool } from 'pg';
import { createOpenAiComposer } from '../nlu/openai';
import type { LlmProvider } from '../nlu/types';
import type { Config } from '../platform/config';
import { answerQuestion, type AnswerComposer, type AnswerRequest, type KnowledgeAnswer } from './answer';
import { reportGap } from './gaps';

export type { KnowledgeAnswer };

/** The offline provider answers extractively; a model writes answers from the passages when one is configured. */
export function createAnswerComposer(llm: Config['llm']): AnswerComposer | null {
  return llm.provider === 'openai' ? createOpenAiComposer(llm) : null;
}

export function createKnowledgeActivities(
  db: Pool,
  llm: LlmProvider,
  config: Pick<Config, 'knowledge' | 'llm'>,
  composer: AnswerComposer | null = createAnswerComposer(config.llm),
) {
  return {
    /**
     * Idempotent by message id: a retried call finds the same passages and counts the gap once. A question below
     * the threshold is logged as a gap when the case asks for it (questions, not chatter).
     */
    async answerQuestion(request: AnswerRequest & { logGap: boolean }): Promise<KnowledgeAnswer> {
      const answer = await answerQuestion(db, llm, composer, config.knowledge, request);
      if (answer.kind === 'answer' || !request.logGap) return answer;
      const gap = await reportGap(db, llm, config.knowledge, {
        question: request.question,
        locale: request.locale,
        caseId: request.caseId,
        messageId: request.messageId,
        reason: 'no_answer',
      });
      return { kind: 'unknown', gapId: gap.gapId };
    },
  };
}
