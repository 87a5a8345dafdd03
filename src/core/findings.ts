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
const compareSubjects = new Intl.Collator('en', { numeric: true }).compare;

/** The report's order: by level, then kind, then subject. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.level - b.level ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    compareSubjects(subjectKey(a), subjectKey(b))
  );
}
