// Guided troubleshooting: which device, what symptom, then the matching tree one step per message, to a fix, a visit or a human.
import type { DeviceInfo, OpenedTicket, TrailEntry } from '../../../activities/manufacturing/devices';
import {
  isLeaf,
  type TreeNode,
  type TreeStep,
  type TroubleshootingTree,
} from '../../../activities/manufacturing/tree-types';
import { durable, quick } from '../../activity-proxies';
import { reply } from '../../replies';
import { record, say, type Turn } from '../../turn';
import { escalate } from '../escalation';
import type { ActiveFlow, FlowDefinition, FlowOutcome } from '../flow';
import { pickOrdinal } from '../ordinals';
import { expectedKinds, readAnswer, safetyWords } from './answers';
import { MANUAL_WORDS, productOf, readModel, readScore } from './read';

export const TROUBLESHOOTING_FLOW = 'troubleshooting';

export interface TroubleshootingSlots {
  [slot: string]: string | string[] | undefined;
  /** The device's serial, or "-" when the customer does not know it. */
  serial?: string;
  model?: string;
  /** A product category named in words ("洗碗机" → dishwashers), to pick a device or a tree. */
  product?: string;
  symptom?: string;
  /** A tree exists for the symptom (checked before the device is asked for). */
  treeFound?: string;
  /** The customer's registered devices offered to pick from (JSON DeviceInfo[]). */
  devices?: string;
  /** The tree as loaded when the case started it (JSON): pinned, so later edits never change this case. */
  tree?: string;
  treeId?: string;
  treeVersion?: string;
  step?: string;
  /** The customer's latest answer to the step; consumed as soon as it is read. */
  answer?: string;
  /** Steps and answers so far, each a JSON TrailEntry. */
  trail?: string[];
  csat?: string;
  /** The service ticket opened for a technician (JSON OpenedTicket), and the visit picked. */
  ticket?: string;
  visit?: string;
}

type TroubleshootingFlow = ActiveFlow & { slots: TroubleshootingSlots };

const parse = <T>(json: string | undefined): T | undefined => (json ? (JSON.parse(json) as T) : undefined);
const lang = (turn: Turn): 'en' | 'zh' => (turn.state.locale === 'zh-CN' ? 'zh' : 'en');

/** While a step, the score or the visit is asked, the message is that answer and nothing else. */
const ANSWERING = new Set(['answer', 'csat', 'visit']);

export const troubleshootingFlow: FlowDefinition<TroubleshootingSlots> = {
  name: TROUBLESHOOTING_FLOW,
  startsOn: ['troubleshooting'],
  form: [
    {
      name: 'serial',
      required: false,
      read(turn, awaited, slots) {
        if (awaited && ANSWERING.has(awaited)) return undefined;
        const typed = turn.understanding.entities.serialNumbers[0];
        if (typed) return typed.toUpperCase();
        if (awaited !== 'serial') return undefined;
        const offered = parse<DeviceInfo[]>(slots.devices) ?? [];
        const picked = pickOrdinal(turn.message.text, offered);
        if (picked) return picked.serial;
        const named = offered.filter((d) => turn.message.text.toLowerCase().includes(d.model.toLowerCase()));
        if (named.length === 1) return named[0]?.serial;
        if (/don'?t know|not sure|no idea|can'?t find|不知道|找不到|不清楚/i.test(turn.message.text))
          return '-';
        return undefined;
      },
      ask: (slots) => reply('ts_ask_device', { devices: parse<DeviceInfo[]>(slots.devices) ?? [] }),
    },
    {
      name: 'model',
      required: false,
      read(turn, awaited, slots) {
        if (awaited !== 'serial' && awaited !== 'model') return undefined;
        if (slots.devices && awaited === 'serial') return undefined;
        return readModel(turn.message.text);
      },
      ask: () => reply('ts_ask_device', { devices: [] }),
    },
    {
      name: 'product',
      required: false,
      read(turn, awaited) {
        if (awaited && ANSWERING.has(awaited)) return undefined;
        return productOf(turn.message.text);
      },
      ask: () => reply('ts_ask_device', { devices: [] }),
    },
    {
      name: 'symptom',
      required: false,
      read(turn, awaited, slots) {
        if (awaited === 'symptom') return turn.message.text;
        if (awaited || slots.tree) return undefined;
        return turn.understanding.intent === 'troubleshooting' ? turn.message.text : undefined;
      },
      ask: (slots) => reply('ts_ask_symptom', { model: slots.model ?? null }),
    },
    {
      name: 'answer',
      required: false,
      read: (turn, awaited) => (awaited === 'answer' ? turn.message.text : undefined),
      ask: () => reply('ts_answer_unclear', { expects: [] }),
    },
    {
      name: 'csat',
      required: false,
      read: (turn, awaited) => (awaited === 'csat' ? readScore(turn.message.text) : undefined),
      ask: () => reply('ts_csat_ask', {}),
    },
    {
      name: 'visit',
      required: false,
      read(turn, awaited, slots) {
        if (awaited !== 'visit') return undefined;
        return pickOrdinal(turn.message.text, parse<OpenedTicket>(slots.ticket)?.slots ?? []);
      },
      ask: (slots) => reply('ts_pick_visit', { slots: parse<OpenedTicket>(slots.ticket)?.slots ?? [] }),
    },
  ],
  act: (turn, flow) => (flow.slots.tree ? continueTree(turn, flow) : findTheFault(turn, flow)),
};

