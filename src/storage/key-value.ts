/**
 * The few key-value operations the config store needs, behind one small interface:
 * Forge's key-value store (@forge/kvs) in the app, an in-memory map in tests and the preview.
 *
 * `setIfAbsent` is the compare-and-set the config history is built on: it writes only when the
 * key does not exist yet, atomically (KVS `keyPolicy: 'FAIL_IF_EXISTS'`).
 */

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Writes `value` unless `key` exists; true when written, false when the key was taken. */
  setIfAbsent<T>(key: string, value: T): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every entry whose key starts with `prefix`, in key order. */
  list<T>(prefix: string): Promise<{ key: string; value: T }[]>;
}

/** The slice of @forge/kvs the adapter calls (the real `kvs` object satisfies it). */
export interface KvsLike {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, options: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }): Promise<void>;
  delete(key: string): Promise<void>;
  query(): KvsQueryLike;
}

export interface KvsQueryLike {
  where(property: 'key', condition: { condition: 'BEGINS_WITH'; values: [string] }): KvsQueryLike;
  cursor(cursor: string): KvsQueryLike;
  limit(limit: number): KvsQueryLike;
  getMany<T>(): Promise<{ results: { key: string; value: T }[]; nextCursor?: string }>;
}

/** KVS keys: letters, digits and `:._-#` and spaces, at most 500 characters. */
const KVS_KEY = /^[a-zA-Z0-9:._\-#]{1,500}$/;

export function assertStorageKey(key: string): void {
  if (!KVS_KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}

const PAGE = 100;
/** A prefix listing never walks more pages than this (the config store keeps ~21 keys per prefix). */
const MAX_PAGES = 50;

export function kvsKeyValueStore(kvs: KvsLike): KeyValueStore {
  return {
    async get<T>(key: string) {
      assertStorageKey(key);
      return kvs.get<T>(key);
    },
    async setIfAbsent<T>(key: string, value: T) {
      assertStorageKey(key);
      try {
        await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        // KVS rejects the write when the key exists. Any other failure (the key still absent)
        // is a real error and is passed on.
        if ((await kvs.get(key)) !== undefined) return false;
        throw error;
      }
    },
    async delete(key: string) {
      assertStorageKey(key);
      await kvs.delete(key);
    },
    async list<T>(prefix: string) {
      assertStorageKey(prefix);
      const out: { key: string; value: T }[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        let query = kvs.query().where('key', { condition: 'BEGINS_WITH', values: [prefix] }).limit(PAGE);
        if (cursor !== undefined) query = query.cursor(cursor);
        const { results, nextCursor } = await query.getMany<T>();
        out.push(...results.map(({ key, value }) => ({ key, value })));
        if (!nextCursor || results.length === 0) break;
        cursor = nextCursor;
      }
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
}

/** The same interface over a Map; values are deep-copied in and out, as a real store would. */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly entries = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    assertStorageKey(key);
    const json = this.entries.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    assertStorageKey(key);
    if (this.entries.has(key)) return false;
    this.entries.set(key, JSON.stringify(value));
    return true;
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    this.entries.delete(key);
  }

  async list<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    assertStorageKey(prefix);
    return [...this.entries.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => ({ key, value: JSON.parse(this.entries.get(key)!) as T }));
  }

  /** Every key and its JSON text, for tests that check "nothing changed". */
  snapshot(): ReadonlyMap<string, string> {
    return new Map(this.entries);
  }
}
