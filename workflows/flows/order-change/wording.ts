// The order-change flow's words in en and zh-CN.
import type { TemplatesFor } from '../../wording/templates';
import { methodWords, money } from '../returns/wording';
import type { ChangeRefusalReason, OrderChangeReplyParams } from './replies';

const REFUSAL: Record<
  'en' | 'zh-CN',
  Record<ChangeRefusalReason, (orderId: string, status: string) => string>
> = {
  en: {
    shipped: (id) =>
      `Order ${id} has already shipped, so it can't be changed any more. Once it arrives I can start a return or an exchange for you (just say "return").`,
    not_paid: (id) =>
      `Order ${id} isn't paid yet, so there is nothing to change; it can be changed once the payment goes through.`,
    cancelled: (id) => `Order ${id} was cancelled, so it can't be changed.`,
    items_changed: (id) =>
      `The items of order ${id} were changed once already, and each order's items can change only once. You can still change the address or the payment.`,
    same_method: () => 'The order is already paid that way. Please pick another method.',
  },
  'zh-CN': {
    shipped: (id) =>
      `订单 ${id} 已经发货，无法再修改。包裹签收后我可以为您办理退货或换货（回复“退货”即可）。`,
    not_paid: (id) => `订单 ${id} 尚未付款，暂时无需修改；付款成功后即可修改。`,
    cancelled: (id) => `订单 ${id} 已取消，无法修改。`,
    items_changed: (id) =>
      `订单 ${id} 的商品已经修改过一次，每个订单的商品只能改一次。地址和支付方式仍可修改。`,
    same_method: () => '订单已经是用这种方式支付的，请选择其他支付方式。',
  },
};

