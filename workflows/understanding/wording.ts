// Wording of the understanding replies in en and zh-CN: the requests named the way a customer would say them.
import type { Intent, Locale } from '../types';
import type { TemplatesFor } from '../wording/templates';
import type { UnderstandingReplyParams } from './replies';

/** Each request as the end of "Do you want to …" / "请问您是想…". */
const REQUEST_NAMES: Record<Locale, Partial<Record<Intent, string>>> = {
  en: {
    order_status: 'track an order',
    return_request: 'return or exchange an item',
    refund_request: 'get a refund',
    cancel_order: 'cancel an order',
    order_change: 'change an order before it ships',
    product_question: 'ask about a product',
    recommendation: 'get a recommendation',
    troubleshooting: 'fix a problem with a product',
    complaint: 'make a complaint',
    human_agent: 'talk to a person',
  },
  'zh-CN': {
    order_status: '查询物流',
    return_request: '退换货',
    refund_request: '退款',
    cancel_order: '取消订单',
    order_change: '修改未发货的订单',
    product_question: '咨询商品',
    recommendation: '让我推荐商品',
    troubleshooting: '解决产品故障',
    complaint: '投诉',
    human_agent: '转人工',
  },
};

const named = (locale: Locale, intent: Intent) => REQUEST_NAMES[locale][intent] ?? intent;

function listEn(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export const UNDERSTANDING_TEMPLATES: TemplatesFor<UnderstandingReplyParams> = {
  clarify_between: {
    en: (p) => `Just to be sure: do you want to ${listEn(p.options.map((i) => named('en', i)))}?`,
    'zh-CN': (p) =>
      p.options.length > 1
        ? `请问您是想${p.options.map((i) => named('zh-CN', i)).join('还是')}？`
        : `请问您是想${named('zh-CN', p.options[0] ?? 'unknown')}吗？`,
  },
  both_requests: {
    en: (p) =>
      `You asked about two things: I'll help you ${named('en', p.first)} first, then ${p.then.map((i) => named('en', i)).join(' and ')}.`,
    'zh-CN': (p) =>
      `您提到了${p.then.length + 1}件事：我先帮您${named('zh-CN', p.first)}，然后再${p.then.map((i) => named('zh-CN', i)).join('、')}。`,
  },
  next_request: {
    en: (p) => `Now your other request: you wanted to ${named('en', p.intent)}.`,
    'zh-CN': (p) => `接下来处理您的另一个请求：${named('zh-CN', p.intent)}。`,
  },
};
