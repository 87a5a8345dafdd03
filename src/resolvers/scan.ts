/**
 * The scale path's resolvers: the project page answers from the stored result (never reading
 * the project from Jira), shows a running scan's progress, starts a scan, pages findings, and
 * reads the score and release-date history.
 *
 * The stored result was computed by the app (the consumer reads Jira as the app), so each call
 * first checks that the viewer may browse the project (one mypermissions request as the user),
 * and every answer passes through the viewer's view (src/resolvers/visibility.ts). Links are
 * built now, from the Forge context's site URL.
 */
import type { LevelHistoryDto, PayloadOf, ResponseOf, ScanStatusDto } from '../contract/resolvers';
import { levelTrends, TREND_DAYS, versionSlips } from '../core/history';
import { LEVELS, type Level } from '../core/levels';
import { isStalled, progressOf } from '../scan-state/scan-machine';
import { startScan, type ScanWorkerDeps } from '../scan-job/scan-worker';
import type { HistoryStore } from '../storage/history-store';
import type { ScanResultStore } from '../storage/scan-result-store';
import type { ScanStateStore } from '../storage/scan-state-store';
import { requireProject, ResolverFailure, type ForgeContext } from './envelope';
import { toFindingDto, toHealthDto } from './stored-dto';
import { settingsOf } from './settings-source';
import type { ResolverServices } from './ports';
import { viewerView } from './visibility';

/** The stores and the worker's ports, bound in src/index.ts (KVS, the queue, Jira as the app). */
export interface ScaleServices {
  states: ScanStateStore;
  results: ScanResultStore;
  history: HistoryStore;
  worker(): ScanWorkerDeps;
}

const FINDINGS_PAGE = 100;
/** At most this many versions' slips travel to the page (most slipped first). */
const MAX_SLIPS = 50;

function scaleOf(services: ResolverServices): ScaleServices {
  if (services.scale === undefined) throw new Error('the scale services are not configured');
  return services.scale;
}

/** The project in view, which the viewer must be able to browse, and whether the viewer is a Jira admin. */
async function requireBrowsePermissions(services: ResolverServices, ctx: ForgeContext): Promise<{ projectKey: string; administer: boolean }> {
  const projectKey = requireProject(ctx);
  const { browseProject, administer } = await services.jiraForViewer().myPermissions(projectKey);
  if (!browseProject) throw new ResolverFailure('FORBIDDEN', `You cannot browse project ${projectKey}.`);
  return { projectKey, administer };
}

async function requireBrowse(services: ResolverServices, ctx: ForgeContext): Promise<string> {
  return (await requireBrowsePermissions(services, ctx)).projectKey;
}

