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
 * The app sends no batch operation (kvs.batchGet and the like): KVS allows 45 of them a minute
 * per installation (storage-reference/batchops), too few for a page every viewer opens.
 */
import { checkStorageKey } from './keys';

export const KVS_VALUE_LIMIT_BYTES = 240 * 1024;
export const KVS_MAX_DEPTH = 31;
/**
 * The per-installation quotas (limits-kvs-ce, Dec 2025): reads and writes are counted in 10 KB
 * units a minute (each request rounded up to the next 10 KB). Past one, KVS answers 429
 * RATE_LIMIT_EXCEEDED.
 */
export const KVS_QUOTAS = { readUnitsPerMinute: 4000, writeUnitsPerMinute: 4000, unitBytes: 10 * 1024 } as const;

/** KVS refused a call over a per-minute quota (429 RATE_LIMIT_EXCEEDED). */
export class KvsRateLimitError extends Error {
  readonly code = 'RATE_LIMIT_EXCEEDED';
  constructor(what: string) {
    super(`storage: ${what} (429 RATE_LIMIT_EXCEEDED)`);
    this.name = 'KvsRateLimitError';
  }
}

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
   * Enforce KVS's per-minute quotas (KVS_QUOTAS) on the `now` clock: a call past one throws
   * KvsRateLimitError, as KVS answers 429. Off by default (tests that scan 100k issues on a fast
   * clock would exceed what a real minute allows); the portfolio's bench and tests turn it on.
   */
  quotas?: boolean;
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
  /**
   * Calls by kind; `refused`: set-if-absent
   * calls that found the key taken (KVS answers them with an error); the bytes and 10 KB units read
   * and written; the calls refused by a quota.
   */
  readonly counts = { get: 0, set: 0, refused: 0, delete: 0, list: 0, bytesRead: 0, bytesWritten: 0, readUnits: 0, writeUnits: 0, rateLimited: 0 };
  /** The quotas' use in the current minute. */
  private minute = { at: -1, read: 0, write: 0 };
  /** Called before each write (set, setIfAbsent, delete); returning true makes that write fail, unapplied. */
  failWrites: ((key: string, op: 'set' | 'delete') => boolean) | undefined;

  constructor(private readonly options: MemoryKeyValueOptions = {}) {}

  private units(bytes: number): number {
    return Math.max(1, Math.ceil(bytes / KVS_QUOTAS.unitBytes));
  }

  /** Counts a call against the minute's quotas; throws as KVS answers 429 past one. */
  private spend(kind: 'read' | 'write', bytes: number): void {
    const units = this.units(bytes);
    if (kind === 'read') this.counts.readUnits += units;
    else this.counts.writeUnits += units;
    if (this.options.quotas !== true) return;
    const at = Math.floor((this.options.now ?? Date.now)() / 60_000);
    if (this.minute.at !== at) this.minute = { at, read: 0, write: 0 };
    const m = this.minute;
    const over =
      kind === 'read' && m.read + units > KVS_QUOTAS.readUnitsPerMinute
        ? `more than ${KVS_QUOTAS.readUnitsPerMinute} read units of 10 KB in a minute`
        : kind === 'write' && m.write + units > KVS_QUOTAS.writeUnitsPerMinute
          ? `more than ${KVS_QUOTAS.writeUnitsPerMinute} write units of 10 KB in a minute`
          : null;
    if (over !== null) {
      this.counts.rateLimited++;
      throw new KvsRateLimitError(over);
    }
    if (kind === 'read') m.read += units;
    else m.write += units;
  }

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
    const json = this.live(key) ? this.entries.get(key) : undefined;
    this.spend('read', json === undefined ? 0 : Buffer.byteLength(json));
    this.tick();
    this.counts.get++;
    if (json === undefined) return undefined;
    this.counts.bytesRead += Buffer.byteLength(json);
    return JSON.parse(json) as T;
  }

  async set<T>(key: string, value: T, options?: WriteOptions): Promise<void> {
    checkStorageKey(key);
    const json = kvsJson(key, value);
    this.mayWrite(key, 'set');
    this.spend('write', Buffer.byteLength(json));
    this.tick();
    this.store(key, json, options);
  }

  async setIfAbsent<T>(key: string, value: T, options?: WriteOptions): Promise<boolean> {
    checkStorageKey(key);
    const json = kvsJson(key, value);
    this.mayWrite(key, 'set');
    this.spend('write', Buffer.byteLength(json));
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
    this.spend('write', 0);
    this.tick();
    this.counts.delete++;
    this.entries.delete(key);
    this.expiry.delete(key);
    this.wrote(key, false);
  }

  async keys(prefix: string): Promise<string[]> {
    checkStorageKey(prefix);
    for (const key of [...this.expiry.keys()]) this.live(key);
    // kvs.query returns the values too, a page of LIST_PAGE at a time: one read of their bytes a page.
    const matching = [...this.entries].filter(([k]) => k.startsWith(prefix));
    for (let i = 0; i === 0 || i < matching.length; i += LIST_PAGE) this.spend('read', matching.slice(i, i + LIST_PAGE).reduce((n, [, v]) => n + Buffer.byteLength(v), 0));
    this.tick();
    this.counts.list++;
    if ((this.options.queryLag ?? 0) === 0) return matching.map(([k]) => k).sort();
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
