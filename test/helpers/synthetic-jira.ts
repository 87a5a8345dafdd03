/**
 * A typed fake of the Jira client over a synthetic site (dev/bench/synth.ts): each call answers
 * from the site's data after `latencyMs`, and counts itself; searches find what the emulator's
 * JQL finds (dev/bench/synth-search.ts). For scan tests that need no HTTP.
 */
import type { SyntheticSite } from '../../dev/bench/synth';
import { searchIssues } from '../../dev/bench/synth-search';
import type { JiraClient } from '../../src/jira/client';

export type SyntheticJira = JiraClient & { calls: Record<string, number>; /** The next this many searches (search or id pages) fail. */ failSearches: number };

export function syntheticJira(site: SyntheticSite, options: { latencyMs?: number } = {}): SyntheticJira {
  const calls: Record<string, number> = {};
  const answer = async <T>(operation: string, value: () => T): Promise<T> => {
    calls[operation] = (calls[operation] ?? 0) + 1;
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    return value();
  };
  const sprints = new Map(site.sprintsByBoard.map((b) => [b.boardId, b.sprints]));
  const byId = new Map(site.issues.map((i) => [i.id, i]));
  const failIfAsked = () => {
    if (client.failSearches > 0) {
      client.failSearches--;
      throw new Error('Jira answered 503');
    }
  };
  const client: SyntheticJira = {
    calls,
    failSearches: 0,
    siteUrl: 'https://synthetic.atlassian.net',
    issueTypes: () => answer('issueTypes', () => site.issueTypes),
    fields: () => answer('fields', () => site.fields),
    project: () => answer('project', () => site.project),
    versions: () => answer('versions', () => site.versions),
    boards: () => answer('boards', () => site.boards),
    sprints: (boardId, states) => answer('sprints', () => (sprints.get(boardId) ?? []).filter((s) => states === undefined || states.includes(s.state))),
    board: (boardId) =>
      answer('board', () => {
        const board = site.boards.find((b) => b.id === boardId);
        if (board === undefined) throw new Error(`no board ${boardId}`);
        return board;
      }),
    searchPage: (request) =>
      answer('search', () => {
        failIfAsked();
        return searchIssues(site.issues, site.project, request);
      }),
    projects: () => answer('projects', () => [site.project]),
    searchKeys: (request) =>
      answer('searchKeys', () => {
        failIfAsked();
        const page = searchIssues(site.issues, site.project, { maxResults: 5000, ...request });
        return { keys: page.issues.map((i) => i.key), nextPageToken: page.nextPageToken };
      }),
    searchIds: (request) =>
      answer('searchIds', () => {
        failIfAsked();
        const page = searchIssues(site.issues, site.project, { maxResults: 5000, ...request });
        return { ids: page.issues.map((i) => i.id), nextPageToken: page.nextPageToken };
      }),
    // As Jira answers: the issues asked for that exist, in ascending id order.
    bulkFetch: (ids) => answer('bulkFetch', () => ({ issues: ids.flatMap((id) => byId.get(id) ?? []).sort((a, b) => Number(a.id) - Number(b.id)), failedIds: [] })),
    approximateCount: () => answer('count', () => site.issues.length),
    issueWithParent: () => answer('issue', (): never => {
      throw new Error('not used');
    }),
    myPermissions: (permissions) => answer('mypermissions', () => Object.fromEntries(permissions.map((p) => [p, true]))),
  };
  return client;
}
