/**
 * A portfolio of any size stored as completed scans store it, without scanning: one synthetic
 * summary per project (five cells, diagnoses, versions sharing names across projects as release
 * trains do, a year of score rows on the days they changed; about 1.5 KB, as the 500-project
 * run's summaries), the index naming every project, and the chunks. For the global page's read
 * at sizes the end-to-end run (./portfolio-run.ts) would take hours to analyse.
 */
import { DIAGNOSIS_IDS } from '../../src/core/diagnosis';
import type { PortfolioStore, ProjectSummaryDoc } from '../../src/storage/portfolio-store';
import { prng } from '../prng';

const summaryKeyOf = (i: number) => `P${String(i).padStart(5, '0')}`;

export function syntheticSummaries(projects: number, seed = 3): ProjectSummaryDoc[] {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const day = (offset: number) => new Date(Date.UTC(2026, 2, 2) - offset * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: projects }, (_, i) => {
    const levels = [1, 2, 3, 4, 5].map((level) => ({ level: level as 1 | 2 | 3 | 4 | 5, score: int(101), absent: random() < 0.1, findings: int(40) }));
    const weakest = [...levels].sort((a, b) => a.score - b.score)[0]!.level;
    const days: ProjectSummaryDoc['days'] = [];
    for (let offset = 365; offset >= 0; offset -= 8 + int(10)) days.push([day(offset), int(101), int(101), int(101), int(101), int(101)]);
    return {
      schema: 1,
      projectKey: summaryKeyOf(i),
      projectId: String(10_000 + i),
      name: `Project ${i}`,
      category: i % 7 === 0 ? null : { id: String(100 + (i % 12)), name: `Category ${i % 12}` },
      computedAt: '2026-03-02T06:00:00.000Z',
      asOf: '2026-03-02',
      levels,
      weakestLevel: weakest,
      diagnosis: DIAGNOSIS_IDS.filter(() => random() < 0.2),
      versions: Array.from({ length: 4 + int(5) }, (_, v) => ({
        id: String(100_000 + i * 10 + v),
        name: `2026.${String(1 + ((i + v) % 12)).padStart(2, '0')}`,
        releaseDate: day(-30 * v + int(14)),
        released: v < 2,
        archived: false,
      })),
      days,
    };
  });
}

/**
 * Writes the portfolio as the sync would for newcomers whose summaries are stored: the index, then
 * the summaries, recorded in the chunks a thousand at a time (one change of the index each).
 */
export async function storeSummaries(store: PortfolioStore, docs: readonly ProjectSummaryDoc[]): Promise<void> {
  await store.index.write(0, {
    schema: 1,
    syncedAt: '2026-03-02T05:00:00.000Z',
    projects: docs.map((d) => ({ key: d.projectKey, id: d.projectId, name: d.name, category: d.category, type: 'software', computedAt: null })),
  });
  for (let i = 0; i < docs.length; i += 1_000) {
    const batch = docs.slice(i, i + 1_000);
    for (const doc of batch) await store.putProject(doc);
    await store.recordComputed(batch);
  }
}
