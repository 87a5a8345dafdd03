/**
 * Reading a project's issues by key ranges, shared by the CLI's scan (./scan.ts) and the app's
 * scan job (src/scan-job/scan-worker.ts). One search learns the project's highest key number
 * (`ORDER BY key DESC`, one issue, only its key: 2 points); the key numbers 1 … highest are cut
 * into ranges of whole pages, and each range is read as search pages of 100 with the scan's
 * fields, one page after another, several ranges at once:
 *
 *   project = "P" AND key < "P-2501" ORDER BY key ASC                       the first range
 *   project = "P" AND key >= "P-2501" AND key < "P-5001" ORDER BY key ASC
 *   project = "P" AND key >= "P-97501" ORDER BY key ASC                     the last range
 *
 * The first range is open below and the last open above, so issues whose numbers lie outside
 * those seen (created during the scan, moved into the project: a moved issue gets a new key of
 * the project) are still found. A key is in exactly one range, so every issue is read once; a
 * search costs 1 point plus 1 an issue, so the issues cost what one page after another costs
 * (n + pages), with the speed of several requests in flight.
 *
 * A range resumed after its last stored key number (`key > "P-N"`, a new search) rather than a
 * stored nextPageToken, which Jira may expire between invocations. JQL is built only from a
 * checked project key and numbers computed here.
 */
import { isProjectKey } from '../core/project-key';
import type { JiraClient } from './client';
import { inStep, JiraResponseError } from './errors';
import type { JiraIssue, JiraSearchPage } from './schemas';
import { morePagesFollow, readTokenPages } from './token-pages';

/** Ranges read at once by default: 4 at 40 ms a request is 100 a second, Jira's steady burst limit per endpoint. */
export const DEFAULT_IN_FLIGHT = 4;
/** Issues a search page with fields holds (Jira's cap). */
const PAGE_SIZE = 100;
/** The most pages a range holds when its keys are dense: ranges small enough that the slots finish together. */
const MAX_RANGE_PAGES = 25;
/** A range longer than this many pages is a loop, not data. */
const MAX_RANGE_PAGE_COUNT = 100_000;

/** The key ranges of a run: range i (0-based) holds key numbers i·span + 1 … (i + 1)·span, the first open below, the last open above. */
export interface KeyRangePlan {
  /** Key numbers a range covers, a whole number of pages. */
  span: number;
  /** Ranges (0 for a project without issues). */
  count: number;
}

/**
 * Cuts key numbers 1 … `highest` into ranges of whole pages: a multiple of `inFlight` ranges
 * of at most MAX_RANGE_PAGES pages each when the keys are dense, so that the ranges in flight
 * finish about together; no more ranges than pages. `highest` null (no issues): no ranges.
 */
export function planKeyRanges(highest: number | null, inFlight: number): KeyRangePlan {
  if (highest === null || highest < 1) return { span: PAGE_SIZE, count: 0 };
  const slots = Math.max(1, Math.floor(inFlight));
  const pages = Math.ceil(highest / PAGE_SIZE);
  const rounds = Math.ceil(pages / (slots * MAX_RANGE_PAGES));
  const wanted = Math.min(pages, slots * rounds);
  const spanPages = Math.ceil(pages / wanted);
  return { span: spanPages * PAGE_SIZE, count: Math.ceil(pages / spanPages) };
}

/** The number of an issue key (PROJ-123 → 123). */
export function keyNumber(key: string): number {
  const n = Number(key.slice(key.lastIndexOf('-') + 1));
  if (!Number.isSafeInteger(n) || n < 1) throw new JiraResponseError(`Jira sent the issue key "${key}", which has no issue number`, 'POST /rest/api/3/search/jql');
  return n;
}

/**
 * The JQL of range `index` of `plan`, from after key number `after` when given (a range
 * resumed after its last stored issue). The project key is checked; the bounds are numbers.
 */
export function rangeJql(projectKey: string, plan: KeyRangePlan, index: number, after: number | null = null): string {
  if (!isProjectKey(projectKey)) throw new Error(`"${projectKey}" is not a Jira project key`);
  if (!Number.isInteger(index) || index < 0 || index >= plan.count) throw new Error(`range ${index} is not one of the ${plan.count} ranges`);
  const bound = (op: string, n: number) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${n} is not a key number`);
    return ` AND key ${op} "${projectKey}-${n}"`;
  };
  const lower = after !== null ? bound('>', after) : index > 0 ? bound('>=', index * plan.span + 1) : '';
  const upper = index < plan.count - 1 ? bound('<', (index + 1) * plan.span + 1) : '';
  return `project = "${projectKey}"${lower}${upper} ORDER BY key ASC`;
}

/** The project's highest issue key number, or null when it has no issues: one search of one issue, only its key. */
export async function readHighestKey(client: JiraClient, projectKey: string): Promise<number | null> {
  if (!isProjectKey(projectKey)) throw new Error(`"${projectKey}" is not a Jira project key`);
  const { keys } = await inStep(`reading the highest issue key of ${projectKey}`, () =>
    client.searchKeys({ jql: `project = "${projectKey}" ORDER BY key DESC`, maxResults: 1 }),
  );
  return keys.length === 0 ? null : keyNumber(keys[0]!);
}

/** One stored page of a range: its issues, the number of its last key (null for an empty page), whether the range ends with it. */
interface RangePage {
  issues: JiraIssue[];
  last: number | null;
  isLast: boolean;
}

interface RangeRead {
  plan: KeyRangePlan;
  index: number;
  /** Read from after this key number (a range resumed), else from the range's start. */
  after: number | null;
  fields: readonly string[];
  sprintFieldId: string | undefined;
  /** Asked before each page: false reads no more of the range for now. */
  mayRead?(): boolean;
  /** Each page as it arrives, in the range's order; the next page is asked for after it settles. */
  onPage(page: RangePage): Promise<void> | void;
}

/**
 * Reads range `index`, one page of 100 after another (each next page by its nextPageToken), and
 * says whether it read to the range's end ('done') or stopped because `mayRead` said so.
 */
export async function readKeyRange(client: JiraClient, projectKey: string, read: RangeRead): Promise<'done' | 'stopped'> {
  const jql = rangeJql(projectKey, read.plan, read.index, read.after);
  return readTokenPages({
    what: `reading key range ${read.index + 1} of ${read.plan.count} of ${projectKey}`,
    maxPages: MAX_RANGE_PAGE_COUNT,
    ...(read.mayRead !== undefined ? { mayRead: read.mayRead } : {}),
    read: (token, page): Promise<JiraSearchPage> =>
      inStep(`reading page ${page} of key range ${read.index + 1} of ${read.plan.count} of ${projectKey}`, () =>
        client.searchPage({ jql, fields: read.fields, maxResults: PAGE_SIZE, ...(token !== undefined ? { nextPageToken: token } : {}) }, read.sprintFieldId, page),
      ),
    onPage: (result) => {
      const lastIssue = result.issues[result.issues.length - 1];
      return read.onPage({ issues: result.issues, last: lastIssue === undefined ? null : keyNumber(lastIssue.key), isLast: !morePagesFollow(result) });
    },
  });
}
