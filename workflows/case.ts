// The case workflow: one per customer case, alive from the first message until it closes, answering each message in turn.
import {
  TemporalFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { durable, quick } from './activity-proxies';
import {
  addInternalNoteUpdate,
  closeCaseUpdate,
  getCaseQuery,
  handBackCaseUpdate,
  openCaseUpdate,
  returnProgressSignal,
  sendAgentMessageUpdate,
  sendMessageUpdate,
  takeOverCaseUpdate,
  transferCaseUpdate,
  validateDeskAction,
  validateMessage,
  type AgentMessageInput,
  type CloseCaseInput,
  type DeskActionInput,
  type HandBackInput,
  type InternalNoteInput,
  type SendMessageInput,
  type SendMessageResult,
  type TransferInput,
} from './messages';
import { addNote, handBack, takeOver, transfer, writeAsHuman } from './humans/actions';
import { deskOf, noteMood } from './humans/desk';
import { policyOf } from './humans/policy';
import { reply, type Reply } from './replies';
import { applyReturnProgress, keepWaitingForReturn, type ReturnProgress } from './returns/progress';
import { openWith, type CaseOpening } from './maintenance/opening';
import { respond } from './router';
import { composeReplies } from './wording/compose';
import { caseChannelKey, caseCustomerIdKey, caseIntentKey, caseStatusKey } from './search-attributes';
import {
  answeredReplies,
  appendMessage,
  changeStatus,
  newCaseState,
  recordEvent,
  rememberAnswer,
  toView,
  trimRecent,
  type CaseState,
  type CaseView,
  type CaseWorkflowInput,
} from './state';
import { closesWhenIdle } from './status';
import type { Turn } from './turn';
import type { CaseMessage } from './types';

export interface CaseOutcome {
  caseId: string;
  status: 'CLOSED';
  messages: number;
}

const now = (): string => new Date().toISOString();

/** A case: its state, the lock that makes messages take turns in arrival order, and the writer of its records. */
class CaseSession {
  /** FIFO: messages, the greeting and the goodbye are answered strictly in the order the case accepted them. */
  private readonly turns = new Mutex();
  /** Messages being answered, so a retry of one waits for the same answer instead of a second one. */
  private readonly inFlight = new Map<string, Promise<SendMessageResult>>();
  private closeRequested: string | null = null;
  /** Who asked to close and how they resolved it (a human), or nothing (the customer). */
  private closeDetails: Omit<CloseCaseInput, 'reason'> = {};
  private greeted: boolean;
  /** Bumped by every finished turn, so the main loop can tell activity from silence. */
  private turnsDone = 0;
  private storedVersion = -1;
  /** A write is in flight: continue-as-new waits for it rather than abandoning it. */
  private writing = false;

  constructor(readonly state: CaseState) {
    this.greeted = state.nextSeq > 1;
  }

  get closed(): boolean {
    return this.state.status === 'CLOSED';
  }

  view(): CaseView {
    return toView(this.state);
  }

  async opened(): Promise<CaseView> {
    await condition(() => this.greeted);
    return this.view();
  }

  validate(input: SendMessageInput): void {
    const known =
      this.inFlight.has(input.messageId) || answeredReplies(this.state, input.messageId) !== undefined;
    validateMessage(input, {
      closed: this.closed || this.closeRequested !== null,
      known,
      caseId: this.state.id,
    });
  }

  async receive(input: SendMessageInput): Promise<SendMessageResult> {
    const running = this.inFlight.get(input.messageId);
    if (running) return running;
    const earlier = answeredReplies(this.state, input.messageId);
    if (earlier) return { replies: await this.messagesById(earlier), case: this.view() };
    const answer = this.turns.runExclusive(() => this.answer(input));
    this.inFlight.set(input.messageId, answer);
    try {
      return await answer;
    } finally {
      this.inFlight.delete(input.messageId);
    }
  }

  async requestClose({ reason, ...details }: CloseCaseInput): Promise<CaseView> {
    if (!this.closed && this.closeRequested === null) this.closeDetails = details;
    if (!this.closed) this.closeRequested ??= reason || 'closed';
    await condition(() => this.closed);
    return this.view();
  }

  /** Before the customer has written a word, a case without a known language greets in both. */
  async greet(languageKnown: boolean, opening?: CaseOpening): Promise<void> {
    await this.turns.runExclusive(() =>
      this.speak(
        opening ? openWith(this.state, opening, now()) : [reply('welcome', { bilingual: !languageKnown })],
      ),
    );
    this.greeted = true;
  }

  /** Answers one customer message; always ends with it answered once, even when the store or model is down. */
  private async answer({ messageId, text: raw, client }: SendMessageInput): Promise<SendMessageResult> {
    const state = this.state;
    const at = now();
    const text = raw.trim();
    appendMessage(state, 'CUSTOMER', text, at);
    let replies: Reply[];
    try {
      const understanding = await quick.understand({
        text,
        now: at,
        localeHint: state.locale,
        turnStartedAt: at,
      });
      state.locale = understanding.language;
      state.sentiment = understanding.sentiment;
      noteMood(state, understanding.sentiment);
      const turn: Turn = {
        state,
        understanding,
        message: { id: messageId, text, client: client ?? null },
        replies: [],
        now: at,
      };
      await respond(turn);
      keepWaitingForReturn(state, at);
      replies = turn.replies;
    } catch (err) {
      // Local activities surface their last failure as it is; plain errors (bugs) still fail the task.
      if (!(err instanceof TemporalFailure)) throw err;
      log.warn('turn failed; apologising', { caseId: state.id, error: err.message });
      recordEvent(
        state,
        'system',
        { type: 'turn_failed', messageId, error: err.message.slice(0, 200) },
        now(),
      );
      replies = [reply('temporary_problem')];
    }
    const sent = await this.speak(replies);
    rememberAnswer(
      state,
      messageId,
      sent.map((m) => m.id),
    );
    this.turnsDone += 1;
    return { replies: sent, case: this.view() };
  }

  /** A return this case started reports a step: told to the customer in turn with their messages. */
  async reportReturn(progress: ReturnProgress): Promise<void> {
    if (this.closed) return;
    await this.turns.runExclusive(() => this.speak(applyReturnProgress(this.state, progress, now())));
    this.turnsDone += 1;
  }

  private async speak(replies: Reply[]): Promise<CaseMessage[]> {
    if (replies.length === 0) return [];
    const composed = composeReplies({
      locale: this.state.locale,
      sentiment: this.state.sentiment,
      topic: this.state.intent,
      replies,
    });
    const at = now();
    return composed.map((c) => appendMessage(this.state, 'AGENT', c.text, at, c.sources, c.style));
  }

  /** A human's action takes its turn on the same lock as customer messages, then wakes the main loop. */
  private async deskTurn<T>(act: () => Promise<T> | T): Promise<T> {
    const result = await this.turns.runExclusive(act);
    this.turnsDone += 1;
    return result;
  }

  takeOverCase({ agent }: DeskActionInput): Promise<CaseView> {
    return this.deskTurn(async () => {
      await this.speak(takeOver(this.state, agent, now()));
      return this.view();
    });
  }

  sendAgentMessage({ agent, text }: AgentMessageInput): Promise<SendMessageResult> {
    return this.deskTurn(() => ({
      replies: [writeAsHuman(this.state, agent, text.trim(), now())],
      case: this.view(),
    }));
  }

  addInternalNote({ agent, text }: InternalNoteInput): Promise<CaseView> {
    return this.deskTurn(() => {
      addNote(this.state, agent, text.trim(), now());
      return this.view();
    });
  }

  /** The bot takes over again where it left off: the flow it was in, every slot intact. */
  handBackCase({ agent, note }: HandBackInput): Promise<SendMessageResult> {
    return this.deskTurn(async () => {
      const replies = await this.speak(handBack(this.state, agent, note.trim(), now()));
      return { replies, case: this.view() };
    });
  }

  transferCase({ agent, to }: TransferInput): Promise<CaseView> {
    return this.deskTurn(async () => {
      await this.speak(transfer(this.state, agent, to, now()));
      return this.view();
    });
  }

  /**
   * The pickup timer: a case waiting in the queue past the configured timeout offers the customer a callback and
   * tells supervisors. A durable timer, so a restart of the worker neither loses nor repeats it.
   */
  async watchPickup(): Promise<void> {
    const state = this.state;
    for (;;) {
      await condition(() => {
        const desk = state.desk;
        return (
          state.status === 'ESCALATED' && !!desk?.queuedAt && !(desk.slaBreached && desk.supervisorsNotified)
        );
      });
      const desk = deskOf(state);
      const queuedAt = desk.queuedAt;
      const waiting = () => state.status === 'ESCALATED' && desk.queuedAt === queuedAt;
      if (!desk.slaBreached) {
        const left = Date.parse(queuedAt ?? '') + policyOf(state).pickupTimeoutMs - Date.now();
        if (left > 0 && (await condition(() => !waiting(), left))) continue;
        const breached = await this.turns.runExclusive(async () => {
          if (!waiting() || desk.slaBreached) return false;
          desk.slaBreached = true;
          recordEvent(
            state,
            'system',
            { type: 'sla_breached', waitedMs: Date.now() - Date.parse(queuedAt ?? '') },
            now(),
          );
          await this.speak([reply('callback_offer')]);
          return true;
        });
        this.turnsDone += 1;
        if (!breached) continue;
      }
      try {
        await durable.notifySupervisors({ caseId: state.id, handover: this.view() });
        desk.supervisorsNotified = true;
      } catch (err) {
        log.warn('telling supervisors of a missed pickup failed; trying again later', {
          caseId: state.id,
          error: err instanceof Error ? err.message : String(err),
        });
        await sleep('1 minute');
      }
    }
  }

  private async messagesById(ids: string[]): Promise<CaseMessage[]> {
    const byId = new Map(this.state.recent.map((m) => [m.id, m]));
    if (ids.every((id) => byId.has(id))) return ids.flatMap((id) => byId.get(id) ?? []);
    return quick.readMessages({ caseId: this.state.id, ids });
  }

  private async close(
    goodbye: 'case_closed' | 'inactivity_close',
    requester: 'customer' | 'system',
  ): Promise<void> {
    const { by, resolution } = this.closeDetails;
    const actor = by ? 'human' : requester;
    await this.turns.runExclusive(async () => {
      await this.speak([reply(goodbye)]).catch(() => []);
      changeStatus(this.state, 'CLOSED', actor, this.closeRequested ?? 'inactive', now());
      recordEvent(
        this.state,
        actor,
        {
          type: 'case_closed',
          reason: this.closeRequested ?? 'inactive',
          ...(resolution ? { resolution } : {}),
        },
        now(),
      );
    });
  }

  private dirty(): boolean {
    return this.storedVersion !== this.state.version;
  }

  /**
   * Writes new messages, events and the projection in the background. A write that keeps failing never holds the
   * conversation: the loop waits and tries again, and the case carries what is unwritten until it succeeds.
   */
  async writeRecords(): Promise<void> {
    for (;;) {
      // Between turns: scheduling the write mid-turn would end the turn's workflow task early and cost the customer
      // an extra round trip to the server before the reply.
      await condition(() => this.dirty() && !this.turns.isLocked());
      const state = this.state;
      const version = state.version;
      const messages = state.recent.filter((m) => m.seq > state.storedSeq);
      const events = [...state.events];
      upsertSearchAttributes([
        { key: caseStatusKey, value: state.status },
        { key: caseChannelKey, value: state.channel },
        ...(state.intent ? [{ key: caseIntentKey, value: state.intent }] : []),
        ...(state.customer.verified && state.customer.id
          ? [{ key: caseCustomerIdKey, value: state.customer.id }]
          : []),
      ]);
      this.writing = true;
      try {
        await durable.recordCase({ view: this.view(), messages, events });
        state.storedSeq = Math.max(state.storedSeq, ...messages.map((m) => m.seq));
        const written = new Set(events.map((e) => e.seq));
        state.events = state.events.filter((e) => !written.has(e.seq));
        trimRecent(state);
        this.storedVersion = version;
      } catch (err) {
        log.warn('writing case records failed; trying again later', {
          caseId: state.id,
          error: err instanceof Error ? err.message : String(err),
        });
        this.writing = false;
        await sleep('1 minute');
      } finally {
        this.writing = false;
      }
    }
  }

  private shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    const limit = this.state.settings.historyLimit;
    return info.continueAsNewSuggested || (limit > 0 && info.historyLength >= limit);
  }

  /** Closes on request or after silence, continues as new when history grows; returns once the case is closed. */
  async live(input: CaseWorkflowInput): Promise<void> {
    for (;;) {
      if (this.closed) return;
      if (this.closeRequested !== null) {
        await this.close('case_closed', 'customer');
        continue;
      }
      if (this.shouldContinueAsNew() && !this.turns.isLocked()) {
        // No update may still be running when this run ends; a close request is served before continuing.
        await condition(() => (allHandlersFinished() && !this.writing) || this.closeRequested !== null);
        if (this.closeRequested !== null) continue;
        log.info('continuing as new', { caseId: this.state.id, historyLength: workflowInfo().historyLength });
        this.state.runs += 1;
        await continueAsNew<typeof caseWorkflow>({ ...input, resume: this.state });
      }
      const seen = this.turnsDone;
      const woke = () =>
        this.turnsDone !== seen ||
        this.closeRequested !== null ||
        (this.shouldContinueAsNew() && !this.turns.isLocked());
      if (closesWhenIdle(this.state.status) && !this.turns.isLocked()) {
        const active = await condition(woke, this.state.settings.inactivityTimeoutMs);
        if (!active && !this.turns.isLocked() && closesWhenIdle(this.state.status)) {
          await this.close('inactivity_close', 'system');
        }
      } else {
        await condition(woke);
      }
    }
  }

  /** The last records are written before the run ends, unless the store stays down (Temporal keeps the history). */
  async finish(): Promise<void> {
    await condition(() => !this.dirty(), '2 minutes');
    await condition(allHandlersFinished);
  }
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const session = new CaseSession(input.resume ?? newCaseState(input, now()));
  setHandler(getCaseQuery, () => session.view());
  setHandler(openCaseUpdate, () => session.opened());
  setHandler(sendMessageUpdate, (message) => session.receive(message), {
    validator: (message) => session.validate(message),
  });
  setHandler(closeCaseUpdate, (input) => session.requestClose(input));
  setHandler(returnProgressSignal, (progress) => session.reportReturn(progress));
  setHandler(takeOverCaseUpdate, (input) => session.takeOverCase(input), { validator: validateDeskAction });
  setHandler(sendAgentMessageUpdate, (input) => session.sendAgentMessage(input), {
    validator: validateDeskAction,
  });
  setHandler(addInternalNoteUpdate, (input) => session.addInternalNote(input), {
    validator: validateDeskAction,
  });
  setHandler(handBackCaseUpdate, (input) => session.handBackCase(input), { validator: validateDeskAction });
  setHandler(transferCaseUpdate, (input) => session.transferCase(input), { validator: validateDeskAction });

  void session.writeRecords();
  void session.watchPickup();
  if (!input.resume) await session.greet(Boolean(input.locale ?? input.customer?.locale), input.opening);
  await session.live(input);
  await session.finish();
  return { caseId: session.state.id, status: 'CLOSED', messages: session.state.nextSeq - 1 };
}
