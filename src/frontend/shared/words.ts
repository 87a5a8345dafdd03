/**
 * Words shared by the front ends: finding kinds, error codes, statuses and score bands,
 * so the project page and the issue panel say the same thing the same way.
 */
import type { ErrorCode } from '../../contract/resolvers';
import type { FindingKind } from '../../core/findings';
import type { StatusCategory } from '../../core/model';

const FINDING_KIND_LABEL: Record<FindingKind, string> = {
  'missing-parent': 'Missing parent',
  'level-skip': 'Skips a level',
  'parent-done-child-open': 'Done parent, open child',
  stale: 'Stale',
  overdue: 'Overdue',
  'release-interval': 'Release interval off cadence',
  'missing-release': 'No fix version',
  'no-upcoming': 'Nothing upcoming',
  'sprint-length': 'Sprint length off cadence',
  'sprint-overrun': 'Sprint overran',
  'cadence-gap': 'Gap between sprints',
  'carry-over': 'Carried over',
  'level-absent': 'Level absent',
};

export function findingKindLabel(kind: FindingKind): string {
  return FINDING_KIND_LABEL[kind] ?? kind;
}

export const ERROR_TITLE: Record<ErrorCode, string> = {
  INVALID_PAYLOAD: 'The request was not understood',
  MISSING_CONTEXT: 'Open this from a Jira project or issue',
  FORBIDDEN: 'You do not have permission',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Someone else saved first',
  INVALID_CONFIG: 'Some settings are not valid',
  RATE_LIMITED: 'Jira is busy',
  JIRA_ERROR: 'Jira could not answer',
  INTERNAL: 'Something went wrong',
};

/** Whether trying again can help (it cannot for permissions or a missing context). */
export function isRetryable(code: ErrorCode): boolean {
  return code === 'RATE_LIMITED' || code === 'JIRA_ERROR' || code === 'INTERNAL' || code === 'NOT_FOUND';
}

export type StatusAppearance = 'default' | 'inprogress' | 'success';

/** Jira's own lozenge colours for the status categories. */
export function statusAppearance(category: StatusCategory): StatusAppearance {
  if (category === 'indeterminate') return 'inprogress';
  if (category === 'done') return 'success';
  return 'default';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function percent(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.round((100 * part) / whole);
}

/** "12 Mar 2026" for a date (YYYY-MM-DD) or a timestamp; the input as is when unreadable. */
export function formatDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : undefined });
}

/** "12 Mar 2026, 14:05" for a timestamp. */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The text with its first letter in upper case ("initiatives" → "Initiatives"). */
export function capitalize(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}
