/**
 * The portfolio's stored documents (keys in src/storage/keys.ts), each with its zod schema:
 *
 *   pf:p:KEY      one small summary per project, written by each completed scan: the five cells
 *                 (score, absent, findings), the weakest level, the diagnosis ids, the versions
 *                 (for release trains), the project's name and category, its score rows (the
 *                 days its scores changed); the source of truth, read alone by the gadget
 *   pf:c:N:GEN    chunk N of the portfolio: copies of many summaries in one value of at most
 *                 CHUNK_LIMIT_BYTES, written under a fresh generation key, never changed after
 *   pf:idx        the portfolio index: the projects in the portfolio (key, id, name, category,
 *                 type), when each one's summary was computed, and the chunks (each one's current
 *                 key and projects); a versioned head changed by compare-and-set, its entries in
 *                 the head or, for a large portfolio, in immutable index parts pf:i:N:GEN
 *                 (./portfolio-index.ts): the sync that applies the setting and every completed
 *                 scan change it at once
 *   pf:set        the analysed-projects setting (admin), versioned with expectedVersion
 *   pf:q          the site-wide queue of scans (pending keys, active keys with their start)
 *
 * The global page reads the whole portfolio at once, so it reads chunks: the index (three gets in
 * two round trips, plus its parts in one more for a portfolio past about 800 projects), then the
 * chunks it does not hold yet, all at once (a few gets in one round trip; a 500-project portfolio
 * fits in a handful). Chunks and index parts are immutable, so an instance keeps those it read and
 * a warm page view reads the index's head only. A completed scan writes its project's
 * summary, then a new generation of the chunk that holds it, then switches the index to that
 * generation by compare-and-set (a lost race deletes its generation and tries again); the old
 * generation is deleted last. A failed write never leaves the index naming a chunk that is not
 * there; a reader that finds a chunk gone (deleted after it read the index) or a summary not in a
 * chunk (an index from before chunks, a summary too large for one) reads those projects' own
 * summaries instead. No batch operation is used (KVS allows 45 a minute per installation).
 */
import { z } from 'zod';
import { DIAGNOSIS_IDS } from '../core/diagnosis';
import { LEVELS } from '../core/levels';
import { isProjectKey } from '../core/project-key';
import { deleteDocument, freshGeneration, getDocument, inBatches, PART_LIMIT_BYTES, putDocument, type Log } from './documents';
import type { KeyValueStore } from './key-value';
import { portfolioKeys } from './keys';
import { PortfolioIndexDocument, type ChunkRef, type PortfolioIndex, type PortfolioIndexEntry } from './portfolio-index';
import { VersionConflictError, VersionedDocument, type Versioned } from './versioned-document';

export type { PortfolioIndex, PortfolioIndexEntry } from './portfolio-index';

const projectKey = z.string().refine((k) => isProjectKey(k), 'a Jira project key');
const level = z.union(LEVELS.map((l) => z.literal(l)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<5>]);
const category = z.object({ id: z.string(), name: z.string() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const score = z.number().int().min(0).max(100);

const projectSummarySchema = z.object({
  schema: z.literal(1),
  projectKey,
  projectId: z.string(),
  name: z.string(),
  category: category.nullable(),
  /** When the scan's analysis ran (ISO-8601). */
  computedAt: z.string(),
  asOf: date,
  levels: z.array(z.object({ level, score, absent: z.boolean(), findings: z.number().int().nonnegative() })).length(5),
  weakestLevel: level,
  diagnosis: z.array(z.enum(DIAGNOSIS_IDS)),
  /** Every version of the project (release trains skip the archived ones). */
  versions: z.array(z.object({ id: z.string(), name: z.string(), releaseDate: date.nullable(), released: z.boolean(), archived: z.boolean() })),
  /** The project's score rows [date, level 1 … level 5], oldest first: the days a score changed within the last 400 (the trend's input). */
  days: z.array(z.tuple([date, score, score, score, score, score])),
});
export type ProjectSummaryDoc = z.infer<typeof projectSummarySchema>;

const chunkSchema = z.object({ schema: z.literal(1), summaries: z.array(projectSummarySchema) });
type ChunkDoc = z.infer<typeof chunkSchema>;

const portfolioScopeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all-software') }),
  z.object({ mode: z.literal('chosen'), projectKeys: z.array(projectKey), categoryIds: z.array(z.string()) }),
]);
export type PortfolioScope = z.infer<typeof portfolioScopeSchema>;

