/**
 * The project's health document as a scan stores it (src/storage/schemas.ts): the core's report
 * with a label for each finding's subject (sprint and version names), keys and ids only — the
 * resolvers map it to the page's DTO and add links when answering (src/resolvers/stored-dto.ts).
 * Pure.
 */
import { UNTRACED_KEYS_STORED } from '../contract/resolvers';
import type { HealthReport } from '../core/analyze';
import { boardCadences } from '../core/board-cadence';
import type { Finding } from '../core/findings';
import { levelName } from '../core/levels';
import type { IssueRecord, ParentRef, ProjectData } from '../core/model';
import type { StoredFinding, StoredProjectHealth } from '../storage/schemas';

/** What a stored health document is built from: the project's key and data (labels of sprints and versions). */
export interface StoredHealthContext {
  projectKey: string;
  data: ProjectData;
}

/**
 * The sprints and versions findings name, looked up by id: built once per document (a linear
 * search per finding made 64,000 sprint findings take 14 s). A sprint only issues mention (one
 * of another project's boards) is named as the issue's sprint field names it.
 */
interface Labels {
  sprints: Map<number, ProjectData['sprints'][number]>;
  sprintNames: Map<number, string>;
  versions: Map<string, ProjectData['versions'][number]>;
  /** The issues by key, and parents known only as embedded in a child (another project's). */
  issues: Map<string, IssueRecord | ParentRef>;
}

function labelsOf(data: ProjectData): Labels {
  const sprints = firstById<number, ProjectData['sprints'][number]>(data.sprints);
  const sprintNames = new Map<number, string>([...sprints].map(([id, s]) => [id, s.name]));
  const issues = new Map<string, IssueRecord | ParentRef>(data.issues.map((i) => [i.key, i]));
  for (const issue of data.issues) {
    for (const ref of issue.sprints) if (!sprintNames.has(ref.id)) sprintNames.set(ref.id, ref.name);
    if (issue.parent !== null && !issues.has(issue.parent.key)) issues.set(issue.parent.key, issue.parent);
  }
  return { sprints, sprintNames, versions: firstById<string, ProjectData['versions'][number]>(data.versions), issues };
}

/** What the findings table shows of an issue subject: assignee, status and creation, as far as the scan knows them. */
function issueColumns(issue: IssueRecord | ParentRef | undefined): Pick<StoredFinding, 'assignee' | 'status' | 'created'> {
  if (issue === undefined) return {};
  const status = { status: { name: issue.statusName, category: issue.statusCategory } };
  if (!('id' in issue)) return status;
  return { ...status, ...(issue.assignee !== undefined ? { assignee: issue.assignee } : {}), ...(issue.created !== undefined ? { created: issue.created } : {}) };
}

/** Issue keys in natural order: ACME-9 before ACME-10. */
const byKey = new Intl.Collator('en', { numeric: true }).compare;

/** By id, the first of each id wins (as a search from the start would find it). */
function firstById<K, T extends { id: K }>(items: readonly T[]): Map<K, T> {
  const byId = new Map<K, T>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return byId;
}

/** A finding as stored: its subject's label and ids, never an address (see src/resolvers/stored-dto.ts). */
function toStoredFinding(f: Finding, labels: Labels): StoredFinding {
  const base = {
    kind: f.kind,
    level: f.level,
    message: f.message,
    ...(f.relatedKeys !== undefined ? { relatedKeys: f.relatedKeys } : {}),
    ...(f.relatedSprints !== undefined ? { relatedSprints: f.relatedSprints } : {}),
  };
  if (f.issueKey !== undefined) return { ...base, issueKey: f.issueKey, subjectLabel: f.issueKey, ...issueColumns(labels.issues.get(f.issueKey)) };
  if (f.sprintId !== undefined) {
    const sprint = labels.sprints.get(f.sprintId);
    const board = sprint ? { boardId: sprint.boardId, ...(sprint.state === 'closed' ? { sprintClosed: true } : {}) } : {};
    return { ...base, sprintId: f.sprintId, subjectLabel: labels.sprintNames.get(f.sprintId) ?? `Sprint ${f.sprintId}`, ...board };
  }
  if (f.versionId !== undefined) {
    const version = labels.versions.get(f.versionId);
    return { ...base, versionId: f.versionId, subjectLabel: version?.name ?? `Version ${f.versionId}` };
  }
  return { ...base, subjectLabel: `${levelName(f.level)} (level ${f.level})` };
}

/** The project's health as a scan stores it. */
export function toStoredHealth(report: HealthReport, ctx: StoredHealthContext, computedAt: string): StoredProjectHealth {
  const labels = labelsOf(ctx.data);
  return {
    project: report.project,
    asOf: report.asOf,
    computedAt,
    levels: report.levels.map(({ level, name, cadence, score, items, findings, absent }) => ({ level, name, cadence, score, items, findings, absent })),
    weakestLevel: report.weakestLevel,
    diagnosis: report.diagnosis.map(({ id, text, symptom, cause, evidence }) => ({ id, text, symptom, cause, evidence })),
    findings: report.findings.map((f) => toStoredFinding(f, labels)),
    boards: boardCadences(ctx.data, report.findings),
    traceability: {
      sprintWork: report.traceability.sprintWork,
      tracedToVision: report.traceability.tracedToVision,
      untracedKeys: [...report.traceability.untracedKeys].sort(byKey).slice(0, UNTRACED_KEYS_STORED),
    },
  };
}