function waitFor(
  turn: Turn,
  flow: TroubleshootingFlow,
  slot: string,
  ...replies: Parameters<typeof say>[1][]
) {
  flow.awaiting = { kind: 'slot', slot };
  say(turn, ...replies);
  return 'waiting' as const;
}

/** Device, symptom and tree; then the first step. Anything missing is asked for, one question at a time. */
async function findTheFault(turn: Turn, flow: TroubleshootingFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const danger = safetyWords(slots.symptom ?? '');
  if (danger) return stopForSafety(turn, flow, danger);
  // A question no tree covers ("how do I clean the filter?") is answered from the manual at once: the device is
  // asked for only when a tree will use it.
  if (slots.symptom && !slots.treeFound) {
    const probe = await quick.findTroubleshootingTree({ symptom: slots.symptom, model: null, product: null });
    if (!probe) return answerFromManual(turn, flow);
    slots.treeFound = probe.id;
  }

  if (!slots.serial && !slots.model) {
    const customer = turn.state.identity.customer;
    const devices = customer ? await quick.listCustomerDevices({ customerId: customer.id }) : [];
    const fitting = devices.filter((d) => !slots.product || productOf(d.model) === slots.product);
    const candidates = fitting.length > 0 ? fitting : devices;
    if (candidates.length === 1 && candidates[0]) {
      slots.serial = candidates[0].serial;
      slots.model = candidates[0].model;
    } else {
      if (candidates.length > 1) slots.devices = JSON.stringify(candidates.slice(0, 5));
      return waitFor(turn, flow, 'serial', reply('ts_ask_device', { devices: candidates.slice(0, 5) }));
    }
  }
  if (slots.serial && slots.serial !== '-' && !slots.model) {
    const device = await quick.findDevice({ serial: slots.serial });
    if (device) slots.model = device.model;
    else return waitFor(turn, flow, 'model', reply('ts_device_unknown', { serial: slots.serial }));
  }
  if (!slots.serial && slots.model) slots.serial = '-';
  if (!slots.model && slots.serial === '-')
    return waitFor(turn, flow, 'model', reply('ts_ask_device', { devices: [] }));
  if (!slots.symptom)
    return waitFor(turn, flow, 'symptom', reply('ts_ask_symptom', { model: slots.model ?? null }));
  delete slots.devices;

  const product = slots.product ?? productOf(slots.model ?? '');
  const tree = await quick.findTroubleshootingTree({
    symptom: slots.symptom,
    model: slots.model ?? null,
    product: product ?? null,
  });
  if (!tree) return answerFromManual(turn, flow);

  slots.tree = JSON.stringify(tree);
  slots.treeId = tree.id;
  slots.treeVersion = String(tree.version);
  slots.step = tree.start;
  slots.trail = [];
  record(turn, {
    type: 'troubleshooting_started',
    treeId: tree.id,
    version: tree.version,
    serial: slots.serial === '-' ? null : (slots.serial ?? null),
  });
  say(turn, reply('ts_start', { title: tree.title, model: slots.model ?? null }));
  return showStep(turn, flow, tree, tree.start);
}

/** No tree for this symptom: the manual's passages from the knowledge base, with their source. */
async function answerFromManual(turn: Turn, flow: TroubleshootingFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const product = slots.product ?? productOf(slots.symptom ?? '');
  const found = await quick.answerQuestion({
    caseId: turn.state.id,
    messageId: turn.message.id,
    question: [slots.symptom, slots.model ?? MANUAL_WORDS[product ?? '']?.[lang(turn)]]
      .filter(Boolean)
      .join(' '),
    locale: turn.state.locale,
    logGap: true,
  });
  record(turn, { type: 'troubleshooting_ended', outcome: 'knowledge' });
  if (found.kind === 'unknown') {
    say(turn, reply('knowledge_unknown'));
    return 'done';
  }
  say(turn, reply('ts_no_tree', { model: slots.model ?? null }));
  say(turn, { kind: 'text', text: found.text, sources: found.sources });
  return 'done';
}

