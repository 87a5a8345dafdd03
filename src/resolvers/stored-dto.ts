/**
 * Stored → DTO, at the resolver edge: the stored documents (src/storage/schemas.ts) are mapped
 * field by field to what the UI is sent (src/contract/resolvers.ts), with links built now from
 * the site the viewer is on (the Forge context's `siteUrl`). Storage never holds a DTO, so a
 * change to the UI's shapes never changes stored data. Pure.
 */
import type { Diagnosis } from '../core/diagnosis';
import type { FindingDto, ProjectHealthDto } from '../contract/resolvers';
import type { StoredFinding, StoredProjectHealth } from '../storage/schemas';
import { boardUrl, issueUrl, sprintUrl, versionUrl } from './links';

const linkTo = (url: string | undefined) => (url !== undefined ? { url } : {});

/** The finding as the UI gets it, with its link into Jira (a version's link needs its project). */
export function toFindingDto(f: StoredFinding, siteUrl: string | undefined, projectKey: string): FindingDto {
  const site = (siteUrl ?? '').replace(/\/+$/, '');
  let url: string | undefined;
  if (f.issueKey !== undefined) url = issueUrl(site, f.issueKey);
  else if (f.versionId !== undefined) url = versionUrl(site, projectKey, f.versionId);
  else if (f.sprintId !== undefined && f.boardId !== undefined) url = sprintUrl(site, f.boardId, f.sprintId, f.sprintClosed === true);
  return {
    kind: f.kind,
    level: f.level,
    message: f.message,
    subjectLabel: f.subjectLabel,
    ...(f.issueKey !== undefined ? { issueKey: f.issueKey } : {}),
    ...(f.sprintId !== undefined ? { sprintId: f.sprintId } : {}),
    ...(f.versionId !== undefined ? { versionId: f.versionId } : {}),
    ...(f.relatedKeys !== undefined ? { relatedKeys: f.relatedKeys } : {}),
    ...(f.boardId !== undefined ? { boardId: f.boardId } : {}),
    ...(f.sprintClosed === true ? { sprintClosed: true } : {}),
    ...(f.assignee !== undefined ? { assignee: f.assignee } : {}),
    ...(f.status !== undefined ? { status: { name: f.status.name, category: f.status.category } } : {}),
    ...(f.created !== undefined ? { created: f.created } : {}),
    ...(url !== undefined ? { url } : {}),
  };
}

/** The project page's health: the stored document with the viewer's findings and diagnoses (already passed through the viewer's view). */
export function toHealthDto(
  stored: StoredProjectHealth,
  view: { findings: FindingDto[]; diagnosis: Diagnosis[]; siteUrl: string | undefined; untracedKeys?: string[]; canSeeBoard: (boardId: number) => boolean },
): ProjectHealthDto {
  const site = (view.siteUrl ?? '').replace(/\/+$/, '');
  return {
    project: { id: stored.project.id, key: stored.project.key, name: stored.project.name },
    siteUrl: view.siteUrl ?? '',
    asOf: stored.asOf,
    computedAt: stored.computedAt,
    levels: stored.levels.map(({ level, name, cadence, score, items, findings, absent }) => ({ level, name, cadence, score, items, findings, absent })),
    weakestLevel: stored.weakestLevel,
    diagnosis: view.diagnosis,
    findings: view.findings,
    ...(stored.boards !== undefined
      ? { boards: stored.boards.filter((b) => view.canSeeBoard(b.boardId)).map((b) => ({ ...b, activeSprint: b.activeSprint && { ...b.activeSprint }, ...linkTo(boardUrl(site, b.boardId)) })) }
      : {}),
    traceability: {
      sprintWork: stored.traceability.sprintWork,
      tracedToVision: stored.traceability.tracedToVision,
      // Only the keys the viewer may browse (checked by the caller); none passed, none shown.
      ...(stored.traceability.untracedKeys !== undefined ? { untracedKeys: view.untracedKeys ?? [] } : {}),
    },
  };
}
