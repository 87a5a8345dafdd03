/**
 * A synthetic site of many projects (dev/bench/synth.ts, one site a project) behind one typed
 * Jira client, for the portfolio's bench and tests: each project has its own id, key, board ids
 * and type; calls are answered from the project they name, counted, and (optionally) delayed.
 */
import type { JiraClient } from '../../src/jira/client';
import { generateSite, type SyntheticSite } from './synth';
import { searchIssues } from './synth-search';

export interface PortfolioSite {
  sites: SyntheticSite[];
  jira: JiraClient & { calls: Record<string, number> };
}

export interface PortfolioSiteOptions {
  projects: number;
  /** Issues of each project (at least 50; varied ±50% by project). */
  issues?: number;
  /** Every nth project is a business project (not in the default portfolio); 0: none. */
  businessEvery?: number;
  latencyMs?: number;
}

const projectKeyOf = (i: number) => `P${String(i).padStart(3, '0')}`;

export function portfolioSite(options: PortfolioSiteOptions): PortfolioSite {
  const base = options.issues ?? 120;
  const sites = Array.from({ length: options.projects }, (_, i) => {
    const projectKey = projectKeyOf(i);
    const site = generateSite({ issues: Math.max(50, Math.round(base * (0.5 + ((i * 37) % 100) / 100))), seed: 1000 + i, projectKey });
    const offset = (i + 1) * 100_000;
    const id = String(20_000 + i);
    return {
      ...site,
      project: {
        ...site.project,
        id,
        self: `https://synthetic.atlassian.net/rest/api/3/project/${id}`,
        projectTypeKey: options.businessEvery && i % options.businessEvery === options.businessEvery - 1 ? 'business' : 'software',
        projectCategory: { id: String(10_000 + (i % 5)), name: `Division ${(i % 5) + 1}` },
      },
      boards: site.boards.map((b) => ({ ...b, id: b.id + offset })),
      // Issue ids of their own per project (Jira's are unique on a site): a bulk fetch names ids only.
      issues: site.issues.map((issue) => ({ ...issue, id: String(Number(issue.id) + offset * 10) })),
      sprintsByBoard: site.sprintsByBoard.map((b) => ({ boardId: b.boardId + offset, sprints: b.sprints.map((s) => ({ ...s, ...(s.originBoardId !== undefined ? { originBoardId: s.originBoardId + offset } : {}) })) })),
    };
  });
  const byKey = new Map(sites.map((s) => [s.projectKey, s]));
  const issueById = new Map(sites.flatMap((s) => s.issues.map((i) => [i.id, i] as const)));
  const sprintsByBoard = new Map(sites.flatMap((s) => s.sprintsByBoard.map((b) => [b.boardId, b.sprints] as const)));
  const calls: Record<string, number> = {};
  const answer = async <T>(operation: string, value: () => T): Promise<T> => {
    calls[operation] = (calls[operation] ?? 0) + 1;
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    return value();
  };
  const site = (key: string): SyntheticSite => {
    const s = byKey.get(key);
    if (s === undefined) throw new Error(`no project ${key}`);
    return s;
  };
  const keyOfJql = (jql: string) => /project = "?([A-Z][A-Z0-9_]*)"?/.exec(jql)?.[1] ?? '';
  const notUsed = (): never => {
    throw new Error('not used by the portfolio bench');
  };
  const jira: PortfolioSite['jira'] = {
    calls,
    siteUrl: 'https://synthetic.atlassian.net',
    issueTypes: () => answer('issueTypes', () => sites[0]!.issueTypes),
    fields: () => answer('fields', () => sites[0]!.fields),
    project: (key) => answer('project', () => site(key).project),
    projects: () => answer('projects', () => sites.map((s) => s.project)),
    versions: (key) => answer('versions', () => site(key).versions),
    boards: (key) => answer('boards', () => site(key).boards),
    sprints: (boardId) => answer('sprints', () => sprintsByBoard.get(boardId) ?? []),
    board: notUsed,
    searchPage: (request) => answer('search', () => searchIssues(site(keyOfJql(request.jql)).issues, site(keyOfJql(request.jql)).project, request)),
    // A first scan's highest key (src/jira/key-ranges.ts).
    searchKeys: (request) =>
      answer('searchKeys', () => {
        const s = site(keyOfJql(request.jql));
        const page = searchIssues(s.issues, s.project, { maxResults: 5000, ...request });
        return { keys: page.issues.map((i) => i.key), nextPageToken: page.nextPageToken };
      }),
    searchIds: (request) =>
      answer('searchIds', () => {
        const s = site(keyOfJql(request.jql));
        const page = searchIssues(s.issues, s.project, { maxResults: 5000, ...request });
        return { ids: page.issues.map((i) => i.id), nextPageToken: page.nextPageToken };
      }),
    bulkFetch: (ids) => answer('bulkFetch', () => ({ issues: ids.flatMap((id) => issueById.get(id) ?? []).sort((a, b) => Number(a.id) - Number(b.id)), failedIds: [] })),
    approximateCount: (jql) => answer('count', () => site(keyOfJql(jql)).issues.length),
    issueWithParent: () => answer('issue', notUsed),
    myPermissions: (permissions) => answer('mypermissions', () => Object.fromEntries(permissions.map((p) => [p, true]))),
  };
  return { sites, jira };
}
