// The human desk's side effects: supervisors hear of a case waiting past its pickup deadline, through the outbox.
import type { Pool } from 'pg';
import type { CaseView } from '../../workflows/state';
import { queueNotification } from '../notifications/outbox';
import type { Config } from '../platform/config';

export interface PickupBreach {
  caseId: string;
  /** The case as it stands, with its handover, so the supervisor reads everything in the message. */
  handover: CaseView;
}

export function createDeskActivities(db: Pool, humans: Config['humans']) {
  return {
    /** Idempotent per wait: one notification for each time the case joined the queue. */
    async notifySupervisors({ caseId, handover: view }: PickupBreach): Promise<{ id: string }> {
      const desk = view.desk;
      const waitingSince = desk?.queuedAt ?? view.updatedAt;
      const reason = desk?.escalationReason ?? 'unknown';
      return queueNotification(db, {
        key: `pickup-breach:${caseId}:${waitingSince}`,
        channel: 'email',
        recipient: humans.supervisorEmail,
        subject: `Case ${caseId} has waited for a human since ${waitingSince} / 工单等待人工超时`,
        body: [
          `Case ${caseId} (${view.channel}, ${view.locale}) has waited for a human past its pickup deadline.`,
          `Reason: ${reason}. Priority: ${desk?.priority ?? 0}. Callback offered to the customer.`,
          desk?.handover.summaryEn ?? '',
          desk?.handover.summaryZh ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
        caseId,
      });
    },
  };
}
