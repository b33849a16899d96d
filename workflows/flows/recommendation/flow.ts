// The shopping guide: what the customer needs (budget, use, size, colour), a few available products with reasons; product questions and comparisons.
import type { Recommendation } from '../../../activities/presales/types';
import { durable, quick } from '../../activity-proxies';
import { reply } from '../../replies';
import { say, type Turn } from '../../turn';
import type { Intent } from '../../types';
import type { ActiveFlow, FlowDefinition, FlowOutcome } from '../flow';
import { answerFromKnowledge } from '../knowledge/answer';
import { COMPARE, ordinalsIn, readBudget, readColour, readSize, readUses } from './read';
import { factText } from './wording';

export interface RecommendationSlots {
  [slot: string]: string | string[] | number | undefined;
  /** The most to spend in the currency of the customer's language, or 'none'. */
  budget?: number | 'none';
  size?: string;
  colour?: string;
  /** The customer's answer to "budget, and what for?": anything they said counts as answered. */
  needs?: string;
  /** Everything the customer said in this request, for uses and meaning. */
  query?: string;
  /** Message ids already added to the query. */
  heard?: string[];
  /** Sizes on offer, for the size question. */
  sizes?: string[];
  /** Questions asked already: each at most once. */
  asked?: string[];
  /** The skus recommended, in the order shown: "the first one", "compare 1 and 2" read against it. */
  recommended?: string[];
}

type RecommendationFlow = ActiveFlow & { slots: RecommendationSlots };

/** Requests another flow owns: an answer to "what's your budget?" is never one of these. */
const OTHER_REQUESTS: readonly Intent[] = [
  'order_status',
  'return_request',
  'refund_request',
  'cancel_order',
  'troubleshooting',
  'human_agent',
  'complaint',
  'goodbye',
];

export const recommendationFlow: FlowDefinition<RecommendationSlots> = {
  name: 'recommendation',
  startsOn: ['recommendation'],
  form: [
    {
      name: 'budget',
      required: false,
      read: (turn, awaited) => readBudget(turn.message.text, awaited),
      ask: () => reply('shop_ask_needs', { budget: true, use: false, currency: '' }),
    },
    {
      name: 'size',
      required: false,
      read: (turn, awaited) => readSize(turn, awaited),
      ask: (slots) => reply('shop_ask_size', { sizes: slots.sizes ?? [], colour: !slots.colour }),
    },
    {
      name: 'colour',
      required: false,
      read: (turn) => readColour(turn),
      ask: (slots) => reply('shop_ask_size', { sizes: slots.sizes ?? [], colour: true }),
    },
    {
      name: 'needs',
      required: false,
      read(turn, awaited, slots) {
        if (awaited !== 'needs' || slots.needs !== undefined) return undefined;
        if (OTHER_REQUESTS.includes(turn.understanding.intent) || turn.understanding.cues.cancel)
          return undefined;
        return turn.message.text.trim().slice(0, 300);
      },
      ask: (slots) =>
        reply('shop_ask_needs', {
          budget: slots.budget === undefined,
          use: readUses(slots.query ?? '').length === 0,
          currency: '',
        }),
    },
  ],
  act: (turn, flow) => (COMPARE.test(turn.message.text) ? compare(turn) : guide(turn, flow)),
};

const asked = (slots: RecommendationSlots, question: string) => (slots.asked ?? []).includes(question);
const ask = (turn: Turn, flow: RecommendationFlow, slot: string, question: string): void => {
  flow.slots.asked = [...(flow.slots.asked ?? []), question];
  flow.awaiting = { kind: 'slot', slot };
};

/** Asks for what is missing (each question once), then recommends and records what was shown. */
async function guide(turn: Turn, flow: RecommendationFlow): Promise<FlowOutcome> {
  const slots = flow.slots;
  if (!(slots.heard ?? []).includes(turn.message.id)) {
    slots.heard = [...(slots.heard ?? []), turn.message.id].slice(-20);
    slots.query = `${slots.query ?? ''} ${turn.message.text}`.trim().slice(-1000);
  }
  const uses = readUses(slots.query ?? '');
  const missingBudget = slots.budget === undefined;
  const missingUse = uses.length === 0;
  if ((missingBudget || missingUse) && !asked(slots, 'needs')) {
    ask(turn, flow, 'needs', 'needs');
    say(
      turn,
      reply('shop_ask_needs', { budget: missingBudget, use: missingUse, currency: currencyWord(turn) }),
    );
    return 'waiting';
  }
  const customerId = turn.state.identity.customer?.id ?? null;
  const answer = await quick.recommendProducts({
    caseId: turn.state.id,
    customerId,
    query: slots.query ?? '',
    uses,
    budget: typeof slots.budget === 'number' ? slots.budget : null,
    size: slots.size && slots.size !== 'any' ? slots.size : null,
    anySize: slots.size === 'any' || asked(slots, 'size'),
    colour: slots.colour && slots.colour !== 'any' ? slots.colour : null,
    locale: turn.state.locale,
  });
  if (answer.kind === 'ask_size') {
    slots.sizes = answer.sizes;
    ask(turn, flow, 'size', 'size');
    say(turn, reply('shop_ask_size', { sizes: answer.sizes, colour: !slots.colour }));
    return 'waiting';
  }
  if (answer.kind === 'none') {
    say(turn, reply('shop_nothing', { reason: answer.reason, cheapest: answer.cheapest }));
    return 'done';
  }
  show(turn, flow, answer.items);
  await durable.recordRecommendations({
    caseId: turn.state.id,
    customerId,
    items: answer.items.map((it) => ({ sku: it.sku, reasons: it.reasons })),
  });
  return 'done';
}

