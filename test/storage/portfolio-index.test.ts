/**
 * The portfolio index split over immutable parts (src/storage/portfolio-index.ts): 10,000
 * projects stored and read back with no value over KVS's limit; a scan's write rewrites one part;
 * racing writers lose no project; a failed part write leaves the previous version readable; a
 * reader during a switch reads the new version whole; an index written before parts still reads.
 */
import { storeSummaries, syntheticSummaries } from '../../dev/bench/portfolio-summaries';
import { KVS_VALUE_LIMIT_BYTES, MemoryKeyValueStore, type KeyValueStore } from '../../src/storage/key-value';
import { versionedKeys } from '../../src/storage/keys';
import { INLINE_ENTRIES_BYTES, PART_BYTES } from '../../src/storage/portfolio-index';
import { PortfolioStore, type PortfolioIndexEntry, type ProjectSummaryDoc } from '../../src/storage/portfolio-store';
import { slow } from '../helpers/slow-store';

const silent = () => undefined;

const entryOf = (d: ProjectSummaryDoc): PortfolioIndexEntry => ({ key: d.projectKey, id: d.projectId, name: d.name, category: d.category, type: 'software', computedAt: null });

/** The largest value stored under `prefix`. */
async function largest(kv: MemoryKeyValueStore, prefix: string): Promise<number> {
  let max = 0;
  for (const key of await kv.keys(prefix)) max = Math.max(max, Buffer.byteLength(JSON.stringify(await kv.get(key))));
  return max;
}

async function readAll(kv: KeyValueStore) {
  const fresh = new PortfolioStore(kv, silent);
  const index = (await fresh.currentIndex())!;
  return { index, docs: await fresh.getProjects(index.projects, index.chunks) };
}

describe('the portfolio index at 10,000 projects', () => {
  const docs = syntheticSummaries(10_000);
  let kv: MemoryKeyValueStore;

  beforeAll(async () => {
    kv = new MemoryKeyValueStore();
    const store = new PortfolioStore(kv, silent);
    await store.index.write(0, { schema: 1, syncedAt: '2026-03-02T05:00:00.000Z', projects: docs.map(entryOf) });
    // As the sync records newcomers: a batch at a time.
    for (let i = 0; i < docs.length; i += 2_000) {
      for (const doc of docs.slice(i, i + 2_000)) await store.putProject(doc);
      await store.recordComputed(docs.slice(i, i + 2_000));
    }
  }, 120_000);

  it('reads back every project and every summary on a new instance (the head, every part and every chunk; warm: the head only); no value passes the limit; the head stays small', async () => {
    const parts = (await kv.keys('pf:i:')).length;
    const chunks = (await kv.keys('pf:c:')).length;
    const store = new PortfolioStore(kv, silent);
    let before = kv.counts.get;
    const index = (await store.currentIndex())!;
    const read = await store.getProjects(index.projects, index.chunks);
    expect(kv.counts.get - before).toBe(3 + parts + chunks);
    before = kv.counts.get;
    const again = (await store.currentIndex())!;
    expect((await store.getProjects(again.projects, again.chunks)).size).toBe(10_000);
    expect(kv.counts.get - before).toBe(3);
    expect(index.projects).toHaveLength(10_000);
    expect(index.projects.every((p) => p.computedAt === '2026-03-02T06:00:00.000Z')).toBe(true);
    expect(read.size).toBe(10_000);
    expect(read.get('P04711')).toEqual(docs[4711]);
    // Every summary from a chunk: the chunks name all 10,000 projects once.
    expect(index.chunks!.flatMap((c) => c.projects).sort()).toEqual(docs.map((d) => d.projectKey));
    expect(await largest(kv, 'pf:i:')).toBeLessThanOrEqual(PART_BYTES);
    expect(await largest(kv, 'pf:c:')).toBeLessThan(KVS_VALUE_LIMIT_BYTES);
    const head = (await kv.get<number>(versionedKeys.head('pf:idx')))!;
    expect(Buffer.byteLength(JSON.stringify(await kv.get(versionedKeys.version('pf:idx', head))))).toBeLessThan(20 * 1024);
    expect((await kv.keys('pf:i:')).length).toBeGreaterThan(5);
  });

  it("a scan's write rewrites one index part, one chunk and the head, whatever the size", async () => {
    const store = new PortfolioStore(kv, silent);
    await store.currentIndex();
    const before = { ...kv.counts };
    const doc = { ...docs[5_000]!, computedAt: '2026-03-03T06:00:00.000Z' };
    await store.putProject(doc);
    await store.recordComputed(doc);
    const written = kv.counts.bytesWritten - before.bytesWritten;
    // The summary, one chunk (under 200 KB), one part (under 100 KB), the head's version and number.
    expect(kv.counts.set - before.set).toBe(5);
    expect(written).toBeLessThan(320 * 1024);
    const { index, docs: read } = await readAll(kv);
    expect(index.projects.find((p) => p.key === doc.projectKey)!.computedAt).toBe(doc.computedAt);
    expect(read.get(doc.projectKey)).toEqual(doc);
    expect(read.size).toBe(10_000);
  });
});

