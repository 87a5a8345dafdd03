/**
 * The key-value operations the scale path needs (plain overwrite, delete, list keys by prefix),
 * over @forge/kvs in the app and over memory in tests and the bench — and JSON documents of any
 * size on top, split into parts below the KVS value limit.
 *
 * Forge's limits (developer.atlassian.com/platform/forge/limits-kvs-ce): a value is at most
 * 240 KiB persisted, a key at most 500 characters of [a-zA-Z0-9:._\s-#], objects at most 31
 * levels deep. The memory store enforces the same limits so tests catch a value that would fail.
 */
import type { KvsLike } from './key-value';

export const KVS_VALUE_LIMIT_BYTES = 240 * 1024;
/** What one part of a large document may take (the rest is headroom for the envelope). */
const PART_LIMIT_BYTES = 200 * 1024;
const KEY_RE = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]{1,500}$/;

export interface BlobKv {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, sorted. */
  keys(prefix: string): Promise<string[]>;
}

export function checkKey(key: string): void {
  if (!KEY_RE.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}

const LIST_PAGE = 100;
const MAX_LIST_PAGES = 1000;

/** The store of the deployed app (pass `kvs` from @forge/kvs). */
export function kvsBlobKv(kvs: KvsLike): BlobKv {
  return {
    get<T>(key: string) {
      checkKey(key);
      return kvs.get<T>(key);
    },
    async set<T>(key: string, value: T) {
      checkKey(key);
      await kvs.set(key, value, { keyPolicy: 'OVERRIDE' });
    },
    async delete(key: string) {
      checkKey(key);
      await kvs.delete(key);
    },
    async keys(prefix: string) {
      checkKey(prefix);
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

function depthOf(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object') return depth;
  let max = depth + 1;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    if (child !== null && typeof child === 'object') max = Math.max(max, depthOf(child, depth + 1));
  }
  return max;
}

/** KVS over a Map, with Forge's size, key and depth limits, and operation counters. */
export class MemoryBlobKv implements BlobKv {
  private readonly entries = new Map<string, string>();
  readonly counts = { get: 0, set: 0, delete: 0, list: 0, bytesWritten: 0 };

  async get<T>(key: string): Promise<T | undefined> {
    checkKey(key);
    this.counts.get++;
    const json = this.entries.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async set<T>(key: string, value: T): Promise<void> {
    checkKey(key);
    const json = JSON.stringify(value);
    if (json === undefined) throw new Error(`storage ${key}: value is not JSON`);
    const bytes = Buffer.byteLength(json);
    if (bytes > KVS_VALUE_LIMIT_BYTES) throw new Error(`storage ${key}: value of ${bytes} bytes exceeds the KVS limit of ${KVS_VALUE_LIMIT_BYTES}`);
    if (depthOf(value) > 31) throw new Error(`storage ${key}: value is nested deeper than 31 levels`);
    this.counts.set++;
    this.counts.bytesWritten += bytes;
    this.entries.set(key, json);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    this.counts.delete++;
    this.entries.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    checkKey(prefix);
    this.counts.list++;
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Number of keys and bytes held (for the bench and tests). */
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
}

// ---------------------------------------------------------------------------------------------
// Documents of any size

type Stored<T> = { inline: T } | { parts: number; generation: string };

function partKey(key: string, generation: string, index: number): string {
  return `${key}#${generation}#${String(index).padStart(4, '0')}`;
}

/** Splits text so that each part, stored as a JSON string, stays under the part limit. */
function split(text: string): string[] {
  const parts: string[] = [];
  let at = 0;
  let size = 60_000;
  while (at < text.length) {
    const part = text.slice(at, at + size);
    if (Buffer.byteLength(JSON.stringify(part)) > PART_LIMIT_BYTES && size > 1000) {
      size = Math.floor(size / 2);
      continue;
    }
    parts.push(part);
    at += part.length;
  }
  return parts;
}

/**
 * Writes a JSON document of any size under `key`: inline when small, else in parts written first
 * under a new generation, then the head that points to them (a reader never sees half a
 * document), then the previous generation's parts are deleted.
 */
export async function putDocument<T>(kv: BlobKv, key: string, value: T, generation: string = Date.now().toString(36)): Promise<void> {
  const text = JSON.stringify(value);
  const previous = await kv.get<Stored<T>>(key);
  let written = 0;
  if (Buffer.byteLength(text) <= PART_LIMIT_BYTES && depthOf(value) <= 30) {
    await kv.set<Stored<T>>(key, { inline: value });
  } else {
    const parts = split(text);
    for (let start = 0; start < parts.length; start += 8) {
      await Promise.all(parts.slice(start, start + 8).map((part, i) => kv.set(partKey(key, generation, start + i), part)));
    }
    await kv.set<Stored<T>>(key, { parts: parts.length, generation });
    written = parts.length;
  }
  if (previous !== undefined && 'parts' in previous) {
    // The old generation's parts, or (same generation rewritten shorter) the ones past the new end.
    const from = previous.generation === generation ? written : 0;
    for (let i = from; i < previous.parts; i++) await kv.delete(partKey(key, previous.generation, i));
  }
}

async function deleteParts(kv: BlobKv, key: string, head: { parts: number; generation: string }): Promise<void> {
  for (let i = 0; i < head.parts; i++) await kv.delete(partKey(key, head.generation, i));
}

export async function getDocument<T>(kv: BlobKv, key: string): Promise<T | undefined> {
  const head = await kv.get<Stored<T>>(key);
  if (head === undefined) return undefined;
  if ('inline' in head) return head.inline;
  const parts = await Promise.all(Array.from({ length: head.parts }, (_, i) => kv.get<string>(partKey(key, head.generation, i))));
  if (parts.some((p) => typeof p !== 'string')) throw new Error(`storage ${key}: a part of generation ${head.generation} is missing`);
  return JSON.parse(parts.join('')) as T;
}

export async function deleteDocument(kv: BlobKv, key: string): Promise<void> {
  const head = await kv.get<Stored<unknown>>(key);
  if (head !== undefined && 'parts' in head) await deleteParts(kv, key, head);
  await kv.delete(key);
}
