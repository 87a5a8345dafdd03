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
 * A batch get (kvs.batchGet; storage-reference/entities-batch) names at most 25 keys, at least
 * one, each once, or fails whole; `getMany` is one such call and the stores refuse what KVS
 * refuses. `getAll` cuts any number of keys into batches of 25, sent at once.
 */
import { checkStorageKey } from './keys';

export const KVS_VALUE_LIMIT_BYTES = 240 * 1024;
export const KVS_MAX_DEPTH = 31;
/** Keys one kvs.batchGet may name. */
export const KVS_BATCH_MAX_KEYS = 25;

/**
 * The per-installation quotas (limits-kvs-ce, Dec 2025; storage-reference/batchops, Feb 2026):
 * reads and writes are counted in 10 KB units a minute (each request rounded up to the next
 * 10 KB), and at most 45 batch operations a minute. Past one, KVS answers 429
 * RATE_LIMIT_EXCEEDED.
 */
export const KVS_QUOTAS = { readUnitsPerMinute: 4000, writeUnitsPerMinute: 4000, batchOpsPerMinute: 45, unitBytes: 10 * 1024 } as const;

/** KVS refused a call over a per-minute quota (429 RATE_LIMIT_EXCEEDED). */
export class KvsRateLimitError extends Error {
  readonly code = 'RATE_LIMIT_EXCEEDED';
  constructor(what: string) {
    super(`storage: ${what} (429 RATE_LIMIT_EXCEEDED)`);
    this.name = 'KvsRateLimitError';
  }
}

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** One batch get: 1 to KVS_BATCH_MAX_KEYS distinct keys (else it throws, as KVS does); a key without a value is absent from the map. */
  getMany<T>(keys: readonly string[]): Promise<Map<string, T>>;
  /** Writes `value` whatever the key held. */
  set<T>(key: string, value: T): Promise<void>;
  /** Writes `value` unless `key` exists, atomically; true when written, false when the key was taken. */
  setIfAbsent<T>(key: string, value: T): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, sorted. Eventually consistent: never for a read that must see the last write. */
  keys(prefix: string): Promise<string[]>;
}

/** The slice of @forge/kvs the adapter calls (the real `kvs` object satisfies it). */
export interface KvsLike {
  get<T>(key: string): Promise<T | undefined>;
  batchGet<T>(items: { key: string }[]): Promise<{ successfulKeys: { key: string; value: T }[]; failedKeys: { key: string; error: { code: string; message: string } }[] }>;
  set<T>(key: string, value: T, options: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }): Promise<unknown>;
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
const MAX_LIST_PAGES = 1000;

/** Throws as KVS rejects a batch: no key, more than KVS_BATCH_MAX_KEYS, a key twice, or a key KVS refuses. */
export function checkBatch(keys: readonly string[]): void {
  if (keys.length === 0) throw new Error('storage batch: a batch needs at least one key');
  if (keys.length > KVS_BATCH_MAX_KEYS) throw new Error(`storage batch: ${keys.length} keys exceed the KVS limit of ${KVS_BATCH_MAX_KEYS} a batch`);
  if (new Set(keys).size !== keys.length) throw new Error('storage batch: a key is named twice');
  for (const key of keys) checkStorageKey(key);
}

/** The values of any number of distinct keys: batches of KVS_BATCH_MAX_KEYS, all sent at once. */
export async function getAll<T>(kv: KeyValueStore, keys: readonly string[]): Promise<Map<string, T>> {
  const distinct = [...new Set(keys)];
  const batches: string[][] = [];
  for (let i = 0; i < distinct.length; i += KVS_BATCH_MAX_KEYS) batches.push(distinct.slice(i, i + KVS_BATCH_MAX_KEYS));
  const out = new Map<string, T>();
  for (const found of await Promise.all(batches.map((b) => kv.getMany<T>(b)))) for (const [k, v] of found) out.set(k, v);
  return out;
}

/** kvs.batchGet's per-key failures that mean "no value" (KVS reports a missing key so, or leaves it out). */
const ABSENT_CODES = new Set(['KEY_NOT_FOUND', 'NOT_FOUND']);

