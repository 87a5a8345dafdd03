/**
 * Each project's score and release-date history (src/core/history.ts) in KVS: one document per
 * project (`hist:KEY`), split into parts by putDocument when it outgrows one KVS value. A
 * history that cannot be read is logged and starts again empty; it never blocks a scan.
 */
import { EMPTY_HISTORY, readHistory, recordScan, type HistoryDoc, type ScanSnapshot } from '../core/history';
import { deleteDocument, getDocument, putDocument, type Log } from './documents';
import { MemoryKeyValueStore, type KeyValueStore } from './key-value';
import { historyKey } from './keys';
import { historySchema, whyUnreadable } from './schemas';

export interface HistoryStore {
  get(projectKey: string): Promise<HistoryDoc>;
  record(projectKey: string, scan: ScanSnapshot): Promise<HistoryDoc>;
  /** Deletes the project's history (all its parts). */
  delete(projectKey: string): Promise<void>;
}

export class KvHistoryStore implements HistoryStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: Log = (message) => console.error(message),
  ) {}

  async get(projectKey: string): Promise<HistoryDoc> {
    const key = historyKey(projectKey);
    const stored = await getDocument<unknown>(this.kv, key, this.log);
    if (stored === undefined) return EMPTY_HISTORY;
    const parsed = historySchema.safeParse(stored);
    if (!parsed.success) {
      this.log(`storage ${key}: not a history (${whyUnreadable(parsed.error)}); read as empty`);
      return EMPTY_HISTORY;
    }
    return parsed.data;
  }

  /** Replaces the whole document (seeding the local preview's demo history). */
  async put(projectKey: string, doc: HistoryDoc): Promise<void> {
    await putDocument(this.kv, historyKey(projectKey), readHistory(doc), this.log);
  }

  async delete(projectKey: string): Promise<void> {
    await deleteDocument(this.kv, historyKey(projectKey), this.log);
  }

  async record(projectKey: string, scan: ScanSnapshot): Promise<HistoryDoc> {
    const next = recordScan(await this.get(projectKey), scan);
    await putDocument(this.kv, historyKey(projectKey), next, this.log);
    return next;
  }
}

export function memoryHistoryStore(kv: KeyValueStore = new MemoryKeyValueStore()): HistoryStore {
  return new KvHistoryStore(kv);
}
