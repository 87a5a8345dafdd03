/**
 * The project's health document as a scan stores it: the core's report with a label for each
 * finding's subject (sprint and version names), keys and ids only — links are added when
 * answering (src/resolvers/links.ts). Pure.
 */
import type { FindingDto, ProjectHealthDto } from '../contract/resolvers';
import type { HealthReport } from '../core/analyze';
import type { Finding } from '../core/findings';
import { levelName } from '../core/levels';
import type { ProjectData } from '../core/model';

/** What a stored DTO is built from: the project's key and data (labels of sprints and versions). */
export interface DtoContext {
  projectKey: string;
  data: ProjectData;
}

function sprintName(data: ProjectData, sprintId: number): string {
  const board = data.sprints.find((s) => s.id === sprintId);
  if (board) return board.name;
  for (const issue of data.issues) {
    const ref = issue.sprints.find((s) => s.id === sprintId);
    if (ref) return ref.name;
  }
  return `Sprint ${sprintId}`;
}

/** A finding as stored: its subject's label and ids, never an address (see linkFinding). */
function toFindingDto(f: Finding, ctx: DtoContext): FindingDto {
  const base = { kind: f.kind, level: f.level, message: f.message, ...(f.relatedKeys !== undefined ? { relatedKeys: f.relatedKeys } : {}) };
  if (f.issueKey !== undefined) return { ...base, issueKey: f.issueKey, subjectLabel: f.issueKey };
  if (f.sprintId !== undefined) {
    const sprint = ctx.data.sprints.find((s) => s.id === f.sprintId);
    const board = sprint ? { boardId: sprint.boardId, ...(sprint.state === 'closed' ? { sprintClosed: true } : {}) } : {};
    return { ...base, sprintId: f.sprintId, subjectLabel: sprintName(ctx.data, f.sprintId), ...board };
  }
  if (f.versionId !== undefined) {
    const version = ctx.data.versions.find((v) => v.id === f.versionId);
    return { ...base, versionId: f.versionId, subjectLabel: version?.name ?? `Version ${f.versionId}` };
  }
  return { ...base, subjectLabel: `${levelName(f.level)} (level ${f.level})` };
}

/** The project page's DTO as stored (`siteUrl` is filled when answering). */
export function toProjectHealthDto(report: HealthReport, ctx: DtoContext, computedAt: string): ProjectHealthDto {
  return {
    project: report.project,
    siteUrl: '',
    asOf: report.asOf,
    computedAt,
    levels: report.levels.map(({ level, name, cadence, score, items, findings, absent }) => ({ level, name, cadence, score, items, findings, absent })),
    weakestLevel: report.weakestLevel,
    diagnosis: report.diagnosis,
    findings: report.findings.map((f) => toFindingDto(f, ctx)),
    traceability: { sprintWork: report.traceability.sprintWork, tracedToVision: report.traceability.tracedToVision },
  };
}