function nodeOf(tree: TroubleshootingTree, id: string): TreeNode | undefined {
  return tree.steps.find((s) => s.id === id);
}

/** Steps given so far, counting this one: the number the customer sees. */
function stepNumber(flow: TroubleshootingFlow): number {
  const trail = flow.slots.trail ?? [];
  const given = new Set(trail.map((t) => (JSON.parse(t) as TrailEntry).step));
  given.add(flow.slots.step ?? '');
  return given.size;
}

async function showStep(
  turn: Turn,
  flow: TroubleshootingFlow,
  tree: TroubleshootingTree,
  id: string,
): Promise<FlowOutcome> {
  const node = nodeOf(tree, id);
  if (!node) return endWithOutcome(turn, flow, tree, id === 'resolved' ? 'resolved' : 'technician', null);
  if (isLeaf(node)) return endWithOutcome(turn, flow, tree, node.outcome, node.say ?? null);
  flow.slots.step = id;
  return waitFor(turn, flow, 'answer', stepReply(flow, node));
}

function stepReply(flow: TroubleshootingFlow, step: TreeStep) {
  return reply('ts_step', { number: stepNumber(flow), say: step.say, warning: step.warning ?? null });
}

function addToTrail(
  turn: Turn,
  flow: TroubleshootingFlow,
  step: TreeStep | null,
  answer: string,
  reading: string,
) {
  const entry: TrailEntry = {
    step: step?.id ?? flow.slots.step ?? '',
    instruction: step ? step.say[lang(turn)] : '',
    answer,
    reading,
    at: turn.now,
  };
  flow.slots.trail = [...(flow.slots.trail ?? []), JSON.stringify(entry)];
  record(
    turn,
    {
      type: 'troubleshooting_step',
      treeId: flow.slots.treeId ?? '',
      version: Number(flow.slots.treeVersion),
      step: entry.step,
      reading,
    },
    'customer',
  );
}

const trailOf = (flow: TroubleshootingFlow): TrailEntry[] =>
  (flow.slots.trail ?? []).map((t) => JSON.parse(t) as TrailEntry);

/** The customer answered a step, gave a score, or picked a visit. */
async function continueTree(turn: Turn, flow: TroubleshootingFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  const tree = parse<TroubleshootingTree>(slots.tree);
  if (!tree) return 'done';
  if (slots.csat) return thankForScore(turn, flow);
  if (slots.ticket) return bookVisit(turn, flow, tree);
  const step = nodeOf(tree, slots.step ?? '');
  const answer = slots.answer;
  delete slots.answer;
  if (!step || isLeaf(step) || answer === undefined)
    return showStep(turn, flow, tree, slots.step ?? tree.start);

  const reading = readAnswer(answer, turn.understanding.intent, step, tree);
  switch (reading.kind) {
    case 'safety':
      addToTrail(turn, flow, step, answer, 'safety');
      return stopForSafety(turn, flow, reading.words);
    case 'repeat':
      return waitFor(turn, flow, 'answer', stepReply(flow, step));
    case 'question':
      addToTrail(turn, flow, step, answer, 'question');
      await explain(turn, flow, tree, answer);
      return waitFor(
        turn,
        flow,
        'answer',
        reply('ts_back_to_step', { number: stepNumber(flow) }),
        stepReply(flow, step),
      );
    case 'unclear':
      return waitFor(turn, flow, 'answer', reply('ts_answer_unclear', { expects: expectedKinds(step) }));
    case 'answer':
      addToTrail(turn, flow, step, answer, reading.reading);
      return showStep(turn, flow, tree, reading.next);
  }
}

/** "What's the filter?": the knowledge base explains, about this device. */
async function explain(turn: Turn, flow: TroubleshootingFlow, tree: TroubleshootingTree, question: string) {
  const found = await quick.answerQuestion({
    caseId: turn.state.id,
    messageId: turn.message.id,
    question: `${question} ${flow.slots.model ?? tree.title[lang(turn)]}`,
    locale: turn.state.locale,
    logGap: true,
  });
  if (found.kind === 'unknown') say(turn, reply('knowledge_unknown'));
  else say(turn, { kind: 'text', text: found.text, sources: found.sources });
}

