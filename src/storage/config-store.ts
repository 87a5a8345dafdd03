/**
 * The saved config documents and their history, per scope (the site, or one project).
 *
 * Layout: every saved version is its own key, `cfg:<scope>:v:<version, 10 digits>`, written
 * with set-if-absent. The current version is the highest key of the scope. A save names the
 * version it edited: the store writes version+1 only if that is still the latest and nobody
 * has written version+1 meanwhile (two admins saving at once: one wins, the other conflicts).
 * After a write the versions older than the last HISTORY_LIMIT are deleted.
 *
 * The store does not validate documents: the caller validates before writing, so a rejected
 * save never reaches storage.
 */
import type { ConfigInput } from '../core/config';
import { isProjectKey } from '../core/project-key';
import { kvsKeyValueStore, MemoryKeyValueStore, type KeyValueStore, type KvsLike } from './key-value';

export const HISTORY_LIMIT = 20;

export type ConfigScopeRef = { kind: 'site' } | { kind: 'project'; projectKey: string };

export type ConfigAction = 'save' | 'reset' | 'restore';

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

const VERSION_DIGITS = 10;

export function scopeId(scope: ConfigScopeRef): string {
  if (scope.kind === 'site') return 'site';
  if (!isProjectKey(scope.projectKey)) throw new Error(`invalid project key ${JSON.stringify(scope.projectKey)}`);
  return `project:${scope.projectKey}`;
}

function prefixOf(scope: ConfigScopeRef): string {
  return `cfg:${scopeId(scope)}:v:`;
}

function keyOf(scope: ConfigScopeRef, version: number): string {
  return `${prefixOf(scope)}${String(version).padStart(VERSION_DIGITS, '0')}`;
}

export class VersionedConfigStore implements ConfigStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {}

  private async versions(scope: ConfigScopeRef): Promise<ConfigVersion[]> {
    const entries = await this.kv.list<ConfigVersion>(prefixOf(scope));
    return entries.map((e) => e.value).sort((a, b) => b.version - a.version);
  }

  async current(scope: ConfigScopeRef): Promise<ConfigVersion | null> {
    return (await this.versions(scope))[0] ?? null;
  }

  async history(scope: ConfigScopeRef): Promise<ConfigVersion[]> {
    return (await this.versions(scope)).slice(0, HISTORY_LIMIT);
  }

  async write(scope: ConfigScopeRef, expectedVersion: number, entry: ConfigWrite): Promise<ConfigVersion> {
    const versions = await this.versions(scope);
    const latest = versions[0]?.version ?? 0;
    if (latest !== expectedVersion) throw new ConfigConflictError(expectedVersion, latest);
    const next: ConfigVersion = {
      version: latest + 1,
      action: entry.action,
      config: entry.config,
      savedBy: entry.savedBy,
      savedAt: entry.savedAt,
      ...(entry.restoredFrom !== undefined ? { restoredFrom: entry.restoredFrom } : {}),
    };
    if (!(await this.kv.setIfAbsent(keyOf(scope, next.version), next))) {
      const now = (await this.current(scope))?.version ?? next.version;
      throw new ConfigConflictError(expectedVersion, now);
    }
    // Prune what falls out of the history. A failure here leaves extra old versions behind
    // (history() still shows only the last HISTORY_LIMIT), so it is logged, not raised.
    const stale = versions.filter((v) => v.version <= next.version - HISTORY_LIMIT);
    for (const old of stale) {
      try {
        await this.kv.delete(keyOf(scope, old.version));
      } catch (error) {
        this.log(`config-store: could not delete ${keyOf(scope, old.version)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return next;
  }
}

/** The store of the deployed app: Forge key-value storage. */
export function kvsConfigStore(kvs: KvsLike): ConfigStore {
  return new VersionedConfigStore(kvsKeyValueStore(kvs));
}

/** The same store over memory (tests, the local preview). */
export function memoryConfigStore(kv: KeyValueStore = new MemoryKeyValueStore()): ConfigStore {
  return new VersionedConfigStore(kv);
}
