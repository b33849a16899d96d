// Turns reply intents into text in the customer's language, leading with empathy when the customer is upset.
import type { ComposeRequest } from '../../workflows/replies';
import type { Locale } from '../../workflows/types';
import { EMPATHY, ORDER_STATUS, SHIPMENT_STATUS, TEMPLATES, type Formatters } from './templates';

const TIME_ZONE: Record<Locale, string> = { en: 'UTC', 'zh-CN': 'Asia/Shanghai' };

function formatters(locale: Locale): Formatters {
  const dateFormat = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
    timeZone: TIME_ZONE[locale],
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    ...(locale === 'en' ? { timeZoneName: 'short' } : {}),
  });
  return {
    date: (iso) => (iso ? dateFormat.format(new Date(iso)) : ''),
    orderStatus: (status) => (status ? (ORDER_STATUS[locale][status] ?? status) : ''),
    shipmentStatus: (status) => (status ? (SHIPMENT_STATUS[locale][status] ?? status) : ''),
  };
}

const DISTRESSED_INTENSITY = 0.3;

export function composeReplies(request: ComposeRequest): string[] {
  const f = formatters(request.locale);
  const texts = request.replies.map(({ key, params }) => TEMPLATES[key][request.locale](params ?? {}, f));
  const sentiment = request.sentiment;
  const empathy =
    sentiment && sentiment.intensity >= DISTRESSED_INTENSITY ? EMPATHY[sentiment.emotion] : undefined;
  if (empathy && texts.length > 0) {
    const separator = request.locale === 'zh-CN' ? '' : ' ';
    texts[0] = `${empathy[request.locale]}${separator}${texts[0]}`;
  }
  return texts;
}