export const ORDER_CHANGE_TEMPLATES: TemplatesFor<OrderChangeReplyParams> = {
  order_change_ask_what: {
    en: (p) =>
      `What would you like to change on order ${p.orderId}: the shipping address, the payment method, or an item (another size or colour)?`,
    'zh-CN': (p) => `请问订单 ${p.orderId} 想修改什么：收货地址、支付方式，还是商品（换尺码或颜色）？`,
  },
  order_change_refused: {
    en: (p) => REFUSAL.en[p.reason](p.orderId, p.orderStatus),
    'zh-CN': (p) => REFUSAL['zh-CN'][p.reason](p.orderId, p.orderStatus),
  },
  order_change_ask_address: {
    en: (p) =>
      `${p.current ? `It ships to ${p.current} now. ` : ''}Where should it go instead? Type the new address${p.addresses.length ? ', or pick a saved one:\n' + p.addresses.map((a, i) => `${i + 1}. ${a}`).join('\n') : '.'}`,
    'zh-CN': (p) =>
      `${p.current ? `当前收货地址：${p.current}。` : ''}请问改寄到哪里？请输入新地址${p.addresses.length ? '，或选择已保存的地址：\n' + p.addresses.map((a, i) => `${i + 1}. ${a}`).join('\n') : '。'}`,
  },
  order_change_ask_item: {
    en: (p) =>
      `Which item of order ${p.orderId} would you like to change?\n${p.lines.map((l) => `${l.line}. ${l.nameEn}${l.options ? ` (${l.options})` : ''}`).join('\n')}`,
    'zh-CN': (p) =>
      `请问要修改订单 ${p.orderId} 中的哪件商品？\n${p.lines.map((l) => `${l.line}. ${l.nameZh}${l.options ? `（${l.options}）` : ''}`).join('\n')}`,
  },
  order_change_ask_method: {
    en: (p) =>
      `Which method should pay the ${money(p.total, 'en')} instead? The current payment is refunded once the new one goes through.\n${p.methods.map((m, i) => `${i + 1}. ${methodWords(m.label, 'en')}${m.balanceCents !== null ? ` (balance ${money({ amountCents: m.balanceCents, currency: p.total.currency }, 'en')})` : ''}`).join('\n')}`,
    'zh-CN': (p) =>
      `请问改用哪种方式支付 ${money(p.total, 'zh-CN')}？新的支付成功后，原支付会原路退回。\n${p.methods.map((m, i) => `${i + 1}. ${methodWords(m.label, 'zh-CN')}${m.balanceCents !== null ? `（余额 ${money({ amountCents: m.balanceCents, currency: p.total.currency }, 'zh-CN')}）` : ''}`).join('\n')}`,
  },
  order_change_confirm: {
    en: (p) => {
      const what =
        p.kind === 'address'
          ? `ship order ${p.orderId} to ${p.address}`
          : p.kind === 'payment'
            ? `pay order ${p.orderId} (${p.amount ? money(p.amount, 'en') : ''}) with ${methodWords(p.method ?? '', 'en')} and refund the current payment`
            : `change the ${p.itemEn} in order ${p.orderId} to ${p.to}${p.amount && p.amount.amountCents !== 0 ? `, ${p.amount.amountCents > 0 ? 'charging' : 'refunding'} ${money({ ...p.amount, amountCents: Math.abs(p.amount.amountCents) }, 'en')} ${p.amount.amountCents > 0 ? 'to' : 'to'} ${methodWords(p.method ?? '', 'en')}` : ''}`;
      return `To confirm: I'll ${what}. Shall I go ahead? (yes / no)`;
    },
    'zh-CN': (p) => {
      const what =
        p.kind === 'address'
          ? `将订单 ${p.orderId} 改寄到：${p.address}`
          : p.kind === 'payment'
            ? `订单 ${p.orderId}（${p.amount ? money(p.amount, 'zh-CN') : ''}）改用${methodWords(p.method ?? '', 'zh-CN')}支付，原支付原路退回`
            : `将订单 ${p.orderId} 中的${p.itemZh}改为 ${p.to}${p.amount && p.amount.amountCents !== 0 ? `，${p.amount.amountCents > 0 ? '从' : '差价退回'}${methodWords(p.method ?? '', 'zh-CN')}${p.amount.amountCents > 0 ? '补差价' : ''} ${money({ ...p.amount, amountCents: Math.abs(p.amount.amountCents) }, 'zh-CN')}` : ''}`;
      return `请确认：${what}。确定要修改吗？（是/否）`;
    },
  },
  order_change_done: {
    en: (p) =>
      p.kind === 'address'
        ? `Done: order ${p.orderId} will ship to the new address.`
        : p.kind === 'payment'
          ? `Done: order ${p.orderId} is now paid with ${methodWords(p.method ?? '', 'en')}, and the earlier payment is on its way back.`
          : `Done: the item in order ${p.orderId} is changed.${p.amount && p.amount.amountCents !== 0 ? ` ${money({ ...p.amount, amountCents: Math.abs(p.amount.amountCents) }, 'en')} was ${p.amount.amountCents > 0 ? 'charged to' : 'refunded to'} ${methodWords(p.method ?? '', 'en')}.` : ''}`,
    'zh-CN': (p) =>
      p.kind === 'address'
        ? `已修改：订单 ${p.orderId} 将寄往新地址。`
        : p.kind === 'payment'
          ? `已修改：订单 ${p.orderId} 已改用${methodWords(p.method ?? '', 'zh-CN')}支付，原支付款项将原路退回。`
          : `已修改：订单 ${p.orderId} 的商品已更换。${p.amount && p.amount.amountCents !== 0 ? `差价 ${money({ ...p.amount, amountCents: Math.abs(p.amount.amountCents) }, 'zh-CN')} 已${p.amount.amountCents > 0 ? '从' : '退回到'}${methodWords(p.method ?? '', 'zh-CN')}${p.amount.amountCents > 0 ? '扣除' : ''}。` : ''}`,
  },
  order_change_declined: {
    en: (p) => `The payment was declined, so order ${p.orderId} stays as it was. You can try another method.`,
    'zh-CN': (p) => `支付未成功，订单 ${p.orderId} 保持不变。您可以换一种支付方式再试。`,
  },
};
