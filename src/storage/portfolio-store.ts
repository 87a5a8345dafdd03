/**
 * The portfolio's stored documents (keys in src/storage/keys.ts), each with its zod schema:
 *
 *   pf:p:KEY      one small summary per project, written by each completed scan: the five cells
 *                 (score, absent, findings), the weakest level, the diagnosis ids, the versions
 *                 (for release trains), the project's name and category, its daily score rows
 *   pf:idx        the portfolio index: the projects in the portfolio (key, id, name, category)
 *                 and when each one's summary was computed; versioned by a head key and changed
 *                 by compare-and-set (src/storage/versioned-document.ts): the sync that applies
 *                 the setting and every completed scan change it at once
 *   pf:set        the analysed-projects setting (admin), versioned with expectedVersion
 *   pf:q          the site-wide queue of scans (pending keys, active keys with their start)
 *
 * A page view reads the index (one get and one batch get) and only the summaries whose
 * `computedAt` changed since this instance last read them (the index says which), in batch gets
 * of 25 keys sent at once (kvs.batchGet): a cold instance reads a 500-project portfolio in 20
 * batch calls, a warm one in none (KVS counts calls and bytes per minute per installation; on
 * Forge each call is a network round trip).
 */
import { z } from 'zod';
import { DIAGNOSIS_IDS } from '../core/diagnosis';
import { LEVELS } from '../core/levels';
import { isProjectKey } from '../core/project-key';
import { deleteDocument, getDocument, getDocuments, putDocument, type Log } from './documents';
import type { KeyValueStore } from './key-value';
import { portfolioKeys } from './keys';
import { VersionedDocument, type Versioned } from './versioned-document';

const projectKey = z.string().refine((k) => isProjectKey(k), 'a Jira project key');
const level = z.union(LEVELS.map((l) => z.literal(l)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<5>]);
const category = z.object({ id: z.string(), name: z.string() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const score = z.number().int().min(0).max(100);

const projectSummarySchema = z.object({
  schema: z.literal(1),
  projectKey,
  projectId: z.string(),
  name: z.string(),
  category: category.nullable(),
  /** When the scan's analysis ran (ISO-8601). */
  computedAt: z.string(),
  asOf: date,
  levels: z.array(z.object({ level, score, absent: z.boolean(), findings: z.number().int().nonnegative() })).length(5),
  weakestLevel: level,
  diagnosis: z.array(z.enum(DIAGNOSIS_IDS)),
  /** Every version of the project (release trains skip the archived ones). */
  versions: z.array(z.object({ id: z.string(), name: z.string(), releaseDate: date.nullable(), released: z.boolean(), archived: z.boolean() })),
  /** The project's daily score rows [date, level 1 … level 5], oldest first (the trend's input). */
  days: z.array(z.tuple([date, score, score, score, score, score])),
});
export type ProjectSummaryDoc = z.infer<typeof projectSummarySchema>;

const indexEntry = z.object({
  key: projectKey,
  id: z.string(),
  name: z.string(),
  category: category.nullable(),
  /** Jira's project type (software, business, service_desk), for the address of the project's page; absent in indexes written before it. */
  type: z.string().optional(),
  /** The `computedAt` of the project's stored summary; null until its first scan completes. */
  computedAt: z.string().nullable(),
});
export type PortfolioIndexEntry = z.infer<typeof indexEntry>;

const portfolioIndexSchema = z.object({
  schema: z.literal(1),
  /** By key. */
  projects: z.array(indexEntry),
  /** When the setting was last applied to the site's projects (ISO-8601). */
  syncedAt: z.string(),
});
export type PortfolioIndex = z.infer<typeof portfolioIndexSchema>;

const portfolioScopeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all-software') }),
  z.object({ mode: z.literal('chosen'), projectKeys: z.array(projectKey), categoryIds: z.array(z.string()) }),
]);
export type PortfolioScope = z.infer<typeof portfolioScopeSchema>;

const portfolioSettingsSchema = z.object({ scope: portfolioScopeSchema, savedBy: z.string(), savedAt: z.string() });
export type PortfolioSettings = z.infer<typeof portfolioSettingsSchema>;

