// The replies of understanding: asking which request the customer means, and taking two requests one after the other.
import type { Intent } from '../types';

export interface UnderstandingReplyParams {
  /** "Do you want to track the order or return it?": the likely requests, most likely first (one or two). */
  clarify_between: { options: Intent[] };
  /** Two requests in one message: both acknowledged, the first handled now. */
  both_requests: { first: Intent; then: Intent[] };
  /** The first request is done: on to the next one the customer asked for. */
  next_request: { intent: Intent };
}
