/**
 * The demo history the preview seeds (dev/demo-site/history.json): the committed file equals a
 * fresh run of its generator; ~90 daily rows ending on the capture date at exactly the engine's
 * scores; ACME's open versions 3.5 (two slips) and 4.0 (one) with their current dates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_HISTORY_DAYS, DEMO_HISTORY_FILE, demoHistory, serializeHistory } from '../../dev/demo-site/history';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { calendarDateOf } from '../../src/core/dates';
import { levelTrends, readHistory, versionSlips } from '../../src/core/history';
import { portfolioTrend } from '../../src/core/portfolio';
import { toProjectData } from '../../src/jira/project-data';
import { readSnapshotProject } from '../../src/snapshot/reader';

const SNAPSHOT = join(__dirname, '..', '..', 'dev', 'demo-site', 'snapshot');

test('the committed demo history is what its generator writes', async () => {
  expect(readFileSync(DEMO_HISTORY_FILE, 'utf8')).toBe(serializeHistory(await demoHistory(SNAPSHOT)));
});

test.each(['ACME', 'MOB', 'OPS'])('%s: 90 daily rows ending on the capture date at the engine’s scores', async (projectKey) => {
  const file = JSON.parse(readFileSync(DEMO_HISTORY_FILE, 'utf8')) as Record<string, unknown>;
  const doc = readHistory(file[projectKey]);
  const { raw, meta } = await readSnapshotProject(SNAPSHOT, projectKey);
  const asOf = calendarDateOf(meta!.capturedAt!);
  const report = analyze(toProjectData(raw), DEFAULT_CONFIG, asOf);
  expect(doc.days).toHaveLength(DEMO_HISTORY_DAYS);
  expect(doc.days[doc.days.length - 1]).toEqual([asOf, ...report.levels.map((l) => l.score)]);
  const trends = levelTrends(doc, asOf);
  for (const t of trends) {
    expect(t.points).toHaveLength(90);
    for (const p of t.points) expect(p.score).toBeGreaterThanOrEqual(0);
  }
});

test('ACME: 3.5 slipped twice, 4.0 once, each ending at its current release date', async () => {
  const file = JSON.parse(readFileSync(DEMO_HISTORY_FILE, 'utf8')) as Record<string, unknown>;
  const open = versionSlips(readHistory(file.ACME)).filter((v) => v.open);
  const { raw } = await readSnapshotProject(SNAPSHOT, 'ACME');
  const current = new Map(raw.versions.map((v) => [v.name, v.releaseDate ?? null]));
  expect(open.map((v) => ({ name: v.name, moves: v.moves, currentDate: v.currentDate }))).toEqual([
    { name: '4.0', moves: 1, currentDate: current.get('4.0') },
    { name: '3.5', moves: 2, currentDate: current.get('3.5') },
  ]);
  expect(open.every((v) => (v.totalSlipDays ?? 0) > 0)).toBe(true);
});

test('MOB: 3.4 slipped twice before it shipped; 3.5 moved once, to its current date', async () => {
  const file = JSON.parse(readFileSync(DEMO_HISTORY_FILE, 'utf8')) as Record<string, unknown>;
  const slips = versionSlips(readHistory(file.MOB));
  const { raw } = await readSnapshotProject(SNAPSHOT, 'MOB');
  const current = new Map(raw.versions.map((v) => [v.name, v.releaseDate ?? null]));
  const byName = new Map(slips.map((v) => [v.name, v]));
  expect(byName.get('3.4')).toMatchObject({ moves: 2, open: false });
  expect(byName.get('3.5')).toMatchObject({ moves: 1, open: true, currentDate: current.get('3.5') });
});

test("the portfolio's trend over the demo projects: 90 days of each level's median over all three, and it moves", async () => {
  const file = JSON.parse(readFileSync(DEMO_HISTORY_FILE, 'utf8')) as Record<string, unknown>;
  const docs = ['ACME', 'MOB', 'OPS'].map((key) => readHistory(file[key]));
  const asOf = docs[0]!.days[docs[0]!.days.length - 1]![0];
  const trend = portfolioTrend(docs.map((d) => d.days), asOf, DEMO_HISTORY_DAYS);
  for (const level of trend) {
    expect(level.points).toHaveLength(DEMO_HISTORY_DAYS);
    expect(level.points.every((p) => p.projects === 3)).toBe(true);
  }
  expect(trend.some((l) => new Set(l.points.map((p) => p.median)).size > 1)).toBe(true);
});
