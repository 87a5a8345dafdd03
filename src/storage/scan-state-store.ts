/**
 * The partial state of chunked scans, in KVS (the app) or in memory (tests, the bench); keys in
 * src/storage/keys.ts:
 *
 *   scan:KEY:run                 the ScanRun (src/scan-job/scan-machine.ts), one value
 *   scan:KEY:fresh               freshness of the stored result and the debounce (src/scan-job/debounce.ts)
 *   scan:KEY:r:RUN:meta          project, versions, boards, issue types read first (a document)
 *   scan:KEY:r:RUN:b:000001 …    the sprints of each batch of boards, by batch number (documents)
 *   scan:KEY:r:RUN:p:000001 …    each search page's issues as compact tuples, by page number (documents)
 *   scan:idx:KEY                 the projects ever scanned
 *
 * A page (or a batch of boards) is written under its number before the run advances past it,
 * so a rewrite after a failure replaces it rather than adding to it; a run's data is deleted by
 * these known keys (the run says how many pages and batches it reached), never by a listing.
 */
import type { IssueRecord, ProjectData, SprintRecord } from '../core/model';
import type { JiraIssueType } from '../jira/schemas';
import { FRESH, type Freshness } from '../scan-state/debounce';
import { decodeIssue, encodeIssue, isIssueTuple, type IssueTuple } from '../scan-state/issue-codec';
import type { ScanRun } from '../scan-state/scan-machine';
import { deleteDocument, getDocument, inBatches, putDocument, type Log } from './documents';
import { MemoryKeyValueStore, type KeyValueStore } from './key-value';
import { scanKeys } from './keys';
import { boardBatchSchema, freshnessSchema, scanMetaSchema, scanRunSchema, whyUnreadable } from './schemas';

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
export type RunExtent = Pick<ScanRun, 'projectKey' | 'runId' | 'pagesDone' | 'boardBatches'>;

export interface ScanStateStore {
  getRun(projectKey: string): Promise<ScanRun | null>;
  putRun(run: ScanRun): Promise<void>;
  deleteRun(projectKey: string): Promise<void>;
  putMeta(projectKey: string, runId: string, meta: ScanMeta): Promise<void>;
  getMeta(projectKey: string, runId: string): Promise<ScanMeta | null>;
  putBoardBatch(projectKey: string, runId: string, batch: number, sprints: readonly SprintRecord[]): Promise<void>;
  /** Batches 1..count in order; throws when one is missing or unreadable. */
  getBoardBatches(projectKey: string, runId: string, count: number): Promise<SprintRecord[][]>;
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
  async putBoardBatch(projectKey: string, runId: string, batch: number, sprints: readonly SprintRecord[]): Promise<void> {
    await putDocument(this.kv, scanKeys.boards(projectKey, runId, batch), sprints, this.log);
  }
  async getBoardBatches(projectKey: string, runId: string, count: number): Promise<SprintRecord[][]> {
    return this.readNumbered(count, async (n) => {
      const parsed = boardBatchSchema.safeParse(await getDocument<unknown>(this.kv, scanKeys.boards(projectKey, runId, n), this.log));
      if (!parsed.success) throw new Error(`scan ${runId} of ${projectKey}: stored board batch ${n} is missing or unreadable`);
      return parsed.data;
    });
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
  async deleteRunData({ projectKey, runId, pagesDone, boardBatches = 0 }: RunExtent): Promise<void> {
    const keys = [
      scanKeys.meta(projectKey, runId),
      ...Array.from({ length: boardBatches + 1 }, (_, i) => scanKeys.boards(projectKey, runId, i + 1)),
      ...Array.from({ length: pagesDone + 1 }, (_, i) => scanKeys.page(projectKey, runId, i + 1)),
    ];
    await inBatches(keys, READ_CONCURRENCY, (key) => deleteDocument(this.kv, key, this.log));
  }
  async getFreshness(projectKey: string): Promise<Freshness> {
    const key = scanKeys.freshness(projectKey);
    const value = await this.kv.get<unknown>(key);
    if (value === undefined) return FRESH;
    const parsed = freshnessSchema.safeParse(value);
    if (!parsed.success) this.log(`storage ${key}: unreadable (${whyUnreadable(parsed.error)}); read as fresh`);
    return parsed.success ? parsed.data : FRESH;
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
  async forget(projectKey: string): Promise<void> {
    const run = await this.getRun(projectKey);
    await this.kv.delete(scanKeys.known(projectKey));
    if (run !== null) await this.deleteRunData(run);
    await this.kv.delete(scanKeys.run(projectKey));
    await this.kv.delete(scanKeys.freshness(projectKey));
  }
}

export function memoryScanStateStore(kv: KeyValueStore = new MemoryKeyValueStore()): KvScanStateStore {
  return new KvScanStateStore(kv);
}