const siteQueueSchema = z.object({
  /** Waiting, in the order they came. */
  pending: z.array(projectKey),
  /** Scanning now, with when each started (epoch ms). */
  active: z.array(z.object({ key: projectKey, since: z.number() })),
  /** Why a pending project's scan was queued, when a refresh queued it (its rescan reconciles like the refresh's own). */
  reasons: z.record(z.string(), z.enum(['scheduled', 'config'])).optional(),
});
export type SiteQueue = z.infer<typeof siteQueueSchema>;

export const EMPTY_QUEUE: SiteQueue = { pending: [], active: [] };

export class PortfolioStore {
  readonly index: VersionedDocument<PortfolioIndex>;
  readonly settings: VersionedDocument<PortfolioSettings>;
  readonly queue: VersionedDocument<SiteQueue>;
  /** Summaries this instance read, by key; reused while the index names the same `computedAt`. */
  private readonly cache = new Map<string, ProjectSummaryDoc>();

  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: Log = (message) => console.error(message),
  ) {
    this.index = new VersionedDocument(kv, portfolioKeys.index, portfolioIndexSchema, log);
    this.settings = new VersionedDocument(kv, portfolioKeys.settings, portfolioSettingsSchema, log);
    this.queue = new VersionedDocument(kv, portfolioKeys.queue, siteQueueSchema, log);
  }

  async putProject(doc: ProjectSummaryDoc): Promise<void> {
    const checked = projectSummarySchema.parse(doc);
    await putDocument(this.kv, portfolioKeys.project(checked.projectKey), checked, this.log);
    this.cache.set(checked.projectKey, checked);
  }

  async getProject(key: string): Promise<ProjectSummaryDoc | null> {
    return this.checked(key, await getDocument<unknown>(this.kv, portfolioKeys.project(key), this.log));
  }

  private checked(key: string, stored: unknown): ProjectSummaryDoc | null {
    if (stored === undefined) return null;
    const parsed = projectSummarySchema.safeParse(stored);
    if (!parsed.success) {
      this.log(`storage ${portfolioKeys.project(key)}: not a portfolio summary (${parsed.error.issues[0]?.message ?? 'invalid'}); read as missing`);
      return null;
    }
    this.cache.set(key, parsed.data);
    return parsed.data;
  }

  /** The summaries of the index entries that have one, by key: cached ones whose computedAt still matches, the rest read. */
  async getProjects(entries: readonly PortfolioIndexEntry[]): Promise<Map<string, ProjectSummaryDoc>> {
    const out = new Map<string, ProjectSummaryDoc>();
    const toRead: string[] = [];
    for (const e of entries) {
      if (e.computedAt === null) continue;
      const cached = this.cache.get(e.key);
      if (cached !== undefined && cached.computedAt === e.computedAt) out.set(e.key, cached);
      else toRead.push(e.key);
    }
    if (toRead.length === 0) return out;
    const stored = await getDocuments<unknown>(this.kv, toRead.map((k) => portfolioKeys.project(k)), this.log);
    for (const key of toRead) {
      const doc = this.checked(key, stored.get(portfolioKeys.project(key)));
      if (doc !== null) out.set(key, doc);
    }
    return out;
  }

  async deleteProject(key: string): Promise<void> {
    this.cache.delete(key);
    await deleteDocument(this.kv, portfolioKeys.project(key), this.log);
  }

  /** The index (null when the setting was never applied). */
  async currentIndex(): Promise<PortfolioIndex | null> {
    return (await this.index.current()).doc;
  }

  /** Records a project's new summary in the index (when the project is in it); null when it is not. */
  async recordComputed(doc: ProjectSummaryDoc): Promise<Versioned<PortfolioIndex> | null> {
    return this.index.update((current) => {
      if (current === null) return null;
      const at = current.projects.findIndex((p) => p.key === doc.projectKey);
      if (at === -1) return null;
      const entry = current.projects[at]!;
      if (entry.computedAt === doc.computedAt && entry.name === doc.name && entry.id === doc.projectId) return null;
      const projects = [...current.projects];
      projects[at] = { ...entry, id: doc.projectId, name: doc.name, computedAt: doc.computedAt };
      return { ...current, projects };
    });
  }
}
