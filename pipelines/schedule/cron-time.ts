/**
 * Time helpers for the scheduler: the latest occurrence of a cron expression in a window (for the catch-up run at
 * start-up: node-cron does not replay runs missed while the process was down, domain-reference §10), and calendar
 * dates in the clinic's time zone.
 */
import { parse } from 'node-cron';

/** `YYYY-MM-DD` of `date` in `timezone`. */
export function localDate(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Longest look-back, in minutes (a yearly schedule missed for longer than this is not caught up). */
const MAX_LOOKBACK_MINUTES = 400 * 24 * 60;

/**
 * The latest time t with `after < t ≤ until` that the expression matches, or undefined.
 *
 * `match` is the scheduled task's own matcher (node-cron `task.match`, time-zone aware), so the catch-up agrees with
 * the schedule exactly. The search walks back minute by minute from `until` and tests one candidate second per minute
 * (every second of the expression's second field matches the same minute, hour and day fields), so it costs one
 * match per minute back to the previous occurrence: a day for a nightly job, a week for a weekly one.
 */
export function latestOccurrence(expression: string, match: (d: Date) => boolean, after: Date, until: Date): Date | undefined {
  const seconds = [...parse(expression).second].sort((a, b) => b - a);
  const afterMs = after.getTime();
  const untilMs = Math.floor(until.getTime() / 1000) * 1000;
  let minute = Math.floor(untilMs / 60_000) * 60_000;
  for (let i = 0; i < MAX_LOOKBACK_MINUTES && minute + 59_000 > afterMs; i++, minute -= 60_000) {
    const s = seconds.find((sec) => minute + sec * 1000 <= untilMs && minute + sec * 1000 > afterMs);
    if (s === undefined) continue;
    const candidate = new Date(minute + s * 1000);
    if (match(candidate)) return candidate;
  }
  return undefined;
}
