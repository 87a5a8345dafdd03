import { DEFAULT_CONFIG } from '../../src/core/config';
import type { Level } from '../../src/core/levels';
import type { DiagnosisId } from '../../src/core/diagnosis';
import { changedRows, medianHalfUp, portfolioTrend, summarizePortfolio, summarizeProjects, toPortfolioJson, trainsForView, weakestMedianLevel, type ScoreRow } from '../../src/core/portfolio';
import { toProjectReportJson, toReportJson, type ProjectReportJson } from '../../src/core/report-json';
import { issue, project, run, version, withConfig } from '../helpers/builders';

/** A project document with the given scores (levels 1..5), weakest level, absent levels and diagnoses. */
function doc(key: string, scores: number[], opts: { weakest?: Level; absent?: Level[]; diagnosis?: string[] } = {}): ProjectReportJson {
  return {
    project: key,
    asOf: '2025-04-10',
    levels: scores.map((score, i) => ({ level: (i + 1) as Level, name: `L${i + 1}`, score, items: 1, findings: 0 })),
    weakestLevel: opts.weakest ?? 1,
    diagnosis: (opts.diagnosis ?? []).map((id) => ({ id, text: id })),
    findings: (opts.absent ?? []).map((level) => ({ kind: 'level-absent' as const, level, message: 'absent' })),
  };
}

describe('medianHalfUp', () => {
  it.each([
    [[7], 7],
    [[3, 1, 2], 2],
    [[10, 20], 15],
    [[57, 0], 29], // 28.5 rounds up
    [[1, 2], 2], // 1.5 rounds up
    [[0, 1, 2, 3], 2], // 1.5 rounds up
    [[100, 0, 0, 100], 50],
    [[4, 1, 3, 2, 9, 8], 4], // 3.5 rounds up
  ])('of %j is %d', (values, median) => {
    expect(medianHalfUp(values)).toBe(median);
  });

  it('does not reorder its input and refuses an empty list', () => {
    const values = [3, 1, 2];
    medianHalfUp(values);
    expect(values).toEqual([3, 1, 2]);
    expect(() => medianHalfUp([])).toThrow(RangeError);
  });
});

describe('weakestMedianLevel', () => {
  it('is the level with the lowest median', () => {
    expect(weakestMedianLevel([{ level: 1, median: 80 }, { level: 2, median: 40 }, { level: 3, median: 60 }])).toBe(2);
  });
  it('gives a tie to the higher level (the smaller number), whatever the input order', () => {
    expect(weakestMedianLevel([{ level: 3, median: 40 }, { level: 5, median: 40 }, { level: 4, median: 90 }])).toBe(3);
    expect(weakestMedianLevel([{ level: 5, median: 40 }, { level: 2, median: 40 }])).toBe(2);
  });
});

describe('summarizePortfolio', () => {
  const projects = [
    doc('ACME', [60, 60, 57, 95, 97], { weakest: 3, diagnosis: ['wrong-things-ship'] }),
    doc('OPS', [0, 0, 0, 0, 92], { weakest: 1, absent: [1, 2, 3, 4], diagnosis: ['standup-ritual', 'progress-invisible'] }),
    doc('MOB', [0, 80, 70, 90, 50], { weakest: 1, absent: [1], diagnosis: ['progress-invisible', 'wrong-things-ship'] }),
    doc('WEB', [90, 90, 57, 95, 97], { weakest: 3 }),
  ];
  const summary = summarizePortfolio(projects);

  it('gives five levels: median (rounded half up), absent count and weakest count', () => {
    expect(summary.levels).toEqual([
      { level: 1, name: 'Product Vision', median: 30, absent: 2, weakest: 2 },
      { level: 2, name: 'Roadmap', median: 70, absent: 1, weakest: 0 },
      { level: 3, name: 'Release', median: 57, absent: 1, weakest: 2 },
      { level: 4, name: 'Iteration', median: 93, absent: 1, weakest: 0 }, // (90 + 95) / 2 = 92.5 → 93
      { level: 5, name: 'Daily', median: 95, absent: 0, weakest: 0 }, // (92 + 97) / 2 = 94.5 → 95
    ]);
    expect(summary.weakestLevel).toBe(1);
  });

  it('lists the diagnoses in the Diagnosis list order, with their projects in project order', () => {
    expect(summary.diagnosis).toEqual([
      { id: 'progress-invisible', projects: ['OPS', 'MOB'] },
      { id: 'wrong-things-ship', projects: ['ACME', 'MOB'] },
      { id: 'standup-ritual', projects: ['OPS'] },
    ]);
  });

  it('breaks a tie of medians toward the higher level', () => {
    const tied = summarizePortfolio([doc('A', [80, 50, 50, 90, 50]), doc('B', [80, 50, 50, 90, 50])]);
    expect(tied.weakestLevel).toBe(2);
  });
});

