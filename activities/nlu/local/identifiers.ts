// Order numbers, emails, phones and device serials: extracted in one pass so no number is claimed twice.
import { isValidPhoneNumber } from 'libphonenumber-js';
import { normalizeEmail, normalizePhone } from '../../commerce/contact';
import { EMAIL_SOURCE } from './text';

export type IdentifierKind = 'order' | 'email' | 'phone' | 'serial';

export interface Span {
  start: number;
  end: number;
  kind: IdentifierKind;
}

export interface Identifiers {
  orderIds: string[];
  emails: string[];
  phones: string[];
  serialNumbers: string[];
  /** Where the identifiers sit in the text, so later extractors (dates, quantities, sizes) skip them. */
  spans: Span[];
}

const EMAIL_RE = new RegExp(`(?<![A-Za-z0-9._%+-])${EMAIL_SOURCE}`, 'g');

/** "SN-AB123456", "sn:12345678": the SN prefix is what marks a serial. */
const SN_RE = /(?<![A-Za-z0-9])SN[-:#]?\s?([A-Za-z0-9]{6,12})(?![A-Za-z0-9])/gi;

/**
 * "serial number AP12345678", "序列号：AP-1234567": a keyword marks whatever code follows as a serial, hyphens
 * and all (6–16 letters and digits), so a hyphenated serial is not read as a loosely written order number.
 */
const SERIAL_KEYWORD_RE =
  /(?:serial(?:\s*(?:number|no\.?|num|#))?|s\/n|序列号|序列码|机身号|机身编号|串号)\s*(?:is\s+|:\s*|是\s*|为\s*)?#?((?:SN-)?[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(?![A-Za-z0-9])/gi;

/** 1–3 letters then 6–12 digits, e.g. W1234567, with an optional '#'. */
const ORDER_RE = /(?<![A-Za-z0-9@._-])#?([A-Za-z]{1,3})(\d{6,12})(?![A-Za-z0-9@])/g;

/**
 * The same written loosely, as people copy or read it out: "W 1234567", "W-1234567", "w123 4567", "W-123 4567".
 * Group 2 is the separator after the letters, groups 3 and 4 the digit runs; whether they form an order number
 * is decided in code (see looseOrder), because a regex alone would glue on a following phone number or count.
 */
const LOOSE_ORDER_RE =
  /(?<![A-Za-z0-9@._-])#?([A-Za-z]{1,3})([\s-]?)(\d{1,12})(?:[\s-](\d{1,12}))?(?![A-Za-z0-9@]|-\d)/g;

/**
 * Set apart by a space, only a single letter is an order prefix: two or three letters are usually a word ("is
 * 4155550100", "AT 4155550100"), and "a", "I" and "x" ("3 x 1234567") are words or signs of their own.
 */
const SPACED_PREFIX = /^[B-HJ-WYZb-hj-wyz]$/;

/** All-digit order numbers only count right after an order keyword ("order no. 20260315001"). */
const NUMERIC_ORDER_RE =
  /(?:order\s*(?:number|no\.?|num|id|#)?|订单编号|订单号|订单|单号)\s*(?:is\s+|:\s*|是\s*|为\s*)?#?(\d{8,20})(?!\d)/gi;

/** Letter prefixes that label a contact number rather than form an order number ("tel13800138000", "QQ12345678"). */
const NOT_ORDER_PREFIX = new Set(['TEL', 'MOB', 'PH', 'QQ', 'WX', 'VX', 'SN', 'NO', 'FAX']);

const CN_MOBILE_RE = /(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;
const US_PAREN_RE = /(?<![\d])(?:\+?1[\s.-]?)?\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?!\d)/g;
/** "415-555-0100", "415.555.0100", "415 555 0100", "+1 415 555 0100": one separator style throughout. */
const US_GROUPED_RE = /(?<![\d+.-])(?:\+?1([\s.-]))?\d{3}([\s.-])\d{3}\2\d{4}(?![\d.-]|\s\d)/g;
/** A bare national number, "4155550100": only kept when it is a valid number (see validPhone). */
const BARE_US_RE = /(?<![\d+.,-])1?\d{10}(?![\d.,]\d|\d)/g;
const INTERNATIONAL_RE = /(?<![\dA-Za-z])(?:\+|00)\d[\d\s().-]{6,20}\d(?!\d)/g;

const isCnMobile = (digits: string) => /^1[3-9]\d{9}$/.test(digits);

/**
 * E.164 when the text is a phone number that could be dialled. normalizePhone only checks that the length is
 * possible, which lets "1234567890" through; digits a customer typed must also fit the country's numbering plan.
 */
function validPhone(raw: string): string | undefined {
  const phone = normalizePhone(raw);
  if (!phone) return undefined;
  return isValidPhoneNumber(phone) ? phone : undefined;
}

/** The order number a loose match spells, or undefined when the pieces are something else. */
function looseOrder(m: RegExpMatchArray): { id: string; length: number } | undefined {
  const letters = (m[1] ?? '').toUpperCase();
  const separator = m[2] ?? '';
  const head = m[3] ?? '';
  const tail = m[4];
  if (NOT_ORDER_PREFIX.has(letters)) return undefined;
  if (/\s/.test(separator) && !SPACED_PREFIX.test(letters)) return undefined;
  // A complete first run stands alone: in "W 1234567 2 pieces" the 2 is a count, not part of the number.
  const joinTail = tail !== undefined && head.length < 6;
  const digits = joinTail ? head + tail : head;
  if (digits.length < 6 || digits.length > 12 || isCnMobile(digits)) return undefined;
  const whole = m[0];
  const length = joinTail ? whole.length : whole.length - (tail === undefined ? 0 : tail.length + 1);
  return { id: `${letters}${digits}`, length };
}

function overlaps(spans: readonly { start: number; end: number }[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start);
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

export function extractIdentifiers(text: string): Identifiers {
  const spans: Span[] = [];
  const result: Identifiers = { orderIds: [], emails: [], phones: [], serialNumbers: [], spans };
  const claim = (start: number, end: number, kind: IdentifierKind) => spans.push({ start, end, kind });

  for (const m of text.matchAll(EMAIL_RE)) {
    const start = m.index ?? 0;
    claim(start, start + m[0].length, 'email');
    pushUnique(result.emails, normalizeEmail(m[0]));
  }

  // Serials before order numbers: "serial number AP12345678" would otherwise look like an order.
  for (const m of text.matchAll(SERIAL_KEYWORD_RE)) {
    const code = m[1] ?? '';
    const start = m.index ?? 0;
    const alphanumerics = code.replace(/-/g, '').length;
    if (alphanumerics < 6 || alphanumerics > 16) continue;
    if (!/\d/.test(code) || overlaps(spans, start, start + m[0].length)) continue;
    claim(start, start + m[0].length, 'serial');
    pushUnique(result.serialNumbers, code.toUpperCase());
  }
  for (const m of text.matchAll(SN_RE)) {
    const code = m[1] ?? '';
    const start = m.index ?? 0;
    if (!/\d/.test(code) || overlaps(spans, start, start + m[0].length)) continue;
    claim(start, start + m[0].length, 'serial');
    pushUnique(result.serialNumbers, `SN-${code.toUpperCase()}`);
  }

  for (const m of text.matchAll(ORDER_RE)) {
    const letters = (m[1] ?? '').toUpperCase();
    const digits = m[2] ?? '';
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (NOT_ORDER_PREFIX.has(letters) || isCnMobile(digits) || overlaps(spans, start, end)) continue;
    claim(start, end, 'order');
    pushUnique(result.orderIds, `${letters}${digits}`);
  }
  for (const m of text.matchAll(LOOSE_ORDER_RE)) {
    const order = looseOrder(m);
    const start = m.index ?? 0;
    if (!order || overlaps(spans, start, start + order.length)) continue;
    claim(start, start + order.length, 'order');
    pushUnique(result.orderIds, order.id);
  }
  for (const m of text.matchAll(NUMERIC_ORDER_RE)) {
    const digits = m[1] ?? '';
    const start = (m.index ?? 0) + m[0].length - digits.length;
    const end = start + digits.length;
    if (isCnMobile(digits) || overlaps(spans, start, end)) continue;
    claim(start, end, 'order');
    pushUnique(result.orderIds, digits);
  }

  for (const re of [CN_MOBILE_RE, US_PAREN_RE, US_GROUPED_RE, INTERNATIONAL_RE, BARE_US_RE]) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (overlaps(spans, start, end)) continue;
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 8 || digits.length > 15) continue;
      // Digits that are no valid number stay free for the other readers: "+55550100" is not a phone.
      const phone = validPhone(m[0]);
      if (!phone) continue;
      claim(start, end, 'phone');
      pushUnique(result.phones, phone);
    }
  }
  return result;
}

const STAND_INS: Record<IdentifierKind, string> = {
  email: 'user@example.com',
  serial: 'SN-0000000',
  order: 'W0000000',
  phone: '+10000000000',
};

/**
 * The text with every identifier replaced by a fixed stand-in of its kind, so a classifier sees "an order number"
 * however it was written (digits only, with '#', full-width) and never mistakes one kind for another.
 */
export function canonicalizeIdentifiers(text: string): string {
  let out = text;
  const spans = [...extractIdentifiers(text).spans].sort((a, b) => b.start - a.start);
  for (const span of spans)
    out = `${out.slice(0, span.start)} ${STAND_INS[span.kind]} ${out.slice(span.end)}`;
  return out;
}

/** The text with identifier spans blanked out (same length, so other offsets stay valid). */
export function maskSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}
