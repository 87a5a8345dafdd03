/**
 * The preview's stand-in for Forge key-value storage: the same KeyValueStore interface as the
 * app's KVS adapter, kept in one JSON file (by default .preview-data/kvs.json, git-ignored), so
 * a config saved in the preview survives a restart. Operations run one at a time on the entries in
 * memory, so the set-if-absent the config history relies on stays atomic. The file is written
 * behind them: at most once every PERSIST_DELAY_MS, and at `flush()` (the preview's close). A
 * scan stores hundreds of documents; writing the whole file at every set made a 10k-issue scan
 * in the preview quadratic (most of a minute of CPU). Each write goes to a temporary file renamed
 * over the old one, so a crash never leaves half a file (it loses at most the last moment's writes).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { kvsJson, type KeyValueStore } from '../../src/storage/key-value';
import { checkStorageKey } from '../../src/storage/keys';

type Entries = Record<string, unknown>;

/** How long the file may lag behind the entries in memory. */
const PERSIST_DELAY_MS = 250;

function isEntries(value: unknown): value is Entries {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FileKeyValueStore implements KeyValueStore {
  private entries: Map<string, string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();

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

  /** Marks the entries as changed; the file follows within PERSIST_DELAY_MS. */
  private persistSoon(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => console.error(`preview storage: writing ${this.file} failed`, error));
    }, PERSIST_DELAY_MS);
  }

  /** Writes the entries to the file now if they changed since the last write; waits for any write under way. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const write = this.writing.then(async () => {
      if (!this.dirty || !this.entries) return;
      this.dirty = false;
      // The values are kept as JSON text already: the file is built from them, one key a line, in key order.
      const map = this.entries;
      const lines = [...map.keys()].sort().map((key) => `  ${JSON.stringify(key)}: ${map.get(key)!}`);
      const text = lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
      await mkdir(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      try {
        await writeFile(temp, text);
        await rename(temp, this.file);
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    });
    this.writing = write.catch(() => undefined);
    return write;
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
      this.persistSoon();
      return true;
    });
  }

  /** Sets a key whatever it held (the scan stores' writes). */
  async set<T>(key: string, value: T): Promise<void> {
    checkStorageKey(key);
    return this.serial(async () => {
      const map = await this.load();
      map.set(key, kvsJson(key, value));
      this.persistSoon();
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
      this.persistSoon();
    });
  }
}