describe('toPortfolioJson', () => {
  const acme = project({
    project: { id: '1', key: 'ACME', name: 'Acme' },
    issues: [issue('ACME-1')],
    versions: [version('11', { name: '2025.1', released: true, releaseDate: '2025-01-10' }), version('12', { name: '2025.2', releaseDate: '2025-05-09' })],
  });
  const mob = project({
    project: { id: '2', key: 'MOB', name: 'Mobile' },
    versions: [version('21', { name: ' 2025.2 ', releaseDate: '2025-06-20' })],
  });

  it('embeds each project exactly as --project prints it, without schemaVersion, in the order given', () => {
    const reports = [mob, acme].map((d) => ({ report: run(d), versions: d.versions }));
    const json = toPortfolioJson(reports, DEFAULT_CONFIG, '2025-04-10');
    expect(Object.keys(json)).toEqual(['schemaVersion', 'asOf', 'projects', 'summary', 'releaseTrains']);
    expect(json.schemaVersion).toBe(1);
    expect(json.projects.map((p) => p.project)).toEqual(['MOB', 'ACME']);
    for (const [i, d] of [mob, acme].entries()) {
      const { schemaVersion, ...single } = toReportJson(run(d));
      expect(schemaVersion).toBe(1);
      expect(json.projects[i]).toEqual(single);
      expect(json.projects[i]).toEqual(toProjectReportJson(run(d)));
    }
    expect(Object.keys(json.summary)).toEqual(['levels', 'weakestLevel', 'diagnosis']);
    expect(json.releaseTrains).toEqual([
      {
        name: '2025.2',
        versions: [
          { project: 'MOB', versionId: '21', releaseDate: '2025-06-20', released: false },
          { project: 'ACME', versionId: '12', releaseDate: '2025-05-09', released: false },
        ],
        spreadDays: 42,
        misaligned: true,
      },
    ]);
  });

  it('judges the train against release.maxTrainSpreadDays', () => {
    const entries = [acme, mob].map((d) => ({ report: run(d), versions: d.versions }));
    expect(toPortfolioJson(entries, withConfig((c) => { c.release.maxTrainSpreadDays = 42; }), '2025-04-10').releaseTrains[0]!.misaligned).toBe(false);
    expect(toPortfolioJson(entries, withConfig((c) => { c.release.maxTrainSpreadDays = 41; }), '2025-04-10').releaseTrains[0]!.misaligned).toBe(true);
  });
});

describe('trainsForView', () => {
  const train = (name: string, spreadDays: number | null, misaligned: boolean) => ({ name, versions: [], spreadDays, misaligned });
  it('puts the misaligned trains first, then the widest spread, trains without dates last, then by name', () => {
    const ordered = trainsForView([train('1.0', 3, false), train('2.0', 30, true), train('3.0', null, false), train('1.5', 60, true), train('0.9', 3, false)]);
    expect(ordered.map((t) => t.name)).toEqual(['1.5', '2.0', '0.9', '1.0', '3.0']);
  });
});

describe('summarizeProjects', () => {
  it('gives what summarizePortfolio gives for the same projects', () => {
    const docs = [doc('A', [10, 20, 30, 40, 50], { absent: [1], diagnosis: ['vision-unknown'] }), doc('B', [0, 40, 60, 80, 100], { weakest: 2 })];
    const inputs = docs.map((d) => ({
      project: d.project,
      levels: d.levels.map((l) => ({ level: l.level, score: l.score, absent: d.findings.some((f) => f.kind === 'level-absent' && f.level === l.level) })),
      weakestLevel: d.weakestLevel,
      diagnosis: d.diagnosis.map((x) => x.id as DiagnosisId),
    }));
    expect(summarizeProjects(inputs)).toEqual(summarizePortfolio(docs));
  });
});

