/**
 * IssueRecord ⇄ a compact tuple, for the pages a chunked scan keeps in KVS: about half the size
 * of the record as JSON (KVS writes are metered per 10 KB). The round trip is exact.
 */
import type { IssueRecord, ParentRef, SprintRef, SprintState, StatusCategory } from '../core/model';

type ParentTuple = [key: string, summary: string, issueTypeName: string, hierarchyLevel: number, statusName: string, statusCategory: StatusCategory];
/** The state is null when only the board is known (a 4-tuple); 2- and 3-tuples are the older forms. */
type SprintTuple = [id: number, name: string, state?: SprintState | null, boardId?: number];
export type IssueTuple = [
  id: string,
  key: string,
  summary: string,
  issueTypeName: string,
  hierarchyLevel: number,
  statusName: string,
  statusCategory: StatusCategory,
  updated: string,
  dueDate: string | null,
  fixVersionIds: string[],
  sprints: SprintTuple[],
  parent: ParentTuple | null,
  /** For lists only, present when the scan read them (a 12-tuple is an issue without them); 0: the source did not say. */
  assignee?: string | null | 0,
  created?: string | null,
];

export function encodeIssue(i: IssueRecord): IssueTuple {
  const p = i.parent;
  const base: IssueTuple = [
    i.id,
    i.key,
    i.summary,
    i.issueTypeName,
    i.hierarchyLevel,
    i.statusName,
    i.statusCategory,
    i.updated,
    i.dueDate,
    i.fixVersionIds,
    i.sprints.map((s): SprintTuple =>
      s.boardId !== undefined ? [s.id, s.name, s.state ?? null, s.boardId] : s.state === undefined ? [s.id, s.name] : [s.id, s.name, s.state],
    ),
    p === null ? null : [p.key, p.summary, p.issueTypeName, p.hierarchyLevel, p.statusName, p.statusCategory],
  ];
  if (i.assignee !== undefined || i.created !== undefined) base.push(i.assignee === undefined ? 0 : i.assignee, i.created ?? null);
  return base;
}

export function decodeIssue(t: IssueTuple): IssueRecord {
  const [id, key, summary, issueTypeName, hierarchyLevel, statusName, statusCategory, updated, dueDate, fixVersionIds, sprints, parent, assignee, created] = t;
  const parentRef: ParentRef | null =
    parent === null
      ? null
      : { key: parent[0], summary: parent[1], issueTypeName: parent[2], hierarchyLevel: parent[3], statusName: parent[4], statusCategory: parent[5] };
  return {
    id,
    key,
    summary,
    issueTypeName,
    hierarchyLevel,
    statusName,
    statusCategory,
    updated,
    dueDate,
    fixVersionIds,
    sprints: sprints.map(([sid, name, state, boardId]): SprintRef => ({
      id: sid,
      name,
      ...(state !== undefined && state !== null ? { state } : {}),
      ...(boardId !== undefined ? { boardId } : {}),
    })),
    parent: parentRef,
    ...(t.length > 12 && assignee !== 0 ? { assignee: assignee ?? null } : {}),
    ...(typeof created === 'string' ? { created } : {}),
  };
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}
const CATEGORIES: readonly unknown[] = ['new', 'indeterminate', 'done', 'undefined'];
const STATES: readonly unknown[] = ['closed', 'active', 'future'];

function isSprintTuple(s: unknown): boolean {
  if (!Array.isArray(s) || !Number.isInteger(s[0]) || !isString(s[1])) return false;
  if (s.length === 2) return true;
  if (s.length === 3) return STATES.includes(s[2]);
  return s.length === 4 && (s[2] === null || STATES.includes(s[2])) && Number.isInteger(s[3]);
}

/** Checks a tuple read back from storage (a boundary: storage may hold an older app's data). */
export function isIssueTuple(v: unknown): v is IssueTuple {
  if (!Array.isArray(v) || (v.length !== 12 && v.length !== 14)) return false;
  const [id, key, summary, type, level, statusName, cat, updated, due, fix, sprints, parent, assignee, created] = v as unknown[];
  return (
    (v.length === 12 || ((assignee === null || assignee === 0 || isString(assignee)) && (created === null || isString(created)))) &&
    isString(id) && isString(key) && isString(summary) && isString(type) && Number.isInteger(level) && isString(statusName) &&
    CATEGORIES.includes(cat) && isString(updated) && (due === null || isString(due)) &&
    Array.isArray(fix) && fix.every(isString) &&
    Array.isArray(sprints) && sprints.every(isSprintTuple) &&
    (parent === null || (Array.isArray(parent) && parent.length === 6 && isString(parent[0]) && isString(parent[1]) && isString(parent[2]) && Number.isInteger(parent[3]) && isString(parent[4]) && CATEGORIES.includes(parent[5])))
  );
}
