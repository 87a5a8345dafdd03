/**
 * The portfolio index (the projects of the portfolio, when each one's summary was computed, and
 * the chunks of summaries) as one logical document over several KVS values, so that it has room
 * for a site's 10,000 projects (one value holds 240 KiB: about 2,000 entries).
 *
 *   pf:idx:head, pf:idx:v:N   the head, versioned and switched by compare-and-set
 *                             (./versioned-document.ts): the chunks (id, key, bytes), and either
 *                             the entries themselves (a small portfolio: one value, as before) or
 *                             the index parts that hold them
 *   pf:i:NNNN:GEN             index part NNNN, generation GEN: the entries of one range of project
 *                             keys, at most PART_BYTES; written once under a fresh generation and
 *                             never changed
 *
 * A write computes the next parts from the previous head's: the entries are cut at the previous
 * parts' first keys, a range whose entries did not change keeps its part (same key, not written
 * again), a changed one gets a new generation, a range grown past PART_BYTES is cut in two. So a
 * scan's write rewrites one part and the head, whatever the portfolio's size. The new parts are
 * written first, then the head switches to them (compare-and-set on its version); a writer that
 * loses the race deletes the parts it wrote and the caller starts again from the newer head; the
 * winner deletes the parts it replaced, last. A failure before the switch leaves the previous
 * version whole and readable; after it, at worst stray keys.
 *
 * A read is the head (two round trips, as any versioned document), then the parts this instance
 * does not hold yet, all at once (a part is immutable, so a warm instance reads the head only). A
 * part gone when read (replaced and deleted after the head was read) means a newer head: the read
 * starts again. Each entry names the chunk that holds its summary (`chunk`), so the head's chunk
 * references stay a few bytes each; the logical index gives each chunk its projects again.
 * Indexes written before parts (`schema: 1`: entries inline, each chunk with its project keys)
 * are read as they are and written in the new form at their next change.
 */
import { z } from 'zod';
import { isProjectKey } from '../core/project-key';
import { freshGeneration, inBatches, type Log } from './documents';
import type { KeyValueStore } from './key-value';
import { portfolioKeys } from './keys';
import { compareAndSet, VersionConflictError, VersionedDocument, type Versioned } from './versioned-document';

const projectKey = z.string().refine((k) => isProjectKey(k), 'a Jira project key');
const category = z.object({ id: z.string(), name: z.string() });

const indexEntry = z.object({
  key: projectKey,
  id: z.string(),
  name: z.string(),
  category: category.nullable(),
  /** Jira's project type (software, business, service_desk), for the address of the project's page; absent in indexes written before it. */
  type: z.string().optional(),
  /** The `computedAt` of the project's stored summary; null until its first scan completes. */
  computedAt: z.string().nullable(),
});
export type PortfolioIndexEntry = z.infer<typeof indexEntry>;

const chunkRef = z.object({
  id: z.number().int().nonnegative(),
  /** The current generation's key (pf:c:N:GEN). */
  key: z.string(),
  /** The projects whose summary it holds. */
  projects: z.array(projectKey),
  bytes: z.number().int().nonnegative(),
});
export type ChunkRef = z.infer<typeof chunkRef>;

/** The index as its readers and writers see it, whatever its layout in storage. */
export interface PortfolioIndex {
  schema: 1;
  /** By key. */
  projects: PortfolioIndexEntry[];
  /** The chunks of summaries (absent in indexes written before them). */
  chunks?: ChunkRef[];
  /** When the setting was last applied to the site's projects (ISO-8601). */
  syncedAt: string;
}

/** An entry as stored: with the chunk that holds the project's summary. */
const storedEntry = indexEntry.extend({ chunk: z.number().int().nonnegative().optional() });
type StoredEntry = z.infer<typeof storedEntry>;

