// Replies of guided troubleshooting: finding the device and symptom, one step at a time, the visit, the score, safety.
import type { TreeText } from '../../../activities/manufacturing/tree-types';

export interface DeviceChoice {
  serial: string;
  model: string;
}

export interface TroubleshootingReplyParams {
  /** Which of the customer's registered devices; none registered (or not verified): model and serial. */
  ts_ask_device: { devices: DeviceChoice[] };
  ts_device_unknown: { serial: string };
  ts_ask_symptom: { model: string | null };
  ts_start: { title: TreeText; model: string | null };
  /** One instruction, numbered as the customer goes, with its safety warning first. */
  ts_step: { number: number; say: TreeText; warning: TreeText | null };
  ts_back_to_step: { number: number };
  ts_answer_unclear: { expects: string[] };
  /** A leaf's own words (resolved or technician). */
  ts_leaf: { say: TreeText };
  ts_resolved: Record<string, never>;
  ts_csat_ask: Record<string, never>;
  ts_csat_thanks: { score: number };
  ts_no_tree: { model: string | null };
  ts_technician: {
    ticketId: string;
    warranty: 'in_warranty' | 'expired' | 'unknown';
    warrantyUntil: string | null;
    slots: string[];
  };
  ts_no_slots: { ticketId: string };
  ts_visit_booked: { ticketId: string; at: string };
  ts_visit_taken: { slots: string[] };
  ts_pick_visit: { slots: string[] };
  ts_safety_stop: { words: string };
}
