/**
 * The portfolio's side of the scan job (DESIGN.md's portfolio; issue 12 §4):
 *
 * - each completed scan writes the project's portfolio summary (one small document) and records
 *   its `computedAt` in the portfolio index;
 * - `portfolio-sync` applies the analysed-projects setting to the site's projects (the paged
 *   project search, as the app): the index gets the members, a project that left loses all its
 *   stored data (deleted by known keys), and the members never analysed join the site queue;
 * - the site-wide queue starts at most `siteConcurrency` scans at a time; each scan that ends
 *   (complete or given up) frees its slot and pumps the next. Stuck slots (no run for a while)
 *   are reclaimed by the next pump.
 */
import type { HealthReport } from '../core/analyze';
import type { DiagnosisId } from '../core/diagnosis';
import type { HistoryDoc } from '../core/history';
import { LEVELS } from '../core/levels';
import { changedRows } from '../core/portfolio';
import type { ProjectData } from '../core/model';
import type { JiraClient } from '../jira/client';
import type { JiraProject } from '../jira/schemas';
import type { ScanRun } from '../scan-state/scan-machine';
import type { HistoryStore } from '../storage/history-store';
import { EMPTY_QUEUE, type PortfolioIndexEntry, type PortfolioScope, type PortfolioStore, type ProjectSummaryDoc, type SiteQueue } from '../storage/portfolio-store';
import type { ScanResultStore } from '../storage/scan-result-store';
import type { ScanStateStore } from '../storage/scan-state-store';

/** Scans the site queue runs at once by default. */
/** Why a refresh queued a project: the daily refresh (its rescan reconciles) or a saved site config. */
export type RefreshReason = 'scheduled' | 'config';
export const SITE_CONCURRENCY = 4;
/** Daily rows a summary carries (the longest trend a page may ask for). */
const SUMMARY_DAYS = 400;
/** An active slot whose project has no run for this long is freed (its scan never started or its end was missed). */
const SLOT_GRACE_MS = 10 * 60_000;

export interface PortfolioJobDeps {
  store: PortfolioStore;
  /** Scans the site queue runs at once (default SITE_CONCURRENCY). */
  siteConcurrency?: number;
}

/** What the portfolio's jobs need of the scan job (src/scan-job/scan-worker.ts binds it). */
export interface PortfolioJobContext {
  portfolio: PortfolioJobDeps | undefined;
  jira: Pick<JiraClient, 'projects'>;
  results: Pick<ScanResultStore, 'deleteAll'>;
  history: Pick<HistoryStore, 'delete'>;
  states: Pick<ScanStateStore, 'getRun' | 'forget'>;
  now(): number;
  log(message: string): void;
  /** A run with this many failures gave up. */
  maxFailures: number;
  /** Starts (or leaves running) a scan of the project. */
  /** Starts a project's scan; `reason` when a refresh queued it (else the portfolio's own). */
  start(projectKey: string, reason?: RefreshReason): Promise<{ run: ScanRun }>;
}

/** The portfolio summary of a completed scan. Pure. */
function projectSummaryOf(
  report: HealthReport,
  data: ProjectData,
  history: HistoryDoc,
  category: ProjectSummaryDoc['category'],
  computedAt: string,
): ProjectSummaryDoc {
  const absent = new Set(report.findings.filter((f) => f.kind === 'level-absent').map((f) => f.level));
  return {
    schema: 1,
    projectKey: report.project.key,
    projectId: report.project.id,
    name: report.project.name,
    category,
    computedAt,
    asOf: report.asOf,
    levels: LEVELS.map((level) => {
      const l = report.levels.find((x) => x.level === level);
      return { level, score: l?.score ?? 0, absent: absent.has(level) || l?.absent === true, findings: l?.findings ?? 0 };
    }),
    weakestLevel: report.weakestLevel,
    diagnosis: report.diagnosis.map((d) => d.id as DiagnosisId),
    versions: data.versions.map((v) => ({ id: v.id, name: v.name, releaseDate: v.releaseDate, released: v.released, archived: v.archived })),
    days: changedRows(history.days.slice(-SUMMARY_DAYS)),
  };
}

