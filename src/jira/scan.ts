/**
 * Reads everything the core needs about one project from Jira: a RawProject, as the snapshot
 * reader gives. The issues are read by key ranges (./key-ranges.ts, shared with the app's scan
 * job): one search for the highest key, then search pages of 100 with only the fields the core
 * reads, `inFlight` ranges at a time — a project of n issues in p pages costs about p + 1
 * requests and n + p + 2 points, plus a few calls (project, issue types, fields, versions,
 * boards, and each board's sprints). `capture` reads search pages of 100 one after another
 * instead, as its snapshot holds them. A failure anywhere throws, naming the step: a scan never
 * returns part of a project as if it were all of it.
 */
import { isProjectKey } from '../core/project-key';
import { CORE_ISSUE_FIELDS, type JiraClient } from './client';
import { inStep } from './errors';
import { DEFAULT_IN_FLIGHT, planKeyRanges, readHighestKey, readKeyRange } from './key-ranges';
import { readInParallel } from './parallel-reads';
import { readTokenPages } from './token-pages';
import { siteUrlFromSelf, type RawProject } from './project-data';
import { findSprintFieldId, type JiraIssue } from './schemas';

export const SEARCH_PAGE_SIZE = 100;
const MAX_SEARCH_PAGES = 100_000;

export interface ScanProgress {
  phase: 'project' | 'issues' | 'sprints' | 'done';
  /** Issues read so far. */
  issues: number;
  /** Search pages read so far. */
  pages: number;
}

export interface ScanOptions {
  onProgress?: (progress: ScanProgress) => void;
  /** Each search page's issues, as they arrive. */
  onSearchPage?: (issues: JiraIssue[], page: number) => void;
  /** False: the result's `issues` stays empty (`capture` streams pages to disk instead of holding the site). */
  keepIssues?: boolean;
  /**
   * 'key-ranges' (the default): the highest key, then key ranges read in parallel.
   * 'search-pages': search pages of 100, one after another (what `capture` writes, page by page).
   */
  issueReads?: 'key-ranges' | 'search-pages';
  /** Key ranges read at once (default DEFAULT_IN_FLIGHT). */
  inFlight?: number;
}

/** The JQL of a project scan. The key is checked first: no unchecked text reaches JQL. */
export function projectJql(projectKey: string): string {
  return `${projectCountJql(projectKey)} ORDER BY key ASC`;
}

/** The JQL of every issue of a project without an order: what an approximate count counts. */
export function projectCountJql(projectKey: string): string {
  if (!isProjectKey(projectKey)) throw new Error(`"${projectKey}" is not a Jira project key`);
  return `project = "${projectKey}"`;
}

/** One page of the ids a project's search finds (`token` from the page before). */
export function readIdPage(client: JiraClient, projectKey: string, jql: string, token: string | null | undefined, page: number) {
  return inStep(`reading id page ${page} of ${projectKey}`, () =>
    client.searchIds({ jql, ...(token !== null && token !== undefined ? { nextPageToken: token } : {}) }),
  );
}

/**
 * How far before an earlier scan's start a rescan (and `capture --update`) looks for changed
 * issues: Jira's search index can lag behind an edit, and this machine's clock behind Jira's.
 */
export const UPDATE_OVERLAP_MS = 15 * 60_000;

/**
 * The JQL of the issues of a project updated since a scan that started at `scanStartedAt`
 * (epoch ms), less the overlap. The time is epoch milliseconds, unquoted, which Jira reads
 * without a time zone (a quoted "yyyy-MM-dd HH:mm" would be read in the user's time zone).
 */
export function changedSinceJql(projectKey: string, scanStartedAt: number): { jql: string; since: number } {
  if (!isProjectKey(projectKey)) throw new Error(`"${projectKey}" is not a Jira project key`);
  const since = Math.max(0, Math.floor(scanStartedAt - UPDATE_OVERLAP_MS));
  return { jql: `project = "${projectKey}" AND updated >= ${since} ORDER BY key ASC`, since };
}

/** Fields a scan keeps for the findings lists (assignee, age) though no rule reads them. */
const LIST_ISSUE_FIELDS = ['assignee', 'created'] as const;

/**
 * The fields a search asks for: those the core reads, those the findings lists show, and this
 * site's sprint field when it has one; each once.
 */
export function searchFieldsFor(sprintFieldId: string | undefined): string[] {
  return [...new Set<string>([...CORE_ISSUE_FIELDS, ...LIST_ISSUE_FIELDS, ...(sprintFieldId !== undefined ? [sprintFieldId] : [])])];
}

