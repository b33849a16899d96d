// Local NLU date expressions: relative and absolute, zh and en, resolved at local midnights of the right time zone.
import { startOfLocalDay, zoneOffsetMs } from '../../activities/nlu/local/calendar';
import { extractDateRange } from '../../activities/nlu/local/dates';
import { normalizeText } from '../../activities/nlu/local/text';
import { createLocalProvider } from '../../activities/nlu/local';

/** Thursday 15 October 2026, 10:00 UTC = 18:00 in Shanghai. */
const NOW = '2026-10-15T10:00:00.000Z';

/** Local midnight of a date in Shanghai (UTC+8, no daylight saving), as the ISO instant. */
const sh = (date: string) => new Date(new Date(`${date}T00:00:00+08:00`).getTime()).toISOString();
const utc = (date: string) => `${date}T00:00:00.000Z`;

const zh = (text: string, now = NOW) =>
  extractDateRange(normalizeText(text), { now, timeZone: 'Asia/Shanghai' });
const en = (text: string, now = NOW) => extractDateRange(normalizeText(text), { now, timeZone: 'UTC' });

describe('Chinese expressions (Asia/Shanghai)', () => {
  test.each([
    ['上个月买的', '2026-09-01', '2026-10-01', '上个月'],
    ['上月', '2026-09-01', '2026-10-01', '上月'],
    ['这个月', '2026-10-01', '2026-11-01', '这个月'],
    ['本月', '2026-10-01', '2026-11-01', '本月'],
    ['上周下的单', '2026-10-05', '2026-10-12', '上周'],
    ['上星期', '2026-10-05', '2026-10-12', '上星期'],
    ['这周', '2026-10-12', '2026-10-19', '这周'],
    ['昨天', '2026-10-14', '2026-10-15', '昨天'],
    ['今天', '2026-10-15', '2026-10-16', '今天'],
    ['前天', '2026-10-13', '2026-10-14', '前天'],
    ['最近7天', '2026-10-08', '2026-10-16', '最近7天'],
    ['过去三天', '2026-10-12', '2026-10-16', '过去三天'],
    ['3天前', '2026-10-12', '2026-10-13', '3天前'],
    ['二十天前', '2026-09-25', '2026-09-26', '二十天前'],
    ['两周前买的', '2026-09-28', '2026-10-05', '两周前'],
    ['三个月内', '2026-07-15', '2026-10-16', '三个月内'],
    ['最近两个月', '2026-08-15', '2026-10-16', '最近两个月'],
    ['半个月内', '2026-09-30', '2026-10-16', '半个月内'],
    ['去年', '2025-01-01', '2026-01-01', '去年'],
    ['3月', '2026-03-01', '2026-04-01', '3月'],
    ['三月份', '2026-03-01', '2026-04-01', '三月份'],
    ['十二月', '2025-12-01', '2026-01-01', '十二月'],
    ['10月3日', '2026-10-03', '2026-10-04', '10月3日'],
    ['十月三号', '2026-10-03', '2026-10-04', '十月三号'],
    ['12月25日', '2025-12-25', '2025-12-26', '12月25日'],
    ['2025年3月5日', '2025-03-05', '2025-03-06', '2025年3月5日'],
    ['2025年3月', '2025-03-01', '2025-04-01', '2025年3月'],
    ['2026-10-03', '2026-10-03', '2026-10-04', '2026-10-03'],
    ['上周二', '2026-10-06', '2026-10-07', '上周二'],
    ['前几天', '2026-10-10', '2026-10-14', '前几天'],
    ['20号买的', '2026-09-20', '2026-09-21', '20号'],
  ])('%s → [%s, %s)', (text, from, to, expression) => {
    expect(zh(text)).toEqual({ from: sh(from), to: sh(to), expression });
  });

  test('the first expression wins; words that only look like dates are ignored', () => {
    expect(zh('上个月买的，昨天才到')?.expression).toBe('上个月');
    expect(zh('这周一直在等')?.expression).toBe('这周');
    expect(zh('42号的鞋')).toBeUndefined();
    expect(zh('我的订单到哪了')).toBeUndefined();
  });
});

describe('English expressions (UTC)', () => {
  test.each([
    ['I bought it last month', '2026-09-01', '2026-10-01', 'last month'],
    ['this month', '2026-10-01', '2026-11-01', 'this month'],
    ['last week', '2026-10-05', '2026-10-12', 'last week'],
    ['this week', '2026-10-12', '2026-10-19', 'this week'],
    ['yesterday', '2026-10-14', '2026-10-15', 'yesterday'],
    ['today', '2026-10-15', '2026-10-16', 'today'],
    ['in the last 7 days', '2026-10-08', '2026-10-16', 'last 7 days'],
    ['past 3 days', '2026-10-12', '2026-10-16', 'past 3 days'],
    ['3 days ago', '2026-10-12', '2026-10-13', '3 days ago'],
    ['two weeks ago', '2026-09-28', '2026-10-05', 'two weeks ago'],
    ['a few days ago', '2026-10-10', '2026-10-14', 'few days ago'],
    ['within 3 months', '2026-07-15', '2026-10-16', 'within 3 months'],
    ['last year', '2025-01-01', '2026-01-01', 'last year'],
    ['in March', '2026-03-01', '2026-04-01', 'March'],
    ['back in December', '2025-12-01', '2026-01-01', 'December'],
    ['since May', '2026-05-01', '2026-10-16', 'May'],
    ['October 3rd', '2026-10-03', '2026-10-04', 'October 3rd'],
    ['on the 3rd of October', '2026-10-03', '2026-10-04', '3rd of October'],
    ['Oct 3, 2025', '2025-10-03', '2025-10-04', 'Oct 3, 2025'],
    ['2026-10-03', '2026-10-03', '2026-10-04', '2026-10-03'],
    ['last Friday', '2026-10-09', '2026-10-10', 'last Friday'],
    ['the week before last', '2026-09-28', '2026-10-05', 'the week before last'],
  ])('%s → [%s, %s)', (text, from, to, expression) => {
    expect(en(text)).toEqual({ from: utc(from), to: utc(to), expression });
  });

  test('"may" and "march" as ordinary words are not months', () => {
    expect(en('May I return it?')).toBeUndefined();
    expect(en('I may need a refund')).toBeUndefined();
    expect(en('where is my order')).toBeUndefined();
  });

  test('a month later in the year than now means last year', () => {
    expect(en('in November')).toEqual({
      from: utc('2025-11-01'),
      to: utc('2025-12-01'),
      expression: 'November',
    });
    expect(en('in October')?.from).toBe(utc('2026-10-01'));
  });
});

