/**
 * The versioned config store over both key-value implementations: memory, and the KVS adapter
 * driven by a fake of @forge/kvs that behaves like it (FAIL_IF_EXISTS, paged prefix queries).
 */
import { ConfigConflictError, HISTORY_LIMIT, VersionedConfigStore, memoryConfigStore, scopeId } from '../../src/storage/config-store';
import { kvsKeyValueStore, MemoryKeyValueStore, type KvsLike, type KvsQueryLike } from '../../src/storage/key-value';

/** Behaves like @forge/kvs for the calls the adapter makes; pages of `pageSize`. */
class FakeKvs implements KvsLike {
  readonly data = new Map<string, string>();
  failSetsWith: Error | undefined;
  queries = 0;
  constructor(private readonly pageSize = 3) {}

  async get<T>(key: string): Promise<T | undefined> {
    const json = this.data.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }
  async set<T>(key: string, value: T, options: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }): Promise<void> {
    if (this.failSetsWith) throw this.failSetsWith;
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && this.data.has(key)) {
      throw Object.assign(new Error('Key already exists'), { code: 'KEY_ALREADY_EXISTS' });
    }
    this.data.set(key, JSON.stringify(value));
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  query(): KvsQueryLike {
    let prefix = '';
    let after = 0;
    let limit = this.pageSize;
    const builder: KvsQueryLike = {
      where: (_property, condition) => ((prefix = condition.values[0]), builder),
      cursor: (cursor) => ((after = Number(cursor)), builder),
      limit: (n) => ((limit = Math.min(n, this.pageSize)), builder),
      getMany: async <T,>() => {
        this.queries++;
        const keys = [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
        const page = keys.slice(after, after + limit);
        const next = after + limit < keys.length ? String(after + limit) : undefined;
        return { results: page.map((key) => ({ key, value: JSON.parse(this.data.get(key)!) as T })), ...(next ? { nextCursor: next } : {}) };
      },
    };
    return builder;
  }
}

const entry = (n: number) => ({ action: 'save' as const, config: { roadmap: { staleAfterDays: 50 + n } }, savedBy: 'admin-1', savedAt: `2025-04-${String(n).padStart(2, '0')}T00:00:00.000Z` });

describe.each([
  ['memory', () => ({ store: memoryConfigStore(new MemoryKeyValueStore()), kvs: undefined })],
  ['KVS adapter', () => { const kvs = new FakeKvs(); return { store: new VersionedConfigStore(kvsKeyValueStore(kvs)), kvs }; }],
])('VersionedConfigStore over %s', (_name, make) => {
  it('starts empty', async () => {
    const { store } = make();
    expect(await store.current({ kind: 'site' })).toBeNull();
    expect(await store.history({ kind: 'site' })).toEqual([]);
  });

  it('writes versions in order and refuses a stale expected version', async () => {
    const { store } = make();
    expect(await store.write({ kind: 'site' }, 0, entry(1))).toMatchObject({ version: 1, savedBy: 'admin-1' });
    expect((await store.write({ kind: 'site' }, 1, entry(2))).version).toBe(2);
    await expect(store.write({ kind: 'site' }, 1, entry(3))).rejects.toEqual(new ConfigConflictError(1, 2));
    await expect(store.write({ kind: 'site' }, 5, entry(3))).rejects.toBeInstanceOf(ConfigConflictError);
    expect((await store.current({ kind: 'site' }))?.config).toEqual(entry(2).config);
  });

  it(`keeps the last ${HISTORY_LIMIT} versions across pages of the listing`, async () => {
    const { store, kvs } = make();
    for (let v = 1; v <= 27; v++) await store.write({ kind: 'project', projectKey: 'ACME_2' }, v - 1, entry(v));
    const history = await store.history({ kind: 'project', projectKey: 'ACME_2' });
    expect(history.map((v) => v.version)).toEqual(Array.from({ length: HISTORY_LIMIT }, (_, i) => 27 - i));
    expect((await store.current({ kind: 'project', projectKey: 'ACME_2' }))?.version).toBe(27);
    if (kvs) expect([...kvs.data.keys()].filter((k) => k.startsWith('cfg:project:ACME_2:v:'))).toHaveLength(HISTORY_LIMIT);
    expect(await store.current({ kind: 'site' })).toBeNull();
  });
});

describe('VersionedConfigStore and eventual consistency', () => {
  it('sees the version just saved although kvs.query lags behind writes', async () => {
    const store = memoryConfigStore(new MemoryKeyValueStore({ queryLag: 1000 }));
    await store.write({ kind: 'site' }, 0, entry(1));
    expect((await store.current({ kind: 'site' }))?.version).toBe(1);
    await store.write({ kind: 'site' }, 1, entry(2));
    expect((await store.history({ kind: 'site' })).map((v) => v.version)).toEqual([2, 1]);
    await expect(store.write({ kind: 'site' }, 1, entry(3))).rejects.toEqual(new ConfigConflictError(1, 2));
  });

  it('a head write that failed after its version landed is rolled forward, and the save stands', async () => {
    const kv = new MemoryKeyValueStore();
    const logs: string[] = [];
    const store = new VersionedConfigStore(kv, (m) => logs.push(m));
    await store.write({ kind: 'site' }, 0, entry(1));
    kv.failWrites = (key) => key === 'cfg:site:head';
    expect((await store.write({ kind: 'site' }, 1, entry(2))).version).toBe(2);
    expect(logs.join()).toMatch(/head or the pruning failed/);
    kv.failWrites = undefined;
    expect((await store.current({ kind: 'site' }))?.version).toBe(2);
    expect((await store.write({ kind: 'site' }, 2, entry(3))).version).toBe(3);
    await expect(store.write({ kind: 'site' }, 2, entry(4))).rejects.toEqual(new ConfigConflictError(2, 3));
  });
});

describe('kvsKeyValueStore', () => {
  it('setIfAbsent is false when the key exists, and passes on other failures', async () => {
    const kvs = new FakeKvs();
    const kv = kvsKeyValueStore(kvs);
    expect(await kv.setIfAbsent('cfg:site:v:1', { a: 1 })).toBe(true);
    expect(await kv.setIfAbsent('cfg:site:v:1', { a: 2 })).toBe(false);
    expect(await kv.get('cfg:site:v:1')).toEqual({ a: 1 });
    kvs.failSetsWith = new Error('storage unavailable');
    await expect(kv.setIfAbsent('cfg:site:v:2', { a: 3 })).rejects.toThrow('storage unavailable');
  });

  it('refuses keys KVS would not accept', async () => {
    const kv = kvsKeyValueStore(new FakeKvs());
    await expect(kv.get('cfg:site/../x')).rejects.toThrow(/invalid storage key/);
  });

  it('lists every page of a prefix, in key order', async () => {
    const kvs = new FakeKvs(2);
    const kv = kvsKeyValueStore(kvs);
    for (const k of ['b:3', 'a:1', 'b:1', 'b:2', 'b:10']) await kv.setIfAbsent(k, k);
    expect(await kv.keys('b:')).toEqual(['b:1', 'b:10', 'b:2', 'b:3']);
    expect(kvs.queries).toBe(2);
  });
});

describe('scopeId', () => {
  it('names the site and validated project keys only', () => {
    expect(scopeId({ kind: 'site' })).toBe('site');
    expect(scopeId({ kind: 'project', projectKey: 'ACME' })).toBe('project:ACME');
    expect(() => scopeId({ kind: 'project', projectKey: 'acme:v:1' })).toThrow(/invalid project key/);
  });
});
