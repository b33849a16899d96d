// Returns, exchanges and cancellations: the store side, the label, and money moved exactly once.
import type { Pool } from 'pg';
import type { Config } from '../platform/config';
import { createPaymentActivities } from './payments';
import { createReturnStoreActivities } from './store';

export function createReturnActivities(db: Pool, config: Pick<Config, 'returns'>) {
  const { carrier, warehouse, stripeSecretKey, stripeApiBase } = config.returns;
  return {
    ...createReturnStoreActivities(db, { carrier, warehouse }),
    ...createPaymentActivities(db, { stripeSecretKey, stripeApiBase }),
  };
}
