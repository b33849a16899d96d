// Every activity a case workflow can call, built from its dependencies (database, language model, settings).
import type { Pool } from 'pg';
import { createRecordActivities } from './cases/records';
import { createDeskActivities } from './humans/desk';
import { createOrderActivities } from './commerce/orders';
import { createIdentityActivities } from './identity/gate';
import { createKnowledgeActivities } from './knowledge';
import { createNotificationActivities } from './notifications/outbox';
import { createUnderstandActivities } from './nlu/understand';
import { createReturnActivities } from './returns';
import { createManufacturingActivities } from './manufacturing';
import { createPresalesActivities } from './presales';
import type { LlmProvider } from './nlu/types';
import type { Config } from './platform/config';

export interface ActivityDependencies {
  db: Pool;
  llm: LlmProvider;
  config: Pick<Config, 'identity' | 'humans' | 'knowledge' | 'llm' | 'returns' | 'manufacturing' | 'cases'> &
    Partial<Pick<Config, 'presales'>>;
}

export function createActivities({ db, llm, config }: ActivityDependencies) {
  return {
    ...createUnderstandActivities(db, llm),
    ...createOrderActivities(db),
    ...createIdentityActivities(db, config.identity),
    ...createNotificationActivities(db),
    ...createRecordActivities(db),
    ...createDeskActivities(db, config.humans),
    ...createKnowledgeActivities(db, llm, config),
    ...createReturnActivities(db, config),
    ...createManufacturingActivities(db, config),
    ...createPresalesActivities(db, llm, config),
  };
}

export type KefuActivities = ReturnType<typeof createActivities>;
