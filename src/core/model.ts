/**
 * The core's input: one Jira project's planning data, already checked and flattened.
 * Nothing here knows where the data came from (live site, emulator or snapshot).
 */

/** Jira's status category keys: "new" (To Do), "indeterminate" (In Progress), "done". */
export type StatusCategory = 'new' | 'indeterminate' | 'done' | 'undefined';

export type SprintState = 'closed' | 'active' | 'future';

/** A parent as Jira embeds it in its child: enough to judge links when it is outside the data. */
export interface ParentRef {
  key: string;
  summary: string;
  issueTypeName: string;
  hierarchyLevel: number;
  statusName: string;
  statusCategory: StatusCategory;
}

/** An issue's membership in one sprint, as its sprint field records it. */
export interface SprintRef {
  id: number;
  name: string;
  /** Missing when the field entry does not carry it and no board lists the sprint. */
  state?: SprintState;
  /** The board the sprint was created on, when the field entry carries it. */
  boardId?: number;
}

export interface IssueRecord {
  id: string;
  key: string;
  summary: string;
  issueTypeName: string;
  /** Jira's issuetype.hierarchyLevel: -1 sub-task, 0 base, 1 epic, 2+ Premium levels. */
  hierarchyLevel: number;
  statusName: string;
  statusCategory: StatusCategory;
  /** Jira timestamp as written, with its offset (the calendar date is read in that offset). */
  updated: string;
  /** YYYY-MM-DD or null. */
  dueDate: string | null;
  fixVersionIds: string[];
  sprints: SprintRef[];
  parent: ParentRef | null;
  /** The assignee's display name, null when unassigned; absent when the source did not say (read by lists, never by the rules). */
  assignee?: string | null;
  /** Jira timestamp of the issue's creation, as written; absent when the source did not say (read by lists, never by the rules). */
  created?: string;
}

export interface VersionRecord {
  id: string;
  name: string;
  released: boolean;
  archived: boolean;
  /** YYYY-MM-DD or null. */
  releaseDate: string | null;
}

export interface SprintRecord {
  id: number;
  name: string;
  state: SprintState;
  /** The board the sprint belongs to (its origin board, else the board that listed it). */
  boardId: number;
  startDate: string | null;
  endDate: string | null;
  completeDate: string | null;
}

interface BoardRecord {
  id: number;
  name: string;
  type: string;
}

export interface ProjectData {
  project: { id: string; key: string; name: string };
  /** Base URL of the Jira site, for links; empty when unknown. */
  siteUrl: string;
  issues: IssueRecord[];
  versions: VersionRecord[];
  boards: BoardRecord[];
  /** Sprints of the project's boards, each once. */
  sprints: SprintRecord[];
}
