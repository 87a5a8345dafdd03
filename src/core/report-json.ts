/**
 * The `report --json` document of DESIGN.md, and nothing more.
 */
import type { HealthReport } from './analyze';
import type { Finding } from './findings';
import type { Level } from './levels';

export const REPORT_SCHEMA_VERSION = 1;

/** One project's document: what `report --project KEY --json` prints, without `schemaVersion`. */
export interface ProjectReportJson {
  project: string;
  asOf: string;
  levels: { level: Level; name: string; score: number; items: number; findings: number }[];
  weakestLevel: Level;
  diagnosis: { id: string; text: string }[];
  findings: Finding[];
}

export interface ReportJson extends ProjectReportJson {
  schemaVersion: number;
}

export function toReportJson(report: HealthReport): ReportJson {
  return { schemaVersion: REPORT_SCHEMA_VERSION, ...toProjectReportJson(report) };
}

/** The project part of the document; the portfolio embeds exactly this for each project. */
export function toProjectReportJson(report: HealthReport): ProjectReportJson {
  return {
    project: report.project.key,
    asOf: report.asOf,
    levels: report.levels.map(({ level, name, score, items, findings }) => ({ level, name, score, items, findings })),
    weakestLevel: report.weakestLevel,
    diagnosis: report.diagnosis.map(({ id, text }) => ({ id, text })),
    findings: report.findings.map(({ kind, level, issueKey, sprintId, versionId, message }) => ({
      kind,
      level,
      ...(issueKey !== undefined ? { issueKey } : {}),
      ...(sprintId !== undefined ? { sprintId } : {}),
      ...(versionId !== undefined ? { versionId } : {}),
      message,
    })),
  };
}
