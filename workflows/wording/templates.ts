// Reply templates in en and zh-CN, one per ReplyKey; the type system makes a missing translation a compile error.
import type { Emotion, Intent, Locale } from '../types';
import type { CoreReplyParams, ReplyParamsByKey } from '../replies';
import { HUMAN_TEMPLATES } from '../humans/wording';
import { UNDERSTANDING_TEMPLATES } from '../understanding/wording';
import { KNOWLEDGE_TEMPLATES } from '../flows/knowledge/wording';
import { RETURNS_TEMPLATES } from '../flows/returns/wording';
import { TROUBLESHOOTING_TEMPLATES } from '../flows/troubleshooting/wording';
import { MAINTENANCE_TEMPLATES } from '../flows/maintenance/wording';
import { RECOMMENDATION_TEMPLATES } from '../flows/recommendation/wording';
import { ORDER_CHANGE_TEMPLATES } from '../flows/order-change/wording';

export interface Formatters {
  date(iso: string | null | undefined): string;
  orderStatus(status: string | null | undefined): string;
  shipmentStatus(status: string | null | undefined): string;
}

/** Wording in both languages for every key of a set of replies. */
export type TemplatesFor<P> = { [K in keyof P]: Record<Locale, (p: P[K], f: Formatters) => string> };

const s = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

