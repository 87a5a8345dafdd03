/**
 * A token-paged Jira read (POST /rest/api/3/search/jql: search pages, id or key pages), one page
 * after another, each next page asked for with the nextPageToken of the page before. Shared by
 * the scan's search pages (./scan.ts), a key range (./key-ranges.ts) and `capture --update`'s
 * changed issues and keys (src/cli/capture.ts), so that all of them refuse Jira's paging faults
 * the same way: a page that says more follow but gives no token, a token seen before (a loop),
 * or more than `maxPages` pages.
 */
import { JiraResponseError } from './errors';

/** What a page says of the pages after it. */
export interface TokenPage {
  nextPageToken?: string | null | undefined;
  /** Search pages say whether they are the last; id and key pages have only their token. */
  isLast?: boolean | undefined;
}

/** Whether pages follow `page`: `isLast: false`, or no `isLast` and a token. */
export function morePagesFollow(page: TokenPage): boolean {
  return page.isLast === false || (page.isLast === undefined && (page.nextPageToken ?? undefined) !== undefined);
}

const ENDPOINT = 'POST /rest/api/3/search/jql';

export interface TokenPagedRead<P extends TokenPage> {
  /** What is read, for messages: "reading the issues of ACME". */
  what: string;
  /** More pages than this is a loop, not data. */
  maxPages: number;
  /** Page `page` (1-based), asked with the token of the page before (undefined for the first). */
  read(token: string | undefined, page: number): Promise<P>;
  /** Each page as it arrives; the next page is asked for after this settles. */
  onPage(result: P, page: number): Promise<void> | void;
  /** Asked before each page: false reads no more for now. */
  mayRead?(): boolean;
}

/** Reads every page in order; 'done' at the last page, 'stopped' when `mayRead` said so. */
export async function readTokenPages<P extends TokenPage>(paged: TokenPagedRead<P>): Promise<'done' | 'stopped'> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; page <= paged.maxPages; page++) {
    if (paged.mayRead !== undefined && !paged.mayRead()) return 'stopped';
    const result = await paged.read(token, page);
    await paged.onPage(result, page);
    if (!morePagesFollow(result)) return 'done';
    const next = result.nextPageToken ?? undefined;
    if (next === undefined || seen.has(next)) {
      throw new JiraResponseError(`${paged.what}: page ${page} says more pages follow but gives ${next === undefined ? 'no' : 'a repeated'} nextPageToken`, ENDPOINT);
    }
    seen.add(next);
    token = next;
  }
  throw new JiraResponseError(`${paged.what}: more than ${paged.maxPages} pages`, ENDPOINT);
}
