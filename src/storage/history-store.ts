/**
 * Each project's score and release-date history (src/core/history.ts) in KVS: one document per
 * project (`hist:KEY`), split into parts by putDocument when it outgrows one KVS value.
 */
import { EMPTY_HISTORY, readHistory, recordScan, type HistoryDoc, type ScanSnapshot } from '../core/history';
import { isProjectKey } from '../core/project-key';
import { getDocument, kvsBlobKv, MemoryBlobKv, putDocument, type BlobKv } from './blob-kv';
import type { KvsLike } from './key-value';

export interface HistoryStore {
  get(projectKey: string): Promise<HistoryDoc>;
  record(projectKey: string, scan: ScanSnapshot): Promise<HistoryDoc>;
}

function key(projectKey: string): string {
  if (!isProjectKey(projectKey)) throw new Error(`invalid project key ${JSON.stringify(projectKey)}`);
  return `hist:${projectKey}`;
}

export class KvHistoryStore implements HistoryStore {
  constructor(private readonly kv: BlobKv) {}

  async get(projectKey: string): Promise<HistoryDoc> {
    const stored = await getDocument<unknown>(this.kv, key(projectKey));
    return stored === undefined ? EMPTY_HISTORY : readHistory(stored);
  }

  /** Replaces the whole document (seeding the local preview's demo history). */
  async put(projectKey: string, doc: HistoryDoc): Promise<void> {
    const last = doc.days[doc.days.length - 1]?.[0] ?? '0';
    await putDocument(this.kv, key(projectKey), readHistory(doc), last.replace(/-/g, ''));
  }

  async record(projectKey: string, scan: ScanSnapshot): Promise<HistoryDoc> {
    const next = recordScan(await this.get(projectKey), scan);
    await putDocument(this.kv, key(projectKey), next, scan.date.replace(/-/g, ''));
    return next;
  }
}

export function kvsHistoryStore(kvs: KvsLike): HistoryStore {
  return new KvHistoryStore(kvsBlobKv(kvs));
}

export function memoryHistoryStore(kv: BlobKv = new MemoryBlobKv()): HistoryStore {
  return new KvHistoryStore(kv);
}
