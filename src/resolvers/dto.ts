/**
 * Core results → the contract's DTOs: labels and Jira URLs for each finding's subject, and
 * the redaction of issues the viewer may not browse. Pure.
 */
import type { ChainNodeDto, FindingDto, IssueChainDto, ProjectHealthDto } from '../contract/resolvers';
import type { HealthReport } from '../core/analyze';
import type { IssueChain } from '../core/chain';
import type { Finding } from '../core/findings';
import { levelName } from '../core/levels';
import type { ProjectData } from '../core/model';

export interface LinkContext {
  /** The site's base URL without a trailing slash; empty when unknown (then no URLs). */
  siteUrl: string;
  projectKey: string;
  data: ProjectData;
  /** Issue keys the viewer may not browse (parents embedded in visible children). */
  hidden: ReadonlySet<string>;
  /** Their type names, so "Initiative P-1" reads "a parent you cannot browse". */
  hiddenTypeNames: ReadonlyMap<string, string>;
}

export const HIDDEN_LABEL = 'An issue you cannot browse';

export function issueUrl(siteUrl: string, key: string): string | undefined {
  return siteUrl ? `${siteUrl}/browse/${encodeURIComponent(key)}` : undefined;
}

export function versionUrl(siteUrl: string, projectKey: string, versionId: string): string | undefined {
  return siteUrl ? `${siteUrl}/projects/${encodeURIComponent(projectKey)}/versions/${encodeURIComponent(versionId)}` : undefined;
}

/** A sprint's board; for a closed sprint, the board's sprint report of that sprint. */
export function sprintUrl(siteUrl: string, boardId: number, sprintId: number, closed: boolean): string | undefined {
  if (!siteUrl) return undefined;
  const board = `${siteUrl}/secure/RapidBoard.jspa?rapidView=${encodeURIComponent(String(boardId))}`;
  return closed ? `${board}&view=reporting&chart=sprintRetrospective&sprint=${encodeURIComponent(String(sprintId))}` : board;
}

/**
 * The finding with its link into Jira, built now from the site the viewer is on (the Forge
 * context's `siteUrl`): stored findings hold keys and ids only, never an address.
 */
export function linkFinding(f: FindingDto, siteUrl: string | undefined, projectKey: string): FindingDto {
  const { url: _stored, ...rest } = f;
  const site = (siteUrl ?? '').replace(/\/+$/, '');
  let url: string | undefined;
  if (f.issueKey !== undefined) url = issueUrl(site, f.issueKey);
  else if (f.versionId !== undefined) url = versionUrl(site, projectKey, f.versionId);
  else if (f.sprintId !== undefined && f.boardId !== undefined) url = sprintUrl(site, f.boardId, f.sprintId, f.sprintClosed === true);
  return url !== undefined ? { ...rest, url } : rest;
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes hidden issue keys (and the type name before them) from a sentence. */
export function redactMessage(message: string, ctx: Pick<LinkContext, 'hidden' | 'hiddenTypeNames'>): string {
  let out = message;
  for (const key of ctx.hidden) {
    const type = ctx.hiddenTypeNames.get(key);
    const k = escapeRegExp(key);
    if (type) out = out.replace(new RegExp(`${escapeRegExp(type)} ${k}(?![0-9])`, 'g'), 'a parent you cannot browse');
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${k}(?![0-9])`, 'g'), 'an issue you cannot browse');
  }
  return out;
}

/** The sentence for a finding whose subject itself is hidden (its own words would describe it). */
function hiddenSubjectMessage(f: Finding): string {
  if (f.kind === 'parent-done-child-open') return 'A parent you cannot browse is done while some of its children in this project are still open.';
  return `An issue you cannot browse has a ${f.kind.replace(/-/g, ' ')} finding.`;
}

export function toFindingDto(f: Finding, ctx: LinkContext): FindingDto {
  const base = { kind: f.kind, level: f.level, ...(f.relatedKeys !== undefined ? { relatedKeys: f.relatedKeys.filter((k) => !ctx.hidden.has(k)) } : {}) };
  if (f.issueKey !== undefined) {
    if (ctx.hidden.has(f.issueKey)) return { ...base, message: hiddenSubjectMessage(f), subjectLabel: HIDDEN_LABEL };
    const url = issueUrl(ctx.siteUrl, f.issueKey);
    return { ...base, message: redactMessage(f.message, ctx), issueKey: f.issueKey, subjectLabel: f.issueKey, ...(url ? { url } : {}) };
  }
  const message = redactMessage(f.message, ctx);
  if (f.sprintId !== undefined) {
    const sprint = ctx.data.sprints.find((s) => s.id === f.sprintId);
    const url = sprint ? sprintUrl(ctx.siteUrl, sprint.boardId, f.sprintId, sprint.state === 'closed') : undefined;
    const board = sprint ? { boardId: sprint.boardId, ...(sprint.state === 'closed' ? { sprintClosed: true } : {}) } : {};
    return { ...base, message, sprintId: f.sprintId, subjectLabel: sprintName(ctx.data, f.sprintId), ...board, ...(url ? { url } : {}) };
  }
  if (f.versionId !== undefined) {
    const version = ctx.data.versions.find((v) => v.id === f.versionId);
    const url = versionUrl(ctx.siteUrl, ctx.projectKey, f.versionId);
    return { ...base, message, versionId: f.versionId, subjectLabel: version?.name ?? `Version ${f.versionId}`, ...(url ? { url } : {}) };
  }
  return { ...base, message, subjectLabel: `${levelName(f.level)} (level ${f.level})` };
}

export function toProjectHealthDto(report: HealthReport, ctx: LinkContext, computedAt: string): ProjectHealthDto {
  return {
    project: report.project,
    siteUrl: ctx.siteUrl,
    asOf: report.asOf,
    computedAt,
    levels: report.levels.map(({ level, name, cadence, score, items, findings, absent }) => ({ level, name, cadence, score, items, findings, absent })),
    weakestLevel: report.weakestLevel,
    diagnosis: report.diagnosis.map((d) => ({ ...d, text: redactMessage(d.text, ctx), evidence: d.evidence.map((e) => redactMessage(e, ctx)) })),
    findings: report.findings.map((f) => toFindingDto(f, ctx)),
    traceability: { sprintWork: report.traceability.sprintWork, tracedToVision: report.traceability.tracedToVision },
  };
}

export function toIssueChainDto(chain: IssueChain, ctx: LinkContext): IssueChainDto {
  const chainDto: ChainNodeDto[] = chain.nodes.map((n) => {
    const url = issueUrl(ctx.siteUrl, n.key);
    return {
      key: n.key,
      summary: n.summary,
      issueTypeName: n.issueTypeName,
      hierarchyLevel: n.hierarchyLevel,
      statusName: n.statusName,
      statusCategory: n.statusCategory,
      level: n.level,
      levelName: levelName(n.level),
      inData: n.inProject,
      findings: n.findings.map((f) => toFindingDto(f, ctx)),
      ...(url ? { url } : {}),
    };
  });
  return {
    issueKey: chain.issueKey,
    chain: chainDto,
    missingLinks: chain.missingLinks.map((m) => redactMessage(m, ctx)),
    children: chain.children,
  };
}
