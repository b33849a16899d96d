// The replies of the human desk: the wait for a human, a human joining and leaving, the callback offer.
export interface HumanReplyParams {
  /** Told when the case goes to the queue: a human is coming, and about how long it takes. */
  escalated_wait: { minutes: number };
  human_joined: { name: string };
  human_transferred: { name: string };
  handed_back: Record<string, never>;
  /** The pickup deadline passed: a callback, or keep waiting. */
  callback_offer: Record<string, never>;
  callback_noted: Record<string, never>;
  /** Agent assist when no flow is waiting on the customer. */
  assist_opening: { name: string | null; topic: string | null };
}
