/**
 * The partial state of chunked scans, in KVS (the app) or in memory (tests, the bench); keys in
 * src/storage/keys.ts:
 *
 *   scan:KEY:run                 the ScanRun (src/scan-job/scan-machine.ts), one value
 *   scan:KEY:fresh               freshness of the stored result and the debounce (src/scan-job/debounce.ts)
 *   scan:KEY:r:RUN:meta          project, versions, boards, issue types read first (a document)
 *   scan:KEY:r:RUN:b:000001 …    the sprints of each batch of boards, by batch number (documents)
 *   scan:KEY:r:RUN:p:000001 …    each search page's issues as compact tuples, by page number (documents)
 *   scan:KEY:r:RUN:k:000001 …    a rescan's pages of the project's keys (documents)
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
import type { IssueRecord, ProjectData, SprintRecord } from '../core/model';
import type { JiraIssueType } from '../jira/schemas';
import { FRESH, type Freshness } from '../scan-state/debounce';
import { ISSUE_BASE_SCHEMA, NO_EVENTS, type BoardSprints, type IssueBaseHead, type PendingEvents } from '../scan-state/incremental';
import { decodeIssue, encodeIssue, isIssueTuple, type IssueTuple } from '../scan-state/issue-codec';
import { SCAN_STATE_SCHEMA, type ScanRun } from '../scan-state/scan-machine';
import { deleteDocument, getDocument, inBatches, putDocument, type Log } from './documents';
import { MemoryKeyValueStore, type KeyValueStore } from './key-value';
import { scanKeys } from './keys';

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
export type RunExtent = Pick<ScanRun, 'projectKey' | 'runId' | 'pagesDone' | 'boardBatches' | 'keyPagesDone'>;

export interface ScanStateStore {
  getRun(projectKey: string): Promise<ScanRun | null>;
  putRun(run: ScanRun): Promise<void>;
  deleteRun(projectKey: string): Promise<void>;
  putMeta(projectKey: string, runId: string, meta: ScanMeta): Promise<void>;
  getMeta(projectKey: string, runId: string): Promise<ScanMeta | null>;
  putBoardBatch(projectKey: string, runId: string, batch: number, boards: readonly BoardSprints[]): Promise<void>;
  /** Batches 1..count in order; throws when one is missing or unreadable. */
  getBoardBatches(projectKey: string, runId: string, count: number): Promise<BoardSprints[][]>;
  putKeyPage(projectKey: string, runId: string, page: number, keys: readonly string[]): Promise<void>;
  /** Key pages 1..count in order; throws when one is missing or unreadable. */
  getKeyPages(projectKey: string, runId: string, count: number): Promise<string[][]>;
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
  /** Removes a run's meta, board batches and pages (including the one past its extent a dead invocation may have written). */
  deleteRunData(extent: RunExtent): Promise<void>;
  getFreshness(projectKey: string): Promise<Freshness>;
  putFreshness(projectKey: string, freshness: Freshness): Promise<void>;
  /** Whether the project was ever scanned (one get: sees the last write). */
  isKnown(projectKey: string): Promise<boolean>;
  /** Projects that were ever scanned (a KVS query: eventually consistent, for the daily walk). */
  knownProjects(): Promise<string[]>;
  remember(projectKey: string): Promise<void>;
}

function isRun(v: unknown): v is ScanRun {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<ScanRun>;
  return r.schema === SCAN_STATE_SCHEMA && typeof r.runId === 'string' && typeof r.projectKey === 'string' && typeof r.pagesDone === 'number' &&
    (r.phase === 'meta' || r.phase === 'issues' || r.phase === 'keys' || r.phase === 'finish');
}