function session(
  turn: Turn,
  flow: TroubleshootingFlow,
  outcome: 'resolved' | 'technician' | 'safety' | null,
) {
  const slots = flow.slots;
  return {
    caseId: turn.state.id,
    treeId: slots.treeId ?? null,
    treeVersion: slots.treeVersion ? Number(slots.treeVersion) : null,
    serial: slots.serial && slots.serial !== '-' ? slots.serial : null,
    model: slots.model ?? null,
    symptom: slots.symptom ?? null,
    trail: trailOf(flow),
    outcome,
  };
}

async function endWithOutcome(
  turn: Turn,
  flow: TroubleshootingFlow,
  tree: TroubleshootingTree,
  outcome: 'resolved' | 'technician',
  words: TroubleshootingTree['title'] | null,
): Promise<FlowOutcome> {
  if (words) say(turn, reply('ts_leaf', { say: words }));
  if (outcome === 'resolved') {
    if (!words) say(turn, reply('ts_resolved', {}));
    await durable.recordTroubleshooting(session(turn, flow, 'resolved'));
    record(turn, { type: 'troubleshooting_ended', outcome: 'resolved' });
    return waitFor(turn, flow, 'csat', reply('ts_csat_ask', {}));
  }
  const slots = flow.slots;
  await durable.recordTroubleshooting(session(turn, flow, 'technician'));
  const ticket = await durable.openServiceTicket({
    caseId: turn.state.id,
    kind: 'repair',
    serial: slots.serial && slots.serial !== '-' ? slots.serial : null,
    model: slots.model ?? null,
    symptom: slots.symptom ?? null,
    treeId: tree.id,
    treeVersion: tree.version,
    trail: trailOf(flow),
  });
  record(turn, { type: 'troubleshooting_ended', outcome: 'technician', ticketId: ticket.ticketId });
  if (ticket.slots.length === 0) {
    say(turn, reply('ts_no_slots', { ticketId: ticket.ticketId }));
    return finish(flow);
  }
  slots.ticket = JSON.stringify(ticket);
  return waitFor(turn, flow, 'visit', reply('ts_technician', { ...ticket }));
}

async function bookVisit(
  turn: Turn,
  flow: TroubleshootingFlow,
  tree: TroubleshootingTree,
): Promise<FlowOutcome> {
  const ticket = parse<OpenedTicket>(flow.slots.ticket);
  const at = flow.slots.visit;
  delete flow.slots.visit;
  if (!ticket) return 'done';
  if (!at) return waitFor(turn, flow, 'visit', reply('ts_pick_visit', { slots: ticket.slots }));
  const booked = await durable.bookServiceVisit({ ticketId: ticket.ticketId, at });
  if (!booked) {
    const fresh = await durable.openServiceTicket({
      caseId: turn.state.id,
      kind: 'repair',
      serial: null,
      model: null,
      symptom: null,
      treeId: tree.id,
      treeVersion: tree.version,
      trail: trailOf(flow),
    });
    flow.slots.ticket = JSON.stringify(fresh);
    return waitFor(turn, flow, 'visit', reply('ts_visit_taken', { slots: fresh.slots }));
  }
  record(turn, { type: 'visit_booked', ticketId: ticket.ticketId, at }, 'customer');
  say(turn, reply('ts_visit_booked', { ticketId: ticket.ticketId, at }));
  flow.slots.visit = at;
  return finish(flow);
}

async function thankForScore(turn: Turn, flow: TroubleshootingFlow): Promise<FlowOutcome> {
  const score = Number(flow.slots.csat);
  await durable.recordTroubleshooting({ ...session(turn, flow, null), csat: score });
  record(turn, { type: 'troubleshooting_rated', score }, 'customer');
  say(turn, reply('ts_csat_thanks', { score }));
  return finish(flow);
}

/** Stops at once: the customer is told how to stay safe, and a human takes over with the reason recorded. */
async function stopForSafety(turn: Turn, flow: TroubleshootingFlow, words: string): Promise<FlowOutcome> {
  record(turn, { type: 'safety_stop', step: flow.slots.step ?? null, words }, 'customer');
  say(turn, reply('ts_safety_stop', { words }));
  await durable.recordTroubleshooting(session(turn, flow, 'safety'));
  escalate(turn, 'safety_hazard');
  flow.awaiting = null;
  return 'stopped';
}

/** The case keeps the trail and the pinned version, not the whole tree document. */
function finish(flow: TroubleshootingFlow): FlowOutcome {
  delete flow.slots.tree;
  delete flow.slots.devices;
  delete flow.slots.ticket;
  return 'done';
}
