// Bench-only probes: times each Kefu activity call and each Temporal update the API makes, without changing either.
import type { Client } from '@temporalio/client';

export interface ActivityCall {
  name: string;
  startedAt: number;
  ms: number;
}

export interface UpdateCall {
  workflowId: string;
  ms: number;
  /** The update's result (case view and replies) as JSON, in bytes. */
  bytes: number;
}

/** Where the probes put what they saw; `recording` off keeps long runs from piling up samples nobody reads. */
export class Probe {
  recording = false;
  activities: ActivityCall[] = [];
  updates: UpdateCall[] = [];

  clear(): void {
    this.activities = [];
    this.updates = [];
  }
}

/** The same activities, each call timed into `probe` (start and duration, so calls can be tied to a message). */
export function timeActivities<A extends object>(activities: A, probe: Probe): A {
  const timed: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    if (typeof fn !== 'function') {
      timed[name] = fn;
      continue;
    }
    timed[name] = async (...args: unknown[]) => {
      const startedAt = performance.now();
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        if (probe.recording) probe.activities.push({ name, startedAt, ms: performance.now() - startedAt });
      }
    };
  }
  return timed as A;
}

/**
 * Times every `executeUpdate` made through handles from `client.workflow.getHandle`, which is how the API sends a
 * message. The API runs in this process with this client, so its time outside the update is what is left over.
 */
export function timeUpdates(client: Client, probe: Probe): void {
  const workflows = client.workflow;
  const getHandle = workflows.getHandle.bind(workflows);
  workflows.getHandle = ((...args: Parameters<typeof getHandle>) => {
    const handle = getHandle(...args);
    const executeUpdate = handle.executeUpdate.bind(handle);
    handle.executeUpdate = (async (...updateArgs: Parameters<typeof executeUpdate>) => {
      const started = performance.now();
      const result = await executeUpdate(...updateArgs);
      if (probe.recording) {
        probe.updates.push({
          workflowId: handle.workflowId,
          ms: performance.now() - started,
          bytes: Buffer.byteLength(JSON.stringify(result) ?? ''),
        });
      }
      return result;
    }) as typeof handle.executeUpdate;
    return handle;
  }) as typeof workflows.getHandle;
}
