// Reads the customer's answers in a return: which items, return or exchange, which variant, which way to pay.
import type { ExchangeOption, PaymentOption } from '../../../activities/returns/types';
import type { Turn } from '../../turn';
import { pickOrdinal } from '../ordinals';

const EXCHANGE = /\bexchange|\bswap|\breplace|换货|调换|换成|换个|换一|换到|更换/i;
const RETURN = /\breturn|\brefund|money back|退货|退款|退钱|退回/i;

/** 'exchange', 'return', or undefined when the words say both ("退换") or neither. */
export function readKind(text: string): 'return' | 'exchange' | undefined {
  // "退换" is "return or exchange": it decides nothing.
  const words = text.replace(/退换/g, '');
  const exchange = EXCHANGE.test(words);
  const ret = RETURN.test(words);
  if (exchange && !ret) return 'exchange';
  if (ret && !exchange) return 'return';
  return undefined;
}

/** Line numbers picked from a list: "all" / "both" / "全部", ordinals, bare numbers, or words of the item names. */
export function readLines(
  text: string,
  lines: { line: number; nameEn: string; nameZh: string }[],
): number[] | undefined {
  if (/\b(all|both|everything)\b|全部|都|所有|两个|两件/i.test(text)) return lines.map((l) => l.line);
  const picked = new Set<number>();
  const ordinals: [RegExp, number][] = [
    [/\b(first|1st)\b|第一|第1/i, 1],
    [/\b(second|2nd)\b|第二|第2/i, 2],
    [/\b(third|3rd)\b|第三|第3/i, 3],
    [/\b(fourth|4th)\b|第四|第4/i, 4],
  ];
  for (const [pattern, n] of ordinals) if (pattern.test(text)) picked.add(n);
  if (picked.size === 0)
    for (const m of text.matchAll(/(?<![\d.])(\d{1,2})(?![\d.])/g)) picked.add(Number(m[1]));
  const lower = text.toLowerCase();
  for (const l of lines) {
    const words = l.nameEn
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 4);
    const zh = l.nameZh.replace(/[A-Za-z0-9\s.]+/g, '');
    if (
      words.some((w) => lower.includes(w)) ||
      (zh.length >= 2 && [...zh].filter((c) => text.includes(c)).length >= 2)
    )
      picked.add(l.line);
  }
  const valid = [...picked].filter((n) => lines.some((l) => l.line === n)).sort((a, b) => a - b);
  return valid.length ? valid : undefined;
}

const SKIP = /^\s*(no|nope|skip|none|n\/a|rather not|prefer not|不想说|跳过|没有|不说了|无)\s*[.!。！]?\s*$/i;

/** Any answer to "why?" is kept; declining to say is an answer too. */
export function readReason(text: string): string {
  return SKIP.test(text) ? '-' : text.trim().slice(0, 300);
}

/** Where a refund goes: store credit or the original payment. */
export function readRefundTo(text: string): 'store_credit' | 'original' | undefined {
  if (/store credit|credit|balance|余额|购物金|积分/i.test(text)) return 'store_credit';
  if (/original|card|back to|same (way|method)|paypal|原路|原支付|原卡|银行卡|信用卡|卡/i.test(text))
    return 'original';
  return undefined;
}

/** The variant the customer names: an ordinal in the list, or the option values it mentions (colour, size, other). */
export function readVariant(turn: Turn, offered: ExchangeOption[]): ExchangeOption | undefined {
  const text = turn.message.text;
  const byOrdinal = pickOrdinal(text, offered);
  if (byOrdinal) return byOrdinal;
  const { colours, sizes } = turn.understanding.entities;
  const lower = text.toLowerCase();
  const mentions = (value: string) =>
    colours.includes(value) ||
    sizes.includes(value) ||
    new RegExp(
      `(^|[^a-z0-9])${value.toLowerCase().replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}($|[^a-z0-9])`,
    ).test(lower);
  const scored = offered
    .map((o) => ({ o, score: Object.values(o.options).filter((v) => mentions(v)).length }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored[0]?.o;
}

/** A payment method picked from a list: its position, or its kind in words. */
export function readMethod(text: string, offered: PaymentOption[]): PaymentOption | undefined {
  const byOrdinal = pickOrdinal(text, offered);
  if (byOrdinal) return byOrdinal;
  const kind = /gift|礼品卡/i.test(text)
    ? 'gift_card'
    : /store credit|credit|balance|余额|购物金/i.test(text)
      ? 'store_credit'
      : /paypal/i.test(text)
        ? 'paypal'
        : /card|卡/i.test(text)
          ? 'card'
          : undefined;
  return kind ? offered.find((o) => o.kind === kind) : undefined;
}

/** "blue, M" / "black, brown": the option values of a line or variant, in their order. */
export function optionWords(options: Record<string, string>): string {
  return Object.entries(options)
    .filter(([k]) => k !== 'layout')
    .map(([k, v]) => (k === 'colour' || k === 'size' ? v : `${v} ${k}`))
    .join(', ');
}
