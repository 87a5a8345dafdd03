/**
 * The one key-value layer of the app: one interface, one adapter over Forge's Key-Value Store
 * (@forge/kvs), one in-memory fake with Forge's limits (tests, the bench, the local runtime).
 *
 * Consistency (developer.atlassian.com/platform/forge/storage-reference): `get`, `set` and
 * `delete` of one key see the last write; `kvs.query` (here `keys`) is eventually consistent
 * and may miss a key written a moment ago or still list a deleted one. So nothing that must see
 * the last write lists keys: the stores keep a head key read with `get` (the config's current
 * version, a result's chunks, the pages of a run) and delete by known keys. `keys` serves only
 * walks that tolerate a lag (the daily refresh over the known projects).
 *
 * Limits (developer.atlassian.com/platform/forge/limits-kvs-ce): a value at most 240 KiB as
 * JSON, a key at most 500 characters of [a-zA-Z0-9:._\s-#], objects at most 31 levels deep.
 */
import { checkStorageKey } from './keys';

export const KVS_VALUE_LIMIT_BYTES = 240 * 1024;
export const KVS_MAX_DEPTH = 31;

/** Options of a write: `ttlSeconds` lets KVS delete the key that long after the write (kvs.set's `ttl`). */
export interface WriteOptions {
  ttlSeconds?: number;
}

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Writes `value` whatever the key held. */
  set<T>(key: string, value: T, options?: WriteOptions): Promise<void>;
  /** Writes `value` unless `key` exists, atomically; true when written, false when the key was taken. */
  setIfAbsent<T>(key: string, value: T, options?: WriteOptions): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, sorted. Eventually consistent: never for a read that must see the last write. */
  keys(prefix: string): Promise<string[]>;
}

/** The slice of @forge/kvs the adapter calls (the real `kvs` object satisfies it). */
export interface KvsLike {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, options: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS'; ttl?: { value: number; unit: 'SECONDS' } }): Promise<unknown>;
  delete(key: string): Promise<void>;
  query(): KvsQueryLike;
}

export interface KvsQueryLike {
  where(property: 'key', condition: { condition: 'BEGINS_WITH'; values: [string] }): KvsQueryLike;
  cursor(cursor: string): KvsQueryLike;
  limit(limit: number): KvsQueryLike;
  getMany<T>(): Promise<{ results: { key: string; value: T }[]; nextCursor?: string }>;
}

const LIST_PAGE = 100;

const ttlOf = (options: WriteOptions | undefined) => (options?.ttlSeconds !== undefined ? { ttl: { value: Math.ceil(options.ttlSeconds), unit: 'SECONDS' as const } } : {});
const MAX_LIST_PAGES = 1000;

/** The store of the deployed app (pass `kvs` from @forge/kvs). */
export function kvsKeyValueStore(kvs: KvsLike): KeyValueStore {
  return {
    async get<T>(key: string) {
      checkStorageKey(key);
      return kvs.get<T>(key);
    },
    async set<T>(key: string, value: T, options?: WriteOptions) {
      checkStorageKey(key);
      await kvs.set(key, value, { keyPolicy: 'OVERRIDE', ...ttlOf(options) });
    },
    async setIfAbsent<T>(key: string, value: T, options?: WriteOptions) {
      checkStorageKey(key);
      try {
        await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...ttlOf(options) });
        return true;
      } catch (error) {
        // KVS rejects the write when the key exists. Any other failure (the key still absent)
        // is a real error and is passed on.
        if ((await kvs.get(key)) !== undefined) return false;
        throw error;
      }
    },
    async delete(key: string) {
      checkStorageKey(key);
      await kvs.delete(key);
    },
    async keys(prefix: string) {
      checkStorageKey(prefix);
      const out: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        let query = kvs.query().where('key', { condition: 'BEGINS_WITH', values: [prefix] }).limit(LIST_PAGE);
        if (cursor !== undefined) query = query.cursor(cursor);
        const { results, nextCursor } = await query.getMany<unknown>();
        out.push(...results.map((r) => r.key));
        if (!nextCursor || results.length === 0) break;
        cursor = nextCursor;
      }
      return out.sort();
    },
  };
}

export function depthOf(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object') return depth;
  let max = depth + 1;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    if (child !== null && typeof child === 'object') max = Math.max(max, depthOf(child, depth + 1));
  }
  return max;
}

/** The JSON text of a value KVS would accept under `key`; throws as KVS would reject it. */
export function kvsJson(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error(`storage ${key}: value is not JSON`);
  const bytes = Buffer.byteLength(json);
  if (bytes > KVS_VALUE_LIMIT_BYTES) throw new Error(`storage ${key}: value of ${bytes} bytes exceeds the KVS limit of ${KVS_VALUE_LIMIT_BYTES}`);
  if (depthOf(value) > KVS_MAX_DEPTH) throw new Error(`storage ${key}: value is nested deeper than ${KVS_MAX_DEPTH} levels`);
  return json;
}

