/**
 * Typed fakes for the resolver tests: a small Jira site with a permission model (which
 * projects and issues each viewer may browse, who is an administrator), a ViewerJira bound to
 * one viewer that answers only what that viewer may see (as Jira does with asUser), and the
 * services around them with an in-memory config store.
 */
import { ISSUE_BASE_SCHEMA } from '../../src/scan-state/incremental';
import type { ResolverError, ResolverResponse } from '../../src/contract/resolvers';
import type { RawProject } from '../../src/jira/project-data';
import type { JiraIssue, JiraSprint, JiraVersion } from '../../src/jira/schemas';
import { createResolverHandlers, type ResolverHandlers } from '../../src/resolvers';
import { CHILDREN_PAGE } from '../../src/resolvers/jira-viewer';
import type { ResolverServices, ViewerJira } from '../../src/resolvers/ports';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { createJiraClient } from '../../src/jira/client';
import { toProjectData } from '../../src/jira/project-data';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import type { ScaleServices } from '../../src/resolvers/scan';
import type { ScanWorkerDeps } from '../../src/scan-job/scan-worker';
import { memoryHistoryStore } from '../../src/storage/history-store';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { memoryScanResultStore } from '../../src/storage/scan-result-store';
import { memoryScanStateStore } from '../../src/storage/scan-state-store';
import { memoryConfigStore, type ConfigStore } from '../../src/storage/config-store';

export const SITE = 'https://acme.atlassian.net';

/** The data of an ok envelope; fails the test with the error otherwise. */
export function data<T>(response: ResolverResponse<T>): T {
  if (!response.ok) throw new Error(`expected ok, got ${response.error.code}: ${response.error.message}`);
  return response.data;
}

/** The error of a failed envelope; fails the test when it was ok. */
export function error<T>(response: ResolverResponse<T>): ResolverError {
  if (response.ok) throw new Error('expected an error envelope, got ok');
  return response.error;
}
const SPRINT_FIELD = 'customfield_10020';

const TYPES = {
  initiative: { id: '1', name: 'Initiative', subtask: false, hierarchyLevel: 2 },
  epic: { id: '2', name: 'Epic', subtask: false, hierarchyLevel: 1 },
  story: { id: '3', name: 'Story', subtask: false, hierarchyLevel: 0 },
  subtask: { id: '4', name: 'Sub-task', subtask: true, hierarchyLevel: -1 },
} as const;
type TypeName = keyof typeof TYPES;

const STATUS = {
  todo: { name: 'To Do', statusCategory: { key: 'new' } },
  doing: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
  done: { name: 'Done', statusCategory: { key: 'done' } },
} as const;
type StatusName = keyof typeof STATUS;

export interface IssueSpec {
  key: string;
  type: TypeName;
  summary?: string;
  status?: StatusName;
  parent?: string;
  sprints?: number[];
  fixVersions?: string[];
  updated?: string;
}

/** A site: issues by key (any project), each project's versions and sprints. */
export class FakeSite {
  readonly issues = new Map<string, IssueSpec>();
  readonly versions = new Map<string, JiraVersion[]>();
  readonly sprints = new Map<string, JiraSprint[]>();

  add(...specs: IssueSpec[]): this {
    for (const spec of specs) this.issues.set(spec.key, spec);
    return this;
  }

  projectOf(key: string): string {
    return key.slice(0, key.lastIndexOf('-'));
  }

  private sprintRef(projectKey: string, id: number) {
    const sprint = (this.sprints.get(projectKey) ?? []).find((s) => s.id === id);
    return { id, name: sprint?.name ?? `Sprint ${id}`, state: sprint?.state ?? 'active', boardId: sprint?.originBoardId ?? 1 };
  }

  /** The issue as Jira returns it: the parent embedded whatever the viewer may see of it. */
  toJira(spec: IssueSpec): JiraIssue {
    const parent = spec.parent ? this.issues.get(spec.parent) : undefined;
    return {
      id: String(10000 + Number(spec.key.split('-')[1])),
      key: spec.key,
      fields: {
        summary: spec.summary ?? `Summary of ${spec.key}`,
        issuetype: TYPES[spec.type],
        status: STATUS[spec.status ?? 'todo'],
        updated: spec.updated ?? '2025-04-09T10:00:00.000+0000',
        duedate: null,
        // As Jira embeds them: the version's id, name, release state and date.
        fixVersions: (spec.fixVersions ?? []).map((id) => {
          const v = (this.versions.get(this.projectOf(spec.key)) ?? []).find((x) => x.id === id);
          return v ? { id, name: v.name, released: v.released, releaseDate: v.releaseDate ?? null } : { id };
        }),
        parent: parent
          ? { id: '1', key: parent.key, fields: { summary: parent.summary ?? `Summary of ${parent.key}`, status: STATUS[parent.status ?? 'todo'], issuetype: TYPES[parent.type] } }
          : null,
        [SPRINT_FIELD]: (spec.sprints ?? []).map((id) => this.sprintRef(this.projectOf(spec.key), id)),
      },
    };
  }
}

