/**
 * The last complete result of each project, stored so the project page answers without reading
 * Jira, in the same time whatever the project's size (keys: src/storage/keys.ts):
 *
 *   res:KEY:sum              the summary: the page's DTO with the first findings of each level,
 *                            the totals, where each findings chunk starts, and which run wrote it
 *   res:KEY:runs             the runs whose chunks may exist (the head run and any left behind)
 *   res:KEY:RUN:f:L:0000 …   all findings of level L, cut by bytes under the KVS value limit
 *   res:KEY:RUN:i:0000 …     the same findings by issue key, in buckets (src/storage/finding-index.ts)
 *
 * A new result first records its run in `runs`, writes its chunks, then the summary that points
 * to them (the switch), then deletes the chunks of every other run in `runs` by their known
 * keys. A write failing anywhere leaves the previous summary and its chunks readable; the next
 * result deletes what the failed one left behind.
 */
import { LEVELS, type Level } from '../core/levels';
import { deleteDocument, getDocument, inBatches, putDocument, type Log } from './documents';
import { MemoryKeyValueStore, type KeyValueStore } from './key-value';
import { bucketOf, buildIndex } from './finding-index';
import { checkRunId, resultKeys } from './keys';
import {
  findingsChunkSchema,
  indexBucketSchema,
  resultRunsSchema,
  resultSummarySchema,
  storedProjectHealthSchema,
  whyUnreadable,
  type IndexBucket,
  type ResultRun,
  type StoredFinding,
  type StoredProjectHealth,
} from './schemas';

/** A findings chunk holds at most this many findings and at most CHUNK_LIMIT_BYTES of JSON. */
const FINDINGS_PER_CHUNK = 200;
const CHUNK_LIMIT_BYTES = 200 * 1024;
/** Findings per level that travel with the summary (the first page of each drill-down). */
const SUMMARY_FINDINGS_PER_LEVEL = 50;

export interface StoredResultSummary {
  schema: 2;
  projectKey: string;
  runId: string;
  /** The project's health as stored; `findings` holds only the first SUMMARY_FINDINGS_PER_LEVEL of each level. */
  health: StoredProjectHealth;
  findingTotals: Record<Level, number>;
  /** Per level, the offset of the first finding of each chunk (chunk n starts at chunkStarts[level][n]). */
  chunkStarts: Record<Level, number[]>;
  issueCount: number;
  /** Wall time of the scan that produced it, from its start to its end. */
  scanDurationMs: number;
  searchPages: number;
  /** Buckets of the findings-by-issue index (absent in results stored before the index existed). */
  indexBuckets?: number;
}

/** The stored findings about some issues, read through the index. */
export interface IssueFindings {
  runId: string;
  /** When the result was computed (ISO-8601). */
  computedAt: string;
  /** The findings about each issue asked for that has any. */
  byIssue: Map<string, StoredFinding[]>;
}

export type ResultMeta = Omit<StoredResultSummary, 'schema' | 'findingTotals' | 'chunkStarts' | 'health'>;

export interface ScanResultStore {
  put(meta: ResultMeta, health: StoredProjectHealth): Promise<StoredResultSummary>;
  summary(projectKey: string): Promise<StoredResultSummary | null>;
  /** Findings of one level from `offset`, at most `limit` (≤ FINDINGS_PER_CHUNK) — one or two reads. */
  findings(projectKey: string, level: Level, offset: number, limit: number): Promise<{ findings: StoredFinding[]; total: number } | null>;
  /**
   * The findings about these issues (the summary, then one read per distinct bucket); null when
   * the project has no stored result, or one stored before the index existed.
   */
  findingsOfIssues(projectKey: string, issueKeys: readonly string[]): Promise<IssueFindings | null>;
  /** Deletes the project's result: the summary, every recorded run's chunks and index buckets, the run list (by known keys). */
  deleteAll(projectKey: string): Promise<void>;
}

/** Schema 1 cut every level into chunks of exactly FINDINGS_PER_CHUNK. */
function fixedStarts(total: number): number[] {
  return Array.from({ length: Math.ceil(total / FINDINGS_PER_CHUNK) }, (_, i) => i * FINDINGS_PER_CHUNK);
}

