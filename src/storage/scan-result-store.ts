/**
 * The last complete result of each project, stored so the project page answers without reading
 * Jira, in the same time whatever the project's size:
 *
 *   res:KEY:sum                 the summary: the page's DTO with the first findings of each level,
 *                               the totals, and which run wrote it (a document; inline when small)
 *   res:KEY:RUN:f:L:0000 …      all findings of level L, FINDINGS_PER_CHUNK per key, for paging
 *
 * A new result writes its chunks first (under its run id), then the summary that points to them,
 * then deletes the previous run's chunks: a reader never sees a mix of two results.
 */
import type { FindingDto, ProjectHealthDto } from '../contract/resolvers';
import { LEVELS, type Level } from '../core/levels';
import { isProjectKey } from '../core/project-key';
import { getDocument, kvsBlobKv, MemoryBlobKv, putDocument, type BlobKv } from './blob-kv';
import type { KvsLike } from './key-value';

export const FINDINGS_PER_CHUNK = 200;
/** Findings per level that travel with the summary (the first page of each drill-down). */
export const SUMMARY_FINDINGS_PER_LEVEL = 50;

export interface StoredResultSummary {
  schema: 1;
  projectKey: string;
  runId: string;
  /** The page's DTO; `findings` holds only the first SUMMARY_FINDINGS_PER_LEVEL of each level. */
  health: ProjectHealthDto;
  findingTotals: Record<Level, number>;
  issueCount: number;
  /** Wall time of the scan that produced it, from its start to its end. */
  scanDurationMs: number;
  searchPages: number;
}

export interface ScanResultStore {
  put(summary: Omit<StoredResultSummary, 'schema' | 'findingTotals' | 'health'>, health: ProjectHealthDto): Promise<StoredResultSummary>;
  summary(projectKey: string): Promise<StoredResultSummary | null>;
  /** Findings of one level from `offset`, at most `limit` (≤ FINDINGS_PER_CHUNK) — one or two reads. */
  findings(projectKey: string, level: Level, offset: number, limit: number): Promise<{ findings: FindingDto[]; total: number } | null>;
}

function checkProject(projectKey: string): string {
  if (!isProjectKey(projectKey)) throw new Error(`invalid project key ${JSON.stringify(projectKey)}`);
  return projectKey;
}
const summaryKey = (p: string) => `res:${checkProject(p)}:sum`;
const runPrefix = (p: string, runId: string) => `res:${checkProject(p)}:${runId}:`;
const chunkKey = (p: string, runId: string, level: Level, n: number) => `${runPrefix(p, runId)}f:${level}:${String(n).padStart(4, '0')}`;

function isSummary(v: unknown): v is StoredResultSummary {
  if (v === null || typeof v !== 'object') return false;
  const s = v as Partial<StoredResultSummary>;
  return s.schema === 1 && typeof s.runId === 'string' && typeof s.projectKey === 'string' && s.health !== undefined && typeof s.findingTotals === 'object';
}

export class KvScanResultStore implements ScanResultStore {
  constructor(private readonly kv: BlobKv) {}

  async put(meta: Omit<StoredResultSummary, 'schema' | 'findingTotals' | 'health'>, health: ProjectHealthDto): Promise<StoredResultSummary> {
    const { projectKey, runId } = meta;
    if (!/^[a-z0-9]{1,40}$/.test(runId)) throw new Error(`invalid run id ${JSON.stringify(runId)}`);
    const previous = await this.summary(projectKey);
    const byLevel = new Map<Level, FindingDto[]>(LEVELS.map((l) => [l, []]));
    for (const f of health.findings) byLevel.get(f.level)!.push(f);
    const writes: [string, FindingDto[]][] = [];
    for (const [level, list] of byLevel) {
      for (let at = 0, n = 0; at < list.length; at += FINDINGS_PER_CHUNK, n++) writes.push([chunkKey(projectKey, runId, level, n), list.slice(at, at + FINDINGS_PER_CHUNK)]);
    }
    for (let i = 0; i < writes.length; i += 8) await Promise.all(writes.slice(i, i + 8).map(([k, v]) => this.kv.set(k, v)));
    const findingTotals = Object.fromEntries(LEVELS.map((l) => [l, byLevel.get(l)!.length])) as Record<Level, number>;
    const summary: StoredResultSummary = {
      schema: 1,
      ...meta,
      findingTotals,
      health: { ...health, findings: LEVELS.flatMap((l) => byLevel.get(l)!.slice(0, SUMMARY_FINDINGS_PER_LEVEL)) },
    };
    await putDocument(this.kv, summaryKey(projectKey), summary, runId);
    if (previous !== null && previous.runId !== runId) {
      const old = await this.kv.keys(runPrefix(projectKey, previous.runId));
      for (let i = 0; i < old.length; i += 16) await Promise.all(old.slice(i, i + 16).map((k) => this.kv.delete(k)));
    }
    return summary;
  }

  async summary(projectKey: string): Promise<StoredResultSummary | null> {
    const value = await getDocument<unknown>(this.kv, summaryKey(projectKey));
    return isSummary(value) ? value : null;
  }

  async findings(projectKey: string, level: Level, offset: number, limit: number): Promise<{ findings: FindingDto[]; total: number } | null> {
    const summary = await this.summary(projectKey);
    if (summary === null) return null;
    const total = summary.findingTotals[level] ?? 0;
    const take = Math.max(0, Math.min(limit, FINDINGS_PER_CHUNK, total - offset));
    if (take === 0) return { findings: [], total };
    const first = Math.floor(offset / FINDINGS_PER_CHUNK);
    const last = Math.floor((offset + take - 1) / FINDINGS_PER_CHUNK);
    const chunks = await Promise.all(
      Array.from({ length: last - first + 1 }, (_, i) => this.kv.get<FindingDto[]>(chunkKey(projectKey, summary.runId, level, first + i))),
    );
    const flat = chunks.flatMap((c) => (Array.isArray(c) ? c : []));
    const start = offset - first * FINDINGS_PER_CHUNK;
    return { findings: flat.slice(start, start + take), total };
  }
}

export function kvsScanResultStore(kvs: KvsLike): ScanResultStore {
  return new KvScanResultStore(kvsBlobKv(kvs));
}

export function memoryScanResultStore(kv: BlobKv = new MemoryBlobKv()): ScanResultStore {
  return new KvScanResultStore(kv);
}