export const CORE_TEMPLATES: TemplatesFor<CoreReplyParams> = {
  welcome: {
    // Before the customer has written a word, a case without a known language greets in both.
    en: (p) =>
      `Hi, I'm Kefu, your support assistant. How can I help you today?${p.bilingual ? ' / 您好，我是智能客服小服，请问有什么可以帮您？' : ''}`,
    'zh-CN': () => '您好，我是智能客服小服，请问有什么可以帮您？',
  },
  greeting: {
    en: () => 'Hello! How can I help you today? For example, I can check where your order is.',
    'zh-CN': () => '您好！请问有什么可以帮您？比如我可以帮您查询订单物流。',
  },
  thanks: {
    en: () => "You're welcome! Is there anything else I can help with?",
    'zh-CN': () => '不客气！还有其他可以帮您的吗？',
  },
  goodbye: {
    en: () => 'Thank you for contacting us. Have a great day!',
    'zh-CN': () => '感谢您的咨询，祝您生活愉快！',
  },
  clarify: {
    en: () =>
      "Sorry, I didn't quite get that. Could you tell me a bit more? For an order, the order number (like W1234567) helps.",
    'zh-CN': () => '抱歉，我没有完全理解。能再具体说说吗？如果是订单问题，请提供订单号（例如 W1234567）。',
  },
  ask_order_id: {
    en: () => 'Sure, I can check that. What is your order number? It looks like W1234567.',
    'zh-CN': () => '好的，我来帮您查询。请提供您的订单号（格式如 W1234567）。',
  },
  ask_contact: {
    en: (p) =>
      `To protect your privacy, please tell me the email address or phone number used for order ${s(p.orderId)}.`,
    'zh-CN': (p) => `为保护您的隐私，请提供订单 ${s(p.orderId)} 下单时使用的邮箱或手机号。`,
  },
  order_not_on_account: {
    en: (p) =>
      `Order ${s(p.orderId)} isn't on the account I verified for you, so I can't share its details. Please check the number.`,
    'zh-CN': (p) => `订单 ${s(p.orderId)} 不在您已验证的账户下，无法为您查询详情，请核对订单号。`,
  },
  contact_mismatch: {
    // The same words whether the order exists or not, so order numbers cannot be probed.
    en: (p) =>
      `Sorry, I couldn't match those details to an order I can show you. Please check the order number and the email or phone used for it (${s(p.attemptsLeft)} attempt(s) left).`,
    'zh-CN': (p) =>
      `抱歉，您提供的信息无法与可查询的订单匹配，请核对订单号及下单邮箱或手机号（还可尝试 ${s(p.attemptsLeft)} 次）。`,
  },
  code_mismatch: {
    en: (p) =>
      `That code isn't right or has expired. Please check it and try again (${s(p.attemptsLeft)} attempt(s) left).`,
    'zh-CN': (p) => `验证码不正确或已过期，请核对后重试（还可尝试 ${s(p.attemptsLeft)} 次）。`,
  },
  ask_identifier: {
    en: () =>
      'To protect your account, I need to verify you first. Please give me your email, phone number or an order number (or your name and postcode).',
    'zh-CN': () => '为保护您的账户安全，需要先验证身份。请提供您的邮箱、手机号或订单号（或姓名和邮编）。',
  },
  code_sent: {
    en: () =>
      "If those details match an account, I've just sent a 6-digit code to the email or phone on file. Please type it here.",
    'zh-CN': () => '如果信息与账户匹配，我们已向预留的邮箱或手机发送了6位验证码，请在此输入。',
  },
  ask_code: {
    en: () => 'Please type the 6-digit code we sent to the email or phone on file.',
    'zh-CN': () => '请输入发送到您预留邮箱或手机的6位验证码。',
  },
  ask_knowledge: {
    en: () =>
      'To verify you, please tell me your email, phone or order number, your postcode, and the amount of one of your recent orders.',
    'zh-CN': () => '为验证您的身份，请提供邮箱、手机号或订单号，以及您的邮编和最近一笔订单的金额。',
  },
  choose_order: {
    en: (p, f) =>
      `Here are your recent orders. Which one do you mean?\n${p.orders.map((o, i) => `${i + 1}. ${o.id} (${f.date(o.placedAt)}) ${o.summaryEn}`).join('\n')}`,
    'zh-CN': (p, f) =>
      `以下是您最近的订单，请问是哪一个？\n${p.orders.map((o, i) => `${i + 1}. ${o.id}（${f.date(o.placedAt)}）${o.summaryZh}`).join('\n')}`,
  },
  no_orders: {
    en: () => "I couldn't find any orders on your account. Is there anything else I can help with?",
    'zh-CN': () => '您的账户下暂时没有订单。还有其他可以帮您的吗？',
  },
  identity_failed: {
    en: () =>
      "I couldn't verify your identity, so I'm passing your case to a colleague who will help you shortly.",
    'zh-CN': () => '很抱歉，未能验证您的身份，已为您转接人工客服，请稍候。',
  },
  verified: {
    en: (p) => `Thank you${p.name ? `, ${s(p.name)}` : ''}, you're verified.`,
    'zh-CN': (p) => `感谢${p.name ? ` ${s(p.name)}` : '您'}，身份已验证。`,
  },
  order_not_shipped: {
    en: (p, f) =>
      `Order ${s(p.orderId)} (placed ${f.date(s(p.placedAt))}) is ${f.orderStatus(s(p.orderStatus))} and has not shipped yet. You'll get a tracking number as soon as it leaves the warehouse.`,
    'zh-CN': (p, f) =>
      `订单 ${s(p.orderId)}（下单时间 ${f.date(s(p.placedAt))}）当前状态：${f.orderStatus(s(p.orderStatus))}，尚未发货。发货后会第一时间为您提供物流单号。`,
  },
  order_in_transit: {
    en: (p, f) =>
      `Order ${s(p.orderId)} is ${f.shipmentStatus(s(p.shipmentStatus))} with ${s(p.carrier)} (tracking ${s(p.trackingNumber)}). Latest update: ${s(p.eventDescription)}${p.eventLocation ? `, ${s(p.eventLocation)}` : ''} (${f.date(s(p.eventAt))}).`,
    'zh-CN': (p, f) =>
      `您的订单 ${s(p.orderId)} 由${s(p.carrier)}承运（运单号 ${s(p.trackingNumber)}），当前状态：${f.shipmentStatus(s(p.shipmentStatus))}。最新物流：${p.eventLocation ? `【${s(p.eventLocation)}】` : ''}${s(p.eventDescription)}（${f.date(s(p.eventAt))}）。`,
  },
  order_delivered: {
    en: (p, f) =>
      `Order ${s(p.orderId)} was delivered by ${s(p.carrier)} (tracking ${s(p.trackingNumber)}). Latest update: ${s(p.eventDescription)}${p.eventLocation ? `, ${s(p.eventLocation)}` : ''} (${f.date(s(p.eventAt))}).`,
    'zh-CN': (p, f) =>
      `您的订单 ${s(p.orderId)} 已由${s(p.carrier)}送达（运单号 ${s(p.trackingNumber)}）。最新物流：${p.eventLocation ? `【${s(p.eventLocation)}】` : ''}${s(p.eventDescription)}（${f.date(s(p.eventAt))}）。`,
  },
  order_cancelled: {
    en: (p) => `Order ${s(p.orderId)} was cancelled, so it will not ship.`,
    'zh-CN': (p) => `订单 ${s(p.orderId)} 已取消，不会发货。`,
  },
  order_returned: {
    en: (p) => `Order ${s(p.orderId)} has been returned.`,
    'zh-CN': (p) => `订单 ${s(p.orderId)} 已退货。`,
  },
  shipment_exception: {
    en: (p, f) =>
      `There's a problem with the delivery of order ${s(p.orderId)} (${s(p.carrier)}, tracking ${s(p.trackingNumber)}): ${s(p.eventDescription)} (${f.date(s(p.eventAt))}). I've flagged it for a colleague to follow up.`,
    'zh-CN': (p, f) =>
      `订单 ${s(p.orderId)} 的配送出现异常（${s(p.carrier)}，运单号 ${s(p.trackingNumber)}）：${s(p.eventDescription)}（${f.date(s(p.eventAt))}）。已为您转交人工跟进。`,
  },
  held_for_human: {
    en: () => "Thanks, I've added this to your case. A colleague will read it when they pick up your case.",
    'zh-CN': () => '收到，已将您的消息记录到工单中，人工客服接入后会第一时间查看。',
  },
  flow_cancelled: {
    en: () => 'No problem, I have stopped that. Is there anything else I can help with?',
    'zh-CN': () => '好的，已为您取消。还有其他可以帮您的吗？',
  },
  nothing_to_cancel: {
    en: () => 'Alright. Is there anything else I can help with?',
    'zh-CN': () => '好的。还有其他可以帮您的吗？',
  },
  correction_noted: {
    en: () => 'Got it, I have updated that.',
    'zh-CN': () => '好的，已为您更正。',
  },
  resume_flow: {
    en: (p) => `Now, back to your ${p.flow === 'order_status' ? 'order' : 'request'}:`,
    'zh-CN': (p) => `我们继续刚才的${p.flow === 'order_status' ? '订单查询' : '问题'}：`,
  },
  confirm_summary: {
    en: (p) => `To confirm: ${p.summary}. Shall I go ahead? (yes / no)`,
    'zh-CN': (p) => `请确认：${p.summaryZh}。是否继续？（是/否）`,
  },
  confirm_again: {
    en: () => 'I need a clear yes or no before I do anything.',
    'zh-CN': () => '请回复“是”或“否”，确认后我再为您操作。',
  },
  escalated: {
    en: () => "I'm connecting you with a colleague from our support team. They'll be with you shortly.",
    'zh-CN': () => '正在为您转接人工客服，请稍候。',
  },
  not_supported_yet: {
    en: () =>
      'I can\'t handle that request myself yet. I can check your order status, or connect you with a colleague: just say "human".',
    'zh-CN': () => '这个问题我暂时还无法直接处理。我可以帮您查询订单物流，或回复“转人工”为您联系人工客服。',
  },
  temporary_problem: {
    en: () =>
      'Sorry, I can\'t look that up right now. Please try again in a moment, or say "human" to reach a colleague.',
    'zh-CN': () => '抱歉，系统暂时无法查询，请稍后再试，或回复“转人工”联系人工客服。',
  },
  inactivity_close: {
    en: () =>
      "As we haven't heard from you for a while, I'm closing this conversation. Write again any time!",
    'zh-CN': () => '由于您较长时间未回复，本次会话将自动结束。如有需要，欢迎随时再联系我们！',
  },
  case_closed: {
    en: () => 'This conversation is now closed. Thank you for contacting us.',
    'zh-CN': () => '本次会话已结束，感谢您的咨询。',
  },
};

