/**
 * Reading a project's issues id first, shared by the CLI's scan (./scan.ts) and the app's scan
 * job (src/scan-job/scan-worker.ts): id-only search pages (`fields: ["id"]`, 5,000 ids a page,
 * one after another: each page's token comes from the one before), then the ids in chunks of
 * 100, each chunk one `POST /rest/api/3/issue/bulkfetch`, a bounded number in flight.
 *
 * A chunk's issues come back in ascending id order and are put back in the ids' order (the
 * search's ORDER BY key), so the issues are those of search pages, in the same order. An id a
 * bulk fetch does not return (deleted or hidden since its id was read) is left out, as a search
 * would leave it out; ids in `issueErrors` are asked for again a few times, then the read fails
 * naming them.
 */
import pLimit from 'p-limit';
import { BULK_FETCH_SIZE, type JiraClient } from './client';
import { inStep, JiraUnavailableError } from './errors';
import type { JiraIssue } from './schemas';

/** Bulk fetches in flight at once by default: 4 at 40 ms a request is 100 a second, Jira's steady burst limit per endpoint. */
export const DEFAULT_IN_FLIGHT = 4;
/** Times a bulk fetch's issueErrors are asked for again before the read fails. */
const BULK_ERROR_RETRIES = 3;

/** One id page of a project's search (`token` from the page before; `idsSoFar` names the step). */
export function readIdPage(client: JiraClient, projectKey: string, jql: string, token: string | null | undefined, page: number, idsSoFar: number) {
  return inStep(`reading id page ${page} of ${projectKey} (${idsSoFar} ids read)`, () =>
    client.searchIds({ jql, ...(token !== null && token !== undefined ? { nextPageToken: token } : {}) }),
  );
}

/** Chunks of BULK_FETCH_SIZE ids that `ids` ids make. */
export function chunkCount(ids: number): number {
  return Math.ceil(ids / BULK_FETCH_SIZE);
}

/** The ids of chunk `n` (1-based). */
function chunkOf(ids: readonly string[], n: number): readonly string[] {
  return ids.slice((n - 1) * BULK_FETCH_SIZE, n * BULK_FETCH_SIZE);
}

/** What a bulk fetch asks for besides the ids. */
interface ChunkFields {
  fields: readonly string[];
  sprintFieldId: string | undefined;
}

/** Chunk `n` (1-based) of `ids` as issues, in the ids' order; issueErrors are asked for again a few times. */
export async function fetchChunk(client: JiraClient, projectKey: string, ids: readonly string[], n: number, { fields, sprintFieldId }: ChunkFields): Promise<JiraIssue[]> {
  const chunk = chunkOf(ids, n);
  const first = (n - 1) * BULK_FETCH_SIZE + 1;
  const byId = new Map<string, JiraIssue>();
  let wanted: readonly string[] = chunk;
  for (let attempt = 0; ; attempt++) {
    const result = await inStep(`reading issues ${first}–${first + chunk.length - 1} of ${projectKey}`, () => client.bulkFetch(wanted, fields, sprintFieldId));
    for (const issue of result.issues) byId.set(issue.id, issue);
    if (result.failedIds.length === 0) break;
    if (attempt >= BULK_ERROR_RETRIES) {
      throw new JiraUnavailableError(
        `reading the issues of ${projectKey}: Jira could not read ${result.failedIds.length} of them (${result.failedIds.slice(0, 3).join(', ')}${result.failedIds.length > 3 ? ', …' : ''}) after ${attempt + 1} tries; try again later`,
        'POST /rest/api/3/issue/bulkfetch',
      );
    }
    wanted = result.failedIds;
  }
  return chunk.flatMap((id) => byId.get(id) ?? []);
}

interface ParallelReads<T> {
  /** Chunk numbers (or any numbered items) to read, in order. */
  chunks: readonly number[];
  /** Reads in flight at once, at most. */
  inFlight: number;
  read(n: number): Promise<T>;
  /** Each chunk as it arrives (chunks may arrive out of order); its slot reads the next chunk after this settles. */
  onRead(n: number, value: T): Promise<void> | void;
  /** Asked before each read starts: false starts no more (those in flight finish). */
  mayStart?(): boolean;
}

/**
 * Reads the chunks, at most `inFlight` at a time, and returns how many were read. When a read or
 * its `onRead` fails, no further read starts, those in flight finish (their `onRead` runs), and
 * then the first failure is thrown: nothing is left running behind the caller's back.
 */
export async function readInParallel<T>({ chunks, inFlight, read, onRead, mayStart = () => true }: ParallelReads<T>): Promise<number> {
  const limit = pLimit(Math.max(1, Math.floor(inFlight)));
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let started = 0;
  await Promise.all(
    chunks.map((n) =>
      limit(async () => {
        if (failure !== null || stopped) return;
        if (!mayStart()) {
          stopped = true;
          return;
        }
        started++;
        try {
          await onRead(n, await read(n));
        } catch (error) {
          failure ??= { error };
        }
      }),
    ),
  );
  if (failure !== null) throw (failure as { error: unknown }).error;
  return started;
}
