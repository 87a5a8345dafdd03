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
import { releaseTrains, type ReleaseTrain } from './release-trains';
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

export function summarizePortfolio(projects: readonly ProjectReportJson[]): PortfolioSummary {
  if (projects.length === 0) throw new RangeError('a portfolio needs at least one project');
  const levels: PortfolioLevel[] = LEVELS.map((level) => ({
    level,
    name: levelName(level),
    median: medianHalfUp(projects.map((p) => p.levels.find((l) => l.level === level)!.score)),
    absent: projects.filter((p) => p.findings.some((f) => f.kind === 'level-absent' && f.level === level)).length,
    weakest: projects.filter((p) => p.weakestLevel === level).length,
  }));
  const diagnosis = DIAGNOSIS_IDS.map((id) => ({
    id,
    projects: projects.filter((p) => p.diagnosis.some((d) => d.id === id)).map((p) => p.project),
  })).filter((d) => d.projects.length > 0);
  return { levels, weakestLevel: weakestMedianLevel(levels), diagnosis };
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
