/**
 * The partial state of chunked scans, in KVS (the app) or in memory (tests, the bench):
 *
 *   scan:KEY:run                 the ScanRun (src/scale/scan-machine.ts)
 *   scan:KEY:fresh               freshness of the stored result and the debounce (src/scale/debounce.ts)
 *   scan:KEY:r:RUN:meta          project, versions, boards, sprints read in the meta phase (a document)
 *   scan:KEY:r:RUN:p:000001 …    each search page's issues as compact tuples, by page number
 *   scan:idx:KEY                 the projects ever scanned (the daily refresh walks them)
 *
 * A page is written under its number before the run advances past it, so a rewrite after a
 * failure replaces it rather than adding to it.
 */
import type { IssueRecord, ProjectData } from '../core/model';
import { isProjectKey } from '../core/project-key';
import type { JiraIssueType } from '../jira/schemas';
import { FRESH, type Freshness } from '../scale/debounce';
import { decodeIssue, encodeIssue, isIssueTuple, type IssueTuple } from '../scale/issue-codec';
import { SCAN_STATE_SCHEMA, type ScanRun } from '../scale/scan-machine';
import { deleteDocument, getDocument, kvsBlobKv, MemoryBlobKv, putDocument, type BlobKv } from './blob-kv';
import type { KvsLike } from './key-value';

/** Everything but the issues, read once at the start of a run. */
export interface ScanMeta {
  project: ProjectData['project'];
  siteUrl: string;
  versions: ProjectData['versions'];
  boards: ProjectData['boards'];
  sprints: ProjectData['sprints'];
  issueTypes: JiraIssueType[];
  sprintFieldId: string | null;
}

export interface ScanStateStore {
  getRun(projectKey: string): Promise<ScanRun | null>;
  putRun(run: ScanRun): Promise<void>;
  deleteRun(projectKey: string): Promise<void>;
  putMeta(projectKey: string, runId: string, meta: ScanMeta): Promise<void>;
  getMeta(projectKey: string, runId: string): Promise<ScanMeta | null>;
  putPage(projectKey: string, runId: string, page: number, issues: readonly IssueRecord[]): Promise<void>;
  /** Pages 1..count in order; throws when one is missing or unreadable. */
  getPages(projectKey: string, runId: string, count: number): Promise<IssueRecord[][]>;
  /** Removes a run's meta and pages. */
  deleteRunData(projectKey: string, runId: string): Promise<void>;
  getFreshness(projectKey: string): Promise<Freshness>;
  putFreshness(projectKey: string, freshness: Freshness): Promise<void>;
  /** Projects that were ever scanned. */
  knownProjects(): Promise<string[]>;
  remember(projectKey: string): Promise<void>;
}

function checkProject(projectKey: string): string {
  if (!isProjectKey(projectKey)) throw new Error(`invalid project key ${JSON.stringify(projectKey)}`);
  return projectKey;
}
function checkRunId(runId: string): string {
  if (!/^[a-z0-9]{1,40}$/.test(runId)) throw new Error(`invalid scan run id ${JSON.stringify(runId)}`);
  return runId;
}

const runKey = (p: string) => `scan:${checkProject(p)}:run`;
const freshKey = (p: string) => `scan:${checkProject(p)}:fresh`;
const runPrefix = (p: string, r: string) => `scan:${checkProject(p)}:r:${checkRunId(r)}:`;
const pageKey = (p: string, r: string, n: number) => `${runPrefix(p, r)}p:${String(n).padStart(6, '0')}`;
const IDX = 'scan:idx:';

function isRun(v: unknown): v is ScanRun {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<ScanRun>;
  return r.schema === SCAN_STATE_SCHEMA && typeof r.runId === 'string' && typeof r.projectKey === 'string' && typeof r.pagesDone === 'number' &&
    (r.phase === 'meta' || r.phase === 'issues' || r.phase === 'finish');
}

function isFreshness(v: unknown): v is Freshness {
  if (v === null || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  const n = (x: unknown) => x === null || typeof x === 'number';
  return n(f.staleSince) && n(f.lastEventAt) && n(f.checkAt);
}

export class KvScanStateStore implements ScanStateStore {
  constructor(readonly kv: BlobKv) {}

  async getRun(projectKey: string): Promise<ScanRun | null> {
    const value = await this.kv.get<unknown>(runKey(projectKey));
    return isRun(value) ? value : null;
  }
  async putRun(run: ScanRun): Promise<void> {
    await this.kv.set(runKey(run.projectKey), run);
  }
  async deleteRun(projectKey: string): Promise<void> {
    await this.kv.delete(runKey(projectKey));
  }
  async putMeta(projectKey: string, runId: string, meta: ScanMeta): Promise<void> {
    await putDocument(this.kv, `${runPrefix(projectKey, runId)}meta`, meta, runId);
  }
  async getMeta(projectKey: string, runId: string): Promise<ScanMeta | null> {
    return (await getDocument<ScanMeta>(this.kv, `${runPrefix(projectKey, runId)}meta`)) ?? null;
  }
  async putPage(projectKey: string, runId: string, page: number, issues: readonly IssueRecord[]): Promise<void> {
    await this.kv.set(pageKey(projectKey, runId, page), issues.map(encodeIssue));
  }
  async getPages(projectKey: string, runId: string, count: number): Promise<IssueRecord[][]> {
    const out: IssueRecord[][] = new Array<IssueRecord[]>(count);
    const CONCURRENCY = 16;
    let next = 1;
    const worker = async () => {
      while (next <= count) {
        const n = next++;
        const tuples = await this.kv.get<unknown>(pageKey(projectKey, runId, n));
        if (!Array.isArray(tuples) || !tuples.every(isIssueTuple)) throw new Error(`scan ${runId} of ${projectKey}: stored page ${n} is missing or unreadable`);
        out[n - 1] = (tuples as IssueTuple[]).map(decodeIssue);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
    return out;
  }
  async deleteRunData(projectKey: string, runId: string): Promise<void> {
    await deleteDocument(this.kv, `${runPrefix(projectKey, runId)}meta`);
    const keys = await this.kv.keys(`${runPrefix(projectKey, runId)}p:`);
    for (let i = 0; i < keys.length; i += 16) await Promise.all(keys.slice(i, i + 16).map((k) => this.kv.delete(k)));
  }
  async getFreshness(projectKey: string): Promise<Freshness> {
    const value = await this.kv.get<unknown>(freshKey(projectKey));
    return isFreshness(value) ? value : FRESH;
  }
  async putFreshness(projectKey: string, freshness: Freshness): Promise<void> {
    await this.kv.set(freshKey(projectKey), freshness);
  }
  async knownProjects(): Promise<string[]> {
    return (await this.kv.keys(IDX)).map((k) => k.slice(IDX.length)).filter((k) => isProjectKey(k));
  }
  async remember(projectKey: string): Promise<void> {
    await this.kv.set(`${IDX}${checkProject(projectKey)}`, 1);
  }
}

export function kvsScanStateStore(kvs: KvsLike): ScanStateStore {
  return new KvScanStateStore(kvsBlobKv(kvs));
}

export function memoryScanStateStore(kv: BlobKv = new MemoryBlobKv()): KvScanStateStore {
  return new KvScanStateStore(kv);
}
