/**
 * What to do about a finding, in Jira's words, and where in Jira it is done: the subject's own
 * page (issue, version, board), the project's releases, or one issue search (JQL) for a level's
 * findings. JQL is built only from keys that pass isIssueKey, so no finding text reaches a query.
 */
import type { FindingDto } from '../../../src/contract/resolvers';
import type { FindingKind } from '../../../src/core/findings';
import type { Level } from '../../../src/core/levels';
import { isIssueKey, isProjectKey } from '../../../src/core/project-key';

export interface JiraLinks {
  siteUrl: string;
  projectKey: string;
}

const ABSENT_STEP: Record<Level, string> = {
  1: 'Create an initiative (an issue type above Epic) for the product vision and set it as the epics’ parent.',
  2: 'Create epics for the roadmap and set them as the stories’ parent.',
  3: 'In Releases, create a version with a release date and set it as the fix version of planned work.',
  4: 'On a Scrum board, plan a sprint from the backlog and start it.',
  5: 'Move the work the team is doing to In Progress and keep it updated.',
};

const STEP: Record<Exclude<FindingKind, 'level-absent'>, string> = {
  'missing-parent': 'Set its Parent to the item one level up (an epic for a story, an initiative for an epic).',
  'level-skip': 'Change its Parent to an item exactly one level up (story → epic → initiative).',
  'parent-done-child-open': 'Close the open child, or reopen the parent if the work goes on.',
  stale: 'Update it (status or comment), or close it if nobody works on it.',
  overdue: 'Finish it, or move its due date (or release date) to when it will be done.',
  'release-interval': 'In Releases, plan the versions’ release dates on the cadence.',
  'missing-release': 'Set a Fix version on it.',
  'no-upcoming': 'In Releases, give the next version a release date within the cadence.',
  'sprint-length': 'On the board, edit the sprint’s dates to the cadence’s length.',
  'sprint-overrun': 'On the board, complete the sprint on its end date, or fix its dates.',
  'cadence-gap': 'On the board, start the next sprint when the previous one ends.',
  'carry-over': 'In the backlog, split it or take it out of the sprint until it is ready.',
};

/** The next step for a finding, in Jira's words. */
export function nextStep(finding: Pick<FindingDto, 'kind' | 'level'>): string {
  if (finding.kind === 'level-absent') return ABSENT_STEP[finding.level];
  return STEP[finding.kind];
}

function site(siteUrl: string): string {
  return siteUrl.replace(/\/+$/, '');
}

/**
 * The longest JQL a search link carries: the link stays well under the URL lengths browsers and
 * proxies accept (about 8,000 characters once encoded), whatever the number of keys.
 */
export const MAX_SEARCH_JQL_LENGTH = 2000;

export interface IssueSearch {
  url: string;
  /** How many issues the search names (the first ones, when capped). */
  included: number;
  /** How many valid, distinct keys were asked for. */
  total: number;
}

/**
 * Jira's issue search for these issues: `key in (…)` over the keys that pass isIssueKey
 * (nothing else reaches the JQL), distinct, in the order given, as many as fit in
 * MAX_SEARCH_JQL_LENGTH; null when none is a key or the site is unknown.
 */
export function issueSearch(siteUrl: string, keys: readonly string[]): IssueSearch | null {
  const valid = [...new Set(keys.filter(isIssueKey))];
  if (valid.length === 0 || siteUrl === '') return null;
  const head = 'key in (';
  const tail = ') ORDER BY key ASC';
  const included: string[] = [];
  let length = head.length + tail.length;
  for (const key of valid) {
    const added = (included.length > 0 ? 2 : 0) + key.length;
    if (length + added > MAX_SEARCH_JQL_LENGTH) break;
    included.push(key);
    length += added;
  }
  const jql = `${head}${included.join(', ')}${tail}`;
  return { url: `${site(siteUrl)}/issues/?jql=${encodeURIComponent(jql)}`, included: included.length, total: valid.length };
}

/** The link's words: "Open this issue in Jira", "Open these 12 issues in Jira", or "Open the first 180 of 230 issues in Jira". */
export function issueSearchLabel(search: IssueSearch): string {
  if (search.included < search.total) return `Open the first ${search.included} of ${search.total} issues in Jira`;
  return search.total === 1 ? 'Open this issue in Jira' : `Open these ${search.total} issues in Jira`;
}

/** The project's releases page. */
function releasesUrl(links: JiraLinks): string | null {
  if (!isProjectKey(links.projectKey) || links.siteUrl === '') return null;
  return `${site(links.siteUrl)}/projects/${links.projectKey}/versions`;
}

/** Where a finding's next step is done: its subject's page, else the releases (level 3), else none. */
export function whereToFix(finding: Pick<FindingDto, 'kind' | 'level' | 'url'>, links: JiraLinks): { url: string; label: string } | null {
  if (finding.url) return { url: finding.url, label: 'Open in Jira' };
  if (finding.level === 3) {
    const url = releasesUrl(links);
    return url ? { url, label: 'Open Releases' } : null;
  }
  return null;
}

/** The issue keys a level's findings are about (validated, distinct, in order). */
export function findingIssueKeys(findings: readonly Pick<FindingDto, 'issueKey'>[]): string[] {
  return [...new Set(findings.map((f) => f.issueKey).filter(isIssueKey))];
}
