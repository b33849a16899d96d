// Calendar arithmetic on local dates and conversion of local midnights to instants, via Intl (no date library).

/** A calendar date in some time zone; month is 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone name if Intl knows it, else 'UTC' (a bad setting should not break understanding). */
export function safeTimeZone(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function wallClock(timeZone: string, epochMs: number): { date: LocalDate; asUtcMs: number } {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const date = { year: get('year'), month: get('month'), day: get('day') };
  const asUtcMs = Date.UTC(
    date.year,
    date.month - 1,
    date.day,
    get('hour') % 24,
    get('minute'),
    get('second'),
  );
  return { date, asUtcMs };
}

/** Offset of the zone from UTC at an instant, in milliseconds (+08:00 → 28 800 000). */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallClock(timeZone, whole).asUtcMs - whole;
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return wallClock(timeZone, instant.getTime()).date;
}

/** The instant of local midnight starting the given date, as an ISO-8601 UTC string. */
export function startOfLocalDay(date: LocalDate, timeZone: string): string {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  // Two passes settle the offset when midnight sits near a daylight-saving change.
  let instant = wall - zoneOffsetMs(timeZone, wall);
  instant = wall - zoneOffsetMs(timeZone, instant);
  return new Date(instant).toISOString();
}

function fromUtc(ms: number): LocalDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtc(Date.UTC(date.year, date.month - 1, date.day + days));
}

/** Month arithmetic that clamps the day (31 March − 1 month → 28/29 February). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Weeks start on Monday, as in ISO-8601 and in Chinese usage (周一). */
export function startOfWeek(date: LocalDate): LocalDate {
  const weekday = (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
