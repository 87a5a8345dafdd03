/**
 * What each viewer may browse, remembered per viewer and project for a short while, so the
 * polls of a running scan and a page's drill-downs do not repeat the key check
 * (src/resolvers/visibility.ts). In memory: it lives as long as the function's instance.
 */

/** How long a viewer's answer about an issue key is reused. */
const VISIBILITY_TTL_MS = 60_000;
/** Viewer-and-project entries kept at most (the oldest is dropped first). */
const MAX_ENTRIES = 500;

/** What one viewer may browse, remembered per viewer and project for a short while. */
export class KeyVisibilityCache {
  private readonly entries = new Map<string, { at: number; keys: Map<string, boolean> }>();

  constructor(private readonly ttlMs: number = VISIBILITY_TTL_MS) {}

  /** The known answers for these keys, and the keys still to check. */
  lookup(scope: string, keys: readonly string[], now: number): { known: Map<string, boolean>; missing: string[] } {
    const entry = this.entries.get(scope);
    const fresh = entry !== undefined && now - entry.at < this.ttlMs ? entry : undefined;
    if (entry !== undefined && fresh === undefined) this.entries.delete(scope);
    const known = new Map<string, boolean>();
    const missing: string[] = [];
    for (const key of keys) {
      const answer = fresh?.keys.get(key);
      if (answer === undefined) missing.push(key);
      else known.set(key, answer);
    }
    return { known, missing };
  }

  remember(scope: string, answers: ReadonlyMap<string, boolean>, now: number): void {
    let entry = this.entries.get(scope);
    if (entry === undefined || now - entry.at >= this.ttlMs) {
      entry = { at: now, keys: new Map() };
      this.entries.delete(scope);
      this.entries.set(scope, entry);
      while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    for (const [key, visible] of answers) entry.keys.set(key, visible);
  }
}

