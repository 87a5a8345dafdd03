/**
 * Builders of hand-made core inputs: each test states only what matters to it.
 */
import { analyze, type HealthReport } from '../../src/core/analyze';
import { DEFAULT_CONFIG, type PlanningConfig } from '../../src/core/config';
import type { Finding, FindingKind } from '../../src/core/findings';
import type { IssueRecord, ParentRef, ProjectData, SprintRecord, VersionRecord } from '../../src/core/model';

const TYPE_BY_LEVEL: Record<number, string> = { 2: 'Initiative', 1: 'Epic', 0: 'Story', [-1]: 'Sub-task' };

export function issue(key: string, overrides: Partial<IssueRecord> = {}): IssueRecord {
  const hierarchyLevel = overrides.hierarchyLevel ?? 0;
  return {
    id: key.replace(/\D/g, '') || '1',
    key,
    summary: `Summary of ${key}`,
    issueTypeName: TYPE_BY_LEVEL[hierarchyLevel] ?? `Level ${hierarchyLevel}`,
    hierarchyLevel,
    statusName: 'To Do',
    statusCategory: 'new',
    updated: '2025-04-09T10:00:00.000+0000',
    dueDate: null,
    fixVersionIds: [],
    sprints: [],
    parent: null,
    ...overrides,
  };
}

export const inProgress = { statusName: 'In Progress', statusCategory: 'indeterminate' } as const;
export const done = { statusName: 'Done', statusCategory: 'done' } as const;

/** The embedded parent object of a child, built from an issue of the data or by hand. */
export function parentRef(of: IssueRecord | Partial<ParentRef> & { key: string }): ParentRef {
  const hierarchyLevel = of.hierarchyLevel ?? 1;
  return {
    key: of.key,
    summary: of.summary ?? `Summary of ${of.key}`,
    issueTypeName: of.issueTypeName ?? TYPE_BY_LEVEL[hierarchyLevel] ?? 'Parent',
    hierarchyLevel,
    statusName: of.statusName ?? 'In Progress',
    statusCategory: of.statusCategory ?? 'indeterminate',
  };
}

export function childOf(parent: IssueRecord, key: string, overrides: Partial<IssueRecord> = {}): IssueRecord {
  return issue(key, { hierarchyLevel: parent.hierarchyLevel - 1, parent: parentRef(parent), ...overrides });
}

export function sprint(id: number, overrides: Partial<SprintRecord> = {}): SprintRecord {
  return {
    id,
    name: `Sprint ${id}`,
    state: 'closed',
    boardId: 1,
    startDate: '2025-03-03T09:00:00.000Z',
    endDate: '2025-03-17T09:00:00.000Z',
    completeDate: '2025-03-17T10:00:00.000Z',
    ...overrides,
  };
}

export function version(id: string, overrides: Partial<VersionRecord> = {}): VersionRecord {
  return { id, name: `v${id}`, released: false, archived: false, releaseDate: null, ...overrides };
}

export function project(parts: Partial<ProjectData> = {}): ProjectData {
  return {
    project: { id: '10000', key: 'TEST', name: 'Test project' },
    siteUrl: 'https://example.atlassian.net',
    issues: [],
    versions: [],
    boards: [{ id: 1, name: 'Board 1', type: 'scrum' }],
    sprints: [],
    ...parts,
  };
}

export function run(
  data: ProjectData,
  asOf = '2025-04-10',
  config: PlanningConfig = DEFAULT_CONFIG,
): HealthReport {
  return analyze(data, config, asOf);
}

/** Findings of one kind, as compact "level:subject" strings, sorted. */
export function found(report: HealthReport, kind: FindingKind): string[] {
  return report.findings
    .filter((f) => f.kind === kind)
    .map((f: Finding) => `L${f.level}:${f.issueKey ?? (f.sprintId !== undefined ? `sprint ${f.sprintId}` : f.versionId !== undefined ? `version ${f.versionId}` : 'level')}`)
    .sort();
}

export function withConfig(patch: (c: PlanningConfig) => void): PlanningConfig {
  const config = structuredClone(DEFAULT_CONFIG) as PlanningConfig;
  patch(config);
  return config;
}
