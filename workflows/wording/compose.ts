// Turns replies into words in the customer's language, leading with empathy when the customer is upset. Pure code, run
// inside the workflow: wording is not a side effect, and a turn saves a round trip to an activity.
import type { ComposeRequest, ComposedReply, Reply, ReplyKey } from '../replies';
import { BRIEF_EMPATHY, BRIEF_FILLERS } from '../humans/wording';
import type { Locale, Sentiment } from '../types';
import { EMPATHY, ORDER_STATUS, SHIPMENT_STATUS, situationOf, TEMPLATES, type Formatters } from './templates';

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

/** Replies that are not an answer to the customer's problem get no empathy line. */
const NO_EMPATHY = new Set<ReplyKey>(['welcome', 'goodbye', 'inactivity_close', 'case_closed', 'thanks']);

function words(reply: Reply, locale: Locale, f: Formatters): string {
  if (reply.kind === 'text') return reply.text;
  // The union of templates cannot be called directly; TemplateReply pairs each key with its own params.
  const template = TEMPLATES[reply.key][locale] as (p: unknown, f: Formatters) => string;
  return template(reply.params, f);
}

/** Angry or frustrated: the customer wants the answer first, in few words, with no explanations. */
function upset(sentiment: Sentiment | null): boolean {
  return (
    sentiment !== null &&
    (sentiment.emotion === 'ANGRY' || sentiment.emotion === 'FRUSTRATED') &&
    sentiment.intensity >= DISTRESSED_INTENSITY
  );
}

/**
 * The brief style: the solution first, closing offers left out, then one short line of empathy. An answer that is
 * no answer (a greeting, a goodbye) is worded as usual.
 */
function composeBrief(request: ComposeRequest, f: Formatters): ComposedReply[] {
  const { locale } = request;
  const composed: ComposedReply[] = request.replies.map((reply) => ({
    text: words(reply, locale, f).replace(BRIEF_FILLERS[locale], ''),
    ...(reply.kind === 'text' && reply.sources.length > 0 ? { sources: reply.sources } : {}),
    style: 'brief',
  }));
  // After the last reply that answers something (not a closing "you're welcome").
  const answers = request.replies.map((r) => !(r.kind === 'template' && NO_EMPATHY.has(r.key)));
  const solution = composed[answers.lastIndexOf(true)];
  if (solution) {
    const separator = locale === 'zh-CN' ? '' : ' ';
    solution.text = `${solution.text}${separator}${BRIEF_EMPATHY[situationOf(request.topic)][locale]}`;
  }
  return composed.filter((c) => c.text.trim().length > 0);
}

export function composeReplies(request: ComposeRequest): ComposedReply[] {
  const f = formatters(request.locale);
  const first = request.replies[0];
  if (upset(request.sentiment) && first && !(first.kind === 'template' && NO_EMPATHY.has(first.key)))
    return composeBrief(request, f);
  const composed: ComposedReply[] = request.replies.map((reply) => ({
    text: words(reply, request.locale, f),
    ...(reply.kind === 'text' && reply.sources.length > 0 ? { sources: reply.sources } : {}),
  }));
  const { sentiment } = request;
  const distressed = sentiment && sentiment.intensity >= DISTRESSED_INTENSITY;
  const empathy = distressed ? EMPATHY[sentiment.emotion]?.[situationOf(request.topic)] : undefined;
  if (empathy && composed[0] && first && !(first.kind === 'template' && NO_EMPATHY.has(first.key))) {
    const separator = request.locale === 'zh-CN' ? '' : ' ';
    composed[0] = { ...composed[0], text: `${empathy[request.locale]}${separator}${composed[0].text}` };
  }
  return composed.map((c) => ({ ...c, style: 'standard' }));
}
