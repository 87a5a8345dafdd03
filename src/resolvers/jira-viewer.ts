/**
 * The resolvers' Jira port on top of the Jira client: bound to one client (in the app, a Forge
 * transport that calls Jira as the viewing user).
 */
import { isIssueKey } from '../core/project-key';
import { CORE_ISSUE_FIELDS, type JiraClient } from '../jira/client';
import { JiraBadRequestError, JiraForbiddenError, JiraNotFoundError } from '../jira/errors';
import type { ViewerJira } from './ports';

/** Children the issue panel reads (one search page; Jira's most with fields). */
export const CHILDREN_PAGE = 100;
const CHILD_FIELDS = CORE_ISSUE_FIELDS.filter((f) => f !== 'parent');

/** Keys in one `key in (…)` search (Jira's page of issues with fields is 100). */
const VISIBILITY_BATCH = 100;
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
export async function visibleIssueKeys(
  client: JiraClient,
  keys: readonly string[],
  log: (message: string) => void = () => undefined,
  maxSearches: number = MAX_VISIBILITY_SEARCHES,
): Promise<Set<string>> {
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
        if (searches >= maxSearches) {
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

/** Board checks one answer makes at most (a page names few boards; the rest count as hidden, logged). */
const MAX_BOARD_CHECKS = 10;
const BOARD_CHECK_CONCURRENCY = 5;

/**
 * The boards of `boardIds` the client's user may view: `GET /rest/agile/1.0/board/{id}` each (a
 * board the user may not view is a 404; an admin without the view permission gets it as a private
 * board, which counts as hidden too), at most `maxRequests`, a few at a time. Boards past the
 * limit count as hidden (fail closed), with a log line.
 */
export async function visibleBoards(
  client: JiraClient,
  boardIds: readonly number[],
  log: (message: string) => void = () => undefined,
  maxRequests: number = MAX_BOARD_CHECKS,
): Promise<Set<number>> {
  const wanted = [...new Set(boardIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  const asked = wanted.slice(0, Math.max(0, maxRequests));
  if (asked.length < wanted.length) log(`visibility check: ${wanted.length - asked.length} boards left unconfirmed after ${asked.length} requests; treated as hidden`);
  const visible = new Set<number>();
  for (let i = 0; i < asked.length; i += BOARD_CHECK_CONCURRENCY) {
    await Promise.all(
      asked.slice(i, i + BOARD_CHECK_CONCURRENCY).map(async (id) => {
        try {
          const board = await client.board(id);
          if (board.isPrivate !== true) visible.add(id);
        } catch (error) {
          if (!(error instanceof JiraNotFoundError || error instanceof JiraForbiddenError)) throw error;
        }
      }),
    );
  }
  return visible;
}

export function viewerJiraFromClient(client: JiraClient, log?: (message: string) => void): ViewerJira {
  return {
    async issue(issueKey, sprintFieldId) {
      try {
        return await client.issueWithParent(issueKey, sprintFieldId);
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
    async children(issueKey) {
      if (!isIssueKey(issueKey)) throw new Error(`"${issueKey}" is not a Jira issue key`);
      const jql = `parent = ${issueKey} ORDER BY key ASC`;
      const page = await client.searchPage({ jql, fields: CHILD_FIELDS, maxResults: CHILDREN_PAGE });
      const more = page.isLast === false || (page.isLast === undefined && page.nextPageToken != null);
      if (!more) return { issues: page.issues, total: page.issues.length, requests: 1 };
      const total = await client.approximateCount(`parent = ${issueKey}`);
      return { issues: page.issues, total: Math.max(total, page.issues.length), requests: 2 };
    },
    visibleIssueKeys: (keys, maxSearches) => visibleIssueKeys(client, keys, log, maxSearches),
    visibleBoards: (boardIds, maxRequests) => visibleBoards(client, boardIds, log, maxRequests),
    issueTypes: () => client.issueTypes(),
    async browsableProjects(projectIds) {
      if (client.projectsWithPermission === undefined) throw new Error('this Jira client cannot check permissions in bulk');
      return client.projectsWithPermission('BROWSE_PROJECTS', projectIds);
    },
    async projectCategories() {
      if (client.projectCategories === undefined) throw new Error('this Jira client cannot list project categories');
      return client.projectCategories();
    },
  };
}