export interface Viewer {
  accountId: string;
  admin: boolean;
  /** Projects the viewer may browse. */
  projects: ReadonlySet<string>;
  /** Issues hidden from the viewer by issue security, although their project is browsable. */
  restricted?: ReadonlySet<string>;
  /** Boards the viewer may not view (their sprints' names must not reach them). */
  hiddenBoards?: ReadonlySet<number>;
}

/** Jira as one viewer sees it. Records every call, so tests can tell what was asked. */
export class FakeViewerJira implements ViewerJira {
  readonly calls: string[] = [];
  /** When set, every call fails with it (rate limits, outages). */
  failWith: Error | undefined;

  constructor(
    private readonly site: FakeSite,
    private readonly viewer: Viewer,
  ) {}

  canBrowse(key: string): boolean {
    return this.site.issues.has(key) && this.viewer.projects.has(this.site.projectOf(key)) && !(this.viewer.restricted?.has(key) ?? false);
  }

  /** The project as the app reads it (every issue, whatever the viewer may see): what a scan stores. */
  appProject(projectKey: string): RawProject {
    const sprints = this.site.sprints.get(projectKey) ?? [];
    return {
      siteUrl: SITE,
      issueTypes: Object.values(TYPES).map((t) => ({ ...t })),
      sprintFieldId: SPRINT_FIELD,
      project: { id: '10000', key: projectKey, name: `Project ${projectKey}`, self: `${SITE}/rest/api/3/project/10000` },
      versions: this.site.versions.get(projectKey) ?? [],
      boards: [{ id: 1, name: `${projectKey} board`, type: 'scrum' }],
      sprintsByBoard: [{ boardId: 1, sprints }],
      issues: [...this.site.issues.values()].filter((spec) => this.site.projectOf(spec.key) === projectKey).map((spec) => this.site.toJira(spec)),
    };
  }

  async children(issueKey: string): Promise<{ issues: JiraIssue[]; total: number; requests: number }> {
    this.calls.push(`children ${issueKey}`);
    if (this.failWith) throw this.failWith;
    const all = [...this.site.issues.values()].filter((spec) => spec.parent === issueKey && this.canBrowse(spec.key)).map((spec) => this.site.toJira(spec));
    if (all.length <= CHILDREN_PAGE) return { issues: all, total: all.length, requests: 1 };
    this.calls.push(`count parent = ${issueKey}`);
    return { issues: all.slice(0, CHILDREN_PAGE), total: all.length, requests: 2 };
  }

  async issue(issueKey: string): Promise<JiraIssue | null> {
    this.calls.push(`issue ${issueKey}`);
    if (this.failWith) throw this.failWith;
    const spec = this.site.issues.get(issueKey);
    return spec && this.canBrowse(issueKey) ? this.site.toJira(spec) : null;
  }

  async myPermissions(projectKey?: string): Promise<{ administer: boolean; browseProject: boolean }> {
    this.calls.push(`myPermissions ${projectKey ?? ''}`.trim());
    if (this.failWith) throw this.failWith;
    return { administer: this.viewer.admin, browseProject: projectKey !== undefined && this.viewer.projects.has(projectKey) };
  }

  async visibleBoards(boardIds: readonly number[], maxRequests?: number): Promise<Set<number>> {
    const asked = [...new Set(boardIds)].slice(0, maxRequests ?? Infinity);
    for (const id of asked) this.calls.push(`board ${id}`);
    if (this.failWith) throw this.failWith;
    return new Set(asked.filter((id) => !(this.viewer.hiddenBoards?.has(id) ?? false)));
  }

  async visibleIssueKeys(issueKeys: readonly string[], _maxSearches?: number): Promise<Set<string>> {
    this.calls.push(`visibleIssueKeys ${issueKeys.length}`);
    if (this.failWith) throw this.failWith;
    return new Set(issueKeys.filter((key) => this.canBrowse(key)));
  }
}

