// The human desk of a case: who has it, its place in the queue, and the handover a human reads before answering.
import { ApplicationFailure } from '@temporalio/workflow';
import type { EscalationReason } from '../events';
import type { ActiveFlow } from '../flows/flow';
import { knownSlots, type CaseState } from '../state';
import type { CaseStatus, Emotion, Sentiment, VerifiedBy } from '../types';
import { policyOf, stronglyNegative } from './policy';

/** A staff member acting on a case, as the API key names them. */
export interface StaffRef {
  id: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
}

export interface Mood {
  emotion: Emotion;
  intensity: number;
  polarity: number;
}

export interface DeskState {
  assignee: StaffRef | null;
  /** When the case last joined the queue; the pickup timer and the queue order count from here. */
  queuedAt: string | null;
  escalationReason: EscalationReason | null;
  /** The customer's mood over their latest messages, oldest first. */
  moods: Mood[];
  /** Strongly negative customer messages in a row. */
  negativeStreak: number;
  /** The current wait ran past the pickup deadline: the customer was offered a callback. */
  slaBreached: boolean;
  /** Supervisors were told of the breach (kept apart so a notification is never lost to a restart). */
  supervisorsNotified: boolean;
  callbackRequested: boolean;
  notes: number;
}

/** What a human reads before answering, so they never ask again what the bot already knows. */
export interface Handover {
  intent: string | null;
  /** The flow in progress and what it waits for, e.g. "order_status: identity (contact)". */
  flows: string[];
  slots: Record<string, unknown>;
  verified: boolean;
  identityLevel: VerifiedBy | null;
  moods: Mood[];
  /** How the customer's mood moved over the latest messages. */
  moodTrend: 'better' | 'steady' | 'worse';
  escalationReason: EscalationReason | null;
  misunderstoodTurns: number;
  /** The same in a sentence each, for the console. */
  summaryEn: string;
  summaryZh: string;
}

/** The desk as the API sees it. */
export interface DeskView {
  assignee: StaffRef | null;
  queuedAt: string | null;
  priority: number;
  escalationReason: EscalationReason | null;
  slaBreached: boolean;
  callbackRequested: boolean;
  handover: Handover;
  /** Agent assist: what the human might say next, worded by the same machinery as the bot's replies. */
  suggestedReply: string | null;
}

const MOODS_KEPT = 6;

/** Failure types of refused desk actions; the API maps each to a GraphQL error code. */
export const DESK_REFUSALS = {
  CaseTaken: 'CONFLICT',
  NotYourCase: 'FORBIDDEN',
  NotWithHuman: 'BAD_USER_INPUT',
} as const;
export type DeskRefusal = keyof typeof DESK_REFUSALS;

export function refuse(message: string, type: DeskRefusal): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

export function deskOf(state: CaseState): DeskState {
  state.desk ??= {
    assignee: null,
    queuedAt: null,
    escalationReason: null,
    moods: [],
    negativeStreak: 0,
    slaBreached: false,
    supervisorsNotified: false,
    callbackRequested: false,
    notes: 0,
  };
  return state.desk;
}

/** Keeps the mood of each customer message, and the streak of strongly negative ones. */
export function noteMood(state: CaseState, sentiment: Sentiment): void {
  const desk = deskOf(state);
  desk.moods.push({
    emotion: sentiment.emotion,
    intensity: sentiment.intensity,
    polarity: sentiment.polarity,
  });
  if (desk.moods.length > MOODS_KEPT) desk.moods.splice(0, desk.moods.length - MOODS_KEPT);
  desk.negativeStreak = stronglyNegative(sentiment, policyOf(state)) ? desk.negativeStreak + 1 : 0;
}

/** The case joins the queue: a fresh wait, its own pickup deadline. */
export function enqueue(state: CaseState, reason: EscalationReason, at: string): void {
  const desk = deskOf(state);
  desk.queuedAt = at;
  desk.escalationReason = reason;
  desk.assignee = null;
  desk.slaBreached = false;
  desk.supervisorsNotified = false;
  desk.callbackRequested = false;
}

const REASON_WEIGHT: Record<EscalationReason, number> = {
  angry_customer: 3,
  negative_streak: 3,
  payment_failure: 3,
  high_risk: 3,
  safety_hazard: 4,
  identity_failed: 2,
  delivery_problem: 2,
  policy_exception: 2,
  customer_request: 1,
  repeated_failure: 1,
};

/**
 * Higher is served first: why it escalated, how upset the customer is now, a verified (known) customer, and a
 * missed pickup deadline. The queue adds waiting time on top (a point per configured pickup timeout waited).
 */
