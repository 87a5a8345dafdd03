/** Typed fake responses for the front-end tests. */
import type {
  ChainNodeDto,
  ConfigHistoryEntryDto,
  ConfigStateDto,
  FindingDto,
  IssueChainDto,
  LevelHistoryDto,
  ProjectHealthDto,
  ScanStatusDto,
} from '../../src/contract/resolvers';
import type { Level } from '../../src/core/levels';
import { CONFIG_FIELDS, DEFAULT_CONFIG, type PlanningConfig } from '../../src/core/config';

const SITE = 'https://acme.atlassian.net';

function node(partial: Partial<ChainNodeDto> & Pick<ChainNodeDto, 'key' | 'level' | 'levelName'>): ChainNodeDto {
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
  projectKey: 'ACME',
  chain: [node({ key: 'ACME-7', level: 4, levelName: 'Iteration', summary: 'Export invoices as CSV' })],
  missingLinks: ["This story has no epic: the roadmap can't see it."],
  children: { total: 0, counted: 0, open: 0, done: 0, byType: [] },
  analysis: { state: 'analysed', computedAt: '2025-04-10T06:00:00.000Z' },
  hiddenFindings: 0,
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
  projectKey: 'ACME',
  chain: [
    node({ key: 'ACME-1', level: 1, levelName: 'Product Vision', issueTypeName: 'Initiative', hierarchyLevel: 2, statusName: 'To Do', statusCategory: 'new', summary: 'Self-service billing' }),
    node({ key: 'ACME-2', level: 2, levelName: 'Roadmap', issueTypeName: 'Epic', hierarchyLevel: 1, summary: 'Invoices', findings: [staleEpicFinding] }),
    node({ key: 'ACME-9', level: 4, levelName: 'Iteration', summary: 'Download an invoice as PDF', statusName: 'Done', statusCategory: 'done' }),
  ],
  missingLinks: [],
  children: { total: 3, counted: 3, open: 1, done: 2, byType: [{ issueTypeName: 'Sub-task', count: 3 }] },
  analysis: { state: 'analysed', computedAt: '2025-04-10T06:00:00.000Z' },
  hiddenFindings: 0,
};

export const chainWithForeignParent: IssueChainDto = {
  issueKey: 'ACME-12',
  projectKey: 'ACME',
  chain: [
    node({ key: 'PORT-4', level: 2, levelName: 'Roadmap', issueTypeName: 'Epic', hierarchyLevel: 1, inData: false, url: undefined }),
    node({ key: 'ACME-12', level: 4, levelName: 'Iteration' }),
  ],
  missingLinks: [],
  children: { total: 0, counted: 0, open: 0, done: 0, byType: [] },
  analysis: { state: 'analysed', computedAt: '2025-04-10T06:00:00.000Z' },
  hiddenFindings: 0,
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

// ---------------------------------------------------------------------------------------------
// The scale path: a stored result, a scan in progress, history

/** The stored result of `h` as scan/status answers it (no scan running, fresh). */
export function stored(h: ProjectHealthDto, overrides: Partial<ScanStatusDto> = {}, result: Partial<NonNullable<ScanStatusDto['result']>> = {}): ScanStatusDto {
  const totals = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<Level, number>;
  for (const f of h.findings) totals[f.level]++;
  return {
    projectKey: h.project.key,
    result: {
      health: h,
      findingTotals: totals,
      issueCount: 412,
      scanDurationMs: 2300,
      hiddenFindings: 0,
      nextFindingOffset: { 1: null, 2: null, 3: null, 4: null, 5: null },
      ...result,
    },
    stale: false,
    staleSince: null,
    scan: null,
    ...overrides,
  };
}

export function runningScan(issuesScanned: number, expectedIssues: number | null): NonNullable<ScanStatusDto['scan']> {
  return {
    state: 'running',
    progress: {
      phase: 'issues',
      issuesScanned,
      pagesScanned: Math.ceil(issuesScanned / 100),
      fraction: expectedIssues === null ? null : issuesScanned / expectedIssues,
      expectedIssues,
      startedAt: '2026-03-12T09:00:00.000Z',
    },
    lastError: null,
  };
}

function days(from: string, scores: number[]): { date: string; score: number }[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return scores.map((score, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), score }));
}

function trend(level: Level, scores: number[]): LevelHistoryDto['trends'][number] {
  return {
    level,
    points: days('2026-03-08', scores),
    change: scores.length >= 2 ? scores[scores.length - 1]! - scores[0]! : null,
    min: Math.min(...scores),
    max: Math.max(...scores),
  };
}

export const levelHistory: LevelHistoryDto = {
  asOf: '2026-03-12',
  days: 90,
  trends: [
    trend(1, [0, 0, 0, 0, 0]),
    trend(2, [60, 65, 70, 70, 75]),
    trend(3, [70, 70, 55, 40, 40]),
    trend(4, [83, 83, 83, 83, 83]),
    trend(5, [90, 95, 100, 100, 100]),
  ],
  slips: [
    {
      versionId: '10002',
      name: '2.1',
      firstDate: '2026-02-20',
      currentDate: '2026-03-13',
      totalSlipDays: 21,
      moves: 2,
      open: true,
      slips: [
        { seenOn: '2026-02-10', from: '2026-02-20', to: '2026-02-27', days: 7 },
        { seenOn: '2026-02-25', from: '2026-02-27', to: '2026-03-13', days: 14 },
      ],
    },
    { versionId: '10003', name: '3.0', firstDate: '2026-06-01', currentDate: '2026-06-01', totalSlipDays: 0, moves: 0, open: true, slips: [] },
    {
      versionId: '10001',
      name: '2.0',
      firstDate: '2026-01-10',
      currentDate: '2026-01-17',
      totalSlipDays: 7,
      moves: 1,
      open: false,
      slips: [{ seenOn: '2026-01-05', from: '2026-01-10', to: '2026-01-17', days: 7 }],
    },
  ],
};

export const emptyHistory: LevelHistoryDto = { asOf: null, days: 90, trends: [], slips: [] };
