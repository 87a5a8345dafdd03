import { differenceInCalendarDays, parseISO } from 'date-fns';
import { addCalendarDays, businessDaysBetween, businessDaysByDateFns, calendarDateOf, calendarDaysBetween, elapsedDays, epochDayOf, isCalendarDate } from '../../src/core/dates';

describe('dates', () => {
  it('recognises real calendar dates only', () => {
    expect(isCalendarDate('2025-04-10')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-4-10')).toBe(false);
    expect(isCalendarDate('10/04/2025')).toBe(false);
  });

  it('reads a timestamp\'s date in its own offset', () => {
    expect(calendarDateOf('2025-04-08T23:30:00.000-0700')).toBe('2025-04-08');
    expect(calendarDateOf('2025-04-09T01:00:00.000+1000')).toBe('2025-04-09');
  });

  it('counts business days after the start up to and including the end', () => {
    expect(businessDaysBetween('2025-04-03', '2025-04-10')).toBe(5); // Thu → Thu
    expect(businessDaysBetween('2025-04-04', '2025-04-07')).toBe(1); // Fri → Mon
    expect(businessDaysBetween('2025-04-05', '2025-04-07')).toBe(1); // Sat → Mon
    expect(businessDaysBetween('2025-04-05', '2025-04-06')).toBe(0); // Sat → Sun
    expect(businessDaysBetween('2025-04-09', '2025-04-12')).toBe(2); // Wed → Sat
    expect(businessDaysBetween('2025-04-10', '2025-04-10')).toBe(0);
  });

  it('measures calendar days across a DST change and exact elapsed time across offsets', () => {
    expect(calendarDaysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(addCalendarDays('2025-04-10', 84)).toBe('2025-07-03');
    expect(elapsedDays('2025-03-03T09:00:00.000Z', '2025-03-17T10:00:00.000+0100')).toBe(14);
    expect(elapsedDays('2025-04-03T10:00:00.000+0000', '2025-04-04T10:00:00.000+00:00')).toBe(1);
  });
});

describe('day counts on day numbers', () => {
  /** Every day from 1969-12-20 for about three years, some far years, and leap-rule edges. */
  function sampleDates(): string[] {
    const out: string[] = [];
    for (let t = Date.UTC(1969, 11, 20); t < Date.UTC(1973, 0, 10); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
    out.push('0001-01-01', '0099-12-31', '0400-02-29', '1582-10-10', '1900-02-28', '1900-03-01', '2000-02-29', '2024-02-29', '2025-03-30', '2025-10-26', '2100-03-01', '9999-12-31');
    return out;
  }

  it('counts calendar days as date-fns does', () => {
    const dates = sampleDates();
    const wrong: string[] = [];
    for (let i = 0; i < dates.length; i += 7) {
      for (let j = 0; j < dates.length; j += 11) {
        const [a, b] = [dates[i]!, dates[j]!];
        if (calendarDaysBetween(a, b) !== differenceInCalendarDays(parseISO(b), parseISO(a))) wrong.push(`${a} → ${b}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('counts business days as date-fns does, weekends and backwards included', () => {
    const dates = sampleDates();
    const wrong: string[] = [];
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < dates.length; j += 3) {
        const [a, b] = [dates[i]!, dates[j]!];
        if (businessDaysBetween(a, b) !== businessDaysByDateFns(a, b)) wrong.push(`${a} → ${b}`);
        if (businessDaysBetween(b, a) !== businessDaysByDateFns(b, a)) wrong.push(`${b} → ${a}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives day numbers for real dates only, and leaves anything else to date-fns', () => {
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(epochDayOf('2000-03-01')).toBe(11017);
    expect(epochDayOf('0001-01-01')).toBe(-719162);
    expect(epochDayOf('2025-02-29')).toBeNaN();
    expect(epochDayOf('0000-01-01')).toBeNaN();
    expect(calendarDaysBetween('2025-04-10T00:00:00', '2025-04-12')).toBe(2);
    expect(businessDaysBetween('2025-04-10T09:00:00', '2025-04-14')).toBe(2);
  });
});
