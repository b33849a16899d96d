// A maintenance reminder's case: the customer books a visit, snoozes ("remind me next week"), or says it is already done.
import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import type { OpenedTicket } from '../../../activities/manufacturing/devices';
import { durable } from '../../activity-proxies';
import { reminderAnsweredSignal, type ReminderAnswer } from '../../maintenance/messages';
import { reply } from '../../replies';
import { record, say, type Turn } from '../../turn';
import type { ActiveFlow, FlowDefinition, FlowOutcome } from '../flow';
import { pickOrdinal } from '../ordinals';

export const REMINDER_FLOW = 'maintenance_reminder';

export interface ReminderSlots {
  [slot: string]: string | undefined;
  outreachId?: string;
  serial?: string;
  model?: string;
  policyId?: string;
  taskEn?: string;
  taskZh?: string;
  snoozeMs?: string;
  answer?: string;
  /** The maintenance visit's ticket (JSON OpenedTicket) and the slot picked. */
  ticket?: string;
  visit?: string;
}

type ReminderFlow = ActiveFlow & { slots: ReminderSlots };

const ANSWERS: [RegExp, ReminderAnswer][] = [
  [/already|done it|did it|been done|已经|做过|保养过|换过|弄过|搞定/i, 'done'],
  [/remind|later|next week|not now|snooze|another time|下周|以后|稍后|晚点|过几天|再说|提醒/i, 'snooze'],
  [
    /\bbook|visit|appointment|schedule|technician|\byes\b|sure|ok(ay)?\b|预约|上门|安排|好的|可以|是的/i,
    'book',
  ],
];

export function readReminderAnswer(text: string): ReminderAnswer | undefined {
  return ANSWERS.find(([pattern]) => pattern.test(text))?.[1];
}

export const reminderFlow: FlowDefinition<ReminderSlots> = {
  name: REMINDER_FLOW,
  // Never started by a message: the maintenance outreach opens the case with it.
  startsOn: [],
  form: [
    {
      name: 'answer',
      required: false,
      read: (turn, awaited) => (awaited === 'answer' ? readReminderAnswer(turn.message.text) : undefined),
      ask: () => reply('mr_ask'),
    },
    {
      name: 'visit',
      required: false,
      read(turn, awaited, slots) {
        if (awaited !== 'visit' || !slots.ticket) return undefined;
        return pickOrdinal(turn.message.text, (JSON.parse(slots.ticket) as OpenedTicket).slots);
      },
      ask: (slots) => {
        const ticket = slots.ticket ? (JSON.parse(slots.ticket) as OpenedTicket) : null;
        return ticket ? reply('mr_pick_visit', { ...ticket }) : reply('mr_ask');
      },
    },
  ],
  act: (turn, flow) => (flow.slots.ticket ? bookVisit(turn, flow) : answerReminder(turn, flow)),
};

async function tellOutreach(turn: Turn, flow: ReminderFlow, answer: ReminderAnswer): Promise<void> {
  record(turn, { type: 'maintenance_answered', outreachId: flow.slots.outreachId ?? '', answer }, 'customer');
  try {
    await getExternalWorkflowHandle(flow.slots.outreachId ?? '').signal(reminderAnsweredSignal, {
      answer,
      caseId: turn.state.id,
    });
  } catch (err) {
    // An outreach that already ended (ignored, then answered late): the answer still counts in this case.
    log.warn('the maintenance outreach did not take the answer', {
      outreachId: flow.slots.outreachId,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

async function answerReminder(turn: Turn, flow: ReminderFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const answer = slots.answer as ReminderAnswer | undefined;
  delete slots.answer;
  if (answer === 'done') {
    await durable.recordMaintenanceDone({
      serial: slots.serial ?? '',
      policyId: slots.policyId ?? null,
      caseId: turn.state.id,
      source: 'customer',
    });
    await tellOutreach(turn, flow, 'done');
    say(turn, reply('mr_done'));
    return 'done';
  }
  if (answer === 'snooze') {
    await tellOutreach(turn, flow, 'snooze');
    const until = new Date(Date.parse(turn.now) + Number(slots.snoozeMs ?? 7 * 86_400_000)).toISOString();
    say(turn, reply('mr_snoozed', { until }));
    return 'done';
  }
  const ticket = await durable.openServiceTicket({
    caseId: turn.state.id,
    kind: 'maintenance',
    serial: slots.serial ?? null,
    model: slots.model ?? null,
    symptom: turn.state.locale === 'zh-CN' ? (slots.taskZh ?? null) : (slots.taskEn ?? null),
    trail: [],
  });
  slots.ticket = JSON.stringify(ticket);
  flow.awaiting = { kind: 'slot', slot: 'visit' };
  say(turn, reply('mr_pick_visit', { ticketId: ticket.ticketId, slots: ticket.slots }));
  return 'waiting';
}

async function bookVisit(turn: Turn, flow: ReminderFlow): Promise<FlowOutcome> {
  const ticket = JSON.parse(flow.slots.ticket ?? '{}') as OpenedTicket;
  const at = flow.slots.visit;
  delete flow.slots.visit;
  if (!at || !(await durable.bookServiceVisit({ ticketId: ticket.ticketId, at }))) {
    flow.awaiting = { kind: 'slot', slot: 'visit' };
    say(turn, reply('mr_pick_visit', { ...ticket }));
    return 'waiting';
  }
  await tellOutreach(turn, flow, 'book');
  record(turn, { type: 'visit_booked', ticketId: ticket.ticketId, at }, 'customer');
  say(turn, reply('mr_booked', { ticketId: ticket.ticketId, at }));
  delete flow.slots.ticket;
  flow.slots.visit = at;
  return 'done';
}
