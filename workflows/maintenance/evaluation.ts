// The daily maintenance evaluation (run by a Temporal Schedule): finds due devices and starts one outreach per due event.
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  continueAsNew,
  log,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { KefuActivities } from '../../activities';
import { maintenanceOutreachWorkflow } from './outreach';

const acts = proxyActivities<KefuActivities>({
  // Ten thousand devices with a year of readings are evaluated a page at a time; a page takes well under this.
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 10 },
});

/** Devices per page: each page's query costs the same, whatever the size of the fleet. */
const PAGE = 500;

export interface EvaluationInput {
  /** Where a continued run picks up, and what the earlier runs did. */
  /** The last device evaluated. */
  after?: string | null;
  asOf?: string;
  started?: number;
  alreadyReached?: number;
}

export interface EvaluationResult {
  started: number;
  /** Due events whose outreach already exists (its workflow id was taken): never reached twice. */
  alreadyReached: number;
}

export async function maintenanceEvaluationWorkflow(input: EvaluationInput = {}): Promise<EvaluationResult> {
  const settings = await acts.maintenanceSettings();
  const asOf = input.asOf ?? new Date().toISOString();
  let after = input.after ?? null;
  let started = input.started ?? 0;
  let alreadyReached = input.alreadyReached ?? 0;
  for (;;) {
    const page = await acts.findDueMaintenance({ now: asOf, after, limit: PAGE });
    const starts = await Promise.allSettled(
      page.due.map((due) =>
        startChild(maintenanceOutreachWorkflow, {
          // Device, policy and due event: a second evaluation (or a retry) finds the id taken.
          workflowId: due.outreachId,
          args: [{ due, settings }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      ),
    );
    for (const s of starts) {
      if (s.status === 'fulfilled') started += 1;
      else if (s.reason instanceof WorkflowExecutionAlreadyStartedError) alreadyReached += 1;
      else throw s.reason;
    }
    if (!page.next) break;
    after = page.next;
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 10_000) {
      await continueAsNew<typeof maintenanceEvaluationWorkflow>({ after, asOf, started, alreadyReached });
    }
  }
  log.info('maintenance evaluated', { started, alreadyReached });
  return { started, alreadyReached };
}