/** The store of the deployed app (pass `kvs` from @forge/kvs). */
export function kvsKeyValueStore(kvs: KvsLike): KeyValueStore {
  return {
    async get<T>(key: string) {
      checkStorageKey(key);
      return kvs.get<T>(key);
    },
    async getMany<T>(keys: readonly string[]) {
      checkBatch(keys);
      const { successfulKeys, failedKeys } = await kvs.batchGet<T>(keys.map((key) => ({ key })));
      const failed = failedKeys.find((f) => !ABSENT_CODES.has(f.error.code));
      if (failed !== undefined) throw new Error(`storage ${failed.key}: the batch get failed (${failed.error.code}: ${failed.error.message})`);
      return new Map(successfulKeys.filter((r) => r.value !== undefined).map((r) => [r.key, r.value]));
    },
    async set<T>(key: string, value: T) {
      checkStorageKey(key);
      await kvs.set(key, value, { keyPolicy: 'OVERRIDE' });
    },
    async setIfAbsent<T>(key: string, value: T) {
      checkStorageKey(key);
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
   * Enforce KVS's per-minute quotas (KVS_QUOTAS) on this clock: a call past one throws
   * KvsRateLimitError, as KVS answers 429. Off by default (tests that scan 100k issues on a fast
   * clock would exceed what a real minute allows); the portfolio's bench and tests turn it on.
   */
  quotas?: { now: () => number };
  /**
   * `keys` (kvs.query) sees a write only after this many later operations: KVS queries are
   * eventually consistent, and code that lists what it has just written fails here as it
   * would on Forge. 0 (the default) lists every write at once.
   */
  queryLag?: number;
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
  /** What `keys` sees (with queryLag > 0): key → present, updated `queryLag` operations late. */
  private readonly listed = new Map<string, boolean>();
  private readonly lagging: { key: string; present: boolean; at: number }[] = [];
  private ops = 0;
  /** Calls by kind (a batch get is one `batchGet` call of `batchGetKeys` keys), and the bytes of the values read and written. */
  readonly counts = { get: 0, batchGet: 0, batchGetKeys: 0, set: 0, delete: 0, list: 0, bytesRead: 0, bytesWritten: 0, readUnits: 0, writeUnits: 0, rateLimited: 0 };
  /** The quotas' use in the current minute. */
  private minute = { at: -1, read: 0, write: 0, batch: 0 };
  /** Called before each write (set, setIfAbsent, delete); returning true makes that write fail, unapplied. */
  failWrites: ((key: string, op: 'set' | 'delete') => boolean) | undefined;

  constructor(private readonly options: MemoryKeyValueOptions = {}) {}

  private units(bytes: number): number {
    return Math.max(1, Math.ceil(bytes / KVS_QUOTAS.unitBytes));
  }

  /** Counts a call against the minute's quotas; throws as KVS answers 429 past one. */
  private spend(kind: 'read' | 'write', bytes: number, batch = false): void {
    const units = this.units(bytes);
    if (kind === 'read') this.counts.readUnits += units;
    else this.counts.writeUnits += units;
    const clock = this.options.quotas;
    if (clock === undefined) return;
    const at = Math.floor(clock.now() / 60_000);
    if (this.minute.at !== at) this.minute = { at, read: 0, write: 0, batch: 0 };
    const m = this.minute;
    const over =
      batch && m.batch + 1 > KVS_QUOTAS.batchOpsPerMinute
        ? `more than ${KVS_QUOTAS.batchOpsPerMinute} batch operations in a minute`
        : kind === 'read' && m.read + units > KVS_QUOTAS.readUnitsPerMinute
          ? `more than ${KVS_QUOTAS.readUnitsPerMinute} read units of 10 KB in a minute`
          : kind === 'write' && m.write + units > KVS_QUOTAS.writeUnitsPerMinute
            ? `more than ${KVS_QUOTAS.writeUnitsPerMinute} write units of 10 KB in a minute`
            : null;
    if (over !== null) {
      this.counts.rateLimited++;
      throw new KvsRateLimitError(over);
    }
    if (batch) m.batch++;
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

  async get<T>(key: string): Promise<T | undefined> {
    checkStorageKey(key);
    const json = this.entries.get(key);
    this.spend('read', json === undefined ? 0 : Buffer.byteLength(json));
    this.tick();
    this.counts.get++;
    if (json === undefined) return undefined;
    this.counts.bytesRead += Buffer.byteLength(json);
    return JSON.parse(json) as T;
  }

  async getMany<T>(keys: readonly string[]): Promise<Map<string, T>> {
    checkBatch(keys);
    const found = keys.flatMap((key) => {
      const json = this.entries.get(key);
      return json === undefined ? [] : [[key, json] as const];
    });
    const bytes = found.reduce((n, [, json]) => n + Buffer.byteLength(json), 0);
    this.spend('read', bytes, true);
    this.tick();
    this.counts.batchGet++;
    this.counts.batchGetKeys += keys.length;
    this.counts.bytesRead += bytes;
    return new Map(found.map(([key, json]) => [key, JSON.parse(json) as T]));
  }

  async set<T>(key: string, value: T): Promise<void> {
    checkStorageKey(key);
    const json = kvsJson(key, value);
    this.mayWrite(key, 'set');
    this.spend('write', Buffer.byteLength(json));
    this.tick();
    this.counts.set++;
    this.counts.bytesWritten += Buffer.byteLength(json);
    this.entries.set(key, json);
    this.wrote(key, true);
  }

  async setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    checkStorageKey(key);
    const json = kvsJson(key, value);
    this.mayWrite(key, 'set');
    this.spend('write', Buffer.byteLength(json));
    this.tick();
    if (this.entries.has(key)) return false;
    this.counts.set++;
    this.counts.bytesWritten += Buffer.byteLength(json);
    this.entries.set(key, json);
    this.wrote(key, true);
    return true;
  }

  async delete(key: string): Promise<void> {
    checkStorageKey(key);
    this.mayWrite(key, 'delete');
    this.spend('write', 0);
    this.tick();
    this.counts.delete++;
    this.entries.delete(key);
    this.wrote(key, false);
  }

  async keys(prefix: string): Promise<string[]> {
    checkStorageKey(prefix);
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