function isFreshness(v: unknown): v is Freshness {
  if (v === null || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  const n = (x: unknown) => x === null || typeof x === 'number';
  return n(f.staleSince) && n(f.lastEventAt) && n(f.checkAt);
}

function isSprintRecord(v: unknown): v is SprintRecord {
  if (v === null || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return Number.isInteger(s.id) && typeof s.name === 'string' && typeof s.state === 'string';
}

function isBoardSprints(v: unknown): v is BoardSprints {
  if (v === null || typeof v !== 'object') return false;
  const b = v as Record<string, unknown>;
  return Number.isInteger(b.boardId) && Array.isArray(b.sprints) && b.sprints.every(isSprintRecord);
}

function isBaseHead(v: unknown): v is IssueBaseHead {
  if (v === null || typeof v !== 'object') return false;
  const h = v as Partial<IssueBaseHead>;
  const n = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  return h.schema === ISSUE_BASE_SCHEMA && typeof h.projectKey === 'string' && n(h.scanStartedAt) && n(h.fullScanAt) && n(h.reconciledAt) && n(h.sprintPassAt) &&
    n(h.rescansSinceSprintPass) && n(h.issueCount) && Array.isArray(h.bucketWriters) && h.bucketWriters.length > 0 && h.bucketWriters.every((w) => typeof w === 'string') &&
    (h.sprintFieldId === null || typeof h.sprintFieldId === 'string') && Array.isArray(h.boards) && h.boards.every(isBoardSprints);
}

function isEvents(v: unknown): v is PendingEvents {
  if (v === null || typeof v !== 'object') return false;
  const e = v as Partial<PendingEvents>;
  const entries = (x: unknown) => Array.isArray(x) && x.every((i: { id?: unknown; seq?: unknown }) => typeof i?.id === 'string' && typeof i.seq === 'number');
  return typeof e.seq === 'number' && entries(e.touched) && entries(e.gone) && (e.overflowSeq === null || typeof e.overflowSeq === 'number');
}

const READ_CONCURRENCY = 16;

export class KvScanStateStore implements ScanStateStore {
  constructor(
    readonly kv: KeyValueStore,
    private readonly log: Log = (message) => console.error(message),
  ) {}

  async getRun(projectKey: string): Promise<ScanRun | null> {
    const value = await this.kv.get<unknown>(scanKeys.run(projectKey));
    return isRun(value) ? value : null;
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
    return (await getDocument<ScanMeta>(this.kv, scanKeys.meta(projectKey, runId), this.log)) ?? null;
  }
  async putBoardBatch(projectKey: string, runId: string, batch: number, boards: readonly BoardSprints[]): Promise<void> {
    await putDocument(this.kv, scanKeys.boards(projectKey, runId, batch), boards, this.log);
  }
  async getBoardBatches(projectKey: string, runId: string, count: number): Promise<BoardSprints[][]> {
    return this.readNumbered(count, async (n) => {
      const batch = await getDocument<unknown>(this.kv, scanKeys.boards(projectKey, runId, n), this.log);
      if (Array.isArray(batch) && batch.every(isBoardSprints)) return batch;
      // A batch written by an older app: its boards' sprints in one list, under no board.
      if (Array.isArray(batch) && batch.every(isSprintRecord)) return [{ boardId: -1, sprints: batch }];
      throw new Error(`scan ${runId} of ${projectKey}: stored board batch ${n} is missing or unreadable`);
    });
  }
  async putKeyPage(projectKey: string, runId: string, page: number, keys: readonly string[]): Promise<void> {
    await putDocument(this.kv, scanKeys.keyPage(projectKey, runId, page), keys, this.log);
  }
  async getKeyPages(projectKey: string, runId: string, count: number): Promise<string[][]> {
    return this.readNumbered(count, async (n) => {
      const keys = await getDocument<unknown>(this.kv, scanKeys.keyPage(projectKey, runId, n), this.log);
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new Error(`scan ${runId} of ${projectKey}: stored key page ${n} is missing or unreadable`);
      return keys as string[];
    });
  }
  async getBaseHead(projectKey: string): Promise<IssueBaseHead | null> {
    const head = await getDocument<unknown>(this.kv, scanKeys.baseHead(projectKey), this.log);
    if (head === undefined) return null;
    if (!isBaseHead(head) || head.projectKey !== projectKey) {
      this.log(`storage ${scanKeys.baseHead(projectKey)}: not an issue base of ${projectKey}; the next scan is a full one`);
      return null;
    }
    return head;
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
    const value = await getDocument<unknown>(this.kv, scanKeys.events(projectKey), this.log);
    return isEvents(value) ? value : NO_EVENTS;
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
  async deleteRunData({ projectKey, runId, pagesDone, boardBatches = 0, keyPagesDone }: RunExtent): Promise<void> {
    const keys = [
      scanKeys.meta(projectKey, runId),
      ...Array.from({ length: boardBatches + 1 }, (_, i) => scanKeys.boards(projectKey, runId, i + 1)),
      ...Array.from({ length: pagesDone + 1 }, (_, i) => scanKeys.page(projectKey, runId, i + 1)),
      ...(keyPagesDone === undefined ? [] : Array.from({ length: keyPagesDone + 1 }, (_, i) => scanKeys.keyPage(projectKey, runId, i + 1))),
    ];
    await inBatches(keys, READ_CONCURRENCY, (key) => deleteDocument(this.kv, key, this.log));
  }
  async getFreshness(projectKey: string): Promise<Freshness> {
    const value = await this.kv.get<unknown>(scanKeys.freshness(projectKey));
    return isFreshness(value) ? value : FRESH;
  }
  async putFreshness(projectKey: string, freshness: Freshness): Promise<void> {
    await this.kv.set(scanKeys.freshness(projectKey), freshness);
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
}

export function memoryScanStateStore(kv: KeyValueStore = new MemoryKeyValueStore()): KvScanStateStore {
  return new KvScanStateStore(kv);
}
