/** The project pages' addresses, as the Forge router would give them, and the navigations asked for. */
export function fakeLinks() {
  const opened: string[] = [];
  return { href: (key: string) => `https://example.atlassian.net/jira/software/projects/${key}/apps/app/env`, open: (key: string) => void opened.push(key), opened };
}

/**
 * A typed portfolio of four projects the viewer may browse: three analysed (ACME and MOBILE in
 * the category "Product", OPS in none) and one whose first scan is running (DATA), with a
 * misaligned and an aligned release train and a short trend.
 */
import type { PortfolioCellDto, PortfolioDto, PortfolioProjectDto } from '../../src/contract/resolvers';
import type { Level } from '../../src/core/levels';

function cells(scores: [number, number, number, number, number], findings: [number, number, number, number, number]): PortfolioCellDto[] {
  return scores.map((score, i) => ({ level: (i + 1) as Level, score, absent: score === 0, findings: findings[i]! }));
}

function analysed(key: string, name: string, category: PortfolioProjectDto['category'], levels: PortfolioCellDto[], weakestLevel: Level, diagnosis: ('progress-invisible' | 'vision-unknown' | 'wrong-things-ship' | 'standup-ritual')[]): PortfolioProjectDto {
  return {
    key,
    name,
    category,
    analysis: { state: 'analysed', computedAt: '2026-11-20T08:00:00.000Z', levels, weakestLevel, diagnosis, stale: false },
  };
}

const product = { id: '10000', name: 'Product' };

export const acme = analysed('ACME', 'Acme Web', product, cells([0, 75, 40, 83, 100], [1, 3, 6, 2, 0]), 1, ['progress-invisible', 'vision-unknown']);
const mobile = analysed('MOBILE', 'Mobile App', product, cells([90, 60, 0, 70, 95], [1, 2, 1, 4, 1]), 3, ['progress-invisible']);
const ops = analysed('OPS', 'Operations', null, cells([100, 100, 55, 20, 100], [0, 0, 3, 9, 0]), 4, ['standup-ritual']);
export const data: PortfolioProjectDto = {
  key: 'DATA',
  name: 'Data Platform',
  category: { id: '10001', name: 'Platform' },
  analysis: {
    state: 'not-analysed',
    scan: { state: 'running', progress: { phase: 'issues', issuesScanned: 1200, pagesScanned: 12, fraction: 0.4, expectedIssues: 3000, startedAt: '2026-11-20T08:00:00.000Z' } },
  },
};

export const portfolio: PortfolioDto = {
  asOf: '2026-11-20',
  projects: [acme, data, mobile, ops],
  summary: {
    levels: [
      { level: 1, name: 'Product Vision', median: 90, absent: 1, weakest: 1 },
      { level: 2, name: 'Roadmap', median: 75, absent: 0, weakest: 0 },
      { level: 3, name: 'Release', median: 40, absent: 1, weakest: 1 },
      { level: 4, name: 'Iteration', median: 70, absent: 0, weakest: 1 },
      { level: 5, name: 'Daily', median: 100, absent: 0, weakest: 0 },
    ],
    weakestLevel: 3,
    diagnosis: [
      { id: 'progress-invisible', projects: ['ACME', 'MOBILE'] },
      { id: 'vision-unknown', projects: ['ACME'] },
      { id: 'standup-ritual', projects: ['OPS'] },
    ],
    analysedProjects: 3,
  },
  releaseTrains: [
    {
      name: '2026.4',
      versions: [
        { project: 'ACME', versionId: '1', releaseDate: '2026-12-01', released: false },
        { project: 'MOBILE', versionId: '2', releaseDate: '2026-12-03', released: false },
      ],
      spreadDays: 2,
      misaligned: false,
    },
    {
      name: '2026.3',
      versions: [
        { project: 'ACME', versionId: '3', releaseDate: '2026-09-01', released: true },
        { project: 'MOBILE', versionId: '4', releaseDate: '2026-10-13', released: true },
        { project: 'OPS', versionId: '5', releaseDate: null, released: false },
      ],
      spreadDays: 42,
      misaligned: true,
    },
  ],
  trend: {
    days: 90,
    levels: ([1, 2, 3, 4, 5] as Level[]).map((level) => ({
      level,
      points: [
        { date: '2026-11-18', median: 30 + level * 10, projects: 3 },
        { date: '2026-11-19', median: 32 + level * 10, projects: 3 },
        { date: '2026-11-20', median: 35 + level * 10, projects: 3 },
      ],
    })),
  },
};
