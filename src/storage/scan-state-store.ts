/**
 * The partial state of chunked scans, in KVS (the app) or in memory (tests, the bench); keys in
 * src/storage/keys.ts:
 *
 *   scan:KEY:run                 the ScanRun (src/scan-job/scan-machine.ts), one value
 *   scan:KEY:fresh               freshness of the stored result and the debounce (src/scan-job/debounce.ts)
 *   scan:KEY:r:RUN:meta          project, versions, boards, issue types read first (a document)
 *   scan:KEY:r:RUN:b:000001 …    the sprints of each batch of boards, by batch number (documents)
 *   scan:KEY:r:RUN:p:000001 …    each search page's (or bulk-fetched chunk's) issues as compact tuples, by number (documents)
 *   scan:KEY:r:RUN:k:000001 …    pages of the project's issue ids: a full run's, or a rescan's reconciliation (documents)
 *   scan:KEY:base                the issue base's head (src/scan-state/incremental.ts; a document)
 *   scan:KEY:ib:RUN:0000 …       the issue base's buckets of compact tuples, each under the run that wrote it
 *   scan:KEY:ev                  issues named by events since the base was written
 *   scan:idx:KEY                 the projects ever scanned
 *
 * A page (or a batch of boards) is written under its number before the run advances past it,
 * so a rewrite after a failure replaces it rather than adding to it; a run's data is deleted by
 * these known keys (the run says how many pages and batches it reached), never by a listing.
 *
 * The issue base is switched like a large document: a run writes the buckets it changes under
 * its own run id, then the head that names, per bucket, the run whose copy is current; only then
 * are the replaced copies deleted. A write failing before the switch leaves the old head and every
 * bucket it names untouched; a retry of the same run overwrites its own copies.
 */
import type { IssueRecord, ProjectData } from '../core/model';
import type { JiraIssueType } from '../jira/schemas';
import { FRESH, type Freshness } from '../scan-state/debounce';
import { NO_EVENTS, type BoardSprints, type IssueBaseHead, type PendingEvents } from '../scan-state/incremental';
import { decodeIssue, encodeIssue, isIssueTuple, type IssueTuple } from '../scan-state/issue-codec';
import type { ScanRun } from '../scan-state/scan-machine';
import { deleteDocument, getDocument, inBatches, putDocument, type Log } from './documents';
import { MemoryKeyValueStore, type KeyValueStore } from './key-value';
import { scanKeys } from './keys';
import { boardBatchSchema, freshnessSchema, issueBaseHeadSchema, idPageSchema, olderBoardBatchSchema, pendingEventsSchema, scanMetaSchema, scanRunSchema, whyUnreadable } from './schemas';

/** Everything but the issues and the sprints, read at the start of a run. */
export interface ScanMeta {
  project: ProjectData['project'];
  siteUrl: string;
  versions: ProjectData['versions'];
  boards: ProjectData['boards'];
  /** Sprints read in one go (runs of an older app); a run of this app keeps them in board batches. */
  sprints: ProjectData['sprints'];
  issueTypes: JiraIssueType[];
  sprintFieldId: string | null;
}

/** Where a run's stored data ends (the run's own fields), so it can be deleted by known keys. */
export type RunExtent = Pick<ScanRun, 'projectKey' | 'runId' | 'pagesDone' | 'boardBatches' | 'idPagesDone' | 'ranges' | 'bulk'>;

