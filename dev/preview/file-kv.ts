/**
 * The preview's stand-in for Forge key-value storage: the same KeyValueStore interface as the
 * app's KVS adapter, kept in one JSON file (by default .preview-data/kvs.json, git-ignored), so
 * a config saved in the preview survives a restart. Writes go to a temporary file renamed over
 * the old one, so a crash never leaves half a file; operations run one at a time, so the
 * set-if-absent the config history relies on stays atomic.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { kvsJson, type KeyValueStore } from '../../src/storage/key-value';
import { checkStorageKey } from '../../src/storage/keys';

type Entries = Record<string, unknown>;

function isEntries(value: unknown): value is Entries {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FileKeyValueStore implements KeyValueStore {
  private entries: Map<string, string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Runs one operation after the previous ones (reads see every earlier write). */
  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<Map<string, string>> {
    if (this.entries) return this.entries;
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const map = new Map<string, string>();
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${this.file} is not valid JSON; delete it to start the preview with empty storage`);
      }
      if (!isEntries(parsed)) throw new Error(`${this.file} must hold one JSON object of keys and values`);
      for (const [key, value] of Object.entries(parsed)) map.set(key, kvsJson(key, value));
    }
    this.entries = map;
    return map;
  }

  private async persist(map: Map<string, string>): Promise<void> {
    const out: Entries = {};
    for (const key of [...map.keys()].sort()) out[key] = JSON.parse(map.get(key)!) as unknown;
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(out, null, 2)}\n`);
    await rename(temp, this.file);
  }

  async get<T>(key: string): Promise<T | undefined> {
    checkStorageKey(key);
    return this.serial(async () => {
      const json = (await this.load()).get(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    });
  }

  async setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    checkStorageKey(key);
    return this.serial(async () => {
      const map = await this.load();
      if (map.has(key)) return false;
      map.set(key, kvsJson(key, value));
      await this.persist(map);
      return true;
    });
  }

  /** Sets a key whatever it held (the scan stores' writes). */
  async set<T>(key: string, value: T): Promise<void> {
    checkStorageKey(key);
    return this.serial(async () => {
      const map = await this.load();
      map.set(key, kvsJson(key, value));
      await this.persist(map);
    });
  }

  async keys(prefix: string): Promise<string[]> {
    checkStorageKey(prefix);
    return this.serial(async () => [...(await this.load()).keys()].filter((key) => key.startsWith(prefix)).sort());
  }

  async delete(key: string): Promise<void> {
    checkStorageKey(key);
    return this.serial(async () => {
      const map = await this.load();
      if (!map.delete(key)) return;
      await this.persist(map);
    });
  }
}
