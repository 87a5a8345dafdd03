/**
 * The `report --json` document of DESIGN.md, and nothing more.
 */
import type { HealthReport } from './analyze';
import type { Finding } from './findings';
import type { Level } from './levels';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportJson {
  schemaVersion: number;
  project: string;
  asOf: string;
  levels: { level: Level; name: string; score: number; items: number; findings: number }[];
  weakestLevel: Level;
  diagnosis: { id: string; text: string }[];
  findings: Finding[];
}

export function toReportJson(report: HealthReport): ReportJson {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
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