export function priorityOf(state: CaseState): number {
  const desk = deskOf(state);
  const mood = desk.moods.at(-1);
  const upset = mood && mood.polarity < 0 ? Math.round(mood.intensity * 3) : 0;
  return (
    (desk.escalationReason ? REASON_WEIGHT[desk.escalationReason] : 0) +
    upset +
    (state.customer.verified ? 1 : 0) +
    (desk.slaBreached ? 2 : 0)
  );
}

export function moodTrend(moods: Mood[]): Handover['moodTrend'] {
  if (moods.length < 2) return 'steady';
  const first = moods[0]!.polarity;
  const last = moods.at(-1)!.polarity;
  if (last - first > 0.2) return 'better';
  if (first - last > 0.2) return 'worse';
  return 'steady';
}

function describeFlow(flow: ActiveFlow): string {
  const a = flow.awaiting;
  if (!a) return flow.name;
  if (a.kind === 'slot') return `${flow.name}: ${a.slot}`;
  if (a.kind === 'identity') return `${flow.name}: identity (${a.need.action})`;
  return `${flow.name}: confirmation`;
}

const EMOTION_ZH: Record<Emotion, string> = {
  NEUTRAL: '平静',
  HAPPY: '满意',
  ANGRY: '愤怒',
  ANXIOUS: '焦虑',
  FRUSTRATED: '沮丧',
  SAD: '失落',
};

const REASON_ZH: Record<EscalationReason, string> = {
  customer_request: '客户要求人工',
  angry_customer: '客户非常愤怒',
  negative_streak: '客户连续表达强烈不满',
  repeated_failure: '机器人多次未能理解',
  identity_failed: '身份验证失败',
  delivery_problem: '配送异常',
  high_risk: '高风险请求',
  safety_hazard: '安全隐患（故障排查中止）',
  policy_exception: '超出政策范围',
  payment_failure: '退款或支付失败',
};

export function handoverOf(state: CaseState): Handover {
  const desk = deskOf(state);
  const slots = knownSlots(state);
  const flows = state.flows.map(describeFlow);
  const trend = moodTrend(desk.moods);
  const mood = desk.moods.at(-1);
  const known = Object.entries(slots)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`)
    .join(', ');
  const verified = state.customer.verified;
  const who = state.customer.name ?? null;
  const summaryEn = [
    `${who ? `${who}, ` : ''}${verified ? `verified (${state.identity.level ?? 'channel'})` : 'not verified'}.`,
    state.intent ? `About: ${state.intent}.` : 'Topic not known yet.',
    flows.length ? `In progress: ${flows.join('; ')}.` : '',
    known ? `Known: ${known}.` : '',
    desk.escalationReason ? `Escalated: ${desk.escalationReason.replaceAll('_', ' ')}.` : '',
    mood ? `Mood: ${mood.emotion.toLowerCase()} (${trend}).` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const trendZh = { better: '好转', steady: '平稳', worse: '变差' }[trend];
  const summaryZh = [
    `${who ? `${who}，` : ''}${verified ? `已验证（${state.identity.level ?? 'channel'}）` : '未验证'}。`,
    state.intent ? `问题：${state.intent}。` : '问题尚不明确。',
    flows.length ? `进行中：${flows.join('；')}。` : '',
    known ? `已知：${known}。` : '',
    desk.escalationReason ? `转人工原因：${REASON_ZH[desk.escalationReason]}。` : '',
    mood ? `情绪：${EMOTION_ZH[mood.emotion]}（${trendZh}）。` : '',
  ].join('');
  return {
    intent: state.intent,
    flows,
    slots,
    verified,
    identityLevel: state.identity.level,
    moods: [...desk.moods],
    moodTrend: trend,
    escalationReason: desk.escalationReason,
    misunderstoodTurns: state.misunderstood,
    summaryEn,
    summaryZh,
  };
}

/** Who may act on a case held by humans: its assignee; supervisors and admins on any case. */
export function assertMayAct(state: CaseState, agent: StaffRef, action: string): void {
  const desk = deskOf(state);
  if (state.status !== 'WITH_HUMAN')
    throw refuse(`${action}: case ${state.id} is not with a human (status ${state.status})`, 'NotWithHuman');
  if (desk.assignee?.id === agent.id || agent.role !== 'agent') return;
  throw refuse(
    `${action}: case ${state.id} is with ${desk.assignee?.name ?? 'another agent'}, not with you`,
    'NotYourCase',
  );
}

/** Statuses from which a human may take a case: waiting in the queue, or still with the bot. */
export function mayTakeOver(status: CaseStatus): boolean {
  return status !== 'CLOSED' && status !== 'WITH_HUMAN';
}