describe('writers and readers of a split index', () => {
  /** An index large enough to be in parts (well past the inline limit), with summaries for the first `analysed`. */
  async function splitIndex(kv: KeyValueStore, projects: number, analysed: number) {
    const docs = syntheticSummaries(projects, 9);
    const store = new PortfolioStore(kv, silent);
    await store.index.write(0, { schema: 1, syncedAt: '2026-03-02T05:00:00.000Z', projects: docs.map(entryOf) });
    for (const doc of docs.slice(0, analysed)) await store.putProject(doc);
    if (analysed > 0) await store.recordComputed(docs.slice(0, analysed));
    return docs;
  }

  it('starts in the head while small and moves to parts past the inline limit', async () => {
    const kv = new MemoryKeyValueStore();
    const store = new PortfolioStore(kv, silent);
    const small = syntheticSummaries(300);
    await store.index.write(0, { schema: 1, syncedAt: '2026-03-02T05:00:00.000Z', projects: small.map(entryOf) });
    expect(await kv.keys('pf:i:')).toEqual([]);
    const large = syntheticSummaries(3_000);
    expect(Buffer.byteLength(JSON.stringify(large.map(entryOf)))).toBeGreaterThan(INLINE_ENTRIES_BYTES);
    await store.index.update((index) => ({ ...index!, projects: large.map(entryOf) }));
    expect((await kv.keys('pf:i:')).length).toBeGreaterThan(1);
    expect((await readAll(kv)).index.projects.map((p) => p.key)).toEqual(large.map((d) => d.projectKey));
  });

  it('four scans finishing at once, beside a sync adding projects, lose no project and no summary', async () => {
    const store = new MemoryKeyValueStore();
    const kv = slow(store);
    const docs = await splitIndex(kv, 3_000, 0);
    const writers = Array.from({ length: 4 }, () => new PortfolioStore(kv, silent));
    const newcomers = syntheticSummaries(3_010).slice(3_000);
    await Promise.all([
      ...writers.map(async (writer, w) => {
        for (let i = w; i < 40; i += 4) {
          const doc = docs[i * 70]!;
          await writer.putProject(doc);
          await writer.recordComputed(doc);
        }
      }),
      new PortfolioStore(kv, silent).index.update((index) => ({ ...index!, projects: [...index!.projects, ...newcomers.map(entryOf)] })),
    ]);
    const { index, docs: read } = await readAll(kv);
    expect(index.projects).toHaveLength(3_010);
    const recorded = Array.from({ length: 40 }, (_, i) => docs[i * 70]!.projectKey);
    for (const key of recorded) expect(read.get(key)).toBeDefined();
    expect(index.projects.filter((p) => p.computedAt !== null).map((p) => p.key).sort()).toEqual([...recorded].sort());
    // Nothing stray: the parts and chunks stored are exactly those the index names.
    const head = (await new PortfolioStore(store, silent).currentIndex())!;
    expect((await store.keys('pf:c:')).sort()).toEqual(head.chunks!.map((c) => c.key).sort());
  });

  it('a failed part write leaves the previous version readable, whole, and no stray part', async () => {
    const kv = new MemoryKeyValueStore();
    const docs = await splitIndex(kv, 3_000, 100);
    const before = await readAll(kv);
    const parts = (await kv.keys('pf:i:')).sort();
    const store = new PortfolioStore(kv, silent);
    kv.failWrites = (key) => key.startsWith('pf:i:');
    const doc = { ...docs[2_000]!, computedAt: '2026-03-04T06:00:00.000Z' };
    await store.putProject(doc);
    await expect(store.recordComputed(doc)).rejects.toThrow(/injected/);
    kv.failWrites = undefined;
    const after = await readAll(kv);
    expect(after.index).toEqual(before.index);
    expect(after.docs.size).toBe(100);
    expect((await kv.keys('pf:i:')).sort()).toEqual(parts);
    // The next write goes through.
    await store.recordComputed(doc);
    expect((await readAll(kv)).index.projects.find((p) => p.key === doc.projectKey)!.computedAt).toBe(doc.computedAt);
  });

  it('a reader that read the head before a switch, and finds its parts gone, reads the new version whole', async () => {
    const kv = new MemoryKeyValueStore();
    const docs = await splitIndex(kv, 3_000, 50);
    let release: () => void = () => undefined;
    const switched = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    // The reader's first part read waits until a writer has switched the head and deleted the old parts.
    const paused: KeyValueStore = {
      ...kv,
      get: async (key) => {
        if (key.startsWith('pf:i:') && !held) {
          held = true;
          await switched;
        }
        return kv.get(key);
      },
      set: (key, value, options) => kv.set(key, value, options),
      setIfAbsent: (key, value, options) => kv.setIfAbsent(key, value, options),
      delete: (key) => kv.delete(key),
      keys: (prefix) => kv.keys(prefix),
    };
    const reader = new PortfolioStore(paused, silent);
    const reading = reader.currentIndex();
    await new Promise((resolve) => setImmediate(resolve));
    const writer = new PortfolioStore(kv, silent);
    const changed = docs.slice(0, 3_000).map((d, i) => ({ ...entryOf(d), name: `Renamed ${i}` }));
    await writer.index.update((index) => ({ ...index!, projects: changed.map((e, i) => ({ ...e, computedAt: index!.projects[i]!.computedAt })) }));
    release();
    const index = (await reading)!;
    expect(index.projects.map((p) => p.name)).toEqual(changed.map((e) => e.name));
    expect(index.chunks!.flatMap((c) => c.projects)).toHaveLength(50);
  });

  it('reads an index written before parts (entries inline, chunks with their projects) and writes it anew at its next change', async () => {
    const kv = new MemoryKeyValueStore();
    const docs = syntheticSummaries(3);
    const store = new PortfolioStore(kv, silent);
    await kv.set('pf:c:0000:old', { schema: 1, summaries: docs.slice(0, 2) });
    await kv.setIfAbsent(versionedKeys.version('pf:idx', 1), {
      schema: 1,
      syncedAt: '2026-03-01T00:00:00.000Z',
      projects: docs.map((d, i) => ({ ...entryOf(d), computedAt: i < 2 ? d.computedAt : null })),
      chunks: [{ id: 0, key: 'pf:c:0000:old', projects: docs.slice(0, 2).map((d) => d.projectKey), bytes: 3_000 }],
    });
    await kv.set(versionedKeys.head('pf:idx'), 1);
    const old = await readAll(kv);
    expect(old.docs.size).toBe(2);
    await store.putProject(docs[2]!);
    await store.recordComputed(docs[2]!);
    const now = await readAll(kv);
    expect(now.docs.size).toBe(3);
    expect(await kv.get(versionedKeys.version('pf:idx', 2))).toMatchObject({ schema: 2 });
  });
});

it('the sync records the summaries of several newcomers in one change of the index', async () => {
  const kv = new MemoryKeyValueStore();
  const docs = syntheticSummaries(600);
  const store = new PortfolioStore(kv, silent);
  await storeSummaries(store, docs.slice(0, 10));
  await store.index.update((index) => ({ ...index!, projects: [...index!.projects, ...docs.slice(10).map(entryOf)] }));
  const head = (await kv.get<number>(versionedKeys.head('pf:idx')))!;
  for (const doc of docs.slice(10)) await store.putProject(doc);
  await store.recordComputed(docs.slice(10));
  expect(await kv.get<number>(versionedKeys.head('pf:idx'))).toBe(head + 1);
  expect((await readAll(kv)).docs.size).toBe(600);
});
