// The desk as the API and the projection see it: assignee, queue place, handover and the suggested reply.
import type { CaseState } from '../state';
import { heldForHumans } from '../status';
import { suggestReply } from './actions';
import { deskOf, handoverOf, priorityOf, type DeskView } from './desk';

export function deskView(state: CaseState): DeskView {
  const desk = deskOf(state);
  return {
    assignee: desk.assignee,
    queuedAt: desk.queuedAt,
    priority: priorityOf(state),
    escalationReason: desk.escalationReason,
    slaBreached: desk.slaBreached,
    callbackRequested: desk.callbackRequested,
    handover: handoverOf(state),
    // Only worth composing while a human holds or is about to hold the case.
    suggestedReply: heldForHumans(state.status) ? suggestReply(state) : null,
  };
}