/** Every capability's wording; a key without wording in both languages does not compile. */
export const TEMPLATES: TemplatesFor<ReplyParamsByKey> = {
  ...CORE_TEMPLATES,
  ...UNDERSTANDING_TEMPLATES,
  ...HUMAN_TEMPLATES,
  ...KNOWLEDGE_TEMPLATES,
  ...RETURNS_TEMPLATES,
  ...TROUBLESHOOTING_TEMPLATES,
  ...MAINTENANCE_TEMPLATES,
  ...RECOMMENDATION_TEMPLATES,
  ...ORDER_CHANGE_TEMPLATES,
};

/** What the customer is going through, so the empathy line fits it: a late parcel is not a broken machine. */
export type Situation = 'waiting' | 'fault' | 'general';

export function situationOf(topic: Intent | null): Situation {
  if (topic === 'order_status' || topic === 'cancel_order') return 'waiting';
  if (
    topic === 'troubleshooting' ||
    topic === 'return_request' ||
    topic === 'refund_request' ||
    topic === 'complaint'
  ) {
    return 'fault';
  }
  return 'general';
}

type Lines = Record<Locale, string>;

/** A short first line for a distressed customer, by emotion and situation; the solution follows right after it. */
export const EMPATHY: Partial<Record<Emotion, Record<Situation, Lines>>> = {
  ANGRY: {
    waiting: {
      en: "I'm sorry your order is taking this long, and I understand your frustration.",
      'zh-CN': '非常抱歉让您久等了，理解您的心情。',
    },
    fault: {
      en: "I'm sorry about the trouble, and I understand your frustration.",
      'zh-CN': '非常抱歉给您带来麻烦，理解您的心情。',
    },
    general: {
      en: "I'm sorry about this, and I understand your frustration.",
      'zh-CN': '非常抱歉，理解您的心情。',
    },
  },
  ANXIOUS: {
    waiting: {
      en: 'I understand you need this soon, let me check right away.',
      'zh-CN': '理解您着急的心情，我马上为您查询。',
    },
    fault: {
      en: "I understand this is worrying, let's sort it out together.",
      'zh-CN': '理解您的担心，我们一起来解决。',
    },
    general: {
      en: 'I understand this is urgent, let me help right away.',
      'zh-CN': '理解您着急的心情，我马上为您处理。',
    },
  },
  FRUSTRATED: {
    waiting: { en: 'Sorry to keep you waiting.', 'zh-CN': '抱歉让您久等了。' },
    fault: { en: "I'm sorry it's giving you trouble.", 'zh-CN': '很抱歉给您添麻烦了。' },
    general: { en: "I'm sorry this has been frustrating.", 'zh-CN': '抱歉给您带来不好的体验。' },
  },
  SAD: {
    waiting: { en: "I'm sorry to hear that.", 'zh-CN': '很遗憾听到这个消息。' },
    fault: { en: "I'm sorry to hear that.", 'zh-CN': '很遗憾听到这个消息。' },
    general: { en: "I'm sorry to hear that.", 'zh-CN': '很遗憾听到这个消息。' },
  },
};

export const ORDER_STATUS: Record<Locale, Record<string, string>> = {
  en: {
    pending: 'pending',
    paid: 'paid',
    shipped: 'shipped',
    delivered: 'delivered',
    cancelled: 'cancelled',
    returned: 'returned',
  },
  'zh-CN': {
    pending: '待付款',
    paid: '已付款',
    shipped: '已发货',
    delivered: '已签收',
    cancelled: '已取消',
    returned: '已退货',
  },
};

export const SHIPMENT_STATUS: Record<Locale, Record<string, string>> = {
  en: {
    label_created: 'waiting for pickup',
    in_transit: 'in transit',
    out_for_delivery: 'out for delivery',
    delivered: 'delivered',
    exception: 'delayed by a delivery problem',
    returned: 'being returned',
  },
  'zh-CN': {
    label_created: '待揽收',
    in_transit: '运输中',
    out_for_delivery: '派送中',
    delivered: '已签收',
    exception: '配送异常',
    returned: '退回中',
  },
};