export interface MemoryKeyValueOptions {
  /**
   * `keys` (kvs.query) sees a write only after this many later operations: KVS queries are
   * eventually consistent, and code that lists what it has just written fails here as it
   * would on Forge. 0 (the default) lists every write at once.
   */
  queryLag?: number;
  /** The clock a write's `ttlSeconds` counts on (default Date.now): past it the key reads as absent. */
  now?: () => number;
}

/** Thrown by a write the test chose to fail (`failWrites`). */
export class InjectedWriteFailure extends Error {
  constructor(key: string) {
    super(`storage ${key}: injected write failure`);
    this.name = 'InjectedWriteFailure';
  }
}

/**
 * KVS over a Map, with Forge's key, size and depth limits, values deep-copied in and out,
 * operation counters, a lagging `keys`, and writes that fail on request.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly entries = new Map<string, string>();
  /** When a key written with a TTL expires (epoch ms). */
  private readonly expiry = new Map<string, number>();
  /** What `keys` sees (with queryLag > 0): key → present, updated `queryLag` operations late. */
  private readonly listed = new Map<string, boolean>();
  private readonly lagging: { key: string; present: boolean; at: number }[] = [];
  private ops = 0;
  /** Calls by kind; `refused`: set-if-absent calls that found the key taken (KVS answers them with an error). */
  readonly counts = { get: 0, set: 0, refused: 0, delete: 0, list: 0, bytesWritten: 0 };
  /** Called before each write (set, setIfAbsent, delete); returning true makes that write fail, unapplied. */
  failWrites: ((key: string, op: 'set' | 'delete') => boolean) | undefined;

  constructor(private readonly options: MemoryKeyValueOptions = {}) {}

  private tick(): void {
    this.ops++;
    const lag = this.options.queryLag ?? 0;
    while (this.lagging.length > 0 && this.lagging[0]!.at + lag <= this.ops) {
      const { key, present } = this.lagging.shift()!;
      this.listed.set(key, present);
    }
  }

  private wrote(key: string, present: boolean): void {
    if ((this.options.queryLag ?? 0) > 0) this.lagging.push({ key, present, at: this.ops });
  }

  private mayWrite(key: string, op: 'set' | 'delete'): void {
    if (this.failWrites?.(key, op)) throw new InjectedWriteFailure(key);
  }

  /** Drops `key` once its TTL has passed, as KVS does; true when it is (still) held. */
  private live(key: string): boolean {
    const until = this.expiry.get(key);
    if (until !== undefined && until <= (this.options.now ?? Date.now)()) {
      this.entries.delete(key);
      this.expiry.delete(key);
      this.wrote(key, false);
    }
    return this.entries.has(key);
  }

  private store(key: string, json: string, options: WriteOptions | undefined): void {
    this.counts.set++;
    this.counts.bytesWritten += Buffer.byteLength(json);
    this.entries.set(key, json);
    if (options?.ttlSeconds !== undefined) this.expiry.set(key, (this.options.now ?? Date.now)() + Math.ceil(options.ttlSeconds) * 1000);
    else this.expiry.delete(key);
    this.wrote(key, true);
  }

  async get<T>(key: string): Promise<T | undefined> {
    checkStorageKey(key);
    this.tick();
    this.counts.get++;
    const json = this.live(key) ? this.entries.get(key) : undefined;
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async set<T>(key: string, value: T, options?: WriteOptions): Promise<void> {
    checkStorageKey(key);
    const json = kvsJson(key, value);
    this.mayWrite(key, 'set');
    this.tick();
    this.store(key, json, options);
  }

  async setIfAbsent<T>(key: string, value: T, options?: WriteOptions): Promise<boolean> {
    checkStorageKey(key);
    const json = kvsJson(key, value);
    this.mayWrite(key, 'set');
    this.tick();
    if (this.live(key)) {
      // KVS answers a taken key with an error: a write call all the same.
      this.counts.refused++;
      return false;
    }
    this.store(key, json, options);
    return true;
  }

  async delete(key: string): Promise<void> {
    checkStorageKey(key);
    this.mayWrite(key, 'delete');
    this.tick();
    this.counts.delete++;
    this.entries.delete(key);
    this.expiry.delete(key);
    this.wrote(key, false);
  }

  async keys(prefix: string): Promise<string[]> {
    checkStorageKey(prefix);
    this.tick();
    this.counts.list++;
    for (const key of [...this.expiry.keys()]) this.live(key);
    if ((this.options.queryLag ?? 0) === 0) return [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort();
    // The index as it has caught up: a key written a moment ago is missing, one deleted a moment ago still listed.
    return [...this.listed].filter(([k, present]) => present && k.startsWith(prefix)).map(([k]) => k).sort();
  }

  /** Number of keys and bytes held under a prefix (for the bench and tests). */
  size(prefix = ''): { keys: number; bytes: number } {
    let keys = 0;
    let bytes = 0;
    for (const [k, v] of this.entries) {
      if (!k.startsWith(prefix)) continue;
      keys++;
      bytes += Buffer.byteLength(v);
    }
    return { keys, bytes };
  }

  /** Every key and its JSON text, for tests that check "nothing changed". */
  snapshot(): ReadonlyMap<string, string> {
    return new Map(this.entries);
  }
}
