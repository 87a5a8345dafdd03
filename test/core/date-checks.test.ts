/**
 * The hot-path date checks (string arithmetic) give exactly the verdicts of date-fns' parse and
 * format round trip they replaced, in any machine time zone.
 */
import { format, isValid, parseISO } from 'date-fns';
import { instantOf, isCalendarDate, isRealTimestamp } from '../../src/core/dates';

const byDateFns = (v: string) => /^(\d{4})-(\d{2})-(\d{2})$/.test(v) && isValid(parseISO(v)) && format(parseISO(v), 'yyyy-MM-dd') === v;
const timestampByDateFns = (v: string) => Number.isFinite(instantOf(v)) && byDateFns(v.slice(0, 10));
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('isCalendarDate', () => {
  test('agrees with date-fns on every month 00–19 and day 00–39 of years around every leap rule', () => {
    const years = [0, 1, 4, 99, 100, 400, 1000, 1582, 1600, 1700, 1899, 1900, 1970, 2000, 2023, 2024, 2025, 2100, 2400, 9999];
    const mismatches: string[] = [];
    for (const y of years) {
      for (let m = 0; m <= 19; m++) {
        for (let d = 0; d <= 39; d++) {
          const v = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
          if (byDateFns(v) !== isCalendarDate(v)) mismatches.push(v);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
  });

  test.each(['2025-4-01', '2025-04-1', '20250401', '2025-04-01T00:00', ' 2025-04-01', '2025-04-01 ', '２０２５-04-01', ''])('refuses %j', (v) => {
    expect(isCalendarDate(v)).toBe(false);
    expect(byDateFns(v)).toBe(false);
  });
});

describe('isRealTimestamp', () => {
  test('agrees with date-fns on hours, minutes, seconds and offsets at and past their limits', () => {
    const mismatches: string[] = [];
    for (const date of ['2024-02-29', '2025-02-29', '2025-12-31', '0000-01-01', '2025-13-01']) {
      for (const h of [0, 9, 23, 24, 25, 99]) {
        for (const mi of [0, 59, 60]) {
          for (const s of [0, 59, 60]) {
            for (const tz of ['Z', '+0000', '-0730', '+14:00', '+0060', '+9959', '-00:59', '+05:60']) {
              const v = `${date}T${pad(h)}:${pad(mi)}:${pad(s)}.123${tz}`;
              if (timestampByDateFns(v) !== isRealTimestamp(v)) mismatches.push(v);
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('other ISO forms still go through date-fns', () => {
    for (const v of ['2025-04-03T10:00Z', '2025-04-03T10:00:00+02:00', '2025-04-03T10:00:00.123456+0000', '2025-04-03T24:00:00Z', '2025-02-30T10:00Z']) {
      expect(isRealTimestamp(v)).toBe(timestampByDateFns(v));
    }
  });
});
