/**
 * The resolvers' Jira port on top of the Jira client: bound to one client (in the app, a Forge
 * transport that calls Jira as the viewing user).
 */
import { isIssueKey } from '../core/project-key';
import { CORE_ISSUE_FIELDS, type JiraClient } from '../jira/client';
import { JiraBadRequestError, JiraForbiddenError, JiraNotFoundError } from '../jira/errors';
import { scanProject } from '../jira/scan';
import type { ViewerJira } from './ports';

/** Keys in one `key in (…)` search (Jira's page of issues with fields is 100). */
export const VISIBILITY_BATCH = 100;
/** Searches one visibility check may make when Jira refuses batches (see below). */
export const MAX_VISIBILITY_SEARCHES = 24;

/**
 * The issues of `keys` the client's user may browse. One key-only search (`fields: ["key"]`) per
 * batch of 100 keys, following `nextPageToken` (Jira may answer a page with fewer issues than
 * asked: a key on a later page is still visible). Jira refuses a whole query (400) when one of
 * its keys does not exist or is hidden from the user, so a refused batch is split in two until
 * the refused keys stand alone. Past the search limit the unconfirmed keys count as hidden (fail
 * closed), with a log line.
 */
export async function visibleIssueKeys(client: JiraClient, keys: readonly string[], log: (message: string) => void = () => undefined): Promise<Set<string>> {
  const valid = [...new Set(keys.filter((k) => isIssueKey(k)))];
  const visible = new Set<string>();
  let searches = 0;
  let gaveUp = 0;
  const search = async (batch: string[]): Promise<void> => {
    if (batch.length === 0) return;
    const wanted = new Set(batch);
    const jql = `key in (${batch.join(', ')})`;
    let token: string | undefined;
    try {
      do {
        if (searches >= MAX_VISIBILITY_SEARCHES) {
          gaveUp += [...wanted].filter((k) => !visible.has(k)).length;
          return;
        }
        searches++;
        const page = await client.searchKeys({ jql, maxResults: VISIBILITY_BATCH, ...(token !== undefined ? { nextPageToken: token } : {}) });
        for (const key of page.keys) if (wanted.has(key)) visible.add(key);
        token = page.nextPageToken;
      } while (token !== undefined);
    } catch (error) {
      if (!(error instanceof JiraBadRequestError)) throw error;
      if (batch.length === 1) return; // this key does not exist or is hidden from the user
      const mid = Math.ceil(batch.length / 2);
      await search(batch.slice(0, mid));
      await search(batch.slice(mid));
    }
  };
  for (let i = 0; i < valid.length; i += VISIBILITY_BATCH) await search(valid.slice(i, i + VISIBILITY_BATCH));
  if (gaveUp > 0) log(`visibility check: ${gaveUp} issue keys left unconfirmed after ${searches} searches; treated as hidden`);
  return visible;
}

export function viewerJiraFromClient(client: JiraClient, log?: (message: string) => void): ViewerJira {
  return {
    loadProject: (projectKey) => scanProject(client, projectKey),
    async issue(issueKey) {
      try {
        return await client.issueWithParent(issueKey);
      } catch (error) {
        // Jira answers 404 for an issue the viewer may not browse, exactly as for a missing one.
        if (error instanceof JiraNotFoundError || error instanceof JiraForbiddenError) return null;
        throw error;
      }
    },
    async myPermissions(projectKey) {
      const wanted = projectKey === undefined ? ['ADMINISTER'] : ['ADMINISTER', 'BROWSE_PROJECTS'];
      const granted = await client.myPermissions(wanted, projectKey);
      return { administer: granted.ADMINISTER === true, browseProject: projectKey !== undefined && granted.BROWSE_PROJECTS === true };
    },
    visibleIssueKeys: (keys) => visibleIssueKeys(client, keys, log),
    issueTypes: () => client.issueTypes(),
  };
}