const portfolioSettingsSchema = z.object({ scope: portfolioScopeSchema, savedBy: z.string(), savedAt: z.string() });
export type PortfolioSettings = z.infer<typeof portfolioSettingsSchema>;

const siteQueueSchema = z.object({
  /** Waiting, in the order they came. */
  pending: z.array(projectKey),
  /** Scanning now, with when each started (epoch ms). */
  active: z.array(z.object({ key: projectKey, since: z.number() })),
  /** Why a pending project's scan was queued, when a refresh queued it (its rescan reconciles like the refresh's own). */
  reasons: z.record(z.string(), z.enum(['scheduled', 'config'])).optional(),
});
export type SiteQueue = z.infer<typeof siteQueueSchema>;

export const EMPTY_QUEUE: SiteQueue = { pending: [], active: [] };

/** What one chunk may hold (KVS allows 240 KiB a value; the rest is headroom). */
export const CHUNK_LIMIT_BYTES = PART_LIMIT_BYTES;
/** Compare-and-set attempts of one chunk change before it gives up. */
const MAX_CHUNK_ATTEMPTS = 12;
/** After a lost compare-and-set a writer waits a random part of this, doubling with each loss in a row. */
const CONFLICT_BACKOFF_MS = 10;
/** Chunks an instance keeps (immutable: kept until the index stops naming them): a 10,000-project portfolio's. */
const MAX_CACHED_CHUNKS = 256;
/** Own summaries read at once when a chunk cannot answer for them. */
const READ_CONCURRENCY = 16;

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export class PortfolioStore {
  readonly index: PortfolioIndexDocument;
  readonly settings: VersionedDocument<PortfolioSettings>;
  readonly queue: VersionedDocument<SiteQueue>;
  /** Summaries this instance read, by key; reused while the index names the same `computedAt`. */
  private readonly cache = new Map<string, ProjectSummaryDoc>();
  /** Chunks this instance read or wrote, by generation key. */
  private readonly chunkCache = new Map<string, ChunkDoc>();

  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: Log = (message) => console.error(message),
  ) {
    this.index = new PortfolioIndexDocument(kv, log);
    this.settings = new VersionedDocument(kv, portfolioKeys.settings, portfolioSettingsSchema, log);
    this.queue = new VersionedDocument(kv, portfolioKeys.queue, siteQueueSchema, log);
  }

  async putProject(doc: ProjectSummaryDoc): Promise<void> {
    const checked = projectSummarySchema.parse(doc);
    await putDocument(this.kv, portfolioKeys.project(checked.projectKey), checked, this.log);
    this.cache.set(checked.projectKey, checked);
  }

  async getProject(key: string): Promise<ProjectSummaryDoc | null> {
    return this.checked(key, await getDocument<unknown>(this.kv, portfolioKeys.project(key), this.log));
  }

  private checked(key: string, stored: unknown): ProjectSummaryDoc | null {
    if (stored === undefined) return null;
    const parsed = projectSummarySchema.safeParse(stored);
    if (!parsed.success) {
      this.log(`storage ${portfolioKeys.project(key)}: not a portfolio summary (${parsed.error.issues[0]?.message ?? 'invalid'}); read as missing`);
      return null;
    }
    this.cache.set(key, parsed.data);
    return parsed.data;
  }

  private remember(key: string, chunk: ChunkDoc): void {
    this.chunkCache.delete(key);
    this.chunkCache.set(key, chunk);
    while (this.chunkCache.size > MAX_CACHED_CHUNKS) this.chunkCache.delete(this.chunkCache.keys().next().value!);
  }

  /** A chunk by its generation key (cached: never changed after it is written); null when gone or unreadable. */
  private async getChunk(key: string): Promise<ChunkDoc | null> {
    const cached = this.chunkCache.get(key);
    if (cached !== undefined) return cached;
    const stored = await this.kv.get<unknown>(key);
    if (stored === undefined) return null;
    const parsed = chunkSchema.safeParse(stored);
    if (!parsed.success) {
      this.log(`storage ${key}: not a portfolio chunk (${parsed.error.issues[0]?.message ?? 'invalid'}); its projects are read one by one`);
      return null;
    }
    this.remember(key, parsed.data);
    return parsed.data;
  }

  /**
   * The summaries of the index entries that have one, by key: cached ones whose computedAt still
   * matches; the rest from the chunks `chunks` names (all read at once), and what no chunk holds
   * from the projects' own summaries.
   */
  async getProjects(entries: readonly PortfolioIndexEntry[], chunks: readonly ChunkRef[] = []): Promise<Map<string, ProjectSummaryDoc>> {
    const out = new Map<string, ProjectSummaryDoc>();
    const missing = new Map<string, string>();
    for (const e of entries) {
      if (e.computedAt === null) continue;
      const cached = this.cache.get(e.key);
      if (cached !== undefined && cached.computedAt === e.computedAt) out.set(e.key, cached);
      else missing.set(e.key, e.computedAt);
    }
    if (missing.size === 0) return out;
    const wanted = chunks.filter((c) => c.projects.some((k) => missing.has(k)));
    const read = await Promise.all(wanted.map((c) => this.getChunk(c.key)));
    for (const chunk of read) {
      for (const summary of chunk?.summaries ?? []) {
        if (missing.get(summary.projectKey) !== summary.computedAt) continue;
        this.cache.set(summary.projectKey, summary);
        out.set(summary.projectKey, summary);
        missing.delete(summary.projectKey);
      }
    }
    await inBatches([...missing.keys()], READ_CONCURRENCY, async (key) => {
      const doc = await this.getProject(key);
      if (doc !== null) out.set(key, doc);
    });
    return out;
  }

  async deleteProject(key: string): Promise<void> {
    this.cache.delete(key);
    await deleteDocument(this.kv, portfolioKeys.project(key), this.log);
  }

  /** The index (null when the setting was never applied). */
  async currentIndex(): Promise<PortfolioIndex | null> {
    return (await this.index.current()).doc;
  }

  /**
   * Records projects' new summaries (one, or a batch: the sync's newcomers): a new generation of
   * each chunk that changes (a summary goes into the chunk that holds it, or one with room) and
   * the index naming them, with each entry's computedAt, in one compare-and-set; null when none of
   * the projects is in the index.
   */
  async recordComputed(docs: ProjectSummaryDoc | readonly ProjectSummaryDoc[]): Promise<Versioned<PortfolioIndex> | null> {
    const puts = new Map((Array.isArray(docs) ? docs : [docs as ProjectSummaryDoc]).map((d) => [d.projectKey, d]));
    return this.changeChunks(puts, [], (index) => {
      const inChunk = new Set((index.chunks ?? []).flatMap((c) => c.projects));
      let changed = false;
      let known = false;
      const projects = index.projects.map((entry) => {
        const doc = puts.get(entry.key);
        if (doc === undefined) return entry;
        known = true;
        if (inChunk.has(entry.key) && entry.computedAt === doc.computedAt && entry.name === doc.name && entry.id === doc.projectId) return entry;
        changed = true;
        return { ...entry, id: doc.projectId, name: doc.name, computedAt: doc.computedAt };
      });
      if (!known) return null;
      return changed ? projects : 'same';
    });
  }

  /** Takes the summaries of projects that left the portfolio out of their chunks. */
  async dropFromChunks(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.changeChunks(new Map(), keys, (index) => index.projects);
  }

  /**
   * One compare-and-set of the index with the chunks it names: each of `puts` that is in the index
   * goes into the chunk that holds it when it fits there, else into the chunk with the most room
   * that it fits, else a new chunk (alone in no chunk when it is larger than one); `drop` leaves
   * its chunks, and so does any summary of a project no longer in the index when its chunk is
   * written again. `entries` gives the index's projects (null: the change does not apply; 'same':
   * nothing to change).
   */
  private async changeChunks(
    puts: ReadonlyMap<string, ProjectSummaryDoc>,
    drop: readonly string[],
    entries: (index: PortfolioIndex) => PortfolioIndexEntry[] | null | 'same',
  ): Promise<Versioned<PortfolioIndex> | null> {
    for (let attempt = 0; attempt < MAX_CHUNK_ATTEMPTS; attempt++) {
      const { version, doc: index } = await this.index.current();
      if (index === null) return null;
      const projects = entries(index);
      if (projects === null) return null;
      if (projects === 'same') return { version, doc: index };
      const members = new Set(projects.map((p) => p.key));
      const placing = [...puts.values()].filter((d) => members.has(d.projectKey));
      const leaving = new Set([...drop, ...placing.map((d) => d.projectKey)]);
      const chunks = index.chunks ?? [];
      if (placing.length === 0 && !chunks.some((c) => c.projects.some((k) => leaving.has(k)))) return { version, doc: index };
      // The chunks that change, with their next summaries and size.
      const next = new Map<number, { ref: ChunkRef | undefined; summaries: ProjectSummaryDoc[]; bytes: number }>();
      const open = async (c: ChunkRef) => {
        let entry = next.get(c.id);
        if (entry === undefined) {
          const kept = ((await this.getChunk(c.key))?.summaries ?? []).filter((x) => !leaving.has(x.projectKey) && members.has(x.projectKey));
          entry = { ref: c, summaries: kept, bytes: bytesOf({ schema: 1, summaries: kept }) };
          next.set(c.id, entry);
        }
        return entry;
      };
      for (const c of chunks) if (c.projects.some((k) => leaving.has(k))) await open(c);
      const homeOf = new Map(chunks.flatMap((c) => c.projects.map((k) => [k, c] as const)));
      let nextId = chunks.reduce((max, c) => Math.max(max, c.id + 1), 0);
      for (const put of placing) {
        const size = bytesOf(put) + 1;
        if (size + 40 > CHUNK_LIMIT_BYTES) {
          this.log(`storage ${portfolioKeys.project(put.projectKey)}: the summary (${size} bytes) is larger than a chunk; it is read on its own`);
          continue;
        }
        const bytesAfter = (c: ChunkRef) => next.get(c.id)?.bytes ?? c.bytes;
        const fits = (c: ChunkRef) => bytesAfter(c) + size <= CHUNK_LIMIT_BYTES;
        const home = homeOf.get(put.projectKey);
        const target =
          (home !== undefined && fits(home) ? home : undefined) ??
          chunks.filter(fits).sort((a, b) => bytesAfter(a) - bytesAfter(b))[0];
        if (target !== undefined) {
          const entry = await open(target);
          entry.summaries.push(put);
          entry.bytes += size;
        } else {
          // A new chunk; those begun by this batch take the next ones while they have room.
          const fresh = [...next.entries()].find(([, n]) => n.ref === undefined && n.bytes + size <= CHUNK_LIMIT_BYTES);
          if (fresh !== undefined) {
            fresh[1].summaries.push(put);
            fresh[1].bytes += size;
          } else next.set(nextId++, { ref: undefined, summaries: [put], bytes: bytesOf({ schema: 1, summaries: [put] }) });
        }
      }
      // Write the new generations, then switch the index to them.
      const written: { id: number; key: string; chunk: ChunkDoc; bytes: number; projects: string[] }[] = [];
      try {
        await inBatches([...next.entries()], READ_CONCURRENCY, async ([id, { summaries }]) => {
          if (summaries.length === 0) return;
          const chunk: ChunkDoc = { schema: 1, summaries: [...summaries].sort((a, b) => (a.projectKey < b.projectKey ? -1 : 1)) };
          const key = portfolioKeys.chunk(id, freshGeneration());
          const bytes = bytesOf(chunk);
          await this.kv.set(key, chunk);
          written.push({ id, key, chunk, bytes, projects: chunk.summaries.map((x) => x.projectKey) });
        });
        const nextChunks: ChunkRef[] = [
          ...chunks.filter((c) => !next.has(c.id)),
          ...written.map((w) => ({ id: w.id, key: w.key, projects: w.projects, bytes: w.bytes })),
        ].sort((a, b) => a.id - b.id);
        const result = await this.index.write(version, { ...index, projects, chunks: nextChunks });
        for (const w of written) this.remember(w.key, w.chunk);
        // The generations the index no longer names (a reader that still holds them falls back).
        const superseded = [...next.values()].flatMap((n) => (n.ref === undefined ? [] : [n.ref.key]));
        await inBatches(superseded, READ_CONCURRENCY, async (key) => {
          this.chunkCache.delete(key);
          try {
            await this.kv.delete(key);
          } catch (error) {
            this.log(`storage ${key}: a superseded chunk could not be deleted: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
        return result;
      } catch (error) {
        // This attempt's generations are named by no index: delete them (a failure only leaves stray keys).
        await Promise.all(written.map((w) => this.kv.delete(w.key).catch(() => undefined)));
        if (!(error instanceof VersionConflictError)) throw error;
        // Writers that collided try again at different moments (a random wait, doubling, up to 0.3 s).
        await new Promise((resolve) => setTimeout(resolve, Math.random() * CONFLICT_BACKOFF_MS * 2 ** Math.min(attempt, 5)));
      }
    }
    throw new Error(`storage ${portfolioKeys.index}: gave up after ${MAX_CHUNK_ATTEMPTS} concurrent changes of the chunks`);
  }
}
