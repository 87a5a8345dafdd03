/**
 * Links into Jira, built when answering from the site the viewer is on (the Forge context's
 * `siteUrl`): what is stored holds keys and ids only, never an address. Pure.
 */
import type { AppIds } from './envelope';

/** Jira's path segment of a project type in the app's project page address. */
const PROJECT_PAGE_PRODUCT: Record<string, string> = { software: 'software', business: 'core', service_desk: 'servicedesk' };

/**
 * The app's project page (jira:projectPage) of a project: /jira/{product}/projects/{key}/apps/{appId}/{envId}
 * (developer.atlassian.com, the jira:projectPage module); undefined without a site or the app's ids.
 */
export function projectPageUrl(siteUrl: string, app: AppIds | undefined, projectKey: string, projectType = 'software'): string | undefined {
  if (!siteUrl || app === undefined) return undefined;
  const product = PROJECT_PAGE_PRODUCT[projectType] ?? 'software';
  return `${siteUrl}/jira/${product}/projects/${encodeURIComponent(projectKey)}/apps/${encodeURIComponent(app.appId)}/${encodeURIComponent(app.environmentId)}`;
}

export function issueUrl(siteUrl: string, key: string): string | undefined {
  return siteUrl ? `${siteUrl}/browse/${encodeURIComponent(key)}` : undefined;
}

export function versionUrl(siteUrl: string, projectKey: string, versionId: string): string | undefined {
  return siteUrl ? `${siteUrl}/projects/${encodeURIComponent(projectKey)}/versions/${encodeURIComponent(versionId)}` : undefined;
}

/** A board of the site. */
export function boardUrl(siteUrl: string, boardId: number): string | undefined {
  return siteUrl ? `${siteUrl}/secure/RapidBoard.jspa?rapidView=${encodeURIComponent(String(boardId))}` : undefined;
}

/** A sprint's board; for a closed sprint, the board's sprint report of that sprint. */
export function sprintUrl(siteUrl: string, boardId: number, sprintId: number, closed: boolean): string | undefined {
  const board = boardUrl(siteUrl, boardId);
  if (board === undefined) return undefined;
  return closed ? `${board}&view=reporting&chart=sprintRetrospective&sprint=${encodeURIComponent(String(sprintId))}` : board;
}