/** Cuts one level's findings into chunks of at most FINDINGS_PER_CHUNK findings and CHUNK_LIMIT_BYTES. */
export function cutChunks(findings: readonly StoredFinding[], limitBytes = CHUNK_LIMIT_BYTES): StoredFinding[][] {
  const chunks: StoredFinding[][] = [];
  let current: StoredFinding[] = [];
  let bytes = 2;
  for (const finding of findings) {
    const size = Buffer.byteLength(JSON.stringify(finding)) + 1;
    if (size + 2 > limitBytes) throw new Error(`a ${finding.kind} finding${finding.issueKey ? ` on ${finding.issueKey}` : ''} takes ${size} bytes, more than a storage value holds`);
    if (current.length > 0 && (current.length >= FINDINGS_PER_CHUNK || bytes + size > limitBytes)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function chunkCounts(summary: StoredResultSummary): Record<Level, number> {
  return Object.fromEntries(LEVELS.map((l) => [l, summary.chunkStarts[l].length])) as Record<Level, number>;
}

export class KvScanResultStore implements ScanResultStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: Log = (message) => console.error(message),
  ) {}

  private async runs(projectKey: string): Promise<ResultRun[]> {
    const stored = await this.kv.get<unknown>(resultKeys.runs(projectKey));
    if (stored === undefined) return [];
    const parsed = resultRunsSchema.safeParse(stored);
    if (!parsed.success) this.log(`storage ${resultKeys.runs(projectKey)}: unreadable, read as empty`);
    return parsed.success ? parsed.data : [];
  }

  private async deleteChunks(projectKey: string, run: ResultRun): Promise<void> {
    const keys = [
      ...LEVELS.flatMap((l) => Array.from({ length: run.chunks[l] }, (_, n) => resultKeys.chunk(projectKey, run.runId, l, n))),
      ...Array.from({ length: run.index ?? 0 }, (_, n) => resultKeys.indexBucket(projectKey, run.runId, n)),
    ];
    await inBatches(keys, 16, (k) => this.kv.delete(k));
  }

  async put(meta: ResultMeta, document: StoredProjectHealth): Promise<StoredResultSummary> {
    const { projectKey, runId } = meta;
    checkRunId(runId);
    // Exactly the stored format: whatever else the caller's object carries is not persisted.
    const health = storedProjectHealthSchema.parse(document);
    const byLevel = new Map<Level, StoredFinding[]>(LEVELS.map((l) => [l, []]));
    for (const f of health.findings) byLevel.get(f.level)!.push(f);
    const chunked = new Map<Level, StoredFinding[][]>(LEVELS.map((l) => [l, cutChunks(byLevel.get(l)!)]));
    const index = buildIndex(health.findings);
    const mine: ResultRun = { runId, chunks: Object.fromEntries(LEVELS.map((l) => [l, chunked.get(l)!.length])) as Record<Level, number>, index: index.length };

    // 1. Record the run before its first chunk lands, so a failure from here on leaves nothing unaccounted for.
    const previous = await this.summary(projectKey);
    const others = (await this.runs(projectKey)).filter((r) => r.runId !== runId);
    if (previous !== null && previous.runId !== runId && !others.some((r) => r.runId === previous.runId)) {
      others.push({ runId: previous.runId, chunks: chunkCounts(previous), ...(previous.indexBuckets !== undefined ? { index: previous.indexBuckets } : {}) });
    }
    await this.kv.set(resultKeys.runs(projectKey), [...others, mine]);

    // 2. The chunks, under this run's id.
    const writes = LEVELS.flatMap((l) => chunked.get(l)!.map((chunk, n) => [resultKeys.chunk(projectKey, runId, l, n), chunk] as const));
    await inBatches(writes, 8, ([k, v]) => this.kv.set(k, v));
    await inBatches(index, 8, (bucket, n) => this.kv.set(resultKeys.indexBucket(projectKey, runId, n), bucket));

    // 3. The switch: the summary that points to them.
    const chunkStarts = {} as Record<Level, number[]>;
    for (const l of LEVELS) {
      let at = 0;
      chunkStarts[l] = chunked.get(l)!.map((c) => ((at += c.length), at - c.length));
    }
    const summary: StoredResultSummary = {
      schema: 2,
      ...meta,
      findingTotals: Object.fromEntries(LEVELS.map((l) => [l, byLevel.get(l)!.length])) as Record<Level, number>,
      chunkStarts,
      indexBuckets: index.length,
      health: { ...health, findings: LEVELS.flatMap((l) => byLevel.get(l)!.slice(0, SUMMARY_FINDINGS_PER_LEVEL)) },
    };
    await putDocument(this.kv, resultKeys.summary(projectKey), summary, this.log);

    // 4. Runs that no longer head a result: delete their chunks by known keys (a failure is logged and retried next time).
    try {
      for (const run of others) await this.deleteChunks(projectKey, run);
      await this.kv.set(resultKeys.runs(projectKey), [mine]);
    } catch (error) {
      this.log(`storage ${resultKeys.runs(projectKey)}: could not delete the chunks of earlier runs (the next result retries): ${error instanceof Error ? error.message : String(error)}`);
    }
    return summary;
  }

  async deleteAll(projectKey: string): Promise<void> {
    const runs = await this.runs(projectKey);
    const summary = await this.summary(projectKey);
    if (summary !== null && !runs.some((r) => r.runId === summary.runId)) {
      runs.push({ runId: summary.runId, chunks: chunkCounts(summary), ...(summary.indexBuckets !== undefined ? { index: summary.indexBuckets } : {}) });
    }
    // The summary first: from then on nothing points to the chunks, whatever fails after.
    await deleteDocument(this.kv, resultKeys.summary(projectKey), this.log);
    for (const run of runs) await this.deleteChunks(projectKey, run);
    await this.kv.delete(resultKeys.runs(projectKey));
  }

  async summary(projectKey: string): Promise<StoredResultSummary | null> {
    const key = resultKeys.summary(projectKey);
    const value = await getDocument<unknown>(this.kv, key, this.log);
    if (value === undefined) return null;
    const parsed = resultSummarySchema.safeParse(value);
    if (!parsed.success) {
      this.log(`storage ${key}: not a result summary (${whyUnreadable(parsed.error)}); read as missing`);
      return null;
    }
    const { chunkStarts, ...s } = parsed.data;
    if (s.schema === 2 && chunkStarts !== undefined) return { ...s, schema: 2, chunkStarts };
    return { ...s, schema: 2, chunkStarts: Object.fromEntries(LEVELS.map((l) => [l, fixedStarts(s.findingTotals[l])])) as Record<Level, number[]> };
  }

  async findings(projectKey: string, level: Level, offset: number, limit: number): Promise<{ findings: StoredFinding[]; total: number } | null> {
    const summary = await this.summary(projectKey);
    if (summary === null) return null;
    const total = summary.findingTotals[level] ?? 0;
    const take = Math.max(0, Math.min(limit, FINDINGS_PER_CHUNK, total - offset));
    if (take === 0) return { findings: [], total };
    const starts = summary.chunkStarts[level];
    // The chunk holding `offset`, then as many after it as cover `take` findings.
    let first = 0;
    while (first + 1 < starts.length && starts[first + 1]! <= offset) first++;
    let last = first;
    while (last + 1 < starts.length && starts[last + 1]! < offset + take) last++;
    const chunks = await Promise.all(
      Array.from({ length: last - first + 1 }, async (_, i) => {
        const key = resultKeys.chunk(projectKey, summary.runId, level, first + i);
        const parsed = findingsChunkSchema.safeParse(await this.kv.get<unknown>(key));
        if (!parsed.success) this.log(`storage ${key}: missing or unreadable (${whyUnreadable(parsed.error)}); its findings are left out`);
        return parsed.success ? parsed.data : [];
      }),
    );
    const flat = chunks.flat();
    const start = offset - starts[first]!;
    return { findings: flat.slice(start, start + take), total };
  }

  async findingsOfIssues(projectKey: string, issueKeys: readonly string[]): Promise<IssueFindings | null> {
    const summary = await this.summary(projectKey);
    if (summary === null || summary.indexBuckets === undefined) return null;
    const buckets = summary.indexBuckets;
    const wanted = [...new Set(issueKeys.map((k) => bucketOf(k, buckets)))];
    const read = await Promise.all(
      wanted.map(async (n) => {
        const key = resultKeys.indexBucket(projectKey, summary.runId, n);
        const parsed = indexBucketSchema.safeParse(await this.kv.get<unknown>(key));
        if (!parsed.success) this.log(`storage ${key}: missing or unreadable (${whyUnreadable(parsed.error)}); its issues show no findings`);
        return parsed.success ? parsed.data : ({} as IndexBucket);
      }),
    );
    const byIssue = new Map<string, StoredFinding[]>();
    for (const key of issueKeys) {
      for (const bucket of read) {
        const list = Object.hasOwn(bucket, key) ? bucket[key] : undefined;
        if (list !== undefined) byIssue.set(key, list);
      }
    }
    return { runId: summary.runId, computedAt: summary.health.computedAt, byIssue };
  }
}

export function memoryScanResultStore(kv: KeyValueStore = new MemoryKeyValueStore()): ScanResultStore {
  return new KvScanResultStore(kv);
}