export interface ScanStateStore {
  getRun(projectKey: string): Promise<ScanRun | null>;
  putRun(run: ScanRun): Promise<void>;
  deleteRun(projectKey: string): Promise<void>;
  putMeta(projectKey: string, runId: string, meta: ScanMeta): Promise<void>;
  getMeta(projectKey: string, runId: string): Promise<ScanMeta | null>;
  putBoardBatch(projectKey: string, runId: string, batch: number, boards: readonly BoardSprints[]): Promise<void>;
  /** Batches 1..count in order; throws when one is missing or unreadable. */
  getBoardBatches(projectKey: string, runId: string, count: number): Promise<BoardSprints[][]>;
  putIdPage(projectKey: string, runId: string, page: number, keys: readonly string[]): Promise<void>;
  /** Key pages 1..count in order; throws when one is missing or unreadable. */
  getIdPages(projectKey: string, runId: string, count: number): Promise<string[][]>;
  /** The issue base's head, or null when there is none (or it cannot be read). */
  getBaseHead(projectKey: string): Promise<IssueBaseHead | null>;
  /** The base's issues, bucket by bucket; throws when a bucket is missing or unreadable. */
  getBaseBuckets(head: IssueBaseHead): Promise<IssueRecord[][]>;
  /**
   * Writes the buckets `changed` names (bucket number → issues) under `runId`, then the head
   * (whose bucketWriters must name `runId` for them), then deletes the copies it replaced.
   */
  putBase(head: IssueBaseHead, changed: ReadonlyMap<number, readonly IssueRecord[]>, previous: IssueBaseHead | null): Promise<void>;
  getEvents(projectKey: string): Promise<PendingEvents>;
  putEvents(projectKey: string, events: PendingEvents): Promise<void>;
  putPage(projectKey: string, runId: string, page: number, issues: readonly IssueRecord[]): Promise<void>;
  /** Pages 1..count in order; throws when one is missing or unreadable. */
  getPages(projectKey: string, runId: string, count: number): Promise<IssueRecord[][]>;
  /** Page `page` (1-based) of key range `range` (0-based) of a full run. */
  putRangePage(projectKey: string, runId: string, range: number, page: number, issues: readonly IssueRecord[]): Promise<void>;
  /** The pages of every key range, range by range (`pages[r]` of range r), in order; throws when one is missing or unreadable. */
  getRangePages(projectKey: string, runId: string, pages: readonly number[]): Promise<IssueRecord[][]>;
  /** Removes a run's meta, board batches and pages (including the one past its extent a dead invocation may have written). */
  deleteRunData(extent: RunExtent): Promise<void>;
  getFreshness(projectKey: string): Promise<Freshness>;
  /** Writes the freshness, and the project's stale mark with it (set while stale, deleted when fresh). */
  putFreshness(projectKey: string, freshness: Freshness): Promise<void>;
  /**
   * The projects whose stored result is stale, from their stale marks: one KVS query a hundred
   * (eventually consistent: a mark set a moment ago may be missing; the global page's badge only).
   */
  staleProjects(): Promise<Set<string>>;
  /** Whether the project was ever scanned (one get: sees the last write). */
  isKnown(projectKey: string): Promise<boolean>;
  /** Projects that were ever scanned (a KVS query: eventually consistent, for the daily walk). */
  knownProjects(): Promise<string[]>;
  remember(projectKey: string): Promise<void>;
  /** Deletes everything kept about the project's scans: the run and its data, the freshness, the known mark. */
  forget(projectKey: string): Promise<void>;
}

const READ_CONCURRENCY = 16;

export class KvScanStateStore implements ScanStateStore {
  constructor(
    readonly kv: KeyValueStore,
    private readonly log: Log = (message) => console.error(message),
  ) {}

