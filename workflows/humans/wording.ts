// The human desk's replies in en and zh-CN, and the short lines of the brief style an upset customer gets.
import type { Locale } from '../types';
import type { TemplatesFor } from '../wording/templates';
import type { HumanReplyParams } from './replies';

const TOPICS: Record<Locale, Record<string, string>> = {
  en: { order_status: 'your order', return_request: 'your return', refund_request: 'your refund' },
  'zh-CN': { order_status: '您的订单', return_request: '您的退货', refund_request: '您的退款' },
};

export const HUMAN_TEMPLATES: TemplatesFor<HumanReplyParams> = {
  escalated_wait: {
    en: (p) =>
      `I'm connecting you with a colleague from our support team. The expected wait is about ${p.minutes} minute${p.minutes === 1 ? '' : 's'}.`,
    'zh-CN': (p) => `正在为您转接人工客服，预计等待约 ${p.minutes} 分钟，请稍候。`,
  },
  human_joined: {
    en: (p) => `${p.name} from our support team has joined the conversation.`,
    'zh-CN': (p) => `人工客服 ${p.name} 已接入会话。`,
  },
  human_transferred: {
    en: (p) => `Your case has been passed to ${p.name}, who will continue helping you.`,
    'zh-CN': (p) => `您的问题已转交给 ${p.name}，将由其继续为您服务。`,
  },
  handed_back: {
    en: () => "I'm Kefu, the assistant, back with you.",
    'zh-CN': () => '智能客服小服继续为您服务。',
  },
  callback_offer: {
    en: () =>
      'Sorry, all our colleagues are still busy. Reply "callback" and we will call you back, or simply keep waiting here.',
    'zh-CN': () => '抱歉，人工客服仍在忙碌中。回复“回电”我们将给您回电，或继续在此等候。',
  },
  callback_noted: {
    en: () => 'Noted: a colleague will call you back. You can keep writing here too.',
    'zh-CN': () => '已登记回电，人工客服会尽快给您回电。您也可以继续在此留言。',
  },
  assist_opening: {
    en: (p) =>
      `Hi${p.name ? ` ${p.name}` : ''}, I'm taking over from here and will sort out ${p.topic ? (TOPICS.en[p.topic] ?? 'your request') : 'your request'} for you.`,
    'zh-CN': (p) =>
      `${p.name ? `${p.name}，` : ''}您好，我是人工客服，接下来由我为您处理${p.topic ? (TOPICS['zh-CN'][p.topic] ?? '您的问题') : '您的问题'}。`,
  },
};

/** The brief style's one line of empathy, after the solution: short, and no explanation of causes. */
export const BRIEF_EMPATHY: Record<'waiting' | 'fault' | 'general', Record<Locale, string>> = {
  waiting: { en: 'Sorry for the wait.', 'zh-CN': '抱歉让您久等了。' },
  fault: { en: 'Sorry for the trouble.', 'zh-CN': '给您添麻烦了，抱歉。' },
  general: { en: 'Sorry about this.', 'zh-CN': '抱歉给您带来不便。' },
};

/** Closing offers a brief reply leaves out: an upset customer wants the answer, not small talk. */
export const BRIEF_FILLERS: Record<Locale, RegExp> = {
  en: /\s*(Is there anything else I can help with\?|How can I help you today\?)\s*$/,
  'zh-CN': /\s*(还有其他可以帮您的吗？|请问有什么可以帮您？)\s*$/,
};
