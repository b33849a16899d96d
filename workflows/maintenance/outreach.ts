// One maintenance outreach per device and due event: a reminder case, one follow-up if unanswered, a snooze, then its end.
import {
  ParentClosePolicy,
  condition,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
} from '@temporalio/workflow';
import type { KefuActivities } from '../../activities';
import type { DueMaintenance, OutreachSettings } from '../../activities/manufacturing/maintenance';
import { caseWorkflow } from '../case';
import { reply } from '../replies';
import type { CaseWorkflowInput } from '../state';
import { REMINDER_FLOW } from '../flows/maintenance/flow';
import {
  outreachStateQuery,
  reminderAnsweredSignal,
  type OutreachState,
  type ReminderAnswer,
} from './messages';

const acts = proxyActivities<KefuActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

/** A customer who snoozes again and again still gets an end. */
const MAX_ROUNDS = 6;

export interface OutreachInput {
  due: DueMaintenance;
  settings: OutreachSettings;
}

export async function maintenanceOutreachWorkflow({ due, settings }: OutreachInput): Promise<OutreachState> {
  let answer: ReminderAnswer | null = null;
  let state: OutreachState = 'reminded';
  let round = 0;
  setHandler(reminderAnsweredSignal, (signal) => {
    answer ??= signal.answer;
  });
  setHandler(outreachStateQuery, () => ({ state, round }));

  const settle = async (to: OutreachState) => {
    state = to;
    await acts.markOutreach({ outreachId: due.outreachId, status: to === 'reminded' ? 'sent' : to });
  };

  while (round < MAX_ROUNDS) {
    round += 1;
    answer = null;
    const contact = await acts.prepareOutreach({ due, round });
    const input: CaseWorkflowInput = {
      caseId: contact.caseId,
      channel: contact.email ? 'EMAIL' : 'SMS',
      locale: contact.locale,
      customer: {
        id: due.customerId,
        name: contact.name,
        ...(contact.email ? { email: contact.email } : {}),
        ...(contact.phone ? { phone: contact.phone } : {}),
        locale: contact.locale,
        // The reminder reached the contact on file, and only its link opens the case.
        verified: true,
        verifiedBy: 'channel',
      },
      settings: settings.caseSettings,
      opening: {
        flow: REMINDER_FLOW,
        awaiting: 'answer',
        slots: {
          outreachId: due.outreachId,
          serial: due.serial,
          model: due.model,
          policyId: due.policyId,
          taskEn: due.task.en,
          taskZh: due.task.zh,
          snoozeMs: String(settings.snoozeMs),
        },
        say: [reply('mr_reminder', { model: due.model, serial: due.serial, task: due.task })],
      },
    };
    await startChild(caseWorkflow, {
      workflowId: contact.caseId,
      args: [input],
      // The case goes on after the outreach ends, and closes by itself when left unanswered.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    await acts.notifyOutreach({ due, round, contact, kind: 'reminder' });
    await settle('reminded');
    if (!(await condition(() => answer !== null, settings.followUpAfterMs))) {
      await acts.notifyOutreach({ due, round, contact, kind: 'follow_up' });
      await settle('followed_up');
      if (!(await condition(() => answer !== null, settings.closeAfterMs))) {
        await settle('ignored');
        return state;
      }
    }
    if (answer !== 'snooze') {
      await settle(answer === 'book' ? 'booked' : 'done');
      return state;
    }
    await settle('snoozed');
    await sleep(settings.snoozeMs);
  }
  await settle('ignored');
  return state;
}