export interface Harness {
  handlers: ResolverHandlers;
  jira: FakeViewerJira;
  kv: MemoryKeyValueStore;
  store: ConfigStore;
  errors: string[];
  clock: { now: Date };
}

/**
 * The scale path's stores in memory, with a worker that never runs (these tests store results
 * directly), and `store` to save the result a scan of a project would store.
 */
export function storedResults() {
  const kv = new MemoryKeyValueStore();
  const states = memoryScanStateStore(kv);
  const results = memoryScanResultStore(kv);
  const history = memoryHistoryStore(kv);
  const notHere = () => Promise.reject(new Error('the worker does not run in these tests'));
  const deps: ScanWorkerDeps = {
    jira: createJiraClient({ request: notHere }),
    states,
    results,
    history,
    loadConfig: notHere,
    enqueue: notHere,
    now: () => Date.parse('2025-04-10T12:00:00.000Z'),
    newRunId: () => 'never',
    log: () => undefined,
    stallGraceMs: 3_600_000,
  };
  const scale: ScaleServices = { states, results, history, worker: () => deps };
  /** Analyses the project as the app reads it (every issue) and stores the result, as a scan would. */
  const store = async (site: FakeSite, projectKey: string, tweak: (raw: RawProject) => RawProject = (raw) => raw): Promise<void> => {
    const data = toProjectData(tweak(new FakeViewerJira(site, { accountId: 'app', admin: true, projects: new Set([projectKey]) }).appProject(projectKey)));
    const report = analyze(data, DEFAULT_CONFIG, '2025-04-10');
    const health = toStoredHealth(report, { projectKey, data }, '2025-04-10T06:00:00.000Z');
    await results.put({ projectKey, runId: `run${projectKey.toLowerCase()}`, issueCount: data.issues.length, scanDurationMs: 1000, searchPages: 1 }, health);
    // The issue base's head, as a scan leaves it: the issue panel reads the site's sprint field from it.
    const at = Date.parse('2025-04-10T06:00:00.000Z');
    await states.putBase(
      { schema: ISSUE_BASE_SCHEMA, projectKey, scanStartedAt: at, fullScanAt: at, reconciledAt: at, sprintPassAt: at, rescansSinceSprintPass: 0, issueCount: 0, bucketWriters: [`run${projectKey.toLowerCase()}`], sprintFieldId: SPRINT_FIELD, boards: [] },
      new Map([[0, []]]),
      null,
    );
  };
  return { scale, states, results, store };
}

export function harness(site: FakeSite, viewer: Viewer, shared?: { kv?: MemoryKeyValueStore; clock?: { now: Date }; scale?: ScaleServices }): Harness {
  const kv = shared?.kv ?? new MemoryKeyValueStore();
  const store = memoryConfigStore(kv);
  const jira = new FakeViewerJira(site, viewer);
  const errors: string[] = [];
  const clock = shared?.clock ?? { now: new Date('2025-04-10T12:00:00.000Z') };
  const services: ResolverServices = {
    jiraForViewer: () => jira,
    store,
    now: () => clock.now,
    logError: (message) => errors.push(message),
    ...(shared?.scale ? { scale: shared.scale } : {}),
  };
  return { handlers: createResolverHandlers(services), jira, kv, store, errors, clock };
}

export const ADMIN: Viewer = { accountId: 'admin-1', admin: true, projects: new Set(['ACME', 'OTHER']) };
export const MEMBER: Viewer = { accountId: 'member-1', admin: false, projects: new Set(['ACME']) };

/** The Forge context of each module, as Forge fills it on the server. */
export const projectPageContext = (viewer: Viewer, projectKey = 'ACME') => ({
  accountId: viewer.accountId,
  siteUrl: SITE,
  moduleKey: 'planning-levels-project-page',
  extension: { type: 'jira:projectPage', project: { id: '10000', key: projectKey, type: 'software' } },
});
export const issuePanelContext = (viewer: Viewer, issueKey: string) => ({
  accountId: viewer.accountId,
  siteUrl: SITE,
  moduleKey: 'planning-levels-issue-context',
  extension: { type: 'jira:issueContext', project: { id: '10000', key: issueKey.split('-')[0], type: 'software' }, issue: { id: '1', key: issueKey, type: 'Story' } },
});
export const adminPageContext = (viewer: Viewer) => ({
  accountId: viewer.accountId,
  siteUrl: SITE,
  moduleKey: 'planning-levels-admin-page',
  extension: { type: 'jira:adminPage' },
});

;
