/**
 * The findings table's issue columns (assignee, status, age) in words and as sort keys. Only a
 * finding about an issue has them; a sprint, version or level-wide finding shows "—". The age
 * counts calendar days from the issue's creation to the result's as-of date. Pure.
 */
import type { FindingDto } from '../../../src/contract/resolvers';
import { calendarDateOf, calendarDaysBetween, isCalendarDate } from '../../../src/core/dates';
import { plural } from '../../../src/frontend/shared/words';

/** What a column shows where the subject is not an issue (or the scan does not know the value). */
export const NOT_APPLICABLE = '—';
const UNASSIGNED = 'Unassigned';

export function assigneeLabel(f: Pick<FindingDto, 'issueKey' | 'assignee'>): string {
  if (f.issueKey === undefined || f.assignee === undefined) return NOT_APPLICABLE;
  return f.assignee ?? UNASSIGNED;
}

export function statusLabel(f: Pick<FindingDto, 'status'>): string {
  return f.status?.name ?? NOT_APPLICABLE;
}

/** Whole days from the issue's creation to `asOf`, or null when unknown. */
export function ageDays(f: Pick<FindingDto, 'created'>, asOf: string): number | null {
  if (f.created === undefined) return null;
  const created = calendarDateOf(f.created);
  if (!isCalendarDate(created) || !isCalendarDate(asOf)) return null;
  return Math.max(0, calendarDaysBetween(created, asOf));
}

export function ageLabel(f: Pick<FindingDto, 'created'>, asOf: string): string {
  const days = ageDays(f, asOf);
  return days === null ? NOT_APPLICABLE : plural(days, 'day');
}

/** The issue's creation date (YYYY-MM-DD) for exports, or empty. */
export function createdDate(f: Pick<FindingDto, 'created'>): string {
  return f.created !== undefined ? calendarDateOf(f.created) : '';
}
