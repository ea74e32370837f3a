// Calendar helpers. A date is an integer day number (days since 1970-01-01, UTC calendar, no time zone arithmetic);
// formatted strings are cached because the writers format the same few hundred dates millions of times.

const MS_PER_DAY = 86_400_000;

export function parseIsoDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`invalid date "${s}" (expected YYYY-MM-DD)`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`invalid date "${s}"`);
  }
  return Math.round(t / MS_PER_DAY);
}

const isoCache = new Map<number, string>();
const x12Cache = new Map<number, string>();

/** YYYY-MM-DD */
export function iso(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/** CCYYMMDD */
export function d8(day: number): string {
  let s = x12Cache.get(day);
  if (s === undefined) {
    s = iso(day).replace(/-/g, '');
    x12Cache.set(day, s);
  }
  return s;
}

/** YYMMDD (ISA09) */
export function d6(day: number): string {
  return d8(day).slice(2);
}

/** YYYY-MM, used for monthly file names. */
export function yearMonth(day: number): string {
  return iso(day).slice(0, 7);
}

export function year(day: number): number {
  return Number(iso(day).slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekday(day: number): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** First weekday (Mon–Fri) on or after day. */
export function nextWeekday(day: number): number {
  while (!isWeekday(day)) day++;
  return day;
}

/** Next day on or after `day` whose weekday is `wd`. */
export function nextWeekdayOf(day: number, wd: number): number {
  return day + ((wd - weekday(day) + 7) % 7);
}

/** Same day of month, `n` months later (clamped to the month's last day). */
export function addMonths(day: number, n: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const dom = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(dom, last)) / MS_PER_DAY);
}

/** First day of the month containing `day`. */
export function monthStart(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS_PER_DAY);
}

export function dayOfYearStart(y: number): number {
  return Math.round(Date.UTC(y, 0, 1) / MS_PER_DAY);
}

/** Local timestamp `YYYY-MM-DDTHH:MM:00` (clinic local time, no offset) for a day and minute of day. */
export function localTimestamp(day: number, minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${iso(day)}T${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:00`;
}

/** HHMM for X12 time elements. */
export function hhmm(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${h < 10 ? '0' : ''}${h}${m < 10 ? '0' : ''}${m}`;
}

const holidayCache = new Map<number, Set<number>>();

function nthWeekdayOfMonth(y: number, month: number, wd: number, n: number): number {
  const first = Math.round(Date.UTC(y, month, 1) / MS_PER_DAY);
  return nextWeekdayOf(first, wd) + (n - 1) * 7;
}

/** US holidays the clinics and payers close for: New Year's Day, Memorial Day, Independence Day, Labor Day,
 *  Thanksgiving and Christmas (on the day itself; no weekend observance). */
export function isHoliday(day: number): boolean {
  const y = year(day);
  let set = holidayCache.get(y);
  if (!set) {
    const lastMondayOfMay = nthWeekdayOfMonth(y, 5, 1, 1) - 7;
    set = new Set([
      Math.round(Date.UTC(y, 0, 1) / MS_PER_DAY),
      lastMondayOfMay,
      Math.round(Date.UTC(y, 6, 4) / MS_PER_DAY),
      nthWeekdayOfMonth(y, 8, 1, 1),
      nthWeekdayOfMonth(y, 10, 4, 4),
      Math.round(Date.UTC(y, 11, 25) / MS_PER_DAY),
    ]);
    holidayCache.set(y, set);
  }
  return set.has(day);
}

/** Monday–Friday and not a holiday. */
export function isBusinessDay(day: number): boolean {
  return isWeekday(day) && !isHoliday(day);
}

/** First business day on or after day. */
export function nextBusinessDay(day: number): number {
  while (!isBusinessDay(day)) day++;
  return day;
}
