// Relative and absolute date expressions (zh and en) resolved to [from, to) ranges at local midnights.
import type { DateRange } from '../../../workflows/types';
import {
  addDays,
  addMonths,
  compareDates,
  isValidDate,
  localDateOf,
  type LocalDate,
  safeTimeZone,
  startOfLocalDay,
  startOfWeek,
} from './calendar';
import { EN_NUMBER, parseChineseNumber, parseNumber, vagueAmount, ZH_NUMBER } from './numbers';

type Unit = 'day' | 'week' | 'month' | 'year';

/** A local-date range, `to` exclusive. */
interface Span {
  from: LocalDate;
  to: LocalDate;
}

function shift(date: LocalDate, unit: Unit, amount: number): LocalDate {
  switch (unit) {
    case 'day':
      return addDays(date, amount);
    case 'week':
      return addDays(date, amount * 7);
    case 'month':
      return addMonths(date, amount);
    case 'year':
      return addMonths(date, amount * 12);
  }
}

/** The whole calendar day/week/month/year containing `date`. */
function periodOf(unit: Unit, date: LocalDate): Span {
  switch (unit) {
    case 'day':
      return { from: date, to: addDays(date, 1) };
    case 'week': {
      const from = startOfWeek(date);
      return { from, to: addDays(from, 7) };
    }
    case 'month': {
      const from = { year: date.year, month: date.month, day: 1 };
      return { from, to: addMonths(from, 1) };
    }
    case 'year':
      return { from: { year: date.year, month: 1, day: 1 }, to: { year: date.year + 1, month: 1, day: 1 } };
  }
}

/** "last month" is the calendar month before this one, not the last 30 days. */
const calendar = (unit: Unit, today: LocalDate, offset: number): Span =>
  periodOf(unit, shift(today, unit, offset));

/** "last 7 days", "三个月内": from that far back up to the end of today. */
const rolling = (unit: Unit, amount: number, today: LocalDate): Span => ({
  from: shift(today, unit, -amount),
  to: addDays(today, 1),
});

/** "two weeks ago" is the calendar week holding the day two weeks back; "3 days ago" is that one day. */
const ago = (unit: Unit, amount: number, today: LocalDate): Span =>
  periodOf(unit, shift(today, unit, -amount));

/** "a few days ago": the window between the vague bounds. */
const agoVague = (unit: Unit, [min, max]: [number, number], today: LocalDate): Span => ({
  from: periodOf(unit, shift(today, unit, -max)).from,
  to: periodOf(unit, shift(today, unit, -min)).to,
});

function zhUnit(text: string): Unit {
  if (/[天日]/.test(text)) return 'day';
  if (/[周星礼]/.test(text)) return 'week';
  if (text.includes('月')) return 'month';
  return 'year';
}

function enUnit(text: string): Unit {
  const t = text.toLowerCase();
  if (t.startsWith('day')) return 'day';
  if (t.startsWith('week')) return 'week';
  if (t.startsWith('month')) return 'month';
  return 'year';
}

/** An amount in (unit, count): "半个月" is 15 days and "半年" six months, so both stay whole numbers. */
function zhAmount(numberText: string, unitText: string): { unit: Unit; amount: number } | undefined {
  const unit = zhUnit(unitText);
  if (numberText === '半') {
    if (unit === 'month') return { unit: 'day', amount: 15 };
    if (unit === 'year') return { unit: 'month', amount: 6 };
    return undefined;
  }
  const amount = parseChineseNumber(numberText);
  return amount && amount > 0 ? { unit, amount } : undefined;
}

/** The most recent occurrence of month/day that is not in the future. */
function recentDay(month: number, day: number, today: LocalDate): LocalDate | undefined {
  for (const year of [today.year, today.year - 1, today.year - 4]) {
    const date = { year, month, day };
    if (isValidDate(year, month, day) && compareDates(date, today) <= 0) return date;
  }
  return undefined;
}

