/**
 * A small document that several writers change at once, versioned by a head key (the layout
 * the config store uses): `NAME:v:0000000007` holds each version, written with set-if-absent,
 * and `NAME:head` the current number, read with `get` (never a KVS query, which is eventually
 * consistent). Writing version N+1 succeeds for one writer only: that is the compare-and-set.
 * A head left behind by a writer that failed after its version landed is rolled forward by the
 * next read. Versions older than the last KEEP are deleted by their known keys.
 *
 * Documents are checked with their zod schema when read; one that does not parse is logged
 * and read as absent (its version number still counts, so writes go on after it).
 */
import type { z } from 'zod';
import type { Log } from './documents';
import type { KeyValueStore } from './key-value';
import { versionedKeys, type VersionedName } from './keys';

const KEEP = 3;
/** Compare-and-set attempts of one `update` before it gives up. */
const MAX_ATTEMPTS = 12;

/** The write was based on `expectedVersion`, but the stored version is `currentVersion`. */
export class VersionConflictError extends Error {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`changed by someone else (you edited version ${expectedVersion}, the latest is ${currentVersion}); reload and try again`);
    this.name = 'VersionConflictError';
  }
}

export interface Versioned<T> {
  version: number;
  doc: T;
}

export class VersionedDocument<T> {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly name: VersionedName,
    private readonly schema: z.ZodType<T>,
    private readonly log: Log,
  ) {}

  private async latestNumber(): Promise<number> {
    const head = await this.kv.get<unknown>(versionedKeys.head(this.name));
    let version = typeof head === 'number' && Number.isInteger(head) && head >= 0 ? head : 0;
    while ((await this.kv.get<unknown>(versionedKeys.version(this.name, version + 1))) !== undefined) version++;
    return version;
  }

  /**
   * The current version (0 and null when nothing was written): the head, then the version it
   * names and the one after it at once (a head left behind is rolled forward): three gets in two
   * round trips. Plain gets, not a batch: KVS allows few batch operations a minute.
   */
  async current(): Promise<{ version: number; doc: T | null }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const head = await this.kv.get<unknown>(versionedKeys.head(this.name));
      let version = typeof head === 'number' && Number.isInteger(head) && head >= 0 ? head : 0;
      let stored: unknown;
      for (;;) {
        const [named, next] = await Promise.all([
          version >= 1 ? this.kv.get<unknown>(versionedKeys.version(this.name, version)) : Promise.resolve(undefined),
          this.kv.get<unknown>(versionedKeys.version(this.name, version + 1)),
        ]);
        if (next === undefined) {
          stored = named;
          break;
        }
        version++;
      }
      if (version === 0) return { version, doc: null };
      if (stored === undefined) continue; // pruned by writers meanwhile: read the newer head
      const parsed = this.schema.safeParse(stored);
      if (parsed.success) return { version, doc: parsed.data };
      this.log(`storage ${versionedKeys.version(this.name, version)}: unreadable (${parsed.error.issues[0]?.message ?? 'invalid'}); read as absent`);
      return { version, doc: null };
    }
    throw new Error(`storage ${versionedKeys.head(this.name)}: the document changed faster than it could be read`);
  }

  /** Writes `doc` as the version after `expectedVersion`; VersionConflictError when that is not the latest. */
  async write(expectedVersion: number, doc: T): Promise<Versioned<T>> {
    const latest = await this.latestNumber();
    if (latest !== expectedVersion) throw new VersionConflictError(expectedVersion, latest);
    const next = latest + 1;
    if (!(await this.kv.setIfAbsent(versionedKeys.version(this.name, next), doc))) throw new VersionConflictError(expectedVersion, await this.latestNumber());
    try {
      await this.kv.set(versionedKeys.head(this.name), next);
      if (next - KEEP >= 1) await this.kv.delete(versionedKeys.version(this.name, next - KEEP));
    } catch (error) {
      // The version landed; the next read rolls the head forward.
      this.log(`storage ${versionedKeys.head(this.name)}: version ${next} saved, but the head or the pruning failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { version: next, doc };
  }

  /**
   * Read, change, write, retried when another writer came first. `change` gets the current
   * document (null when none) and returns the next one, or null to leave it as it is.
   */
  async update(change: (current: T | null) => T | null): Promise<Versioned<T> | null> {
    return compareAndSet(this, change, versionedKeys.head(this.name));
  }
}

/**
 * Read, change, write, retried when another writer came first: the update of any document with
 * a versioned `current` and a `write` that fails with VersionConflictError (this file's, and the
 * portfolio index over its parts).
 */
export async function compareAndSet<T>(
  doc: { current(): Promise<{ version: number; doc: T | null }>; write(expectedVersion: number, doc: T): Promise<Versioned<T>> },
  change: (current: T | null) => T | null,
  name: string,
): Promise<Versioned<T> | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { version, doc: current } = await doc.current();
    const next = change(current);
    if (next === null) return current === null ? null : { version, doc: current };
    try {
      return await doc.write(version, next);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new Error(`storage ${name}: gave up after ${MAX_ATTEMPTS} concurrent changes`);
}
