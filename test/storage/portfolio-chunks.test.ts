/**
 * The portfolio's chunks of summaries (src/storage/portfolio-store.ts): each scan's summary lands
 * in one chunk named by the index; racing writers lose nothing; a failed write leaves the
 * portfolio readable; projects that leave are taken out; a summary larger than a chunk is read alone.
 */
import type { Level } from '../../src/core/levels';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { CHUNK_LIMIT_BYTES, PortfolioStore, type PortfolioIndexEntry, type ProjectSummaryDoc } from '../../src/storage/portfolio-store';

const key = (i: number) => `P${String(i).padStart(3, '0')}`;

function summary(i: number, computedAt = '2026-03-02T06:00:00.000Z', versions = 3): ProjectSummaryDoc {
  return {
    schema: 1,
    projectKey: key(i),
    projectId: String(20_000 + i),
    name: `Project ${i}`,
    category: null,
    computedAt,
    asOf: '2026-03-02',
    levels: ([1, 2, 3, 4, 5] as Level[]).map((level) => ({ level, score: (i * level) % 100, absent: false, findings: 1 })),
    weakestLevel: 1,
    diagnosis: [],
    versions: Array.from({ length: versions }, (_, v) => ({ id: `${i}-${v}`, name: `Release ${v} of project number ${i}`, releaseDate: '2026-04-01', released: false, archived: false })),
    days: [['2026-03-01', 10, 20, 30, 40, 50]],
  };
}

async function withIndex(n: number, kv = new MemoryKeyValueStore()) {
  const store = new PortfolioStore(kv, () => undefined);
  const projects: PortfolioIndexEntry[] = Array.from({ length: n }, (_, i) => ({ key: key(i), id: String(20_000 + i), name: `Project ${i}`, category: null, computedAt: null }));
  await store.index.write(0, { schema: 1, syncedAt: '2026-03-02T00:00:00.000Z', projects });
  return { kv, store };
}

async function record(store: PortfolioStore, doc: ProjectSummaryDoc) {
  await store.putProject(doc);
  await store.recordComputed(doc);
}

/** What a new instance reads for the whole portfolio. */
async function readAll(kv: MemoryKeyValueStore) {
  const fresh = new PortfolioStore(kv, () => undefined);
  const index = (await fresh.currentIndex())!;
  return { index, docs: await fresh.getProjects(index.projects, index.chunks) };
}

describe('the portfolio chunks', () => {
  it('puts every summary in a chunk under the value limit; a new instance reads them from the chunks alone', async () => {
    const { kv, store } = await withIndex(300);
    for (let i = 0; i < 300; i++) await record(store, summary(i, '2026-03-02T06:00:00.000Z', 40));
    const { index, docs } = await readAll(kv);
    expect(docs.size).toBe(300);
    expect(index.chunks!.length).toBeGreaterThan(1);
    expect(new Set(index.chunks!.flatMap((c) => c.projects)).size).toBe(300);
    for (const c of index.chunks!) expect(Buffer.byteLength(JSON.stringify(await kv.get(c.key)))).toBeLessThanOrEqual(CHUNK_LIMIT_BYTES);
    // Only the current generations are stored.
    expect(kv.size('pf:c:').keys).toBe(index.chunks!.length);
    const before = kv.counts.get;
    await readAll(kv);
    expect(kv.counts.get - before).toBe(3 + index.chunks!.length);
  });

  it('a rescan replaces the project’s copy; racing writers on other instances lose nothing', async () => {
    const { kv, store } = await withIndex(40);
    const others = [new PortfolioStore(kv, () => undefined), new PortfolioStore(kv, () => undefined)];
    // Scans end four at a time at most (the site queue's concurrency), each on its own instance.
    for (let at = 0; at < 40; at += 4) await Promise.all([0, 1, 2, 3].map((j) => record([store, ...others][(at + j) % 3]!, summary(at + j))));
    await record(others[0]!, summary(7, '2026-03-03T06:00:00.000Z'));
    const { index, docs } = await readAll(kv);
    expect(docs.size).toBe(40);
    expect(docs.get('P007')!.computedAt).toBe('2026-03-03T06:00:00.000Z');
    expect(index.projects.find((p) => p.key === 'P007')!.computedAt).toBe('2026-03-03T06:00:00.000Z');
    expect(index.chunks!.flatMap((c) => c.projects).filter((k) => k === 'P007')).toHaveLength(1);
  });

  it('a write that fails midway leaves the portfolio as it was, readable', async () => {
    const { kv, store } = await withIndex(3);
    for (let i = 0; i < 3; i++) await record(store, summary(i));
    const before = await readAll(kv);
    kv.failWrites = (k) => k.startsWith('pf:idx:');
    await store.putProject(summary(1, '2026-03-04T06:00:00.000Z'));
    await expect(store.recordComputed(summary(1, '2026-03-04T06:00:00.000Z'))).rejects.toThrow(/injected/);
    kv.failWrites = undefined;
    const after = await readAll(kv);
    expect(after.index).toEqual(before.index);
    expect([...after.docs.values()].map((d) => d.computedAt)).toEqual([...before.docs.values()].map((d) => d.computedAt));
    expect(kv.size('pf:c:').keys).toBe(before.index.chunks!.length);
  });

  it('a reader whose chunk was replaced after it read the index reads those projects’ own summaries', async () => {
    const { kv, store } = await withIndex(3);
    for (let i = 0; i < 3; i++) await record(store, summary(i));
    const reader = new PortfolioStore(kv, () => undefined);
    const index = (await reader.currentIndex())!;
    await record(store, summary(2, '2026-03-05T06:00:00.000Z'));
    const docs = await reader.getProjects(index.projects, index.chunks);
    expect([...docs.keys()].sort()).toEqual(['P000', 'P001', 'P002']);
  });

  it('takes projects that left out of their chunks', async () => {
    const { kv, store } = await withIndex(5);
    for (let i = 0; i < 5; i++) await record(store, summary(i));
    await store.dropFromChunks(['P001', 'P003']);
    const { index } = await readAll(kv);
    expect(index.chunks!.flatMap((c) => c.projects).sort()).toEqual(['P000', 'P002', 'P004']);
    const stored = await kv.get<{ summaries: { projectKey: string }[] }>(index.chunks![0]!.key);
    expect(stored!.summaries.map((s) => s.projectKey)).toEqual(['P000', 'P002', 'P004']);
  });

  it('reads a summary too large for a chunk on its own', async () => {
    const { kv, store } = await withIndex(2);
    await record(store, summary(0));
    await record(store, summary(1, '2026-03-02T06:00:00.000Z', 2500));
    const { index, docs } = await readAll(kv);
    expect(index.chunks!.flatMap((c) => c.projects)).toEqual(['P000']);
    expect(docs.get('P001')!.versions).toHaveLength(2500);
  });
});