/** The most recent month with this number that has begun (the current month counts). */
function recentMonth(month: number, today: LocalDate): Span | undefined {
  if (month < 1 || month > 12) return undefined;
  const year = month <= today.month ? today.year : today.year - 1;
  return periodOf('month', { year, month, day: 1 });
}

function exactDay(year: number, month: number, day: number): Span | undefined {
  return isValidDate(year, month, day) ? periodOf('day', { year, month, day }) : undefined;
}

/** Weekday index with Monday = 0, from 一…六/日/天 or 1–7. */
function zhWeekday(ch: string): number | undefined {
  const index = '一二三四五六日'.indexOf(ch);
  if (index >= 0) return index;
  if (ch === '天' || ch === '7') return 6;
  return /^[1-6]$/.test(ch) ? Number(ch) - 1 : undefined;
}

const EN_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function weekdaySpan(weekday: number, which: 'last' | 'this' | 'recent', today: LocalDate): Span {
  const monday = startOfWeek(today);
  let date: LocalDate;
  if (which === 'last') date = addDays(monday, weekday - 7);
  else if (which === 'this') date = addDays(monday, weekday);
  else {
    date = addDays(monday, weekday);
    if (compareDates(date, today) > 0) date = addDays(date, -7);
  }
  return periodOf('day', date);
}

/** A Map: looked up with the customer's words. */
const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1],
  ['jan', 1],
  ['february', 2],
  ['feb', 2],
  ['march', 3],
  ['mar', 3],
  ['april', 4],
  ['apr', 4],
  ['may', 5],
  ['june', 6],
  ['jun', 6],
  ['july', 7],
  ['jul', 7],
  ['august', 8],
  ['aug', 8],
  ['september', 9],
  ['sept', 9],
  ['sep', 9],
  ['october', 10],
  ['oct', 10],
  ['november', 11],
  ['nov', 11],
  ['december', 12],
  ['dec', 12],
]);
const MONTH_NAMES = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|');
/** Month words that are also ordinary English ("may", "march") or names ("Jan"): they need context to count. */
const AMBIGUOUS_MONTHS = new Set('may march mar jan feb apr jun jul aug sep sept oct nov dec'.split(' '));

const monthNumber = (name: string): number => MONTHS.get(name.toLowerCase()) ?? 0;
const dayNumber = (text: string): number => Number(text);

/** Chinese month numbers: digits or 一…十二. */
const ZH_MONTH = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const ZH_DAY = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const ZH_UNIT = '(天|日|个?(?:周|星期|礼拜)|个月|年)';

interface Rule {
  re: RegExp;
  resolve(m: RegExpExecArray, today: LocalDate, text: string): Span | undefined;
}

const rule = (source: string, resolve: Rule['resolve'], flags = 'g'): Rule => ({
  re: new RegExp(source, flags),
  resolve,
});

/** A shopping festival on a fixed day (双十一 is 11 November): its most recent day, not in the future. */
function festivalDay(month: number, day: number, today: LocalDate): Span | undefined {
  const date = recentDay(month, day, today);
  return date && periodOf('day', date);
}

/**
 * Black Friday (the fourth Friday of November) through Cyber Monday: the weekend customers mean by it. The most recent
 * one that has begun.
 */
function blackFridayWeekend(today: LocalDate): Span {
  const fridayOf = (year: number) => {
    const first = { year, month: 11, day: 1 };
    const weekday = (new Date(Date.UTC(year, 10, 1)).getUTCDay() + 2) % 7; // days from Friday back to 1 November
    return addDays(first, ((7 - weekday) % 7) + 21);
  };
  const thisYear = fridayOf(today.year);
  const from = compareDates(thisYear, today) <= 0 ? thisYear : fridayOf(today.year - 1);
  return { from, to: addDays(from, 4) };
}

