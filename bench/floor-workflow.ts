// Bench-only: the cheapest workflow an Update can reach, so send-message.ts can measure Temporal's own floor.
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** Returns at once: its latency is the client → server → worker → server → client round trip and nothing else. */
export const pingUpdate = defineUpdate<void>('ping');

/** Ends the workflow, so the bench leaves nothing running behind it. */
export const stopSignal = defineSignal('stop');

export async function floorWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(pingUpdate, () => undefined);
  setHandler(stopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
}