/** After a scan stored its result and history: the summary, then the index's record of it. Failures are logged, never fail the scan. */
export async function recordPortfolioSummary(deps: PortfolioJobContext, report: HealthReport, data: ProjectData, history: HistoryDoc, computedAt: string): Promise<void> {
  const portfolio = deps.portfolio;
  if (portfolio === undefined) return;
  try {
    const index = await portfolio.store.currentIndex();
    const category = index?.projects.find((p) => p.key === report.project.key)?.category ?? null;
    const doc = projectSummaryOf(report, data, history, category, computedAt);
    await portfolio.store.putProject(doc);
    await portfolio.store.recordComputed(doc);
  } catch (error) {
    deps.log(`[portfolio] ${report.project.key}: the portfolio summary was not stored: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Whether a project of the site belongs to the portfolio under the setting. Pure. */
function inPortfolio(project: Pick<JiraProject, 'key' | 'projectTypeKey' | 'projectCategory'>, scope: PortfolioScope): boolean {
  if (scope.mode === 'all-software') return project.projectTypeKey === undefined || project.projectTypeKey === 'software';
  return scope.projectKeys.includes(project.key) || (project.projectCategory !== undefined && scope.categoryIds.includes(project.projectCategory.id));
}

/** Deletes everything the app stored about a project, by known keys (its config override stays: it is an admin's setting, not data). */
async function forgetProject(deps: PortfolioJobContext, projectKey: string): Promise<void> {
  await deps.portfolio?.store.deleteProject(projectKey);
  await deps.results.deleteAll(projectKey);
  await deps.history.delete(projectKey);
  await deps.states.forget(projectKey);
}

export interface SyncOutcome {
  members: number;
  joined: string[];
  left: string[];
  queued: string[];
}

/** Applies the analysed-projects setting to the site's projects (the `portfolio-sync` event). */
export async function syncPortfolio(deps: PortfolioJobContext): Promise<SyncOutcome> {
  const portfolio = deps.portfolio;
  if (portfolio === undefined) return { members: 0, joined: [], left: [], queued: [] };
  const { store } = portfolio;
  const scope: PortfolioScope = (await store.settings.current()).doc?.scope ?? { mode: 'all-software' };
  const members = (await deps.jira.projects()).filter((p) => inPortfolio(p, scope)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const previous = (await store.currentIndex())?.projects ?? [];
  const before = new Map(previous.map((p) => [p.key, p]));
  const joined = members.filter((m) => !before.has(m.key)).map((m) => m.key);
  // A newcomer may have a summary already (its page was opened before it joined).
  const existing = await store.getProjects(joined.map((key) => ({ key, id: '', name: '', category: null, computedAt: '' })));
  const entries: PortfolioIndexEntry[] = members.map((m) => ({
    key: m.key,
    id: m.id,
    name: m.name,
    category: m.projectCategory ? { id: m.projectCategory.id, name: m.projectCategory.name } : null,
    ...(m.projectTypeKey === undefined ? {} : { type: m.projectTypeKey }),
    computedAt: before.get(m.key)?.computedAt ?? existing.get(m.key)?.computedAt ?? null,
  }));
  const syncedAt = new Date(deps.now()).toISOString();
  const written = await store.index.update((current) => {
    const latest = new Map((current?.projects ?? []).map((p) => [p.key, p.computedAt]));
    // Keep what scans recorded meanwhile, and the chunks of summaries.
    return { ...current, schema: 1, syncedAt, projects: entries.map((e) => ({ ...e, computedAt: latest.get(e.key) ?? e.computedAt })) };
  });
  const kept = new Set(entries.map((e) => e.key));
  const left = previous.filter((p) => !kept.has(p.key)).map((p) => p.key);
  await store.dropFromChunks(left);
  for (const key of left) {
    await forgetProject(deps, key);
    deps.log(`[portfolio] ${key} left the portfolio; its stored data was deleted`);
  }
  // A newcomer whose summary was stored before it joined: into a chunk with the others.
  if (existing.size > 0) await store.recordComputed([...existing.values()]);
  const queued = (written?.doc.projects ?? entries).filter((e) => e.computedAt === null).map((e) => e.key);
  await store.queue.update((q) => {
    const current = q ?? EMPTY_QUEUE;
    const known = new Set([...current.pending, ...current.active.map((a) => a.key)]);
    const pending = [...current.pending.filter((k) => kept.has(k)), ...queued.filter((k) => !known.has(k))];
    const active = current.active.filter((a) => kept.has(a.key));
    if (pending.length === current.pending.length && active.length === current.active.length && pending.every((k, i) => k === current.pending[i])) return null;
    return { pending, active };
  });
  await pumpSiteQueue(deps);
  return { members: entries.length, joined, left, queued };
}

/** Adds projects to the site queue (the daily refresh's batches) and pumps it. */
export async function enqueueOnSite(deps: PortfolioJobContext, projectKeys: readonly string[], reason: RefreshReason): Promise<void> {
  const portfolio = deps.portfolio;
  if (portfolio === undefined || projectKeys.length === 0) return;
  await portfolio.store.queue.update((q) => {
    const current = q ?? EMPTY_QUEUE;
    const known = new Set([...current.pending, ...current.active.map((a) => a.key)]);
    const fresh = projectKeys.filter((k) => !known.has(k));
    // A project already waiting keeps its place; its scan now runs for the refresh too.
    const waiting = projectKeys.filter((k) => current.pending.includes(k) && current.reasons?.[k] !== reason);
    if (fresh.length === 0 && waiting.length === 0) return null;
    const reasons = { ...current.reasons };
    for (const k of [...fresh, ...waiting]) reasons[k] = reason;
    return { ...current, pending: [...current.pending, ...fresh], reasons };
  });
  await pumpSiteQueue(deps);
}

/**
 * Frees the slot of `finished` (a scan that completed or gave up) and of stuck slots, then starts
 * scans from the pending list until `siteConcurrency` run. Returns the projects started.
 */
export async function pumpSiteQueue(deps: PortfolioJobContext, finished?: string): Promise<string[]> {
  const portfolio = deps.portfolio;
  if (portfolio === undefined) return [];
  const limit = portfolio.siteConcurrency ?? SITE_CONCURRENCY;
  const maxFailures = deps.maxFailures;
  const now = deps.now();
  const before = (await portfolio.store.queue.current()).doc ?? EMPTY_QUEUE;
  // Slots whose scan ended without telling (or never started) are freed.
  const ended = new Set<string>(finished !== undefined ? [finished] : []);
  await Promise.all(
    before.active.map(async (a) => {
      const run = await deps.states.getRun(a.key);
      if ((run === null && now - a.since > SLOT_GRACE_MS) || (run !== null && run.failures >= maxFailures)) ended.add(a.key);
    }),
  );
  let started: { key: string; reason: RefreshReason | undefined }[] = [];
  await portfolio.store.queue.update((q) => {
    const current: SiteQueue = q ?? EMPTY_QUEUE;
    const active = current.active.filter((a) => !ended.has(a.key));
    const pending = [...current.pending];
    const reasons = { ...current.reasons };
    started = [];
    while (active.length < limit && pending.length > 0) {
      const key = pending.shift()!;
      active.push({ key, since: now });
      started.push({ key, reason: reasons[key] });
      delete reasons[key];
    }
    if (started.length === 0 && active.length === current.active.length) return null;
    return { pending, active, ...(Object.keys(reasons).length > 0 ? { reasons } : {}) };
  });
  for (const { key, reason } of started) {
    try {
      await deps.start(key, reason);
    } catch (error) {
      deps.log(`[portfolio] ${key}: the scan could not be started (its slot is freed after ${SLOT_GRACE_MS / 60_000} minutes): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return started.map((s) => s.key);
}