const RULES: Rule[] = [
  // Shopping festivals are dates too ("双十一买的", "during Black Friday").
  rule('双(?:十一|11)|光棍节', (_, t) => festivalDay(11, 11, t)),
  rule('双(?:十二|12)', (_, t) => festivalDay(12, 12, t)),
  rule('(?<!\\d)618(?=大促|活动|购物节|期间|那天|的时候)', (_, t) => festivalDay(6, 18, t)),
  rule('黑五|黑色星期五', (_, t) => blackFridayWeekend(t)),
  rule('圣诞节?', (_, t) => festivalDay(12, 25, t)),
  rule("\\bsingles'? day\\b", (_, t) => festivalDay(11, 11, t), 'gi'),
  rule('\\b(?:black friday|cyber monday)\\b', (_, t) => blackFridayWeekend(t), 'gi'),
  rule('\\bchristmas\\b', (_, t) => festivalDay(12, 25, t), 'gi'),
  // Chinese, relative.
  rule('大前天', (_, t) => calendar('day', t, -3)),
  rule('前天', (_, t) => calendar('day', t, -2)),
  rule('昨天|昨日|昨晚', (_, t) => calendar('day', t, -1)),
  rule('今天|今日|今早|今晚', (_, t) => calendar('day', t, 0)),
  rule('明天|明日', (_, t) => calendar('day', t, 1)),
  rule('上上个?(?:周|星期|礼拜)', (_, t) => calendar('week', t, -2)),
  rule('上个?(?:周|星期|礼拜)', (_, t) => calendar('week', t, -1)),
  rule('(?:这|本)个?(?:周|星期|礼拜)', (_, t) => calendar('week', t, 0)),
  rule('下个?(?:周|星期|礼拜)', (_, t) => calendar('week', t, 1)),
  rule('(上|这|本|下)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])(?![直起样定般些共切])', (m, t) => {
    const weekday = zhWeekday(m[2] ?? '');
    if (weekday === undefined) return undefined;
    if (m[1] === '下') return periodOf('day', addDays(startOfWeek(t), weekday + 7));
    return weekdaySpan(weekday, m[1] === '上' ? 'last' : m[1] ? 'this' : 'recent', t);
  }),
  rule('上上个?月', (_, t) => calendar('month', t, -2)),
  rule('上个?月', (_, t) => calendar('month', t, -1)),
  rule('(?:这|本)个?月', (_, t) => calendar('month', t, 0)),
  rule('下个?月', (_, t) => calendar('month', t, 1)),
  rule('前年', (_, t) => calendar('year', t, -2)),
  rule('去年', (_, t) => calendar('year', t, -1)),
  rule('今年', (_, t) => calendar('year', t, 0)),
  rule('明年', (_, t) => calendar('year', t, 1)),
  rule('前几天|几天前', (_, t) => agoVague('day', [2, 5], t)),
  rule('这几天|最近几天|近几天', (_, t) => rolling('day', 5, t)),
  rule('前两天', (_, t) => agoVague('day', [1, 2], t)),
  rule('这两天|最近两天', (_, t) => rolling('day', 2, t)),
  rule(
    `(?:最近|过去|近|这)\\s*(${ZH_NUMBER}|半)\\s*(天|日|个?(?:周|星期|礼拜)|个?月|年)(?:内|以内|之内|里)?`,
    (m, t) => {
      const amount = zhAmount(m[1] ?? '', m[2] ?? '');
      return amount && rolling(amount.unit, amount.amount, t);
    },
  ),
  rule(`(${ZH_NUMBER}|半)\\s*${ZH_UNIT}\\s*(?:内|以内|之内)`, (m, t) => {
    const amount = zhAmount(m[1] ?? '', m[2] ?? '');
    return amount && rolling(amount.unit, amount.amount, t);
  }),
  rule(`(${ZH_NUMBER}|半|几)\\s*${ZH_UNIT}\\s*(?:前|以前|之前)`, (m, t) => {
    const unitText = m[2] ?? '';
    if (m[1] === '几') return agoVague(zhUnit(unitText), [2, 5], t);
    const amount = zhAmount(m[1] ?? '', unitText);
    return amount && ago(amount.unit, amount.amount, t);
  }),

  // Chinese, absolute.
  rule(`(\\d{4})\\s*年\\s*${ZH_MONTH}\\s*月\\s*${ZH_DAY}\\s*[日号]`, (m) =>
    exactDay(Number(m[1]), parseChineseNumber(m[2] ?? '') ?? 0, parseChineseNumber(m[3] ?? '') ?? 0),
  ),
  rule(`(\\d{4})\\s*年\\s*${ZH_MONTH}\\s*月份?`, (m) => {
    const month = parseChineseNumber(m[2] ?? '') ?? 0;
    return month >= 1 && month <= 12 ? periodOf('month', { year: Number(m[1]), month, day: 1 }) : undefined;
  }),
  rule('(?<!\\d)(\\d{4})\\s*年(?!\\s*[\\d一二三四五六七八九十])', (m) =>
    periodOf('year', { year: Number(m[1]), month: 1, day: 1 }),
  ),
  rule(`(?<![\\d个])${ZH_MONTH}\\s*月\\s*${ZH_DAY}\\s*[日号]`, (m, t) => {
    const day = recentDay(parseChineseNumber(m[1] ?? '') ?? 0, parseChineseNumber(m[2] ?? '') ?? 0, t);
    return day && periodOf('day', day);
  }),
  rule(`(?<![\\d个上下本这])${ZH_MONTH}\\s*月份?(?![\\d一二三四五六七八九十])`, (m, t) =>
    recentMonth(parseChineseNumber(m[1] ?? '') ?? 0, t),
  ),
  rule('(?<![\\d月.])(\\d{1,2})\\s*[日号](?![码线楼机店内前])', (m, t) => {
    const day = Number(m[1]);
    if (day < 1 || day > 31) return undefined;
    const thisMonth = { year: t.year, month: t.month, day };
    const date =
      day <= t.day
        ? thisMonth
        : [1, 2, 3]
            .map((back) => addMonths({ ...thisMonth, day: 1 }, -back))
            .find((d) => isValidDate(d.year, d.month, day));
    return date && periodOf('day', { ...date, day });
  }),
  rule('(?<!\\d)(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)', (m) =>
    exactDay(Number(m[1]), Number(m[2]), Number(m[3])),
  ),

  // English, relative.
  rule('\\bthe day before yesterday\\b', (_, t) => calendar('day', t, -2), 'gi'),
  rule('\\b(?:yesterday|last night)\\b', (_, t) => calendar('day', t, -1), 'gi'),
  rule('\\b(?:today|tonight|this morning|this afternoon)\\b', (_, t) => calendar('day', t, 0), 'gi'),
  rule('\\btomorrow\\b', (_, t) => calendar('day', t, 1), 'gi'),
  rule('\\b(?:the )?(week|month|year) before last\\b', (m, t) => calendar(enUnit(m[1] ?? ''), t, -2), 'gi'),
  rule('\\b(?:last|previous) (week|month|year)\\b', (m, t) => calendar(enUnit(m[1] ?? ''), t, -1), 'gi'),
  rule('\\bpast (week|month|year)\\b', (m, t) => rolling(enUnit(m[1] ?? ''), 1, t), 'gi'),
  rule('\\b(?:this|current) (week|month|year)\\b', (m, t) => calendar(enUnit(m[1] ?? ''), t, 0), 'gi'),
  rule('\\bnext (week|month|year)\\b', (m, t) => calendar(enUnit(m[1] ?? ''), t, 1), 'gi'),
  rule(
    `\\b(?:(?:last|past|previous|recent)\\s+|within\\s+(?:the\\s+)?(?:(?:last|past)\\s+)?)(${EN_NUMBER})\\s+(days?|weeks?|months?|years?)\\b`,
    (m, t) => {
      const unit = enUnit(m[2] ?? '');
      const vague = vagueAmount(m[1] ?? '');
      const amount = vague ? vague[1] : parseNumber(m[1] ?? '');
      return amount ? rolling(unit, amount, t) : undefined;
    },
    'gi',
  ),
  rule(
    `\\b(${EN_NUMBER})\\s+(days?|weeks?|months?|years?)\\s+ago\\b`,
    (m, t) => {
      const unit = enUnit(m[2] ?? '');
      const vague = vagueAmount(m[1] ?? '');
      if (vague) return agoVague(unit, vague, t);
      const amount = parseNumber(m[1] ?? '');
      return amount ? ago(unit, amount, t) : undefined;
    },
    'gi',
  ),
  rule(
    `(?<!\\b(?:black|cyber|good)\\s)\\b(?:(last|this|on)\\s+)?(${EN_WEEKDAYS.join('|')})\\b`,
    (m, t) => {
      const weekday = EN_WEEKDAYS.indexOf((m[2] ?? '').toLowerCase());
      const which = (m[1] ?? '').toLowerCase();
      if (which === 'last') {
        // "last Friday" is the most recent Friday before today.
        const span = weekdaySpan(weekday, 'recent', t);
        return compareDates(span.from, t) === 0 ? periodOf('day', addDays(t, -7)) : span;
      }
      return weekdaySpan(weekday, which === 'this' ? 'this' : 'recent', t);
    },
    'gi',
  ),

  // English, absolute.
  rule(
    `\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![\\d:])`,
    (m, t) => monthDay(monthNumber(m[1] ?? ''), dayNumber(m[2] ?? ''), m[3], t),
    'gi',
  ),
  rule(
    `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAMES})\\b\\.?(?:,?\\s+(\\d{4}))?`,
    (m, t) => monthDay(monthNumber(m[2] ?? ''), dayNumber(m[1] ?? ''), m[3], t),
    'gi',
  ),
  rule(
    `\\b(${MONTH_NAMES})\\b\\.?(?:,?\\s+(\\d{4}))?`,
    (m, t, text) => {
      const name = m[1] ?? '';
      const start = m.index;
      const before = text.slice(Math.max(0, start - 12), start);
      const context =
        /\b(?:in|during|since|from|of|last|early|late|mid|around|back in|until|before|after)\s+$/i.test(
          before,
        );
      if (AMBIGUOUS_MONTHS.has(name.toLowerCase()) && !context && !m[2]) {
        // "March" capitalised mid-sentence is the month; "may" or a sentence-initial "May" is not.
        const midSentence = start > 0 && !/[.!?]\s*$/.test(before);
        if (!(
          name.length > 3 &&
          name[0] === name[0]?.toUpperCase() &&
          midSentence &&
          name.toLowerCase() !== 'may'
        )) {
          return undefined;
        }
      }
      const month = monthNumber(name);
      const span = m[2] ? periodOf('month', { year: Number(m[2]), month, day: 1 }) : recentMonth(month, t);
      // "since May" runs from the start of May up to today.
      return span && /\bsince\s+$/i.test(before) ? { from: span.from, to: addDays(t, 1) } : span;
    },
    'gi',
  ),
];