describe('time zones and boundaries', () => {
  test('"today" depends on the zone: 02:00 UTC is already the next day in Shanghai', () => {
    const now = '2026-10-15T20:00:00.000Z';
    expect(zh('今天', now)).toMatchObject({ from: sh('2026-10-16'), to: sh('2026-10-17') });
    expect(en('today', now)).toMatchObject({ from: utc('2026-10-15'), to: utc('2026-10-16') });
  });

  test('ranges cross year ends and month lengths correctly', () => {
    expect(en('last month', '2026-01-10T12:00:00Z')).toMatchObject({
      from: utc('2025-12-01'),
      to: utc('2026-01-01'),
    });
    expect(en('within 1 month', '2026-03-31T12:00:00Z')?.from).toBe(utc('2026-02-28'));
    expect(en('yesterday', '2024-03-01T12:00:00Z')?.from).toBe(utc('2024-02-29'));
  });

  test('local midnights follow daylight saving time', () => {
    // New York: EDT (UTC-4) in October, EST (UTC-5) in November.
    expect(startOfLocalDay({ year: 2026, month: 10, day: 1 }, 'America/New_York')).toBe(
      '2026-10-01T04:00:00.000Z',
    );
    expect(startOfLocalDay({ year: 2026, month: 11, day: 2 }, 'America/New_York')).toBe(
      '2026-11-02T05:00:00.000Z',
    );
    expect(zoneOffsetMs('Asia/Shanghai', Date.parse(NOW))).toBe(8 * 3600_000);
    const range = extractDateRange('last month', {
      now: '2026-11-20T12:00:00Z',
      timeZone: 'America/New_York',
    });
    expect(range).toMatchObject({ from: '2026-10-01T04:00:00.000Z', to: '2026-11-01T04:00:00.000Z' });
  });

  test('an unknown zone falls back to UTC and a bad "now" gives no range', () => {
    expect(extractDateRange('yesterday', { now: NOW, timeZone: 'Mars/Olympus' })?.from).toBe(
      utc('2026-10-14'),
    );
    expect(extractDateRange('yesterday', { now: 'not a date', timeZone: 'UTC' })).toBeUndefined();
  });
});

describe('through the provider', () => {
  const provider = createLocalProvider();
  const understand = (text: string, timeZone?: string) =>
    provider.understand({ text, now: NOW, timeZone }, { products: [] });

  test('Chinese text defaults to Shanghai time, English text to UTC, an explicit zone wins', async () => {
    expect((await understand('昨天')).entities.dateRange?.from).toBe(sh('2026-10-14'));
    expect((await understand('yesterday')).entities.dateRange?.from).toBe(utc('2026-10-14'));
    expect((await understand('yesterday', 'Asia/Shanghai')).entities.dateRange?.from).toBe(sh('2026-10-14'));
  });

  test('full-width digits and Traditional characters work (the expression comes back in Simplified)', async () => {
    expect((await understand('１０月３日')).entities.dateRange?.from).toBe(sh('2026-10-03'));
    expect((await understand('上個月買的')).entities.dateRange).toEqual({
      from: sh('2026-09-01'),
      to: sh('2026-10-01'),
      expression: '上个月',
    });
  });
});

describe('shopping festivals are dates', () => {
  // "Now" is 25 November 2026 here: Black Friday 2026 (27 November) has not begun, so last year's is meant.
  const LATE_NOVEMBER = '2026-11-25T10:00:00.000Z';
  test('Black Friday is the most recent Black Friday weekend, never "last Friday"', () => {
    expect(en('I bought it in the Black Friday sale', LATE_NOVEMBER)).toMatchObject({
      expression: 'Black Friday',
      from: '2025-11-28T00:00:00.000Z',
      to: '2025-12-02T00:00:00.000Z',
    });
  });

  test("双十一 / Singles' Day is 11 November of the most recent year it has passed", () => {
    expect(zh('双十一买的还没到', LATE_NOVEMBER)).toMatchObject({
      expression: '双十一',
      from: '2026-11-10T16:00:00.000Z',
    });
    expect(en("ordered on Singles' Day", LATE_NOVEMBER)).toMatchObject({ from: '2026-11-11T00:00:00.000Z' });
  });

  test('a number like 618 is a festival only when said as one', () => {
    expect(zh('618大促的时候买的', LATE_NOVEMBER)).toMatchObject({ expression: '618' });
    expect(zh('订单金额618元', LATE_NOVEMBER)).toBeUndefined();
  });
});
