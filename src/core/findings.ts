/**
 * Findings: the stable kinds of DESIGN.md and the record every rule produces.
 */
import type { Level } from './levels';

export const FINDING_KINDS = [
  'missing-parent',
  'level-skip',
  'parent-done-child-open',
  'stale',
  'overdue',
  'release-interval',
  'missing-release',
  'no-upcoming',
  'sprint-length',
  'sprint-overrun',
  'cadence-gap',
  'carry-over',
  'level-absent',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** What a finding is about: one issue, sprint or version, or (level-wide findings) nothing. */
export type FindingSubject =
  | { issueKey: string }
  | { sprintId: number }
  | { versionId: string }
  | Record<string, never>;

export type Finding = {
  kind: FindingKind;
  level: Level;
  message: string;
  issueKey?: string;
  sprintId?: number;
  versionId?: string;
  /**
   * The other issues the message mentions or counts (a level-skip's parent, a done parent's open
   * children), as data: an answer to a viewer who may not browse some of them re-renders the
   * message without them (src/core/redact.ts). Not part of the `--json` report.
   */
  relatedKeys?: string[];
  /**
   * The sprints the message names (at most the names it lists), with their boards when known:
   * an answer to a viewer who may not see a board re-renders the message without its sprints'
   * names (src/core/redact.ts). Not part of the `--json` report.
   */
  relatedSprints?: SprintMention[];
};

/** A sprint a message names, and its board (the board it was created on) when known. */
export interface SprintMention {
  id: number;
  name: string;
  boardId?: number;
}

export function finding(
  kind: FindingKind,
  level: Level,
  subject: FindingSubject,
  message: string,
  relatedKeys?: readonly string[],
  relatedSprints?: readonly SprintMention[],
): Finding {
  return {
    kind,
    level,
    ...subject,
    message,
    ...(relatedKeys !== undefined && relatedKeys.length > 0 ? { relatedKeys: [...relatedKeys] } : {}),
    ...(relatedSprints !== undefined && relatedSprints.length > 0 ? { relatedSprints: relatedSprints.map((s) => ({ ...s })) } : {}),
  };
}

/** A key naming a finding's subject, e.g. "issue:TINY-3"; empty for level-wide findings. */
export function subjectKey(f: Finding): string {
  if (f.issueKey !== undefined) return `issue:${f.issueKey}`;
  if (f.sprintId !== undefined) return `sprint:${f.sprintId}`;
  if (f.versionId !== undefined) return `version:${f.versionId}`;
  return '';
}

const KIND_ORDER = new Map<FindingKind, number>(FINDING_KINDS.map((k, i) => [k, i]));

/** Natural order of subjects: TINY-9 before TINY-10. */
const collatorCompare = new Intl.Collator('en', { numeric: true }).compare;

/** Where the run of digits that ends `text` starts (text.length when it ends otherwise). */
function trailingDigitsAt(text: string): number {
  let at = text.length;
  while (at > 0) {
    const c = text.charCodeAt(at - 1);
    if (c < 48 || c > 57) break;
    at--;
  }
  return at;
}

/**
 * The collator's natural order, with a shortcut for what most comparisons are: two subjects
 * that differ only in their closing number (issue:TINY-9, issue:TINY-10). With the same text
 * before it, the collator orders them by that number, and so does this (numbers without leading
 * zeros: the shorter is the smaller, equal lengths compare digit by digit). Anything else goes to
 * the collator.
 */
export function compareSubjectKeys(a: string, b: string): number {
  if (a === b) return 0;
  const da = trailingDigitsAt(a);
  const db = trailingDigitsAt(b);
  const na = a.length - da;
  const nb = b.length - db;
  if (
    da === db && na > 0 && nb > 0 &&
    (na === 1 || a.charCodeAt(da) !== 48) && (nb === 1 || b.charCodeAt(db) !== 48) &&
    a.startsWith(b.slice(0, db))
  ) {
    if (na !== nb) return na < nb ? -1 : 1;
    return a < b ? -1 : 1;
  }
  return collatorCompare(a, b);
}

/** Sorts findings in the report's order: by level, then kind, then subject (each subject's key made once). */
export function sortFindings(findings: Finding[]): void {
  const keyed = findings.map((f) => ({ f, rank: f.level * 100 + KIND_ORDER.get(f.kind)!, subject: subjectKey(f) }));
  keyed.sort((x, y) => x.rank - y.rank || compareSubjectKeys(x.subject, y.subject));
  for (let i = 0; i < keyed.length; i++) findings[i] = keyed[i]!.f;
}