const partRef = z.object({
  id: z.number().int().nonnegative(),
  /** pf:i:NNNN:GEN */
  key: z.string(),
  /** The first project key of its range (the first part's range starts before every key). */
  first: projectKey,
  count: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
type PartRef = z.infer<typeof partRef>;

const headV1 = z.object({ schema: z.literal(1), projects: z.array(indexEntry), chunks: z.array(chunkRef).optional(), syncedAt: z.string() });
const headV2 = z.object({
  schema: z.literal(2),
  syncedAt: z.string(),
  chunks: z.array(z.object({ id: z.number().int().nonnegative(), key: z.string(), bytes: z.number().int().nonnegative() })),
  /** The entries, when they fit in the head. */
  projects: z.array(storedEntry).optional(),
  /** Else the parts that hold them, in key order. */
  parts: z.array(partRef).optional(),
});
const headSchema = z.union([headV1, headV2]);
type Head = z.infer<typeof headSchema>;
type HeadV2 = z.infer<typeof headV2>;

const partSchema = z.object({ schema: z.literal(1), projects: z.array(storedEntry) });

/** The entries stay in the head up to this size, so a portfolio of a few hundred projects is still one value. */
export const INLINE_ENTRIES_BYTES = 100 * 1024;
/** What one index part may hold (KVS allows 240 KiB a value); a scan's write rewrites one. */
export const PART_BYTES = 100 * 1024;
/** A range cut anew fills its parts to this share, so that they have room to grow. */
const FILL = 0.75;
/** Parts an instance keeps (immutable: kept until the head stops naming them). */
const MAX_CACHED_PARTS = 256;
/** Parts written or deleted at once. */
const WRITE_CONCURRENCY = 8;
/** Reads of the head that found a part gone before the read gives up. */
const READ_ATTEMPTS = 4;

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** A failed read of a part named by the head: gone (replaced meanwhile) or not a part. */
class PartGone extends Error {}

export class PortfolioIndexDocument {
  private readonly head: VersionedDocument<Head>;
  /** Parts this instance read or wrote, by key. */
  private readonly parts = new Map<string, StoredEntry[]>();
  /** The last head this instance read or wrote, with its version: the next write's parts start from it. */
  private last: { version: number; head: Head } | undefined;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: Log,
  ) {
    this.head = new VersionedDocument(kv, portfolioKeys.index, headSchema, log);
  }

  /** The current version of the index (0 and null when none was written). */
  async current(): Promise<{ version: number; doc: PortfolioIndex | null }> {
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const { version, doc } = await this.head.current();
      if (doc === null) return { version, doc: null };
      try {
        const entries = await this.entriesOf(doc);
        this.last = { version, head: doc };
        return { version, doc: logical(doc, entries) };
      } catch (error) {
        if (!(error instanceof PartGone)) throw error;
        // Replaced by a newer head meanwhile: read that one.
      }
    }
    throw new Error(`storage ${portfolioKeys.index}: its parts changed faster than they could be read`);
  }

  /** Writes `doc` as the version after `expectedVersion`; VersionConflictError when that is not the latest. */
  async write(expectedVersion: number, doc: PortfolioIndex): Promise<Versioned<PortfolioIndex>> {
    let previous = this.last?.version === expectedVersion ? this.last.head : undefined;
    if (previous === undefined) {
      // Not the version this instance read last: the parts to start from are the stored head's.
      const stored = await this.head.current();
      if (stored.version !== expectedVersion) throw new VersionConflictError(expectedVersion, stored.version);
      previous = stored.doc ?? undefined;
    }
    const { head, written } = this.layout(doc, previous);
    try {
      await inBatches(written, WRITE_CONCURRENCY, async ({ key, entries }) => {
        await this.kv.set(key, { schema: 1, projects: entries });
        this.remember(key, entries);
      });
      const result = await this.head.write(expectedVersion, head);
      this.last = { version: result.version, head };
    } catch (error) {
      // Parts no head names: delete them (a failure only leaves stray keys).
      await inBatches(written, WRITE_CONCURRENCY, async ({ key }) => {
        this.parts.delete(key);
        await this.kv.delete(key).catch(() => undefined);
      });
      throw error;
    }
    // The parts the previous version named and this one does not (a reader that still holds them reads again).
    const kept = new Set((head.parts ?? []).map((p) => p.key));
    const superseded = previous?.schema === 2 ? (previous.parts ?? []).filter((p) => !kept.has(p.key)).map((p) => p.key) : [];
    await inBatches(superseded, WRITE_CONCURRENCY, async (key) => {
      this.parts.delete(key);
      try {
        await this.kv.delete(key);
      } catch (error) {
        this.log(`storage ${key}: a superseded index part could not be deleted: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    return { version: this.last!.version, doc: { ...doc, projects: [...doc.projects].sort(byKey), chunks: doc.chunks ?? [] } };
  }

  /**
   * Read, change, write, retried when another writer came first. `change` gets the current
   * index (null when none) and returns the next one, or null to leave it as it is.
   */
  async update(change: (current: PortfolioIndex | null) => PortfolioIndex | null): Promise<Versioned<PortfolioIndex> | null> {
    return compareAndSet(this, change, portfolioKeys.index);
  }

  private remember(key: string, entries: StoredEntry[]): void {
    this.parts.delete(key);
    this.parts.set(key, entries);
    while (this.parts.size > MAX_CACHED_PARTS) this.parts.delete(this.parts.keys().next().value!);
  }

  /** The stored entries of a head: inline, or from its parts (those not held yet, all at once). */
  private async entriesOf(head: Head): Promise<StoredEntry[]> {
    if (head.schema === 1) {
      const chunkOf = new Map((head.chunks ?? []).flatMap((c) => c.projects.map((k) => [k, c.id] as const)));
      return head.projects.map((e) => (chunkOf.has(e.key) ? { ...e, chunk: chunkOf.get(e.key)! } : e));
    }
    if (head.parts === undefined) return head.projects ?? [];
    const read = await Promise.all(
      head.parts.map(async (p) => {
        const held = this.parts.get(p.key);
        if (held !== undefined) return held;
        const stored = await this.kv.get<unknown>(p.key);
        if (stored === undefined) throw new PartGone(p.key);
        const parsed = partSchema.safeParse(stored);
        if (!parsed.success) {
          this.log(`storage ${p.key}: not a portfolio index part (${parsed.error.issues[0]?.message ?? 'invalid'}); the index is read again`);
          throw new PartGone(p.key);
        }
        this.remember(p.key, parsed.data.projects);
        return parsed.data.projects;
      }),
    );
    return read.flat();
  }

  /** The head that stores `doc`, and the parts to write first (the previous head's parts reused where their entries did not change). */
  private layout(doc: PortfolioIndex, previous: Head | undefined): { head: HeadV2; written: { key: string; entries: StoredEntry[] }[] } {
    const chunkOf = new Map((doc.chunks ?? []).flatMap((c) => c.projects.map((k) => [k, c.id] as const)));
    const entries: StoredEntry[] = [...doc.projects].sort(byKey).map((e) => {
      const { key, id, name, category: cat, type, computedAt } = e;
      const chunk = chunkOf.get(key);
      return { key, id, name, category: cat, ...(type === undefined ? {} : { type }), computedAt, ...(chunk === undefined ? {} : { chunk }) };
    });
    const chunks = (doc.chunks ?? []).map((c) => ({ id: c.id, key: c.key, bytes: c.bytes }));
    const base = { schema: 2 as const, syncedAt: doc.syncedAt, chunks };
    const previousParts = previous?.schema === 2 ? (previous.parts ?? []) : [];
    if (bytesOf(entries) <= INLINE_ENTRIES_BYTES && previousParts.length === 0) return { head: { ...base, projects: entries }, written: [] };

    // Cut the entries at the previous parts' first keys; keep a part whose range did not change.
    const ranges: { previous: PartRef | undefined; entries: StoredEntry[] }[] = previousParts.length === 0 ? [{ previous: undefined, entries }] : previousParts.map((p) => ({ previous: p, entries: [] }));
    if (previousParts.length > 0) {
      let at = 0;
      for (const e of entries) {
        while (at + 1 < previousParts.length && e.key >= previousParts[at + 1]!.first) at++;
        ranges[at]!.entries.push(e);
      }
    }
    let nextId = previousParts.reduce((max, p) => Math.max(max, p.id + 1), 0);
    const parts: PartRef[] = [];
    const written: { key: string; entries: StoredEntry[] }[] = [];
    for (const range of ranges) {
      if (range.entries.length === 0) continue;
      const held = range.previous === undefined ? undefined : this.parts.get(range.previous.key);
      if (range.previous !== undefined && held !== undefined && JSON.stringify(held) === JSON.stringify(range.entries)) {
        parts.push({ ...range.previous, first: range.entries[0]!.key });
        continue;
      }
      const bytes = bytesOf(range.entries);
      const pieces = bytes <= PART_BYTES ? [range.entries] : cut(range.entries, Math.ceil(bytes / (PART_BYTES * FILL)));
      pieces.forEach((piece, i) => {
        const id = i === 0 && range.previous !== undefined ? range.previous.id : nextId++;
        const key = portfolioKeys.indexPart(id, freshGeneration());
        written.push({ key, entries: piece });
        parts.push({ id, key, first: piece[0]!.key, count: piece.length, bytes: bytesOf(piece) });
      });
    }
    return { head: { ...base, parts }, written };
  }
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** `entries` in `n` runs of about the same number. */
function cut<T>(entries: readonly T[], n: number): T[][] {
  const size = Math.ceil(entries.length / n);
  const out: T[][] = [];
  for (let i = 0; i < entries.length; i += size) out.push(entries.slice(i, i + size));
  return out;
}

/** The index as readers see it: entries without their chunk, and each chunk with its projects. */
function logical(head: Head, stored: readonly StoredEntry[]): PortfolioIndex {
  if (head.schema === 1) return head;
  const members = new Map<number, string[]>();
  const projects = stored.map(({ chunk, ...entry }) => {
    if (chunk !== undefined) {
      const keys = members.get(chunk);
      if (keys === undefined) members.set(chunk, [entry.key]);
      else keys.push(entry.key);
    }
    return entry;
  });
  return { schema: 1, syncedAt: head.syncedAt, projects, chunks: head.chunks.map((c) => ({ ...c, projects: members.get(c.id) ?? [] })) };
}
