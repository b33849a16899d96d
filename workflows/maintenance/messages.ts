// Messages of a maintenance outreach: the customer's answer, sent by the reminder's case to the outreach that opened it.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export type ReminderAnswer = 'book' | 'snooze' | 'done';

export const reminderAnsweredSignal =
  defineSignal<[{ answer: ReminderAnswer; caseId: string }]>('reminderAnswered');

export type OutreachState = 'reminded' | 'followed_up' | 'snoozed' | 'booked' | 'done' | 'ignored';

export const outreachStateQuery = defineQuery<{ state: OutreachState; round: number }>('outreachState');
