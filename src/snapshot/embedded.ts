/**
 * What Jira computes when it answers, brought up to date in an issue that did not change
 * (`capture --update`): an issue's `updated` stays as it was when its parent is renamed, a sprint
 * it is in closes, a version it is fixed in is released, or an admin renames its issue type, yet
 * a search made now shows each of those as it is now. The update reads the changed issues, the
 * issue types, the versions and the sprint lists anyway; from them it refreshes an unchanged
 * issue's copies:
 *
 * - its parent (summary, status, issue type) from the changed parent;
 * - its issue type, and its parent's, from the issue types (the keys the copy carries);
 * - its fixVersions from the project's versions: the keys an entry carries, and an entry that
 *   carries the version's flags (`released`), as Jira's do, has a description and a releaseDate
 *   exactly when the version has them;
 * - its sprint entries from the sprint lists: name, state and goal from the sprint, the dates
 *   exactly when the sprint has them (a started sprint shows its start and end, a closed one its
 *   completeDate).
 *
 * A parent outside the project (another project's initiative, or a parent moved away) is not
 * among the changed issues, nor is a sprint of another project's board: the update reads those
 * parents by id and those boards' lists afterwards (`refreshOutsideParents`,
 * `refreshOutsideSprints`) and brings their copies up to date the same way.
 *
 * Objects are changed in place: the issue was read from an earlier page to be written again.
 */
import type { JiraIssue, JiraSprint } from '../jira/schemas';

type Json = Record<string, unknown>;

/** What an update read now, that an unchanged issue's copies are brought up to date from. */
export interface ReadNow {
  /** The changed issues by key. */
  changed: ReadonlyMap<string, JiraIssue>;
  sprintFieldId: string | undefined;
  /** Sprints by id, as the boards list them now. */
  sprints: ReadonlyMap<number, JiraSprint>;
  /** The project's versions by id, as GET …/versions returns them now (raw). */
  versions: ReadonlyMap<string, Json>;
  /** The issue types by id, as GET /rest/api/3/issuetype returns them now (raw). */
  issueTypes: ReadonlyMap<string, Json>;
}

const present = (value: unknown) => value !== undefined && value !== null;

/** Sets `key` from `now` when it has it; otherwise removes it when `optional`. */
function copyKey(entry: Json, now: Json, key: string, optional: boolean): void {
  if (present(now[key])) entry[key] = now[key];
  else if (optional) delete entry[key];
}

function refreshSprintEntry(entry: Json, sprint: JiraSprint): void {
  for (const k of ['name', 'state', 'goal'] as const) copyKey(entry, sprint, k, false);
  for (const k of ['startDate', 'endDate', 'completeDate'] as const) copyKey(entry, sprint, k, true);
}

function refreshVersionEntry(entry: Json, version: Json): void {
  const full = 'released' in entry;
  for (const k of ['name', 'archived', 'released']) if (k in entry) copyKey(entry, version, k, false);
  for (const k of ['description', 'releaseDate']) if (full || k in entry) copyKey(entry, version, k, true);
}

/** The keys the copy carries, from the issue type as listed now. */
function refreshIssueType(copy: Json | undefined, issueTypes: ReadonlyMap<string, Json>): void {
  const now = copy === undefined ? undefined : issueTypes.get(String(copy.id));
  if (copy === undefined || now === undefined) return;
  for (const k of Object.keys(copy)) if (k !== 'id') copyKey(copy, now, k, false);
}

/** Brings an unchanged issue's copies of what Jira computes when it answers up to date (in place). */
export function refreshEmbedded(issue: JiraIssue, now: ReadNow): JiraIssue {
  const fields = issue.fields as JiraIssue['fields'] & Json;
  const parent = fields.parent;
  const newer = parent ? now.changed.get(parent.key) : undefined;
  if (parent && newer && parent.fields) {
    const f = newer.fields;
    parent.fields = { ...parent.fields, summary: f.summary, status: f.status, issuetype: f.issuetype };
  } else if (parent?.fields) {
    refreshIssueType(parent.fields.issuetype as Json | undefined, now.issueTypes);
  }
  refreshIssueType(fields.issuetype as Json | undefined, now.issueTypes);
  for (const entry of (fields.fixVersions ?? []) as Json[]) {
    const version = now.versions.get(String(entry.id));
    if (version !== undefined) refreshVersionEntry(entry, version);
  }
  const entries = now.sprintFieldId === undefined ? undefined : (fields[now.sprintFieldId] as Json[] | null | undefined);
  for (const entry of entries ?? []) {
    const sprint = now.sprints.get(entry.id as number);
    if (sprint !== undefined) refreshSprintEntry(entry, sprint);
  }
  return issue;
}

/**
 * Brings the copies of parents outside the project up to date from those parents as read now
 * (by id, else key): the keys each copy's fields carry. True when a copy changed.
 */
export function refreshOutsideParents(issues: readonly JiraIssue[], parents: ReadonlyMap<string, JiraIssue>): boolean {
  let changed = false;
  for (const issue of issues) {
    const copy = issue.fields.parent;
    const now = copy ? (parents.get(copy.id ?? '') ?? parents.get(copy.key)) : undefined;
    if (copy?.fields === undefined || now === undefined) continue;
    const fields = copy.fields as Json;
    const fresh = now.fields as JiraIssue['fields'] & Json;
    for (const k of Object.keys(fields)) {
      if (fresh[k] !== undefined && JSON.stringify(fresh[k]) !== JSON.stringify(fields[k])) {
        fields[k] = fresh[k];
        changed = true;
      }
    }
  }
  return changed;
}

/** Brings the sprint entries of sprints on other boards up to date from those boards' lists as read now. True when an entry changed. */
export function refreshOutsideSprints(issues: readonly JiraIssue[], sprintFieldId: string | undefined, sprints: ReadonlyMap<number, JiraSprint>): boolean {
  if (sprintFieldId === undefined || sprints.size === 0) return false;
  let changed = false;
  for (const issue of issues) {
    for (const entry of (issue.fields[sprintFieldId] as Json[] | null | undefined) ?? []) {
      const sprint = sprints.get(entry.id as number);
      if (sprint === undefined) continue;
      const before = JSON.stringify(entry);
      refreshSprintEntry(entry, sprint);
      if (JSON.stringify(entry) !== before) changed = true;
    }
  }
  return changed;
}
