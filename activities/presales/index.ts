// Pre-sales and order changes: the shopping guide's catalogue (recommendations, comparisons, product facts) and changes to unshipped orders.
import type { Pool } from 'pg';
import type { LlmProvider } from '../nlu/types';
import type { Config } from '../platform/config';
import { createCatalogActivities } from './catalog';
import { createOrderChangeActivities } from './changes';
import { DEFAULT_PRESALES } from './settings';

export function createPresalesActivities(
  db: Pool,
  llm: LlmProvider,
  config: Partial<Pick<Config, 'presales'>>,
) {
  const settings = config.presales ?? DEFAULT_PRESALES;
  return {
    ...createCatalogActivities(db, llm, settings),
    ...createOrderChangeActivities(db, settings),
  };
}
