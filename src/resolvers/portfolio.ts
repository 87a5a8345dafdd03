/**
 * `portfolio/*`: the global page and the dashboard gadget, answered from stored summaries
 * (src/storage/portfolio-store.ts), never from Jira's issues; and the analysed-projects setting.
 *
 * What a viewer sees is the portfolio's projects they may browse: one bulk permission check
 * (POST /rest/api/3/permissions/check, BROWSE_PROJECTS over the portfolio's project ids) per view,
 * reused for a minute per viewer. Everything else — the summary, the diagnoses' project lists,
 * the release trains, the trend — is computed from those projects only.
 */
import type { PayloadOf, PortfolioCellDto, PortfolioDto, PortfolioProjectDto, PortfolioSettingsDto } from '../contract/resolvers';
import { todayUtc } from '../core/dates';
import { TREND_DAYS } from '../core/history';
import { portfolioTrend, summarizeProjects, trainsForView } from '../core/portfolio';
import { releaseTrains } from '../core/release-trains';
import { progressOf } from '../scan-state/scan-machine';
import { EMPTY_QUEUE, type PortfolioIndexEntry, type PortfolioScope, type PortfolioStore, type ProjectSummaryDoc, type SiteQueue } from '../storage/portfolio-store';
import type { ScanStateStore } from '../storage/scan-state-store';
import { requireAccount, ResolverFailure, type ForgeContext } from './envelope';
import { projectPageUrl } from './links';
import { effectiveConfig } from './load';
import type { ResolverServices } from './ports';
import { viewerView } from './visibility';

/** What the portfolio resolvers are built on (src/app/compose.ts binds them). */
export interface PortfolioServices {
  store: PortfolioStore;
  states: Pick<ScanStateStore, 'getRun' | 'staleProjects'>;
  /** Pushes one `portfolio-sync` event (the setting is applied to the site's projects by the consumer). */
  requestSync(): Promise<void>;
}

/** How long a viewer's BROWSE_PROJECTS answer over the portfolio is reused. */
const BROWSE_TTL_MS = 60_000;
const MAX_VIEWERS = 500;
/** A page view that finds no index asks for a sync at most this often (per instance). */
const SYNC_REQUEST_EVERY_MS = 5 * 60_000;
/** A run with this many failures gave up (the scan machine's default budget). */
const GAVE_UP_FAILURES = 5;
const READ_CONCURRENCY = 50;

/** Which of the portfolio's project ids each viewer may browse, remembered briefly (in memory: the function instance's life). */
export class BrowseCache {
  private readonly entries = new Map<string, { at: number; ids: ReadonlySet<string>; asked: ReadonlySet<string> }>();
  constructor(private readonly ttlMs: number = BROWSE_TTL_MS) {}

  get(accountId: string, ids: readonly string[], now: number): ReadonlySet<string> | undefined {
    const entry = this.entries.get(accountId);
    if (entry === undefined || now - entry.at >= this.ttlMs || ids.some((id) => !entry.asked.has(id))) return undefined;
    return entry.ids;
  }

  put(accountId: string, asked: readonly string[], ids: ReadonlySet<string>, now: number): void {
    this.entries.delete(accountId);
    this.entries.set(accountId, { at: now, ids, asked: new Set(asked) });
    while (this.entries.size > MAX_VIEWERS) this.entries.delete(this.entries.keys().next().value!);
  }
}

function portfolioOf(services: ResolverServices): PortfolioServices {
  if (services.portfolio === undefined) throw new Error('the portfolio services are not configured');
  return services.portfolio;
}

/** The portfolio's project ids the viewer may browse: one bulk permission check (cached briefly). */
async function browsableIds(services: ResolverServices, ctx: ForgeContext, entries: readonly PortfolioIndexEntry[]): Promise<ReadonlySet<string>> {
  const accountId = requireAccount(ctx);
  const ids = entries.map((e) => e.id);
  if (ids.length === 0) return new Set();
  const now = services.now().getTime();
  const cache = services.browseCache;
  const cached = cache?.get(accountId, ids, now);
  if (cached !== undefined) return cached;
  const jira = services.jiraForViewer();
  if (jira.browsableProjects === undefined) throw new Error('the viewer port cannot check project permissions in bulk');
  const visible = await jira.browsableProjects(ids);
  cache?.put(accountId, ids, visible, now);
  return visible;
}

