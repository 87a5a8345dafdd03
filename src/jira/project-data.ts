/**
 * Jira's raw responses for one project → the core's ProjectData. Pure: the live scan and
 * the snapshot reader both end here, so a site and its snapshot give the same analysis.
 */
import type { IssueRecord, ParentRef, ProjectData, SprintRecord, StatusCategory, SprintRef } from '../core/model';
import {
  sprintEntriesOf,
  type JiraSprintFieldEntry,
  type JiraBoard,
  type JiraIssue,
  type JiraIssueType,
  type JiraParent,
  type JiraProject,
  type JiraSprint,
  type JiraVersion,
} from './schemas';

/** Everything read from Jira about one project, checked against the schemas. */
export interface RawProject {
  siteUrl: string;
  issueTypes: JiraIssueType[];
  sprintFieldId: string | undefined;
  project: JiraProject;
  versions: JiraVersion[];
  boards: JiraBoard[];
  /** Sprints listed by each board, in Jira's order. */
  sprintsByBoard: { boardId: number; sprints: JiraSprint[] }[];
  issues: JiraIssue[];
}

const CATEGORIES = new Set<StatusCategory>(['new', 'indeterminate', 'done']);
function categoryOf(key: string | undefined): StatusCategory {
  return key !== undefined && CATEGORIES.has(key as StatusCategory) ? (key as StatusCategory) : 'undefined';
}

function hierarchyLevelOf(
  type: { id?: string; subtask?: boolean; hierarchyLevel?: number } | undefined,
  typesById: ReadonlyMap<string, JiraIssueType>,
): number {
  if (type?.hierarchyLevel !== undefined) return type.hierarchyLevel;
  const known = type?.id !== undefined ? typesById.get(type.id) : undefined;
  if (known?.hierarchyLevel !== undefined) return known.hierarchyLevel;
  return (type?.subtask ?? known?.subtask) ? -1 : 0;
}

/**
 * Shares equal parent and sprint references between the issues of one build: at 100k issues
 * most stories embed the same epic and the same few sprints, and one object each instead of one
 * per issue is less to keep and to collect (records are never changed after they are built).
 */
export class SharedRefs {
  private readonly parents = new Map<string, ParentRef>();
  private readonly sprints = new Map<number, SprintRef>();

  parent(parent: JiraParent, typesById: ReadonlyMap<string, JiraIssueType>): ParentRef {
    const known = this.parents.get(parent.key);
    const f = parent.fields;
    if (
      known !== undefined &&
      known.summary === (f?.summary ?? '') &&
      known.issueTypeName === (f?.issuetype?.name ?? 'Parent') &&
      known.hierarchyLevel === hierarchyLevelOf(f?.issuetype, typesById) &&
      known.statusName === (f?.status?.name ?? 'Unknown') &&
      known.statusCategory === categoryOf(f?.status?.statusCategory.key)
    ) {
      return known;
    }
    const made = toParent(parent, typesById);
    this.parents.set(parent.key, made);
    return made;
  }

  sprint(entry: JiraSprintFieldEntry): SprintRef {
    const known = this.sprints.get(entry.id);
    if (
      known !== undefined &&
      known.name === (entry.name ?? `Sprint ${entry.id}`) &&
      known.state === (entry.state ? entry.state : undefined) &&
      known.boardId === entry.boardId
    ) {
      return known;
    }
    const made = toSprintRef(entry);
    this.sprints.set(entry.id, made);
    return made;
  }
}

// The records below are built by assignment, not by spreading `cond ? { x } : {}`: the same
// objects with the same keys in the same order, and at 100k issues a fraction of the time.

function toSprintRef(entry: JiraSprintFieldEntry): SprintRef {
  const ref: SprintRef = { id: entry.id, name: entry.name ?? `Sprint ${entry.id}` };
  if (entry.state) ref.state = entry.state;
  if (entry.boardId !== undefined) ref.boardId = entry.boardId;
  return ref;
}

function toParent(parent: JiraParent, typesById: ReadonlyMap<string, JiraIssueType>): ParentRef {
  const fields = parent.fields;
  return {
    key: parent.key,
    summary: fields?.summary ?? '',
    issueTypeName: fields?.issuetype?.name ?? 'Parent',
    hierarchyLevel: hierarchyLevelOf(fields?.issuetype, typesById),
    statusName: fields?.status?.name ?? 'Unknown',
    statusCategory: categoryOf(fields?.status?.statusCategory.key),
  };
}

/**
 * What a record keeps: everything (the default), or without the fields only lists read (assignee,
 * created): the command-line report never shows them, and at 100k issues they are a fifth of
 * what a read keeps alive.
 */
export interface RecordOptions {
  listFields: boolean;
}

/**
 * The one empty list the records without fix versions or sprints share: most issues have none of
 * one or the other, and records are never changed after they are built.
 */
const NONE: never[] = [];

