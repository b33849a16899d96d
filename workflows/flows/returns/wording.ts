// The returns, exchange, cancellation and satisfaction replies in en and zh-CN.
import type { Locale } from '../../types';
import type { TemplatesFor } from '../../wording/templates';
import type { Money, RefusalReason, ReturnsReplyParams } from './replies';

/** "$12.50" / "¥89.00": the currency's own symbol in the customer's language. */
export function money(m: Money | { amountCents: number; currency: string }, locale: Locale): string {
  if (!m.currency) return (m.amountCents / 100).toFixed(2);
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
    style: 'currency',
    currency: m.currency,
  }).format(m.amountCents / 100);
}

const METHOD: Record<Locale, Record<string, string>> = {
  en: {
    card: 'your card',
    paypal: 'PayPal',
    gift_card: 'your gift card',
    store_credit: 'store credit',
    original: 'the original payment',
  },
  'zh-CN': {
    card: '原支付银行卡',
    paypal: 'PayPal',
    gift_card: '礼品卡',
    store_credit: '账户余额（购物金）',
    original: '原支付方式',
  },
};

const BRAND: Record<Locale, Record<string, string>> = {
  en: { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', unionpay: 'UnionPay' },
  'zh-CN': { visa: 'Visa', mastercard: '万事达', amex: '美国运通', unionpay: '银联' },
};

/** A method's words: its kind in the customer's language, with the card's brand and digits when given. */
export function methodWords(label: string, locale: Locale): string {
  if (label in METHOD[locale]) return METHOD[locale][label] as string;
  const card = /^(\w+) •••• (\d{4})$/.exec(label);
  if (card) {
    const brand = BRAND[locale][card[1]?.toLowerCase() ?? ''] ?? card[1];
    return locale === 'zh-CN' ? `${brand}卡（尾号 ${card[2]}）` : `${brand} ending ${card[2]}`;
  }
  return METHOD[locale][label.replace(' ', '_')] ?? label;
}

/** Option values in Chinese: the catalogue's colour codes and sizes are English words. */
const OPTION_ZH: Record<string, string> = {
  black: '黑色',
  white: '白色',
  blue: '蓝色',
  navy: '藏青色',
  'light-blue': '浅蓝色',
  red: '红色',
  green: '绿色',
  grey: '灰色',
  silver: '银色',
  beige: '米色',
  pink: '粉色',
  olive: '橄榄绿',
  orange: '橙色',
  yellow: '黄色',
  brown: '棕色',
  'switch type': '轴',
};

/** "black, brown switch type" → "黑色、棕色轴". */
function optionsZh(words: string): string {
  return words
    .split(', ')
    .map((w) =>
      w.split(' ').length > 1 && OPTION_ZH[w.slice(w.indexOf(' ') + 1)]
        ? `${OPTION_ZH[w.slice(0, w.indexOf(' '))] ?? w.slice(0, w.indexOf(' '))}${OPTION_ZH[w.slice(w.indexOf(' ') + 1)]}`
        : (OPTION_ZH[w] ?? w),
    )
    .join('、');
}

const REFUSAL: Record<
  Locale,
  Record<RefusalReason, (p: { orderId: string; windowDays: number; orderStatus: string }) => string>
> = {
  en: {
    not_delivered: (p) =>
      `Order ${p.orderId} hasn't been delivered (it is ${p.orderStatus}), and only delivered orders can be returned.`,
    not_shipped: (p) =>
      `Order ${p.orderId} hasn't shipped yet, so there is nothing to return: I can cancel it for you instead (say "cancel my order").`,
    window: (p) =>
      `Order ${p.orderId} was delivered more than ${p.windowDays} days ago, which is past our return window.`,
    final_sale: (p) =>
      `The items in order ${p.orderId} were sold as final sale, so they can't be returned or exchanged.`,
    open_request: (p) => `Order ${p.orderId} already has a return or exchange; each order takes one request.`,
  },
  'zh-CN': {
    not_delivered: (p) =>
      `订单 ${p.orderId} 尚未签收（当前状态：${p.orderStatus}），只有已签收的订单才能退换。`,
    not_shipped: (p) => `订单 ${p.orderId} 还未发货，无需退货：我可以直接为您取消订单（回复“取消订单”）。`,
    window: (p) => `订单 ${p.orderId} 签收已超过 ${p.windowDays} 天，超出了退换货期限。`,
    final_sale: (p) => `订单 ${p.orderId} 中的商品为特价不退换商品，无法退换。`,
    open_request: (p) => `订单 ${p.orderId} 已经申请过退换，每个订单只能申请一次。`,
  },
};

export const RETURNS_TEMPLATES: TemplatesFor<ReturnsReplyParams> = {
  return_choose_order: {
    en: (p, f) =>
      `${p.matched === 'all' ? 'These orders match what you remember' : p.matched === 'attributes' ? "I couldn't find an order from that time, but these match the rest" : 'Here are your recent orders'}. Which one is it?\n${p.orders.map((o, i) => `${i + 1}. ${o.id} (${f.date(o.placedAt)}) ${o.summaryEn}`).join('\n')}`,
    'zh-CN': (p, f) =>
      `${p.matched === 'all' ? '以下订单符合您的描述' : p.matched === 'attributes' ? '该时间段内没有找到订单，以下订单符合其他描述' : '以下是您最近的订单'}，请问是哪一个？\n${p.orders.map((o, i) => `${i + 1}. ${o.id}（${f.date(o.placedAt)}）${o.summaryZh}`).join('\n')}`,
  },
  return_no_orders: {
    en: () => "I couldn't find any orders on your account to return.",
    'zh-CN': () => '您的账户下没有可以退换的订单。',
  },
  return_choose_items: {
    en: (p) =>
      `Which items from order ${p.orderId} would you like to send back? You can name several, or say "all".\n${p.lines.map((l) => `${l.line}. ${l.nameEn}${l.options ? ` (${l.options})` : ''}${l.finalSale ? ' (final sale)' : ''}`).join('\n')}`,
    'zh-CN': (p) =>
      `订单 ${p.orderId} 中您想退换哪些商品？可以选多件，或回复“全部”。\n${p.lines.map((l) => `${l.line}. ${l.nameZh}${l.options ? `（${optionsZh(l.options)}）` : ''}${l.finalSale ? '（特价不退换）' : ''}`).join('\n')}`,
  },
  return_ask_kind: {
    en: () => 'Would you like to return it for a refund, or exchange it for another colour, size or option?',
    'zh-CN': () => '请问您是想退货退款，还是换成其他颜色、尺码或款式？',
  },
  return_ask_reason: {
    en: () => 'May I ask why? (Optional: say "skip" if you prefer not to say.)',
    'zh-CN': () => '方便说一下退换原因吗？（可选，不想说可以回复“跳过”。）',
  },
  return_ask_refund_method: {
    en: (p) =>
      `Should the refund go back to ${methodWords(p.original, 'en')}, or to store credit (available at once)?`,
    'zh-CN': (p) => `退款是原路退回${methodWords(p.original, 'zh-CN')}，还是退到账户余额（即时到账）？`,
  },
  return_refused: {
    en: (p) =>
      `${REFUSAL.en[p.reason](p)} If you think this is wrong, say "human" and a colleague will look at it.`,
    'zh-CN': (p) => `${REFUSAL['zh-CN'][p.reason](p)}如有疑问，请回复“转人工”，同事会为您处理。`,
  },
  return_final_sale_skipped: {
    en: (p) =>
      `${p.names.join(', ')} ${p.names.length > 1 ? 'were' : 'was'} sold as final sale and can't be returned, so I left ${p.names.length > 1 ? 'them' : 'it'} out.`,
    'zh-CN': (p) => `${p.namesZh.join('、')}为特价不退换商品，已为您去掉。`,
  },
  exchange_choose_variant: {
    en: (p) =>
      `Which ${p.nameEn} would you like instead?\n${p.options.map((o, i) => `${i + 1}. ${o.label}${o.difference.amountCents ? ` (${o.difference.amountCents > 0 ? '+' : '−'}${money({ ...o.difference, amountCents: Math.abs(o.difference.amountCents) }, 'en')})` : ''}`).join('\n')}`,
    'zh-CN': (p) =>
      `您想换成哪一款${p.nameZh}？\n${p.options.map((o, i) => `${i + 1}. ${optionsZh(o.label)}${o.difference.amountCents ? `（${o.difference.amountCents > 0 ? '补' : '退'}差价 ${money({ ...o.difference, amountCents: Math.abs(o.difference.amountCents) }, 'zh-CN')}）` : ''}`).join('\n')}`,
  },
  exchange_no_variants: {
    en: (p) =>
      `Sorry, there's no other ${p.nameEn} in stock to exchange to right now. I can refund it instead.`,
    'zh-CN': (p) => `抱歉，${p.nameZh}目前没有其他可换的款式有货，可以为您办理退货退款。`,
  },
  exchange_ask_payment: {
    en: (p) =>
      `${p.charge ? `The new one costs ${money(p.difference, 'en')} more. How would you like to pay the difference?` : `The new one costs ${money(p.difference, 'en')} less. Where should the difference go?`}\n${p.methods.map((m, i) => `${i + 1}. ${methodWords(m.label, 'en')}${m.balanceCents !== null ? ` (balance ${money({ amountCents: m.balanceCents, currency: p.difference.currency }, 'en')})` : ''}`).join('\n')}`,
    'zh-CN': (p) =>
      `${p.charge ? `新款需补差价 ${money(p.difference, 'zh-CN')}，请问用哪种方式支付？` : `新款便宜 ${money(p.difference, 'zh-CN')}，差价退到哪里？`}\n${p.methods.map((m, i) => `${i + 1}. ${methodWords(m.label, 'zh-CN')}${m.balanceCents !== null ? `（余额 ${money({ amountCents: m.balanceCents, currency: p.difference.currency }, 'zh-CN')}）` : ''}`).join('\n')}`,
  },
  exchange_balance_short: {
    en: (p) =>
      `${methodWords(p.method, 'en')} only has ${money(p.balance, 'en')}, which doesn't cover the difference. Please choose another way to pay.`,
    'zh-CN': (p) =>
      `${methodWords(p.method, 'zh-CN')}余额仅 ${money(p.balance, 'zh-CN')}，不足以支付差价，请选择其他支付方式。`,
  },
  return_confirm: {
    en: (p) =>
      p.kind === 'return'
        ? `To confirm: return ${p.itemsEn.join(', ')} from order ${p.orderId}${p.reason ? ` (reason: ${p.reason})` : ''}, refunding ${money(p.amount, 'en')} to ${methodWords(p.refundTo ?? 'original', 'en')} once we receive the parcel. Shall I go ahead? (yes / no)`
        : `To confirm: exchange ${p.itemsEn.join(', ')} from order ${p.orderId} for ${p.exchangeTo ?? ''}${p.reason ? ` (reason: ${p.reason})` : ''}${p.difference && p.difference.amountCents ? `, ${p.difference.amountCents > 0 ? 'paying' : 'getting back'} ${money({ ...p.difference, amountCents: Math.abs(p.difference.amountCents) }, 'en')} ${p.difference.amountCents > 0 ? 'with' : 'to'} ${methodWords(p.payWith ?? '', 'en')}` : ''}. Shall I go ahead? (yes / no)`,
    'zh-CN': (p) =>
      p.kind === 'return'
        ? `请确认：退回订单 ${p.orderId} 中的${p.itemsZh.join('、')}${p.reason ? `（原因：${p.reason}）` : ''}，收到退货后退款 ${money(p.amount, 'zh-CN')} 至${methodWords(p.refundTo ?? 'original', 'zh-CN')}。是否继续？（是/否）`
        : `请确认：将订单 ${p.orderId} 中的${p.itemsZh.join('、')}换成${optionsZh(p.exchangeTo ?? '')}${p.reason ? `（原因：${p.reason}）` : ''}${p.difference && p.difference.amountCents ? `，${p.difference.amountCents > 0 ? '用' : '差价'}${p.difference.amountCents > 0 ? methodWords(p.payWith ?? '', 'zh-CN') + '补差价' : '退至' + methodWords(p.payWith ?? '', 'zh-CN')} ${money({ ...p.difference, amountCents: Math.abs(p.difference.amountCents) }, 'zh-CN')}` : ''}。是否继续？（是/否）`,
  },
  return_created: {
    en: (p) =>
      `Done: your ${p.kind === 'return' ? 'return' : 'exchange'} number is ${p.rmaId}. I've emailed you a ${p.carrier} return label (tracking ${p.trackingNumber}); you can also download it here. Please send the parcel within ${p.windowDays} days. I'll let you know as soon as it arrives.`,
    'zh-CN': (p) =>
      `已为您办理，${p.kind === 'return' ? '退货' : '换货'}单号 ${p.rmaId}。${p.carrier} 退货面单（运单号 ${p.trackingNumber}）已发送到您的邮箱，也可以在这里下载。请尽快寄回，包裹到达后会第一时间通知您。`,
  },
  return_reminder: {
    en: (p) =>
      `A reminder: we haven't received the parcel for return ${p.rmaId} yet. Please send it with the label soon, or the return will expire.`,
    'zh-CN': (p) =>
      `温馨提醒：我们还没有收到退货单 ${p.rmaId} 的包裹，请尽快贴上面单寄回，否则退货申请将过期。`,
  },
  return_received: {
    en: (p) => `Good news: your parcel for return ${p.rmaId} has arrived at our warehouse.`,
    'zh-CN': (p) => `好消息：退货单 ${p.rmaId} 的包裹已到达仓库。`,
  },
  return_refunded: {
    en: (p) =>
      `Your refund of ${money(p, 'en')} for return ${p.rmaId} has been issued to ${methodWords(p.method, 'en')}.`,
    'zh-CN': (p) => `退货单 ${p.rmaId} 的退款 ${money(p, 'zh-CN')} 已退至${methodWords(p.method, 'zh-CN')}。`,
  },
  return_refund_with_finance: {
    en: (p) =>
      `Your refund of ${money(p, 'en')} for return ${p.rmaId} is with our finance team, who will pay it back to ${methodWords(p.method, 'en')} within a few business days.`,
    'zh-CN': (p) =>
      `退货单 ${p.rmaId} 的退款 ${money(p, 'zh-CN')} 已提交财务，将在几个工作日内退至${methodWords(p.method, 'zh-CN')}。`,
  },
  return_exchanged: {
    en: (p) =>
      `Your replacement for ${p.rmaId} is on its way${p.amountCents ? ` (difference of ${money({ ...p, amountCents: Math.abs(p.amountCents) }, 'en')} ${p.amountCents > 0 ? 'refunded to' : 'paid with'} ${methodWords(p.method, 'en')})` : ''}.`,
    'zh-CN': (p) =>
      `换货单 ${p.rmaId} 的新商品已安排发货${p.amountCents ? `（差价 ${money({ ...p, amountCents: Math.abs(p.amountCents) }, 'zh-CN')} 已${p.amountCents > 0 ? '退至' : '通过'}${methodWords(p.method, 'zh-CN')}${p.amountCents > 0 ? '' : '支付'}）` : ''}。`,
  },
  return_expired: {
    en: (p) =>
      `Return ${p.rmaId} has expired because no parcel arrived. Write to me if you still want to return it.`,
    'zh-CN': (p) => `退货单 ${p.rmaId} 因未收到包裹已过期。如仍需退货，请随时联系我们。`,
  },
  refund_failed: {
    en: (p) =>
      `Your parcel for ${p.rmaId} arrived, but the refund didn't go through. I've passed it to a colleague who will sort it out with you.`,
    'zh-CN': (p) => `退货单 ${p.rmaId} 的包裹已收到，但退款未能成功，已转交人工客服为您处理。`,
  },
  csat_ask: {
    en: () => 'How happy are you with how we handled this? Please rate it from 1 (poor) to 5 (excellent).',
    'zh-CN': () => '请问您对本次服务满意吗？请回复 1（很不满意）到 5（非常满意）打分。',
  },
  csat_thanks: {
    en: (p) => `Thank you for your rating of ${p.score}!`,
    'zh-CN': (p) => `感谢您的 ${p.score} 分评价！`,
  },
  cancel_ask_reason: {
    en: (p) => `Why would you like to cancel?\n${p.reasons.map((r, i) => `${i + 1}. ${r}`).join('\n')}`,
    'zh-CN': (p) =>
      `请问取消的原因是？\n${p.reasons.map((r, i) => `${i + 1}. ${CANCEL_REASON_ZH[r] ?? r}`).join('\n')}`,
  },
  cancel_refused: {
    en: (p) =>
      `Order ${p.orderId} can't be cancelled any more (it is ${p.orderStatus}). Once it arrives you can return it; or say "human" to reach a colleague.`,
    'zh-CN': (p) =>
      `订单 ${p.orderId} 当前状态为${p.orderStatus}，已无法取消。签收后可以申请退货，或回复“转人工”联系人工客服。`,
  },
  cancel_confirm: {
    en: (p) =>
      `To confirm: cancel the whole order ${p.orderId} (reason: ${p.reason}) and refund ${money(p.amount, 'en')} to ${p.paidWith.map((m) => methodWords(m, 'en')).join(' and ')}. Shall I go ahead? (yes / no)`,
    'zh-CN': (p) =>
      `请确认：取消整个订单 ${p.orderId}（原因：${CANCEL_REASON_ZH[p.reason] ?? p.reason}），并退款 ${money(p.amount, 'zh-CN')} 至${p.paidWith.map((m) => methodWords(m, 'zh-CN')).join('和')}。是否继续？（是/否）`,
  },
  cancel_done: {
    en: (p) =>
      `Order ${p.orderId} is cancelled. Refunds: ${p.refunds.map((r) => `${money(r.amount, 'en')} to ${methodWords(r.method, 'en')}`).join('; ')}. Store credit is available at once; a card refund takes 5–10 business days.`,
    'zh-CN': (p) =>
      `订单 ${p.orderId} 已取消。退款：${p.refunds.map((r) => `${money(r.amount, 'zh-CN')} 退至${methodWords(r.method, 'zh-CN')}`).join('；')}。余额即时到账，银行卡退款需 5–10 个工作日。`,
  },
  tracking_history: {
    en: (p, f) =>
      `Tracking history of order ${p.orderId}:\n${p.events.map((e) => `${f.date(e.at)}  ${e.description}${e.location ? ` (${e.location})` : ''}`).join('\n')}`,
    'zh-CN': (p, f) =>
      `订单 ${p.orderId} 的物流详情：\n${p.events.map((e) => `${f.date(e.at)}  ${e.location && !e.description.includes(e.location) ? `【${e.location}】` : ''}${e.description}`).join('\n')}`,
  },
  shipment_without_tracking: {
    en: (p) =>
      p.cancelled
        ? `The parcel for order ${p.orderId} was cancelled and will not be delivered. Say "human" if you need help with it.`
        : `Order ${p.orderId} is packed and waiting to be picked up${p.carrier ? ` by ${p.carrier}` : ' by a carrier'}; there's no tracking update yet. You'll get one as soon as the parcel is scanned.`,
    'zh-CN': (p) =>
      p.cancelled
        ? `订单 ${p.orderId} 的包裹已取消，不会配送。如需帮助请回复“转人工”。`
        : `订单 ${p.orderId} 已打包，正在等待${p.carrier ?? '快递'}揽收，暂时还没有物流信息，揽收后会第一时间更新。`,
  },
  cancel_failed: {
    en: (p) =>
      `Order ${p.orderId} is cancelled, but a refund didn't go through. I've passed it to a colleague who will sort it out.`,
    'zh-CN': (p) => `订单 ${p.orderId} 已取消，但有一笔退款未能成功，已转交人工客服处理。`,
  },
};

/** The default cancel reasons in Chinese; configured reasons without a translation are shown as they are. */
const CANCEL_REASON_ZH: Record<string, string> = {
  'no longer needed': '不想要了',
  'ordered by mistake': '下错单了',
};