async function status(services: ResolverServices, ctx: ForgeContext, scale: ScaleServices, projectKey: string, now: number): Promise<ScanStatusDto> {
  const view = viewerView(services, ctx, projectKey);
  const [summary, run, freshness] = await Promise.all([
    scale.results.summary(projectKey),
    scale.states.getRun(projectKey),
    scale.states.getFreshness(projectKey),
  ]);
  let current = run;
  let maxFailures = 5;
  if (run !== null) {
    // The watchdog: a run whose invocation died and was not retried is re-enqueued from here.
    const deps = scale.worker();
    maxFailures = deps.budget?.maxFailures ?? maxFailures;
    if (run.failures < maxFailures && isStalled(run, now, deps.stallGraceMs ?? 15 * 60_000)) {
      current = (await startScan(deps, projectKey, 'watchdog')).run;
    }
  }
  const gaveUp = current !== null && current.failures >= maxFailures;
  let result: ScanStatusDto['result'] = null;
  if (summary !== null) {
    const shown = await view.findings(summary.health.findings);
    // The traceability card's search names only issues the viewer may browse (one check, cached like the findings').
    const untraced = summary.health.traceability.untracedKeys ?? [];
    if (untraced.length > 0) await view.check(untraced);
    // The iteration card per board shows only the boards the viewer may view (their names and sprints).
    await view.checkBoards((summary.health.boards ?? []).map((b) => b.boardId));
    const nextFindingOffset = {} as Record<Level, number | null>;
    for (const level of LEVELS) {
      const inSummary = summary.health.findings.filter((f) => f.level === level).length;
      nextFindingOffset[level] = inSummary < summary.findingTotals[level] ? inSummary : null;
    }
    result = {
      health: toHealthDto(summary.health, {
        siteUrl: ctx.siteUrl,
        diagnosis: await Promise.all(
          summary.health.diagnosis.map(async (d) => ({ ...d, text: await view.text(d.text), evidence: await Promise.all(d.evidence.map((e) => view.text(e))) })),
        ),
        findings: shown.findings.map((f) => toFindingDto(f, ctx.siteUrl, projectKey)),
        untracedKeys: untraced.filter((k) => view.canSee(k)),
        canSeeBoard: (boardId) => view.canSeeBoard(boardId),
      }),
      findingTotals: summary.findingTotals,
      issueCount: summary.issueCount,
      scanDurationMs: summary.scanDurationMs,
      hiddenFindings: shown.hidden,
      nextFindingOffset,
    };
  }
  return {
    projectKey,
    result,
    stale: freshness.staleSince !== null,
    staleSince: freshness.staleSince === null ? null : new Date(freshness.staleSince).toISOString(),
    scan:
      current === null
        ? null
        : { state: gaveUp ? 'failed' : 'running', progress: progressOf(current), lastError: current.lastError === null ? null : await view.text(current.lastError) },
  };
}

export async function scanStatus(services: ResolverServices, ctx: ForgeContext, _payload: PayloadOf<'scan/status'>): Promise<ResponseOf<'scan/status'>> {
  const projectKey = await requireBrowse(services, ctx);
  return status(services, ctx, scaleOf(services), projectKey, services.now().getTime());
}

export async function scanStart(services: ResolverServices, ctx: ForgeContext, _payload: PayloadOf<'scan/start'>): Promise<ResponseOf<'scan/start'>> {
  const projectKey = await requireBrowse(services, ctx);
  const scale = scaleOf(services);
  const summary = await scale.results.summary(projectKey);
  await startScan(scale.worker(), projectKey, summary === null ? 'first-view' : 'manual');
  return status(services, ctx, scale, projectKey, services.now().getTime());
}

export async function scanFindings(services: ResolverServices, ctx: ForgeContext, payload: PayloadOf<'scan/findings'>): Promise<ResponseOf<'scan/findings'>> {
  const projectKey = await requireBrowse(services, ctx);
  const level = payload.level as Level;
  const page = await scaleOf(services).results.findings(projectKey, level, payload.offset, FINDINGS_PAGE);
  if (page === null) throw new ResolverFailure('NOT_FOUND', `Project ${projectKey} has no stored result yet.`);
  const shown = await viewerView(services, ctx, projectKey).findings(page.findings);
  const end = payload.offset + page.findings.length;
  return { level, offset: payload.offset, total: page.total, findings: shown.findings.map((f) => toFindingDto(f, ctx.siteUrl, projectKey)), hidden: shown.hidden, nextOffset: end < page.total && page.findings.length > 0 ? end : null };
}

export async function levelHistory(services: ResolverServices, ctx: ForgeContext, payload: PayloadOf<'history/levels'>): Promise<LevelHistoryDto> {
  const { projectKey, administer } = await requireBrowsePermissions(services, ctx);
  const doc = await scaleOf(services).history.get(projectKey);
  const days = payload.days ?? TREND_DAYS;
  const asOf = doc.days[doc.days.length - 1]?.[0] ?? null;
  return {
    asOf,
    days,
    trends: asOf === null ? [] : levelTrends(doc, asOf, days),
    slips: versionSlips(doc).slice(0, MAX_SLIPS),
    ...(await settingsOf(services.store, projectKey, administer)),
  };
}