export function toIssueRecord(
  issue: JiraIssue,
  raw: Pick<RawProject, 'sprintFieldId'>,
  typesById: ReadonlyMap<string, JiraIssueType>,
  shared?: SharedRefs,
  options: RecordOptions = { listFields: true },
): IssueRecord {
  const f = issue.fields;
  const fixVersions = f.fixVersions;
  let fixVersionIds: string[] = NONE;
  if (fixVersions && fixVersions.length > 0) {
    fixVersionIds = [];
    for (let i = 0; i < fixVersions.length; i++) fixVersionIds.push(fixVersions[i]!.id);
  }
  const entries = sprintEntriesOf(issue, raw.sprintFieldId);
  let sprints: SprintRef[] = NONE;
  if (entries.length > 0) {
    sprints = [];
    for (let i = 0; i < entries.length; i++) sprints.push(shared ? shared.sprint(entries[i]!) : toSprintRef(entries[i]!));
  }
  const record: IssueRecord = {
    id: issue.id,
    key: issue.key,
    summary: f.summary,
    issueTypeName: f.issuetype.name,
    hierarchyLevel: hierarchyLevelOf(f.issuetype, typesById),
    statusName: f.status.name,
    statusCategory: categoryOf(f.status.statusCategory.key),
    updated: f.updated,
    dueDate: f.duedate ?? null,
    fixVersionIds,
    sprints,
    parent: f.parent ? (shared ? shared.parent(f.parent, typesById) : toParent(f.parent, typesById)) : null,
  };
  // For lists only (the rules never read them); left out when the search did not ask for them.
  if (!options.listFields) return record;
  if (f.assignee !== undefined) record.assignee = f.assignee === null ? null : (f.assignee.displayName ?? 'A user without a visible name');
  if (f.created !== undefined) record.created = f.created;
  return record;
}

export function typesIndex(issueTypes: readonly JiraIssueType[]): Map<string, JiraIssueType> {
  return new Map(issueTypes.map((t) => [t.id, t]));
}

/** Everything read about a project but its issues: what a ProjectData needs before the first search page. */
export type RawProjectParts = Omit<RawProject, 'issues'>;

/**
 * Builds a ProjectData page by page, so a reader can let each search page go as soon as its
 * issues are converted (at 100k issues, holding every raw page until the end doubled the heap
 * and the time spent collecting it). Search pages can repeat an issue that changed while the
 * scan paged through results; the later copy is the newer one, and takes the later place.
 */
export class ProjectDataBuilder {
  private readonly typesById: Map<string, JiraIssueType>;
  private readonly byKey = new Map<string, IssueRecord>();
  private readonly shared = new SharedRefs();

  constructor(
    private readonly parts: RawProjectParts,
    private readonly options: RecordOptions = { listFields: true },
  ) {
    this.typesById = typesIndex(parts.issueTypes);
  }

  addIssues(issues: readonly JiraIssue[]): void {
    for (const issue of issues) {
      this.byKey.delete(issue.key);
      this.byKey.set(issue.key, toIssueRecord(issue, this.parts, this.typesById, this.shared, this.options));
    }
  }

  build(): ProjectData {
    const raw = this.parts;
    const sprints = toSprintRecords(raw.sprintsByBoard);
    return {
      project: { id: raw.project.id, key: raw.project.key, name: raw.project.name },
      siteUrl: raw.siteUrl,
      issues: [...this.byKey.values()],
      versions: raw.versions.map((v) => ({
        id: v.id,
        name: v.name,
        released: v.released ?? false,
        archived: v.archived ?? false,
        releaseDate: v.releaseDate ?? null,
      })),
      boards: raw.boards.map((b) => ({ id: b.id, name: b.name, type: b.type })),
      sprints: [...sprints.values()],
    };
  }
}

/** The sprints of boards read in order, each sprint once (a sprint shared by boards belongs to its origin board). */
export function toSprintRecords(sprintsByBoard: RawProject['sprintsByBoard'], into = new Map<number, SprintRecord>()): Map<number, SprintRecord> {
  for (const { boardId, sprints: listed } of sprintsByBoard) {
    for (const s of listed) {
      if (into.has(s.id)) continue;
      into.set(s.id, {
        id: s.id,
        name: s.name,
        state: s.state,
        boardId: s.originBoardId ?? boardId,
        startDate: s.startDate ?? null,
        endDate: s.endDate ?? null,
        completeDate: s.completeDate ?? null,
      });
    }
  }
  return into;
}

export function toProjectData(raw: RawProject): ProjectData {
  const builder = new ProjectDataBuilder(raw);
  builder.addIssues(raw.issues);
  return builder.build();
}

/** The site's base URL from a Jira `self` link ("https://x.atlassian.net/rest/…" → "https://x.atlassian.net"). */
export function siteUrlFromSelf(self: string | undefined): string {
  if (!self) return '';
  const at = self.indexOf('/rest/');
  return at > 0 ? self.slice(0, at) : '';
}
