// Activity proxies for case workflows: quick reads and wording run as local activities, side effects as regular ones.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { KefuActivities } from '../activities';

/**
 * Understanding, reading the store, the identity checks (idempotent by message id) and wording replies: fast and
 * retried in place. A customer is waiting, so after a few seconds of failures the turn apologises instead.
 */
export const quick = proxyLocalActivities<KefuActivities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '200ms', maximumInterval: '2s', maximumAttempts: 5 },
});

/**
 * Writing the transcript, events and projection: retried with backoff, but a bounded number of times, so a write that
 * keeps failing returns to the case (which tries again later) instead of holding it.
 */
export const durable = proxyActivities<KefuActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 6 },
});