function cellsOf(doc: ProjectSummaryDoc): PortfolioCellDto[] {
  return doc.levels.map((l) => ({ level: l.level, score: l.score, absent: l.absent, findings: l.findings }));
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READ_CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + READ_CONCURRENCY).map(work))));
  return out;
}

/** A project not analysed yet: waiting in the site queue, scanning (with its progress), or given up. */
async function scanStateOf(services: ResolverServices, ctx: ForgeContext, states: PortfolioServices['states'], queue: SiteQueue, key: string): Promise<Extract<PortfolioProjectDto['analysis'], { state: 'not-analysed' }>['scan']> {
  if (queue.pending.includes(key)) return { state: 'queued' };
  const run = await states.getRun(key);
  if (run === null) return { state: 'queued' };
  if (run.failures >= GAVE_UP_FAILURES) return { state: 'failed', lastError: run.lastError === null ? null : await viewerView(services, ctx, key).text(run.lastError) };
  return { state: 'running', progress: progressOf(run) };
}

async function projectDto(
  services: ResolverServices,
  ctx: ForgeContext,
  portfolio: PortfolioServices,
  entry: Pick<PortfolioIndexEntry, 'key' | 'name' | 'category' | 'type'>,
  doc: ProjectSummaryDoc | undefined,
  queue: SiteQueue,
  stale: boolean,
): Promise<PortfolioProjectDto> {
  const url = projectPageUrl(ctx.siteUrl ?? '', ctx.app, entry.key, entry.type);
  const base = { key: entry.key, name: doc?.name ?? entry.name, category: entry.category ?? doc?.category ?? null, ...(url === undefined ? {} : { url }) };
  if (doc === undefined) return { ...base, analysis: { state: 'not-analysed', scan: await scanStateOf(services, ctx, portfolio.states, queue, entry.key) } };
  return {
    ...base,
    analysis: { state: 'analysed', computedAt: doc.computedAt, levels: cellsOf(doc), weakestLevel: doc.weakestLevel, diagnosis: [...doc.diagnosis], stale },
  };
}

let lastSyncRequest = -Infinity;

/**
 * The projects with changes since their summary (their stale marks, one KVS query a hundred),
 * reused for a minute per instance: a warm page view reads none.
 */
const staleCaches = new WeakMap<PortfolioServices, { at: number; stale: ReadonlySet<string> }>();
async function staleness(services: ResolverServices, portfolio: PortfolioServices): Promise<ReadonlySet<string>> {
  const now = services.now().getTime();
  const cached = staleCaches.get(portfolio);
  if (cached !== undefined && now - cached.at < BROWSE_TTL_MS) return cached.stale;
  const stale = await portfolio.states.staleProjects();
  staleCaches.set(portfolio, { at: now, stale });
  return stale;
}

export async function getPortfolio(services: ResolverServices, ctx: ForgeContext, payload: PayloadOf<'portfolio/get'>): Promise<PortfolioDto> {
  const portfolio = portfolioOf(services);
  const days = payload.days ?? TREND_DAYS;
  const now = services.now();
  // What does not depend on the index is read with it: the site queue, the config, the stale marks.
  const [index, queue, config, stale] = await Promise.all([
    portfolio.store.currentIndex(),
    portfolio.store.queue.current(),
    effectiveConfig(services.store, null, services.logError),
    staleness(services, portfolio),
  ]);
  if (index === null) {
    // The setting was never applied (a fresh install): ask the consumer to, and answer empty meanwhile.
    requireAccount(ctx);
    if (now.getTime() - lastSyncRequest > SYNC_REQUEST_EVERY_MS) {
      lastSyncRequest = now.getTime();
      await portfolio.requestSync();
    }
    return { asOf: null, projects: [], summary: null, releaseTrains: [], trend: { days, levels: [] } };
  }
  // Then the viewer's permission check and the summaries at once: those of every analysed project
  // (the ones the viewer may not browse are dropped after).
  const [visibleIds, allDocs] = await Promise.all([browsableIds(services, ctx, index.projects), portfolio.store.getProjects(index.projects, index.chunks)]);
  const entries = index.projects.filter((e) => visibleIds.has(e.id));
  const docs = new Map(entries.flatMap((e) => (allDocs.has(e.key) ? [[e.key, allDocs.get(e.key)!] as const] : [])));
  const projects = await inBatches(entries, (e) => projectDto(services, ctx, portfolio, e, docs.get(e.key), queue.doc ?? EMPTY_QUEUE, stale.has(e.key)));
  const analysed = entries.flatMap((e) => docs.get(e.key) ?? []);
  const asOf = analysed.reduce<string | null>((latest, d) => (latest === null || d.asOf > latest ? d.asOf : latest), null);
  const summary =
    analysed.length === 0
      ? null
      : {
          ...summarizeProjects(analysed.map((d) => ({ project: d.projectKey, levels: d.levels, weakestLevel: d.weakestLevel, diagnosis: d.diagnosis }))),
          analysedProjects: analysed.length,
        };
  return {
    asOf,
    projects,
    summary,
    releaseTrains: trainsForView(releaseTrains(analysed.map((d) => ({ project: d.projectKey, versions: d.versions })), config.release.maxTrainSpreadDays)),
    trend: { days, levels: analysed.length === 0 ? [] : portfolioTrend(analysed.map((d) => d.days), todayUtc(now), days) },
  };
}