/**
 * What a scan reads beside the issues, once the project itself is read: issue types, the sprint
 * field's id (from the fields), versions and the board list — four requests in parallel.
 * The CLI's scan and the app's scan job both start with it.
 */
export async function readProjectMetadata(client: JiraClient, projectKey: string) {
  const [issueTypes, fields, versions, boards] = await Promise.all([
    inStep('reading the issue types', () => client.issueTypes()),
    inStep('reading the fields', () => client.fields()),
    inStep(`reading the versions of ${projectKey}`, () => client.versions(projectKey)),
    inStep(`reading the boards of ${projectKey}`, () => client.boards(projectKey)),
  ]);
  return { issueTypes, versions, boards, sprintFieldId: findSprintFieldId(fields) };
}

export async function scanProject(client: JiraClient, projectKey: string, options: ScanOptions = {}): Promise<RawProject> {
  const jql = projectJql(projectKey);
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'project', issues: 0, pages: 0 });

  // The project first: an unknown or hidden project fails with that message, not another.
  const project = await client.project(projectKey);
  const { issueTypes, versions, boards, sprintFieldId } = await readProjectMetadata(client, projectKey);
  const searchFields = searchFieldsFor(sprintFieldId);

  let pagesRead = 0;
  let issuesRead = 0;
  const keep = options.keepIssues ?? true;
  const readIssues = async (): Promise<JiraIssue[]> => {
    const issues: JiraIssue[] = [];
    await readTokenPages({
      what: `reading the issues of ${projectKey}`,
      maxPages: MAX_SEARCH_PAGES,
      read: (token, page) =>
        inStep(`reading search page ${page} of ${projectKey} (${issuesRead} issues read)`, () =>
          client.searchPage({ jql, fields: searchFields, maxResults: SEARCH_PAGE_SIZE, ...(token !== undefined ? { nextPageToken: token } : {}) }, sprintFieldId, page),
        ),
      onPage: (result, page) => {
        if (keep) issues.push(...result.issues);
        options.onSearchPage?.(result.issues, page);
        issuesRead += result.issues.length;
        pagesRead = page;
        progress({ phase: 'issues', issues: issuesRead, pages: page });
      },
    });
    return issues;
  };

  /**
   * The highest key, then the key ranges, `inFlight` at a time; each range's pages in order.
   * The ranges are disjoint, so each issue comes once but for one moved out and back in while
   * the scan ran (a new key of the project, in a later range): each id is kept once, as last read.
   */
  const readIssuesByKeyRanges = async (): Promise<JiraIssue[]> => {
    const inFlight = options.inFlight ?? DEFAULT_IN_FLIGHT;
    const plan = planKeyRanges(await readHighestKey(client, projectKey), inFlight);
    const byRange: JiraIssue[][] = [];
    await readInParallel({
      items: Array.from({ length: plan.count }, (_, i) => i),
      inFlight,
      read: async (index) => {
        const issues: JiraIssue[] = [];
        await readKeyRange(client, projectKey, {
          plan,
          index,
          after: null,
          fields: searchFields,
          sprintFieldId,
          onPage: (page) => {
            pagesRead++;
            options.onSearchPage?.(page.issues, pagesRead);
            issuesRead += page.issues.length;
            progress({ phase: 'issues', issues: issuesRead, pages: pagesRead });
            if (keep) issues.push(...page.issues);
          },
        });
        return issues;
      },
      onRead: (index, issues) => {
        byRange[index] = issues;
      },
    });
    const byId = new Map<string, JiraIssue>();
    for (const issue of byRange.flat()) byId.set(issue.id, issue);
    return [...byId.values()];
  };

  const readSprints = async (): Promise<RawProject['sprintsByBoard']> => {
    const result: RawProject['sprintsByBoard'] = [];
    for (const board of boards) {
      const sprints = await inStep(`reading the sprints of board ${board.id} (${board.name})`, () => client.sprints(board.id));
      result.push({ boardId: board.id, sprints });
    }
    return result;
  };

  const [issues, sprintsByBoard] = await Promise.all([(options.issueReads ?? 'key-ranges') === 'key-ranges' ? readIssuesByKeyRanges() : readIssues(), readSprints()]);
  progress({ phase: 'done', issues: issuesRead, pages: pagesRead });

  return {
    siteUrl: client.siteUrl ?? siteUrlFromSelf(project.self),
    issueTypes,
    sprintFieldId,
    project,
    versions,
    boards,
    sprintsByBoard,
    issues,
  };
}
