/** Typed fake responses for the front-end tests. */
import type {
  ChainNodeDto,
  ConfigHistoryEntryDto,
  ConfigStateDto,
  FindingDto,
  IssueChainDto,
  ProjectHealthDto,
} from '../../src/contract/resolvers';
import { CONFIG_FIELDS, DEFAULT_CONFIG, type PlanningConfig } from '../../src/core/config';

const SITE = 'https://acme.atlassian.net';

export function node(partial: Partial<ChainNodeDto> & Pick<ChainNodeDto, 'key' | 'level' | 'levelName'>): ChainNodeDto {
  return {
    summary: `Summary of ${partial.key}`,
    issueTypeName: 'Story',
    hierarchyLevel: 0,
    statusName: 'In Progress',
    statusCategory: 'indeterminate',
    inData: true,
    findings: [],
    url: `${SITE}/browse/${partial.key}`,
    ...partial,
  };
}

export const storyWithoutEpic: IssueChainDto = {
  issueKey: 'ACME-7',
  chain: [node({ key: 'ACME-7', level: 4, levelName: 'Iteration', summary: 'Export invoices as CSV' })],
  missingLinks: ["This story has no epic: the roadmap can't see it."],
  children: { total: 0, open: 0, done: 0, byType: [] },
};

const staleEpicFinding: FindingDto = {
  kind: 'stale',
  level: 2,
  message: 'ACME-2 has not been updated for 120 days (more than 91).',
  issueKey: 'ACME-2',
  subjectLabel: 'ACME-2',
  url: `${SITE}/browse/ACME-2`,
};

export const fullChain: IssueChainDto = {
  issueKey: 'ACME-9',
  chain: [
    node({ key: 'ACME-1', level: 1, levelName: 'Product Vision', issueTypeName: 'Initiative', hierarchyLevel: 2, statusName: 'To Do', statusCategory: 'new', summary: 'Self-service billing' }),
    node({ key: 'ACME-2', level: 2, levelName: 'Roadmap', issueTypeName: 'Epic', hierarchyLevel: 1, summary: 'Invoices', findings: [staleEpicFinding] }),
    node({ key: 'ACME-9', level: 4, levelName: 'Iteration', summary: 'Download an invoice as PDF', statusName: 'Done', statusCategory: 'done' }),
  ],
  missingLinks: [],
  children: { total: 3, open: 1, done: 2, byType: [{ issueTypeName: 'Sub-task', count: 3 }] },
};

export const chainWithForeignParent: IssueChainDto = {
  issueKey: 'ACME-12',
  chain: [
    node({ key: 'PORT-4', level: 2, levelName: 'Roadmap', issueTypeName: 'Epic', hierarchyLevel: 1, inData: false, url: undefined }),
    node({ key: 'ACME-12', level: 4, levelName: 'Iteration' }),
  ],
  missingLinks: [],
  children: { total: 0, open: 0, done: 0, byType: [] },
};

// ---------------------------------------------------------------------------------------------

function finding(partial: Omit<FindingDto, 'subjectLabel'> & { subjectLabel?: string }): FindingDto {
  const subjectLabel =
    partial.subjectLabel ?? partial.issueKey ?? (partial.sprintId !== undefined ? `Sprint ${partial.sprintId}` : partial.versionId ? `Version ${partial.versionId}` : '');
  return { ...partial, subjectLabel };
}

export const healthFindings: FindingDto[] = [
  finding({ kind: 'level-absent', level: 1, message: 'The project has no initiatives.' }),
  finding({ kind: 'stale', level: 2, issueKey: 'ACME-2', message: 'ACME-2 has not been updated for 120 days (more than 91).', url: `${SITE}/browse/ACME-2` }),
  finding({ kind: 'release-interval', level: 3, versionId: '10001', subjectLabel: 'Version 2.0', message: 'Version 2.0 came 120 days after 1.0 (more than 84).', url: `${SITE}/projects/ACME/versions/10001` }),
  finding({ kind: 'missing-release', level: 3, issueKey: 'ACME-9', message: 'ACME-9 is planned into Sprint 5 but has no fix version.', url: `${SITE}/browse/ACME-9` }),
  finding({ kind: 'sprint-length', level: 4, sprintId: 5, subjectLabel: 'ACME Sprint 5', message: 'ACME Sprint 5 is planned for 21 days (14 ± 1 expected).', url: `${SITE}/jira/software/projects/ACME/boards/1?sprint=5` }),
];

export const health: ProjectHealthDto = {
  project: { id: '10000', key: 'ACME', name: 'Acme Billing' },
  siteUrl: SITE,
  asOf: '2026-03-12',
  computedAt: '2026-03-12T09:30:00.000Z',
  levels: [
    // Deliberately out of order: the page sorts them.
    { level: 3, name: 'Release', cadence: 'every 56–84 days', score: 40, items: 4, findings: 2, absent: false },
    { level: 1, name: 'Product Vision', cadence: 'revisited every 365 days', score: 0, items: 0, findings: 1, absent: true },
    { level: 2, name: 'Roadmap', cadence: 'quarterly (91 days)', score: 75, items: 4, findings: 1, absent: false },
    { level: 4, name: 'Iteration', cadence: 'sprints of 14 days', score: 83, items: 6, findings: 1, absent: false },
    { level: 5, name: 'Daily', cadence: 'daily', score: 100, items: 7, findings: 0, absent: false },
  ],
  weakestLevel: 1,
  diagnosis: [
    {
      id: 'wrong-things-ship',
      symptom: 'Teams deliver on time but the wrong things ship',
      cause: 'Level 3 alignment is missing',
      evidence: ['4 of 4 closed sprints ended on time,', 'but 6 of 8 issues planned into active or future sprints (75%) have no fix version.'],
      text: 'Teams deliver on time but the wrong things ship: Level 3 alignment is missing. 4 of 4 closed sprints ended on time, but 6 of 8 issues planned into active or future sprints (75%) have no fix version.',
    },
  ],
  findings: healthFindings,
  traceability: { sprintWork: 8, tracedToVision: 2 },
};

export const healthyProject: ProjectHealthDto = {
  ...health,
  levels: health.levels.map((l) => ({ ...l, score: 100, findings: 0, absent: false, items: Math.max(l.items, 1) })),
  weakestLevel: 1,
  diagnosis: [],
  findings: [],
  traceability: { sprintWork: 5, tracedToVision: 5 },
};

// ---------------------------------------------------------------------------------------------

export function configState(config: PlanningConfig = DEFAULT_CONFIG, version = 0, stored: ConfigStateDto['stored'] = null): ConfigStateDto {
  return {
    scope: { kind: 'site' },
    config: structuredClone(config),
    stored,
    version,
    ...(version > 0 ? { savedBy: '5b10ac8d82e05b22cc7d4ef5', savedAt: '2026-03-10T08:00:00.000Z' } : {}),
    fields: CONFIG_FIELDS,
    defaults: structuredClone(DEFAULT_CONFIG),
  };
}

export const historyEntries: ConfigHistoryEntryDto[] = [
  { version: 2, action: 'save', config: { iteration: { lengthDays: 10 } }, savedBy: '5b10ac8d82e05b22cc7d4ef5', savedAt: '2026-03-10T08:00:00.000Z' },
  { version: 1, action: 'save', config: { release: { maxIntervalDays: 90 } }, savedBy: 'Grace Hopper', savedAt: '2026-02-01T10:00:00.000Z' },
];
