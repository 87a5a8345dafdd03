/**
 * The saved config documents and their history, per scope (the site, or one project).
 *
 * Layout (src/storage/keys.ts): every saved version is its own key, `cfg:<scope>:v:<version>`,
 * written with set-if-absent; `cfg:<scope>:head` holds the current version number, read with
 * `get` (KVS queries are eventually consistent: a listing could miss the version just saved).
 * A save names the version it edited: the store writes version+1 only if that is still the
 * current one and nobody has written version+1 meanwhile (two admins saving at once: one wins,
 * the other conflicts), then moves the head. A head left behind by a write that failed after
 * its version landed is rolled forward by the next read (the version keys are the truth; the
 * head only saves a listing). After a write the versions older than the last HISTORY_LIMIT are
 * deleted by their known keys.
 *
 * The store does not validate documents: the caller validates before writing, so a rejected
 * save never reaches storage.
 */
import type { ConfigInput } from '../core/config';
import { MemoryKeyValueStore, type KeyValueStore } from './key-value';
import { configKeys, type ConfigScopeRef } from './keys';
import { configHeadSchema, configVersionSchema, whyUnreadable } from './schemas';

export { scopeId, type ConfigScopeRef } from './keys';

export const HISTORY_LIMIT = 20;

type ConfigAction = 'save' | 'reset' | 'restore';

export interface ConfigVersion {
  version: number;
  action: ConfigAction;
  /** The document as saved ({} after a reset). */
  config: ConfigInput;
  /** Atlassian account id of the person who saved. */
  savedBy: string;
  /** ISO-8601. */
  savedAt: string;
  /** For a restore: the version whose document was restored. */
  restoredFrom?: number;
}

export interface ConfigWrite {
  action: ConfigAction;
  config: ConfigInput;
  savedBy: string;
  savedAt: string;
  restoredFrom?: number;
}

/** The save was based on `expectedVersion` but the stored version is `currentVersion`. */
export class ConfigConflictError extends Error {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`the config was changed by someone else (you edited version ${expectedVersion}, the latest is ${currentVersion}); reload and try again`);
    this.name = 'ConfigConflictError';
  }
}

export interface ConfigStore {
  /** The latest saved version of a scope, or null when nothing was ever saved. */
  current(scope: ConfigScopeRef): Promise<ConfigVersion | null>;
  /** The kept versions of a scope, newest first (at most HISTORY_LIMIT). */
  history(scope: ConfigScopeRef): Promise<ConfigVersion[]>;
  /** Writes a new version after `expectedVersion` (0 when nothing was saved); ConfigConflictError when stale. */
  write(scope: ConfigScopeRef, expectedVersion: number, entry: ConfigWrite): Promise<ConfigVersion>;
}

export class VersionedConfigStore implements ConfigStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {}

  /** The current version number: the head, rolled forward past versions written after it. */
  private async currentNumber(scope: ConfigScopeRef): Promise<number> {
    const head = configHeadSchema.safeParse(await this.kv.get<unknown>(configKeys.head(scope)));
    let version = head.success ? head.data : 0;
    while ((await this.kv.get<unknown>(configKeys.version(scope, version + 1))) !== undefined) version++;
    return version;
  }

  /** One stored version; an unreadable one is logged and read as missing. */
  private async readVersion(scope: ConfigScopeRef, version: number): Promise<ConfigVersion | undefined> {
    const key = configKeys.version(scope, version);
    const value = await this.kv.get<unknown>(key);
    if (value === undefined) return undefined;
    const parsed = configVersionSchema.safeParse(value);
    if (!parsed.success) {
      this.log(`storage ${key}: not a config version (${whyUnreadable(parsed.error)}); read as missing`);
      return undefined;
    }
    return parsed.data as ConfigVersion;
  }

  async current(scope: ConfigScopeRef): Promise<ConfigVersion | null> {
    const version = await this.currentNumber(scope);
    if (version === 0) return null;
    return (await this.readVersion(scope, version)) ?? null;
  }

  async history(scope: ConfigScopeRef): Promise<ConfigVersion[]> {
    const latest = await this.currentNumber(scope);
    const numbers = Array.from({ length: Math.min(HISTORY_LIMIT, latest) }, (_, i) => latest - i);
    const versions = await Promise.all(numbers.map((n) => this.readVersion(scope, n)));
    return versions.filter((v): v is ConfigVersion => v !== undefined);
  }

  async write(scope: ConfigScopeRef, expectedVersion: number, entry: ConfigWrite): Promise<ConfigVersion> {
    const latest = await this.currentNumber(scope);
    if (latest !== expectedVersion) throw new ConfigConflictError(expectedVersion, latest);
    const next: ConfigVersion = {
      version: latest + 1,
      action: entry.action,
      config: entry.config,
      savedBy: entry.savedBy,
      savedAt: entry.savedAt,
      ...(entry.restoredFrom !== undefined ? { restoredFrom: entry.restoredFrom } : {}),
    };
    if (!(await this.kv.setIfAbsent(configKeys.version(scope, next.version), next))) {
      throw new ConfigConflictError(expectedVersion, await this.currentNumber(scope));
    }
    // The version is saved; the head and the pruning only save work for later reads. A failure
    // here is logged, not raised (the next read rolls the head forward; history() shows only
    // the last HISTORY_LIMIT versions whatever is left behind).
    try {
      await this.kv.set(configKeys.head(scope), next.version);
      const stale = next.version - HISTORY_LIMIT;
      if (stale >= 1) await this.kv.delete(configKeys.version(scope, stale));
    } catch (error) {
      this.log(`config-store: version ${next.version} of ${configKeys.head(scope)} saved, but the head or the pruning failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return next;
  }
}

/** The same store over memory (tests, the local preview). */
export function memoryConfigStore(kv: KeyValueStore = new MemoryKeyValueStore()): ConfigStore {
  return new VersionedConfigStore(kv);
}