export async function getPortfolioProject(services: ResolverServices, ctx: ForgeContext, payload: PayloadOf<'portfolio/project'>): Promise<PortfolioProjectDto> {
  const portfolio = portfolioOf(services);
  const { projectKey } = payload;
  const { browseProject } = await services.jiraForViewer().myPermissions(projectKey);
  if (!browseProject) throw new ResolverFailure('NOT_FOUND', `Project ${projectKey} does not exist or you may not browse it.`);
  const [doc, index, queue] = await Promise.all([portfolio.store.getProject(projectKey), portfolio.store.currentIndex(), portfolio.store.queue.current()]);
  const entry = index?.projects.find((p) => p.key === projectKey);
  if (doc === null && entry === undefined) throw new ResolverFailure('NOT_FOUND', `Project ${projectKey} is not analysed by the app (it is not in the portfolio).`);
  const stale = doc !== null && (await staleness(services, portfolio)).has(projectKey);
  return projectDto(services, ctx, portfolio, entry ?? { key: projectKey, name: doc!.name, category: doc!.category }, doc ?? undefined, queue.doc ?? EMPTY_QUEUE, stale);
}

async function settingsDto(services: ResolverServices, canEdit: boolean): Promise<PortfolioSettingsDto> {
  const portfolio = portfolioOf(services);
  const { version, doc } = await portfolio.store.settings.current();
  const jira = services.jiraForViewer();
  let categories: { id: string; name: string }[] = [];
  if (jira.projectCategories !== undefined) {
    try {
      categories = await jira.projectCategories();
    } catch (error) {
      services.logError(`[portfolio] the project categories could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const scope: PortfolioScope = doc?.scope ?? { mode: 'all-software' };
  return { scope, version, canEdit, categories };
}

export async function getPortfolioSettings(services: ResolverServices, ctx: ForgeContext, _payload: PayloadOf<'portfolio/settings-get'>): Promise<PortfolioSettingsDto> {
  requireAccount(ctx);
  const { administer } = await services.jiraForViewer().myPermissions();
  return settingsDto(services, administer);
}

export async function savePortfolioSettings(services: ResolverServices, ctx: ForgeContext, payload: () => PayloadOf<'portfolio/settings-save'>): Promise<PortfolioSettingsDto> {
  const accountId = requireAccount(ctx);
  const { administer } = await services.jiraForViewer().myPermissions();
  if (!administer) throw new ResolverFailure('FORBIDDEN', 'Only Jira administrators can choose which projects the app analyses.');
  const { scope, expectedVersion } = payload();
  const portfolio = portfolioOf(services);
  const stored: PortfolioScope =
    scope.mode === 'all-software' ? scope : { mode: 'chosen', projectKeys: [...new Set(scope.projectKeys)].sort(), categoryIds: [...new Set(scope.categoryIds)].sort() };
  await portfolio.store.settings.write(expectedVersion, { scope: stored, savedBy: accountId, savedAt: services.now().toISOString() });
  try {
    await portfolio.requestSync();
  } catch (error) {
    // The setting stands; the daily refresh applies it.
    services.logError(`[portfolio] setting saved, but the sync could not be queued: ${error instanceof Error ? error.message : String(error)}`);
  }
  return settingsDto(services, true);
}
