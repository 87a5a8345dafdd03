/**
 * The portfolio (DESIGN.md, "Several projects — the portfolio"): each project analysed on its
 * own, exactly as `report --project` analyses it, then summarised across projects: the median
 * score per level, where levels are absent or weakest, which diagnoses apply where, and the
 * release trains.
 */
import type { HealthReport } from './analyze';
import type { PlanningConfig } from './config';
import { DIAGNOSIS_IDS, type DiagnosisId } from './diagnosis';
import { LEVELS, levelName, type Level } from './levels';
import type { VersionRecord } from './model';
import { addCalendarDays } from './dates';
import { compareTrainNames, releaseTrains, type ReleaseTrain } from './release-trains';
import { REPORT_SCHEMA_VERSION, toProjectReportJson, type ProjectReportJson } from './report-json';

/** One analysed project and its versions (the release trains need them). */
export interface PortfolioEntry {
  report: HealthReport;
  versions: readonly VersionRecord[];
}

interface PortfolioLevel {
  level: Level;
  name: string;
  /** Median of the projects' scores (mean of the middle two for an even count, rounded half up). */
  median: number;
  /** Projects with a `level-absent` finding at this level. */
  absent: number;
  /** Projects whose weakest level this is. */
  weakest: number;
}

export interface PortfolioSummary {
  levels: PortfolioLevel[];
  /** The level with the lowest median; a tie goes to the higher level (it feeds the ones below). */
  weakestLevel: Level;
  /** The diagnoses that apply to at least one project, in the Diagnosis list's order. */
  diagnosis: { id: DiagnosisId; projects: string[] }[];
}

export interface PortfolioJson {
  schemaVersion: number;
  asOf: string;
  projects: ProjectReportJson[];
  summary: PortfolioSummary;
  releaseTrains: ReleaseTrain[];
}

/** The median of whole numbers; for an even count the mean of the middle two, rounded half up. */
export function medianHalfUp(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values is undefined');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return Math.floor((sorted[mid - 1]! + sorted[mid]!) / 2 + 0.5);
}

/** The lowest median; on a tie the higher level (the one with the smaller number). */
export function weakestMedianLevel(levels: readonly { level: Level; median: number }[]): Level {
  let weakest = levels[0]!;
  for (const l of levels) if (l.median < weakest.median || (l.median === weakest.median && l.level < weakest.level)) weakest = l;
  return weakest.level;
}

/** What the summary needs of one project (from its report, or from its stored portfolio summary). */
export interface SummaryInput {
  project: string;
  levels: readonly { level: Level; score: number; absent: boolean }[];
  weakestLevel: Level;
  diagnosis: readonly DiagnosisId[];
}

/** DESIGN.md's portfolio summary over projects in the order given (at least one). */
export function summarizeProjects(projects: readonly SummaryInput[]): PortfolioSummary {
  if (projects.length === 0) throw new RangeError('a portfolio needs at least one project');
  const levels: PortfolioLevel[] = LEVELS.map((level) => {
    const cells = projects.map((p) => p.levels.find((l) => l.level === level));
    return {
      level,
      name: levelName(level),
      median: medianHalfUp(cells.map((c) => c?.score ?? 0)),
      absent: cells.filter((c) => c?.absent === true).length,
      weakest: projects.filter((p) => p.weakestLevel === level).length,
    };
  });
  const diagnosis = DIAGNOSIS_IDS.map((id) => ({
    id,
    projects: projects.filter((p) => p.diagnosis.includes(id)).map((p) => p.project),
  })).filter((d) => d.projects.length > 0);
  return { levels, weakestLevel: weakestMedianLevel(levels), diagnosis };
}

export function summarizePortfolio(projects: readonly ProjectReportJson[]): PortfolioSummary {
  return summarizeProjects(
    projects.map((p) => ({
      project: p.project,
      levels: p.levels.map((l) => ({ level: l.level, score: l.score, absent: p.findings.some((f) => f.kind === 'level-absent' && f.level === l.level) })),
      weakestLevel: p.weakestLevel,
      diagnosis: p.diagnosis.map((d) => d.id as DiagnosisId),
    })),
  );
}

