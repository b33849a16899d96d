// Reply templates in en and zh-CN, one per ReplyKey; the type system makes a missing translation a compile error.
import type { Emotion, Locale } from '../../workflows/types';
import type { ReplyKey, ReplyParams } from '../../workflows/replies';

export interface Formatters {
  date(iso: string | null | undefined): string;
  orderStatus(status: string | null | undefined): string;
  shipmentStatus(status: string | null | undefined): string;
}

type Template = (p: ReplyParams, f: Formatters) => string;

const s = (v: ReplyParams[string]): string => (v === null || v === undefined ? '' : String(v));

export const TEMPLATES: Record<ReplyKey, Record<Locale, Template>> = {
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
  order_not_found: {
    en: (p) =>
      `I couldn't find an order numbered ${s(p.orderId)}. Could you check the number and send it again?`,
    'zh-CN': (p) => `没有找到订单号为 ${s(p.orderId)} 的订单，请核对后重新发送。`,
  },
  order_not_on_account: {
    en: (p) =>
      `Order ${s(p.orderId)} isn't on the account I verified for you, so I can't share its details. Please check the number.`,
    'zh-CN': (p) => `订单 ${s(p.orderId)} 不在您已验证的账户下，无法为您查询详情，请核对订单号。`,
  },
  contact_mismatch: {
    en: (p) =>
      `That doesn't match the contact details on order ${s(p.orderId)}. Please try again (${s(p.attemptsLeft)} attempt(s) left).`,
    'zh-CN': (p) =>
      `您提供的信息与订单 ${s(p.orderId)} 的联系方式不符，请重新输入（还可尝试 ${s(p.attemptsLeft)} 次）。`,
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

/** A short first line for a distressed customer; the solution follows right after it. */
export const EMPATHY: Partial<Record<Emotion, Record<Locale, string>>> = {
  ANGRY: {
    en: "I'm sorry about the trouble, and I understand your frustration.",
    'zh-CN': '非常抱歉给您带来不便，理解您的心情。',
  },
  ANXIOUS: {
    en: 'I understand this is urgent, let me check right away.',
    'zh-CN': '理解您着急的心情，我马上为您处理。',
  },
  FRUSTRATED: { en: 'Sorry this is taking so long.', 'zh-CN': '抱歉让您久等了。' },
  SAD: { en: "I'm sorry to hear that.", 'zh-CN': '很遗憾听到这个消息。' },
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
