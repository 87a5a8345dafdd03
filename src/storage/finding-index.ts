/**
 * The stored findings by issue key, so the issue panel reads the findings of a few issues in a
 * few KVS reads whatever the project's size. Written with each result, beside its chunks
 * (src/storage/scan-result-store.ts): every finding about an issue goes to the bucket of its
 * key, `fnv1a(key) mod buckets`; the number of buckets is chosen so each stays well under the
 * KVS value limit, and is kept in the summary.
 */
import type { IndexBucket, StoredFinding } from './schemas';

/** What one bucket may hold at most (a KVS value holds 240 KiB). */
export const INDEX_BUCKET_LIMIT_BYTES = 160 * 1024;
/** The average a bucket is sized for (hashing spreads keys unevenly). */
const TARGET_BUCKET_BYTES = 64 * 1024;
const MAX_BUCKETS = 4096;

/** 32-bit FNV-1a of the key: stable across runs and runtimes. */
export function bucketOf(issueKey: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < issueKey.length; i++) {
    hash ^= issueKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

/** The buckets of these findings (those about an issue), each under the bucket limit. */
export function buildIndex(findings: readonly StoredFinding[]): IndexBucket[] {
  const about = findings.filter((f) => f.issueKey !== undefined);
  const bytes = about.reduce((sum, f) => sum + Buffer.byteLength(JSON.stringify(f)) + 1, 0);
  let count = Math.max(1, Math.ceil(bytes / TARGET_BUCKET_BYTES));
  for (;;) {
    const buckets: IndexBucket[] = Array.from({ length: count }, () => ({}));
    for (const f of about) {
      const bucket = buckets[bucketOf(f.issueKey!, count)]!;
      (bucket[f.issueKey!] ??= []).push(f);
    }
    if (count >= MAX_BUCKETS || buckets.every((b) => Buffer.byteLength(JSON.stringify(b)) <= INDEX_BUCKET_LIMIT_BYTES)) return buckets;
    count *= 2;
  }
}
