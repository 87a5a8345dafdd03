/**
 * Calendar math for the rules, on date-fns.
 *
 * Two kinds of time appear in Jira data:
 * - calendar dates ("2025-04-10": due dates, release dates, the as-of date), and
 * - timestamps with an offset ("2025-04-03T10:00:00.000+0000", "2025-03-03T09:00:00.000Z").
 * A timestamp's calendar date is the one written in it, i.e. the date in the offset Jira gave
 * (the user's or site's time zone), never the machine's time zone. Durations between
 * timestamps (sprint lengths, overruns, gaps) are exact elapsed time.
 */
import {
  addDays,
  differenceInBusinessDays,
  differenceInCalendarDays,
  format,
  isWeekend,
  parseISO,
  previousFriday,
} from 'date-fns';

export const MS_PER_DAY = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 400 === 0 || (year % 4 === 0 && year % 100 !== 0);
}

/** Whether year-month-day names a day of the proleptic Gregorian calendar. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

const digit = (value: string, at: number) => value.charCodeAt(at) - 48;
const twoDigits = (value: string, at: number) => digit(value, at) * 10 + digit(value, at + 1);

/**
 * True for a real calendar date written YYYY-MM-DD (2025-02-30 is not). Arithmetic, not
 * date-fns: it runs for every date of every issue a report reads (the same verdicts as
 * date-fns' parse-and-format round trip; test/core/dates.test.ts compares them).
 */
export function isCalendarDate(value: string): boolean {
  if (value.length !== 10 || !DATE_RE.test(value)) return false;
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  // Year 0000 does not survive date-fns' round trip; it was never a date here.
  return year > 0 && isRealDay(year, twoDigits(value, 5), twoDigits(value, 8));
}

/** Jira's own timestamp form, 2025-04-03T10:00:00.000+0000 (or Z, or +00:00): the fast path of isRealTimestamp. */
const JIRA_TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Whether an ISO-8601 timestamp with an offset names a real instant on a real calendar date.
 * Jira's own form is checked with string arithmetic (one per issue field, so it is a hot path);
 * any other form goes to date-fns' parseISO, as before.
 */
export function isRealTimestamp(value: string): boolean {
  if (JIRA_TIMESTAMP_RE.test(value)) {
    const hours = twoDigits(value, 11);
    const minutes = twoDigits(value, 14);
    const seconds = twoDigits(value, 17);
    const offsetMinutes = value.length === 23 ? 0 : twoDigits(value, value.length - 2);
    if (hours < 24 && minutes < 60 && seconds < 60 && offsetMinutes < 60) return isCalendarDate(value.slice(0, 10));
  }
  return Number.isFinite(instantOf(value)) && isCalendarDate(value.slice(0, 10));
}

/** The calendar date of a Jira timestamp, in the offset the timestamp was written in. */
export function calendarDateOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** Milliseconds since the epoch of a Jira timestamp (accepts +0000, +00:00 and Z). */
export function instantOf(timestamp: string): number {
  return parseISO(timestamp).getTime();
}

/**
 * The day number of a calendar date (YYYY-MM-DD, year 1 or later): days since 1970-01-01 in the
 * proleptic Gregorian calendar, by arithmetic (Howard Hinnant's days_from_civil). NaN for
 * anything else, which the callers hand to date-fns as before. The rules count days for every
 * issue; integers are what date-fns computes through Date objects, without them.
 */
export function epochDayOf(date: string): number {
  if (!isCalendarDate(date)) return NaN;
  const y0 = twoDigits(date, 0) * 100 + twoDigits(date, 2);
  const m = twoDigits(date, 5);
  const d = twoDigits(date, 8);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** 0 Sunday … 6 Saturday, of a day number (1970-01-01 was a Thursday). */
const weekdayOf = (epochDay: number) => (((epochDay + 4) % 7) + 7) % 7;
const isWeekendDay = (epochDay: number) => {
  const w = weekdayOf(epochDay);
  return w === 0 || w === 6;
};

/** Calendar days from `from` to `to` (both YYYY-MM-DD); positive when `to` is later. */
export function calendarDaysBetween(from: string, to: string): number {
  const a = epochDayOf(from);
  const b = epochDayOf(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return differenceInCalendarDays(parseISO(to), parseISO(from));
  return b - a;
}

/** Shifts a date (YYYY-MM-DD) by whole days. */
export function addCalendarDays(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/**
 * Business days (Monday to Friday) after `from` up to and including `to`: updated on a
 * Thursday, seen the next Thursday is 5; updated Friday, seen Tuesday is 2; updated
 * Saturday, seen Monday is 1. Negative when `to` is before `from`. A weekend day counts as
 * the Friday before it; then date-fns' differenceInBusinessDays, step for step, on day numbers.
 */
export function businessDaysBetween(from: string, to: string): number {
  let start = epochDayOf(from);
  let end = epochDayOf(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return businessDaysByDateFns(from, to);
  const weekdayOnOrBefore = (day: number) => (weekdayOf(day) === 6 ? day - 1 : weekdayOf(day) === 0 ? day - 2 : day);
  start = weekdayOnOrBefore(start);
  end = weekdayOnOrBefore(end);
  const difference = end - start;
  const sign = difference < 0 ? -1 : 1;
  const weeks = Math.trunc(difference / 7);
  let result = weeks * 5;
  for (let day = start + weeks * 7; day !== end; day += sign) if (!isWeekendDay(day)) result += sign;
  return result === 0 ? 0 : result;
}

/** businessDaysBetween through date-fns: for what is not a plain calendar date, and the tests' yardstick. */
export function businessDaysByDateFns(from: string, to: string): number {
  const weekdayOnOrBefore = (date: Date): Date => (isWeekend(date) ? previousFriday(date) : date);
  return differenceInBusinessDays(weekdayOnOrBefore(parseISO(to)), weekdayOnOrBefore(parseISO(from)));
}

/** Exact elapsed days between two timestamps (fractional). */
export function elapsedDays(fromTimestamp: string, toTimestamp: string): number {
  return (instantOf(toTimestamp) - instantOf(fromTimestamp)) / MS_PER_DAY;
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
