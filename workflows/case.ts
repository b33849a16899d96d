// The case workflow: one per customer case, alive from the first message until it closes, answering each message in turn.
import {
  ApplicationFailure,
  TemporalFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { respond } from './agent';
import { durable, quick } from './activity-proxies';
import {
  closeCaseUpdate,
  getCaseQuery,
  type MessageRefusal,
  openCaseUpdate,
  sendMessageUpdate,
  type SendMessageInput,
  type SendMessageResult,
} from './messages';
import type { ReplyIntent } from './replies';
import { caseChannelKey, caseCustomerIdKey, caseIntentKey, caseStatusKey } from './search-attributes';
import {
  appendMessage,
  closesWhenIdle,
  newCaseState,
  previousAnswer,
  rememberAnswer,
  toView,
  touch,
  type CaseState,
  type CaseWorkflowInput,
} from './state';
import type { Turn } from './turn';
import type { CaseMessage } from './types';

/** Far beyond any real chat message; the API enforces the configured, smaller limit. */
const HARD_MESSAGE_LIMIT = 20_000;

export interface CaseOutcome {
  caseId: string;
  status: 'CLOSED';
  messages: number;
}

const now = (): string => new Date().toISOString();

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const state: CaseState = input.resume ?? newCaseState(input, now());
  let projectedVersion = -1;
  let lastActivity = 0;
  let turnInProgress = false;
  let closeRequested: string | null = null;
  const inFlight = new Set<string>();

  let welcomed = Boolean(input.resume);
  const isClosed = () => state.status === 'CLOSED';

  setHandler(getCaseQuery, () => toView(state));

  setHandler(openCaseUpdate, async () => {
    await condition(() => welcomed);
    return toView(state);
  });

  setHandler(
    sendMessageUpdate,
    async ({ messageId, text }: SendMessageInput): Promise<SendMessageResult> => {
      // A retried message waits for its first delivery and gets the same replies.
      await condition(() => !inFlight.has(messageId));
      const earlier = previousAnswer(state, messageId);
      if (earlier) return { replies: earlier, case: toView(state) };
      inFlight.add(messageId);
      try {
        const replies = await exclusive(() => answer(messageId, text.trim()));
        lastActivity += 1;
        return { replies, case: toView(state) };
      } finally {
        inFlight.delete(messageId);
      }
    },
    {
      validator: ({ messageId, text }: SendMessageInput) => {
        const refuse = (message: string, type: MessageRefusal) =>
          ApplicationFailure.nonRetryable(message, type);
        if (typeof messageId !== 'string' || messageId.length === 0) {
          throw refuse('messageId is required', 'InvalidMessageId');
        }
        if (typeof text !== 'string' || text.trim().length === 0)
          throw refuse('must not be empty', 'InvalidText');
        if (text.length > HARD_MESSAGE_LIMIT) {
          throw refuse(`must be at most ${HARD_MESSAGE_LIMIT} characters`, 'InvalidText');
        }
        if (state.status === 'CLOSED' || closeRequested !== null) {
          if (state.answered[messageId]) return;
          throw refuse(`case ${state.id} is closed`, 'CaseClosed');
        }
      },
    },
  );

  setHandler(closeCaseUpdate, async ({ reason }) => {
    if (!isClosed()) closeRequested ??= reason || 'closed';
    await condition(isClosed);
    return toView(state);
  });

  /** Messages, the welcome and the goodbye take turns, in the order they came. */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !turnInProgress);
    turnInProgress = true;
    try {
      return await fn();
    } finally {
      turnInProgress = false;
    }
  }

  async function close(goodbye: 'case_closed' | 'inactivity_close'): Promise<void> {
    await exclusive(async () => {
      if (closeRequested) state.slots.closeReason = closeRequested;
      await speak([{ key: goodbye }]);
      state.status = 'CLOSED';
      touch(state, now());
    });
  }

  async function answer(messageId: string, text: string): Promise<CaseMessage[]> {
    appendMessage(state, 'CUSTOMER', text, now());
    if (state.status === 'WITH_HUMAN') {
      // A human has the case: the agent stays quiet and the human sees the message.
      rememberAnswer(state, messageId, []);
      return [];
    }
    let intents: ReplyIntent[];
    try {
      const understanding = await quick.understand({ text, now: now(), localeHint: state.locale });
      state.locale = understanding.language;
      state.sentiment = understanding.sentiment;
      const turn: Turn = { state, understanding, replies: [] };
      await respond(turn);
      intents = turn.replies;
    } catch (err) {
      // A store or model that stays down must not leave the message unanswered (or answered twice on retry).
      // Local activities surface their last failure as it is; plain errors (bugs) still fail the task.
      if (!(err instanceof TemporalFailure)) throw err;
      log.warn('turn failed; apologising', { caseId: state.id, error: err.message });
      intents = [{ key: 'temporary_problem' }];
    }
    const replies = await speak(intents);
    rememberAnswer(
      state,
      messageId,
      replies.map((r) => r.id),
    );
    return replies;
  }

  async function speak(intents: ReplyIntent[]): Promise<CaseMessage[]> {
    if (intents.length === 0) return [];
    const texts = await quick.composeReplies({
      locale: state.locale,
      sentiment: state.sentiment,
      replies: intents,
    });
    const at = now();
    return texts.map((text) => appendMessage(state, 'AGENT', text, at));
  }

  async function project(): Promise<void> {
    if (projectedVersion === state.version) return;
    const version = state.version;
    upsertSearchAttributes([
      { key: caseStatusKey, value: state.status },
      { key: caseChannelKey, value: state.channel },
      ...(state.intent ? [{ key: caseIntentKey, value: state.intent }] : []),
      ...(state.customer.verified && state.customer.id
        ? [{ key: caseCustomerIdKey, value: state.customer.id }]
        : []),
    ]);
    await durable.projectCase(toView(state));
    projectedVersion = version;
  }

  function shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    const limit = state.settings.historyLimit;
    return info.continueAsNewSuggested || (limit > 0 && info.historyLength >= limit);
  }

  if (!input.resume) {
    const languageKnown = Boolean(input.locale ?? input.customer?.locale);
    await exclusive(() => speak([{ key: 'welcome', params: { bilingual: languageKnown ? null : 1 } }]));
    welcomed = true;
  }

  for (;;) {
    await project();
    if (isClosed()) break;
    if (closeRequested !== null) {
      await close('case_closed');
      continue;
    }
    if (shouldContinueAsNew() && !turnInProgress) {
      // No update may still be running when this run ends; the next run projects whatever changed meanwhile.
      // A close request waits for the case to close, so it is served here, before continuing.
      await condition(() => allHandlersFinished() || closeRequested !== null);
      if (closeRequested !== null) continue;
      log.info('continuing as new', { caseId: state.id, historyLength: workflowInfo().historyLength });
      state.runs += 1;
      await continueAsNew<typeof caseWorkflow>({ ...input, resume: state });
    }
    const seen = lastActivity;
    const woke = () =>
      lastActivity !== seen ||
      projectedVersion !== state.version ||
      closeRequested !== null ||
      (shouldContinueAsNew() && !turnInProgress);
    if (closesWhenIdle(state.status) && !turnInProgress) {
      const active = await condition(woke, state.settings.inactivityTimeoutMs);
      if (!active && !turnInProgress && closesWhenIdle(state.status)) await close('inactivity_close');
    } else {
      await condition(woke);
    }
  }

  await condition(allHandlersFinished);
  return { caseId: state.id, status: 'CLOSED', messages: state.messages.length };
}
