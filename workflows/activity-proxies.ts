// Activity proxies for case workflows: quick reads and wording run as local activities, side effects as regular ones.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { KefuActivities } from '../activities';

/**
 * Understanding, reading the store and wording replies: fast, no business side effect, retried in place.
 * A customer is waiting, so after a few seconds of failures the turn apologises instead of hanging on.
 */
export const quick = proxyLocalActivities<KefuActivities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '200ms', maximumInterval: '2s', maximumAttempts: 5 },
});

/** Writes (projections now; payments, labels and notifications later): their own retries and timeouts on the server. */
export const durable = proxyActivities<KefuActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});