function monthDay(month: number, day: number, year: string | undefined, today: LocalDate): Span | undefined {
  if (year) return exactDay(Number(year), month, day);
  const date = recentDay(month, day, today);
  return date && periodOf('day', date);
}

export interface DateContext {
  /** ISO-8601 instant that relative expressions count from. */
  now: string;
  timeZone: string;
}

/**
 * The first date expression in the text (by position; the longest when several start together), as an
 * instant range. Text is expected NFKC-normalised; identifiers should already be blanked out.
 */
export function extractDateRange(text: string, context: DateContext): DateRange | undefined {
  const now = new Date(context.now);
  if (Number.isNaN(now.getTime())) return undefined;
  const timeZone = safeTimeZone(context.timeZone);
  const today = localDateOf(now, timeZone);

  const candidates: { start: number; length: number; rule: Rule; match: RegExpExecArray }[] = [];
  for (const r of RULES) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
      if (m[0].trim()) candidates.push({ start: m.index, length: m[0].length, rule: r, match: m });
      if (m[0].length === 0) r.re.lastIndex++;
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.length - a.length);
  for (const c of candidates) {
    const span = c.rule.resolve(c.match, today, text);
    if (!span) continue;
    return {
      from: startOfLocalDay(span.from, timeZone),
      to: startOfLocalDay(span.to, timeZone),
      expression: c.match[0].trim(),
    };
  }
  return undefined;
}
