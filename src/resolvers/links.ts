/**
 * Links into Jira, built when answering from the site the viewer is on (the Forge context's
 * `siteUrl`): what is stored holds keys and ids only, never an address. Pure.
 */
import type { BoardCadenceDto, FindingDto } from '../contract/resolvers';

export function issueUrl(siteUrl: string, key: string): string | undefined {
  return siteUrl ? `${siteUrl}/browse/${encodeURIComponent(key)}` : undefined;
}

function versionUrl(siteUrl: string, projectKey: string, versionId: string): string | undefined {
  return siteUrl ? `${siteUrl}/projects/${encodeURIComponent(projectKey)}/versions/${encodeURIComponent(versionId)}` : undefined;
}

/** A board of the site. */
export function boardUrl(siteUrl: string, boardId: number): string | undefined {
  return siteUrl ? `${siteUrl}/secure/RapidBoard.jspa?rapidView=${encodeURIComponent(String(boardId))}` : undefined;
}

/** A sprint's board; for a closed sprint, the board's sprint report of that sprint. */
function sprintUrl(siteUrl: string, boardId: number, sprintId: number, closed: boolean): string | undefined {
  const board = boardUrl(siteUrl, boardId);
  if (board === undefined) return undefined;
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

/** A board's cadence with its link, built now from the viewer's site. */
export function linkBoard(b: BoardCadenceDto, siteUrl: string | undefined): BoardCadenceDto {
  const { url: _stored, ...rest } = b;
  const url = boardUrl((siteUrl ?? '').replace(/\/+$/, ''), b.boardId);
  return url !== undefined ? { ...rest, url } : rest;
}