function show(turn: Turn, flow: RecommendationFlow, items: Recommendation[]): void {
  flow.slots.recommended = items.map((it) => it.sku);
  say(turn, reply('shop_recommendations', { items }));
}

const currencyWord = (turn: Turn) => (turn.state.locale === 'zh-CN' ? 'CNY' : 'USD');

/** The products recommended earlier in this case, in the order shown. */
function recommendedSoFar(turn: Turn): string[] {
  const current = turn.state.flows.at(-1)?.slots.recommended;
  const remembered = turn.state.memory.recommended;
  const list = Array.isArray(current) ? current : Array.isArray(remembered) ? remembered : [];
  return list.map(String);
}

/** Two products side by side: picked from the list shown ("1 and 2"), named, or the first two shown. */
async function compare(turn: Turn): Promise<FlowOutcome> {
  const shown = recommendedSoFar(turn);
  const picked = ordinalsIn(turn.message.text, shown.length).map((i) => shown[i] as string);
  let skus = picked.length >= 2 ? picked.slice(0, 2) : [];
  if (skus.length < 2) {
    const named = (await quick.productsNamed({ text: turn.message.text })).map((p) => p.sku);
    skus = [...new Set([...picked, ...named])].slice(0, 2);
  }
  if (skus.length < 2) skus = shown.slice(0, 2);
  const comparison =
    skus.length === 2 ? await quick.compareProducts({ skus, locale: turn.state.locale }) : null;
  if (!comparison) {
    say(turn, reply('shop_compare_which'));
    return 'done';
  }
  say(turn, reply('shop_compare', comparison));
  return 'done';
}

/** "Tell me about it": the product's description answers; any other unnamed fact goes to the knowledge base. */
const GENERAL = /tell me (?:more )?about|describe|what is it\b|介绍|详细说说|怎么样/i;

/** A product question: the product's own data first, then the knowledge base, never a guess. */
async function answerProductQuestion(turn: Turn): Promise<FlowOutcome> {
  if (COMPARE.test(turn.message.text)) return compare(turn);
  const shown = recommendedSoFar(turn);
  const position = ordinalsIn(turn.message.text, shown.length)[0];
  const remembered = turn.state.memory.lastProduct;
  const facts = await quick.productFacts({
    text: turn.message.text,
    picked: position !== undefined ? (shown[position] ?? null) : null,
    sku: typeof remembered === 'string' ? remembered : null,
    locale: turn.state.locale,
  });
  if (!facts) {
    // No product in sight: the knowledge base answers as for any question, or says it does not know.
    if (!(await answerFromKnowledge(turn))) say(turn, reply('knowledge_unknown'));
    return 'done';
  }
  turn.state.memory.lastProduct = facts.sku;
  const source = {
    title: turn.state.locale === 'zh-CN' ? facts.nameZh : facts.nameEn,
    ref: `product:${facts.sku}`,
  };
  const general =
    !facts.fact && GENERAL.test(turn.message.text) && (facts.descriptionEn || facts.descriptionZh);
  if (facts.value !== null || general) {
    say(turn, { kind: 'text', text: factText(facts, turn.state.locale), sources: [source] });
    return 'done';
  }
  // The product does not say: the knowledge base may (warranty, care), with its own source; otherwise a gap.
  const found = await quick.answerQuestion({
    caseId: turn.state.id,
    messageId: turn.message.id,
    question: turn.message.text,
    locale: turn.state.locale,
    turnStartedAt: turn.now,
    logGap: true,
  });
  if (found.kind === 'answer') {
    if (found.articleLocale !== turn.state.locale && !found.translated)
      say(turn, reply('knowledge_other_language', { articleLocale: found.articleLocale }));
    say(turn, { kind: 'text', text: found.text, sources: found.sources });
    return 'done';
  }
  say(turn, reply('product_detail_unknown', { nameEn: facts.nameEn, nameZh: facts.nameZh }));
  return 'done';
}

export const productQuestionFlow: FlowDefinition<{ compare?: string }> = {
  name: 'product_question',
  startsOn: ['product_question'],
  // "Compare the first two" reads as no request at all: after recommendations it still starts this flow.
  startsOnSlots: ['compare'],
  form: [
    {
      name: 'compare',
      required: false,
      read: (turn) => (COMPARE.test(turn.message.text) && recommendedSoFar(turn).length ? 'yes' : undefined),
      ask: () => reply('shop_compare_which'),
    },
  ],
  act: (turn) => answerProductQuestion(turn),
};
