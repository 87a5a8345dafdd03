/**
 * Links into Jira, built when answering from the site the viewer is on (the Forge context's
 * `siteUrl`): what is stored holds keys and ids only, never an address. Pure.
 */
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