describe('portfolioTrend', () => {
  it("is each level's median day by day; a project without a row that day counts with its latest earlier row", () => {
    const a: ScoreRow[] = [['2025-04-01', 10, 10, 10, 10, 10], ['2025-04-03', 30, 30, 30, 30, 30]];
    const b: ScoreRow[] = [['2025-04-02', 50, 60, 70, 80, 90]];
    const trend = portfolioTrend([a, b], '2025-04-03', 4);
    expect(trend).toHaveLength(5);
    expect(trend[0]!.points).toEqual([
      { date: '2025-04-01', median: 10, projects: 1 },
      { date: '2025-04-02', median: 30, projects: 2 },
      { date: '2025-04-03', median: 40, projects: 2 },
    ]);
    expect(trend[4]!.points.map((p) => p.median)).toEqual([10, 50, 60]);
  });

  it('carries a row from before the window into it, and has no point before any project has a row', () => {
    const a: ScoreRow[] = [['2025-01-01', 70, 70, 70, 70, 70]];
    expect(portfolioTrend([a], '2025-04-03', 2)[0]!.points).toEqual([
      { date: '2025-04-02', median: 70, projects: 1 },
      { date: '2025-04-03', median: 70, projects: 1 },
    ]);
    expect(portfolioTrend([[['2025-05-01', 1, 1, 1, 1, 1]]], '2025-04-03', 2)[0]!.points).toEqual([]);
  });
});

describe('changedRows', () => {
  it('keeps the first row and those where a score changed, and the trend reads the same from them', () => {
    const rows: ScoreRow[] = [
      ['2025-04-01', 10, 20, 30, 40, 50],
      ['2025-04-02', 10, 20, 30, 40, 50],
      ['2025-04-03', 10, 25, 30, 40, 50],
      ['2025-04-04', 10, 25, 30, 40, 50],
      ['2025-04-06', 10, 25, 30, 40, 55],
    ];
    const other: ScoreRow[] = [['2025-04-02', 90, 80, 70, 60, 50], ['2025-04-05', 90, 80, 70, 60, 50]];
    expect(changedRows(rows).map((r) => r[0])).toEqual(['2025-04-01', '2025-04-03', '2025-04-06']);
    expect(changedRows(other).map((r) => r[0])).toEqual(['2025-04-02']);
    expect(portfolioTrend([changedRows(rows), changedRows(other)], '2025-04-08', 10)).toEqual(portfolioTrend([rows, other], '2025-04-08', 10));
    expect(changedRows([])).toEqual([]);
  });
});

test('portfolioTrend: the medians counted from whole scores equal those of the sorted scores, day by day, over many projects', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const projects: ScoreRow[][] = Array.from({ length: 301 }, () => {
    const rows: ScoreRow[] = [];
    for (let d = Math.floor(random() * 60); d < 120; d += 1 + Math.floor(random() * 9)) {
      rows.push([day(d), ...([0, 1, 2, 3, 4].map(() => Math.floor(random() * 101)) as [number, number, number, number, number])]);
    }
    return rows;
  });
  const asOf = day(119);
  // The rule by its words: each day, each project's latest row on or before it, the median of each level's scores.
  const expected = [1, 2, 3, 4, 5].map((level, i) => ({
    level,
    points: Array.from({ length: 90 }, (_, k) => day(30 + k)).flatMap((date) => {
      const scores = projects.flatMap((rows) => {
        const row = rows.filter((r) => r[0] <= date).at(-1);
        return row === undefined ? [] : [row[i + 1] as number];
      });
      return scores.length === 0 ? [] : [{ date, median: medianHalfUp(scores), projects: scores.length }];
    }),
  }));
  expect(portfolioTrend(projects, asOf, 90)).toEqual(expected);
  // Scores that are not whole percentages are sorted, with the same rule.
  const halves = projects.slice(0, 3).map((rows) => rows.map((r) => [r[0], r[1] + 0.5, r[2], r[3], r[4], r[5]] as ScoreRow));
  expect(portfolioTrend(halves, asOf, 90)[0]!.points.at(-1)!.median).toBe(medianHalfUp(halves.map((rows) => rows.at(-1)![1])));
});
