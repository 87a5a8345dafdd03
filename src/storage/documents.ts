/**
 * JSON documents of any size over the key-value store, written so that a write failing midway
 * never damages what was there:
 *
 * - a small document is one value under its key (one `set`: it lands whole or not at all);
 * - a large one is cut into parts written under a fresh generation (`KEY#GEN#0000` …), then
 *   the head under KEY is switched to that generation, last; only then are the previous
 *   generation's parts deleted. A write that fails before the switch leaves the old head and
 *   its parts untouched; one that fails after it leaves stray parts, never a broken document.
 * - a document that cannot be read (a part missing, text that is not JSON, a head of the wrong
 *   shape) is logged and read as missing, so the next write replaces it.
 */
import { depthOf, KVS_MAX_DEPTH, type KeyValueStore } from './key-value';
import { documentPartKey } from './keys';
import { documentHeadSchema } from './schemas';

/** What one part of a large document may take (KVS allows 240 KiB; the rest is headroom). */
export const PART_LIMIT_BYTES = 200 * 1024;
const WRITE_CONCURRENCY = 8;

type Head<T> = { inline: T } | { parts: number; generation: string };

export type Log = (message: string) => void;

let generations = 0;
/** A generation nobody wrote before: the time, a counter and a random tail. */
export function freshGeneration(): string {
  generations = (generations + 1) % 1296;
  return `${Date.now().toString(36)}${generations.toString(36).padStart(2, '0')}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

/** Cuts text so that each part, stored as a JSON string, stays under the part limit. */
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

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inBatches<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += limit) {
    await Promise.all(items.slice(start, start + limit).map((item, i) => work(item, start + i)));
  }
}

async function readHead(kv: KeyValueStore, key: string, log: Log): Promise<Head<unknown> | undefined> {
  return checkHead(key, await kv.get<unknown>(key), log);
}

function checkHead(key: string, head: unknown, log: Log): Head<unknown> | undefined {
  if (head === undefined) return undefined;
  const parsed = documentHeadSchema.safeParse(head);
  if (!parsed.success) {
    log(`storage ${key}: the stored head is not a document head; read as missing`);
    return undefined;
  }
  return parsed.data;
}

async function deleteParts(kv: KeyValueStore, key: string, head: Head<unknown> | undefined, log: Log): Promise<void> {
  if (head === undefined || 'inline' in head) return;
  const keys = Array.from({ length: head.parts }, (_, i) => documentPartKey(key, head.generation, i));
  try {
    await inBatches(keys, WRITE_CONCURRENCY, (k) => kv.delete(k));
  } catch (error) {
    // The head no longer points to them: stray parts cost space, never a wrong read.
    log(`storage ${key}: could not delete the parts of generation ${head.generation}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes a JSON document of any size under `key` (see the file's comment for the guarantees). */
export async function putDocument<T>(kv: KeyValueStore, key: string, value: T, log: Log): Promise<void> {
  const text = JSON.stringify(value);
  const previous = await readHead(kv, key, log);
  if (Buffer.byteLength(text) <= PART_LIMIT_BYTES && depthOf(value) < KVS_MAX_DEPTH) {
    await kv.set<Head<T>>(key, { inline: value });
  } else {
    const generation = freshGeneration();
    const parts = split(text);
    await inBatches(parts, WRITE_CONCURRENCY, (part, i) => kv.set(documentPartKey(key, generation, i), part));
    await kv.set<Head<T>>(key, { parts: parts.length, generation });
  }
  await deleteParts(kv, key, previous, log);
}

/** The document under `key`; undefined when absent or unreadable (then logged). */
export async function getDocument<T>(kv: KeyValueStore, key: string, log: Log): Promise<T | undefined> {
  return readBody<T>(kv, key, await readHead(kv, key, log), log);
}


async function readBody<T>(kv: KeyValueStore, key: string, head: Head<unknown> | undefined, log: Log): Promise<T | undefined> {
  if (head === undefined) return undefined;
  if ('inline' in head) return head.inline as T;
  const parts = await Promise.all(Array.from({ length: head.parts }, (_, i) => kv.get<unknown>(documentPartKey(key, head.generation, i))));
  if (parts.some((p) => typeof p !== 'string')) {
    log(`storage ${key}: a part of generation ${head.generation} is missing; read as missing`);
    return undefined;
  }
  try {
    return JSON.parse(parts.join('')) as T;
  } catch (error) {
    log(`storage ${key}: generation ${head.generation} is not JSON (${error instanceof Error ? error.message : String(error)}); read as missing`);
    return undefined;
  }
}

export async function deleteDocument(kv: KeyValueStore, key: string, log: Log): Promise<void> {
  const head = await readHead(kv, key, log);
  await kv.delete(key);
  await deleteParts(kv, key, head, log);
}