/** Trains for a page: the misaligned first, then the widest spread first (no dates last), then by name. */
export function trainsForView(trains: readonly ReleaseTrain[]): ReleaseTrain[] {
  return [...trains].sort(
    (a, b) => Number(b.misaligned) - Number(a.misaligned) || (b.spreadDays ?? -1) - (a.spreadDays ?? -1) || compareTrainNames(a.name, b.name),
  );
}

/** One project's daily scores: [date, level 1 … level 5], oldest first (src/core/history.ts's rows). */
export type ScoreRow = readonly [date: string, l1: number, l2: number, l3: number, l4: number, l5: number];

export interface PortfolioTrendLevel {
  level: Level;
  points: { date: string; median: number; projects: number }[];
}

/**
 * Each level's median over the projects, day by day, over the `days` days ending at `asOf`. A
 * project counts on a day from its first row on: a day without a row of its own carries its
 * latest earlier row (a project is not rescanned on a quiet day). Days before any project has
 * a row have no point.
 */
/**
 * The rows on which a score changed (and the first): the trend reads a project's scores as they
 * were on or before each day, so it reads the same from these. Keeps a summary small. Pure.
 */
export function changedRows<R extends ScoreRow>(rows: readonly R[]): R[] {
  return rows.filter((row, i) => i === 0 || row.some((v, j) => j > 0 && v !== rows[i - 1]![j]));
}

export function portfolioTrend(projects: readonly (readonly ScoreRow[])[], asOf: string, days: number): PortfolioTrendLevel[] {
  const from = addCalendarDays(asOf, 1 - days);
  const dates = Array.from({ length: days }, (_, i) => addCalendarDays(from, i));
  const perLevel = LEVELS.map((level) => ({ level, points: [] as PortfolioTrendLevel['points'] }));
  // Each level's scores of the day as counts of each whole score 0–100, moved along with each
  // project's row: a day's median is a walk over 101 counts, whatever the number of projects
  // (10,000 projects × 90 days × 5 levels sorted one by one took seconds). Scores outside that
  // domain (not stored summaries') are sorted instead.
  const whole = projects.every((rows) => rows.every((row) => row.every((v, j) => j === 0 || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100))));
  const counts = LEVELS.map(() => new Uint32Array(101));
  const cursors = projects.map(() => -1);
  let counted = 0;
  for (const date of dates) {
    const values: number[][] = LEVELS.map(() => []);
    projects.forEach((rows, p) => {
      const was = cursors[p]!;
      let at = was;
      while (at + 1 < rows.length && rows[at + 1]![0] <= date) at++;
      cursors[p] = at;
      const row = rows[at];
      if (row === undefined) return;
      if (!whole) {
        for (let i = 0; i < LEVELS.length; i++) values[i]!.push(row[i + 1] as number);
        return;
      }
      if (at === was) return;
      const before = rows[was];
      if (before === undefined) counted++;
      for (let i = 0; i < LEVELS.length; i++) {
        if (before !== undefined) counts[i]![before[i + 1] as number]!--;
        counts[i]![row[i + 1] as number]!++;
      }
    });
    const n = whole ? counted : values[0]!.length;
    if (n === 0) continue;
    perLevel.forEach((l, i) => l.points.push({ date, median: whole ? countedMedian(counts[i]!, n) : medianHalfUp(values[i]!), projects: n }));
  }
  return perLevel;
}

/** `medianHalfUp` of `n` whole scores given as counts of each score. */
function countedMedian(counts: Uint32Array, n: number): number {
  const at = (index: number): number => {
    let seen = 0;
    for (let score = 0; score < counts.length; score++) {
      seen += counts[score]!;
      if (seen > index) return score;
    }
    throw new RangeError(`the counts hold fewer than ${index + 1} scores`);
  };
  const mid = n >> 1;
  return n % 2 === 1 ? at(mid) : Math.floor((at(mid - 1) + at(mid)) / 2 + 0.5);
}

/** The `report --projects/--all --json` document; entries in the order given. */
export function toPortfolioJson(entries: readonly PortfolioEntry[], config: PlanningConfig, asOf: string): PortfolioJson {
  const projects = entries.map((e) => toProjectReportJson(e.report));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    asOf,
    projects,
    summary: summarizePortfolio(projects),
    releaseTrains: releaseTrains(entries.map((e) => ({ project: e.report.project.key, versions: e.versions })), config.release.maxTrainSpreadDays),
  };
}
