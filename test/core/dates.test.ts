import { addCalendarDays, businessDaysBetween, calendarDateOf, calendarDaysBetween, elapsedDays, isCalendarDate } from '../../src/core/dates';

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
