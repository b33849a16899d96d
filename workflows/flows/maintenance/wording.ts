// Wording of the maintenance reminder's replies in en and zh-CN.
import type { TemplatesFor } from '../../wording/templates';
import type { MaintenanceReplyParams } from './replies';

const list = (slots: string[], date: (iso: string) => string) =>
  slots.map((s, i) => `${i + 1}. ${date(s)}`).join('\n');

export const MAINTENANCE_TEMPLATES: TemplatesFor<MaintenanceReplyParams> = {
  mr_reminder: {
    en: (p) =>
      `Hello! From how much it has been used, your ${p.model} (${p.serial}) is due for maintenance: ${p.task.en}. Shall I book a technician visit? You can also say "remind me next week" or "already done".`,
    'zh-CN': (p) =>
      `您好！根据使用情况，您的 ${p.model}（${p.serial}）该保养了：${p.task.zh}。需要为您预约技术人员上门吗？您也可以回复“下周提醒我”或“已经做过了”。`,
  },
  mr_ask: {
    en: () => 'Shall I book a technician visit, remind you next week, or was it already done?',
    'zh-CN': () => '需要预约上门保养、下周再提醒您，还是已经保养过了？',
  },
  mr_pick_visit: {
    en: (p, f) =>
      `Which time suits you (ticket ${p.ticketId})? Reply with its number:\n${list(p.slots, f.date)}`,
    'zh-CN': (p, f) => `请问哪个时间方便（工单 ${p.ticketId}）？回复序号即可：\n${list(p.slots, f.date)}`,
  },
  mr_booked: {
    en: (p, f) => `Booked: a technician will come on ${f.date(p.at)} (ticket ${p.ticketId}).`,
    'zh-CN': (p, f) => `已预约：技术人员将于 ${f.date(p.at)} 上门保养（工单 ${p.ticketId}）。`,
  },
  mr_snoozed: {
    en: (p, f) => `No problem, I'll remind you again on ${f.date(p.until)}.`,
    'zh-CN': (p, f) => `好的，我会在 ${f.date(p.until)} 再提醒您。`,
  },
  mr_done: {
    en: () => "Thank you! I've noted that the maintenance is done; the next reminder counts from today.",
    'zh-CN': () => '谢谢！已记录本次保养，下次提醒将从今天重新计算。',
  },
};