  async getRun(projectKey: string): Promise<ScanRun | null> {
    const key = scanKeys.run(projectKey);
    const value = await this.kv.get<unknown>(key);
    if (value === undefined) return null;
    const parsed = scanRunSchema.safeParse(value);
    if (!parsed.success) this.log(`storage ${key}: not a scan run (${whyUnreadable(parsed.error)}); read as missing`);
    // The run is the scan job's record: storage checks what it relies on and passes the rest through.
    return parsed.success ? (parsed.data as unknown as ScanRun) : null;
  }
  async putRun(run: ScanRun): Promise<void> {
    await this.kv.set(scanKeys.run(run.projectKey), run);
  }
  async deleteRun(projectKey: string): Promise<void> {
    await this.kv.delete(scanKeys.run(projectKey));
  }
  async putMeta(projectKey: string, runId: string, meta: ScanMeta): Promise<void> {
    await putDocument(this.kv, scanKeys.meta(projectKey, runId), meta, this.log);
  }
  async getMeta(projectKey: string, runId: string): Promise<ScanMeta | null> {
    const key = scanKeys.meta(projectKey, runId);
    const value = await getDocument<unknown>(this.kv, key, this.log);
    if (value === undefined) return null;
    const parsed = scanMetaSchema.safeParse(value);
    if (!parsed.success) this.log(`storage ${key}: not a scan's metadata (${whyUnreadable(parsed.error)}); read as missing`);
    return parsed.success ? (parsed.data as unknown as ScanMeta) : null;
  }
  async putBoardBatch(projectKey: string, runId: string, batch: number, boards: readonly BoardSprints[]): Promise<void> {
    await putDocument(this.kv, scanKeys.boards(projectKey, runId, batch), boards, this.log);
  }
  async getBoardBatches(projectKey: string, runId: string, count: number): Promise<BoardSprints[][]> {
    return this.readNumbered(count, async (n) => {
      const batch = await getDocument<unknown>(this.kv, scanKeys.boards(projectKey, runId, n), this.log);
      const parsed = boardBatchSchema.safeParse(batch);
      if (parsed.success) return parsed.data;
      // A batch written by an older app: its boards' sprints in one list, under no board.
      const older = olderBoardBatchSchema.safeParse(batch);
      if (older.success) return [{ boardId: -1, sprints: older.data }];
      throw new Error(`scan ${runId} of ${projectKey}: stored board batch ${n} is missing or unreadable`);
    });
  }
  async putIdPage(projectKey: string, runId: string, page: number, keys: readonly string[]): Promise<void> {
    await putDocument(this.kv, scanKeys.idPage(projectKey, runId, page), keys, this.log);
  }
  async getIdPages(projectKey: string, runId: string, count: number): Promise<string[][]> {
    return this.readNumbered(count, async (n) => {
      const parsed = idPageSchema.safeParse(await getDocument<unknown>(this.kv, scanKeys.idPage(projectKey, runId, n), this.log));
      if (!parsed.success) throw new Error(`scan ${runId} of ${projectKey}: stored id page ${n} is missing or unreadable`);
      return parsed.data;
    });
  }
  async getBaseHead(projectKey: string): Promise<IssueBaseHead | null> {
    const key = scanKeys.baseHead(projectKey);
    const head = await getDocument<unknown>(this.kv, key, this.log);
    if (head === undefined) return null;
    const parsed = issueBaseHeadSchema.safeParse(head);
    if (!parsed.success || parsed.data.projectKey !== projectKey) {
      this.log(`storage ${key}: not an issue base of ${projectKey} (${parsed.success ? `it is ${parsed.data.projectKey}'s` : whyUnreadable(parsed.error)}); the next scan is a full one`);
      return null;
    }
    return parsed.data;
  }
  async getBaseBuckets(head: IssueBaseHead): Promise<IssueRecord[][]> {
    return this.readNumbered(head.bucketWriters.length, async (n) => {
      const key = scanKeys.baseBucket(head.projectKey, head.bucketWriters[n - 1]!, n - 1);
      const tuples = await getDocument<unknown>(this.kv, key, this.log);
      if (!Array.isArray(tuples) || !tuples.every(isIssueTuple)) throw new Error(`the stored issues of ${head.projectKey} (${key}) are missing or unreadable`);
      return (tuples as IssueTuple[]).map(decodeIssue);
    });
  }
  async putBase(head: IssueBaseHead, changed: ReadonlyMap<number, readonly IssueRecord[]>, previous: IssueBaseHead | null): Promise<void> {
    const { projectKey } = head;
    const writes = [...changed];
    for (const [bucket] of writes) {
      if (head.bucketWriters[bucket] === undefined) throw new Error(`issue base of ${projectKey}: bucket ${bucket} is outside the head's ${head.bucketWriters.length}`);
    }
    await inBatches(writes, 8, async ([bucket, issues]) => {
      await putDocument(this.kv, scanKeys.baseBucket(projectKey, head.bucketWriters[bucket]!, bucket), issues.map(encodeIssue), this.log);
    });
    await putDocument(this.kv, scanKeys.baseHead(projectKey), head, this.log);
    // The switch is done: the copies no bucket of the new head names go (a failure here leaves stray copies, never a wrong read).
    if (previous === null) return;
    const live = new Set(head.bucketWriters.map((w, i) => scanKeys.baseBucket(projectKey, w, i)));
    const stale = previous.bucketWriters.map((w, i) => scanKeys.baseBucket(projectKey, w, i)).filter((k) => !live.has(k));
    try {
      await inBatches(stale, READ_CONCURRENCY, (key) => deleteDocument(this.kv, key, this.log));
    } catch (error) {
      this.log(`storage: could not delete replaced issue buckets of ${projectKey}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  async getEvents(projectKey: string): Promise<PendingEvents> {
    const key = scanKeys.events(projectKey);
    const value = await getDocument<unknown>(this.kv, key, this.log);
    if (value === undefined) return NO_EVENTS;
    const parsed = pendingEventsSchema.safeParse(value);
    // Unreadable events are dropped with a log; the next reconciliation catches what they named.
    if (!parsed.success) this.log(`storage ${key}: not a list of issue events (${whyUnreadable(parsed.error)}); read as none`);
    return parsed.success ? parsed.data : { ...NO_EVENTS, overflowSeq: 0 };
  }
  async putEvents(projectKey: string, events: PendingEvents): Promise<void> {
    await putDocument(this.kv, scanKeys.events(projectKey), events, this.log);
  }
  async putPage(projectKey: string, runId: string, page: number, issues: readonly IssueRecord[]): Promise<void> {
    await putDocument(this.kv, scanKeys.page(projectKey, runId, page), issues.map(encodeIssue), this.log);
  }
  async getPages(projectKey: string, runId: string, count: number): Promise<IssueRecord[][]> {
    return this.readNumbered(count, async (n) => {
      const tuples = await getDocument<unknown>(this.kv, scanKeys.page(projectKey, runId, n), this.log);
      if (!Array.isArray(tuples) || !tuples.every(isIssueTuple)) throw new Error(`scan ${runId} of ${projectKey}: stored page ${n} is missing or unreadable`);
      return (tuples as IssueTuple[]).map(decodeIssue);
    });
  }
  async putRangePage(projectKey: string, runId: string, range: number, page: number, issues: readonly IssueRecord[]): Promise<void> {
    await putDocument(this.kv, scanKeys.rangePage(projectKey, runId, range, page), issues.map(encodeIssue), this.log);
  }
  async getRangePages(projectKey: string, runId: string, pages: readonly number[]): Promise<IssueRecord[][]> {
    const keys = pages.flatMap((count, range) => Array.from({ length: count }, (_, p) => ({ range, page: p + 1 })));
    return this.readNumbered(keys.length, async (n) => {
      const { range, page } = keys[n - 1]!;
      const tuples = await getDocument<unknown>(this.kv, scanKeys.rangePage(projectKey, runId, range, page), this.log);
      if (!Array.isArray(tuples) || !tuples.every(isIssueTuple)) throw new Error(`scan ${runId} of ${projectKey}: stored page ${page} of key range ${range + 1} is missing or unreadable`);
      return (tuples as IssueTuple[]).map(decodeIssue);
    });
  }
  /** Items 1..count, read READ_CONCURRENCY at a time, in order. */
  private async readNumbered<T>(count: number, read: (n: number) => Promise<T>): Promise<T[]> {
    const out = new Array<T>(count);
    let next = 1;
    const worker = async () => {
      while (next <= count) {
        const n = next++;
        out[n - 1] = await read(n);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, count) }, worker));
    return out;
  }
  async deleteRunData({ projectKey, runId, pagesDone, boardBatches = 0, idPagesDone, ranges, bulk }: RunExtent): Promise<void> {
    // A run of an older app that bulk fetched stored chunks out of order: every chunk it may have written.
    const pages = ranges !== undefined ? 0 : Math.max(pagesDone, bulk?.chunks ?? 0);
    const keys = [
      // Each key range's pages, and the one past them a dead invocation may have written.
      ...(ranges?.read ?? []).flatMap((r, range) => Array.from({ length: r.pages + 1 }, (_, p) => scanKeys.rangePage(projectKey, runId, range, p + 1))),
      scanKeys.meta(projectKey, runId),
      ...Array.from({ length: boardBatches + 1 }, (_, i) => scanKeys.boards(projectKey, runId, i + 1)),
      ...Array.from({ length: pages + 1 }, (_, i) => scanKeys.page(projectKey, runId, i + 1)),
      ...(idPagesDone === undefined ? [] : Array.from({ length: idPagesDone + 1 }, (_, i) => scanKeys.idPage(projectKey, runId, i + 1))),
    ];
    await inBatches(keys, READ_CONCURRENCY, (key) => deleteDocument(this.kv, key, this.log));
  }
  async getFreshness(projectKey: string): Promise<Freshness> {
    const key = scanKeys.freshness(projectKey);
    return this.freshnessOf(key, await this.kv.get<unknown>(key));
  }
  private freshnessOf(key: string, value: unknown): Freshness {
    if (value === undefined) return FRESH;
    const parsed = freshnessSchema.safeParse(value);
    if (!parsed.success) this.log(`storage ${key}: unreadable (${whyUnreadable(parsed.error)}); read as fresh`);
    return parsed.success ? parsed.data : FRESH;
  }
  async putFreshness(projectKey: string, freshness: Freshness): Promise<void> {
    await this.kv.set(scanKeys.freshness(projectKey), freshness);
    if (freshness.staleSince !== null) await this.kv.set(scanKeys.stale(projectKey), freshness.staleSince);
    else await this.kv.delete(scanKeys.stale(projectKey));
  }
  async staleProjects(): Promise<Set<string>> {
    return new Set((await this.kv.keys(scanKeys.stalePrefix)).flatMap((k) => scanKeys.staleProject(k) ?? []));
  }
  async isKnown(projectKey: string): Promise<boolean> {
    return (await this.kv.get<unknown>(scanKeys.known(projectKey))) !== undefined;
  }
  async knownProjects(): Promise<string[]> {
    return (await this.kv.keys(scanKeys.knownPrefix)).flatMap((k) => scanKeys.knownProject(k) ?? []);
  }
  async remember(projectKey: string): Promise<void> {
    await this.kv.set(scanKeys.known(projectKey), 1);
  }
  async forget(projectKey: string): Promise<void> {
    const run = await this.getRun(projectKey);
    await this.kv.delete(scanKeys.known(projectKey));
    if (run !== null) await this.deleteRunData(run);
    await this.kv.delete(scanKeys.run(projectKey));
    await this.kv.delete(scanKeys.freshness(projectKey));
    await this.kv.delete(scanKeys.stale(projectKey));
    // The issue base: its buckets by the keys its head names, then the head; the events.
    const head = await this.getBaseHead(projectKey);
    if (head !== null) await inBatches(head.bucketWriters.map((w, i) => scanKeys.baseBucket(projectKey, w, i)), READ_CONCURRENCY, (key) => deleteDocument(this.kv, key, this.log));
    await deleteDocument(this.kv, scanKeys.baseHead(projectKey), this.log);
    await deleteDocument(this.kv, scanKeys.events(projectKey), this.log);
  }
}

export function memoryScanStateStore(kv: KeyValueStore = new MemoryKeyValueStore()): KvScanStateStore {
  return new KvScanStateStore(kv);
}
