// Every activity a case workflow can call, built from its dependencies (database, language model).
import type { Pool } from 'pg';
import { createProjectionActivities } from './cases/projection';
import { createOrderActivities } from './commerce/orders';
import { createUnderstandActivities } from './nlu/understand';
import type { LlmProvider } from './nlu/types';
import { composeReplies } from './replies/compose';

export interface ActivityDependencies {
  db: Pool;
  llm: LlmProvider;
}

export function createActivities({ db, llm }: ActivityDependencies) {
  return {
    ...createUnderstandActivities(db, llm),
    ...createOrderActivities(db),
    ...createProjectionActivities(db),
    async composeReplies(...args: Parameters<typeof composeReplies>): Promise<string[]> {
      return composeReplies(...args);
    },
  };
}

export type KefuActivities = ReturnType<typeof createActivities>;
