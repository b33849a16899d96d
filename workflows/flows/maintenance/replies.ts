// Replies of a maintenance reminder's case: the reminder, a visit, a later reminder, or maintenance already done.
export interface MaintenanceReplyParams {
  mr_reminder: { model: string; serial: string; task: { en: string; zh: string } };
  mr_ask: Record<string, never>;
  mr_pick_visit: { ticketId: string; slots: string[] };
  mr_booked: { ticketId: string; at: string };
  mr_snoozed: { until: string };
  mr_done: Record<string, never>;
}
