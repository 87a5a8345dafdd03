/**
 * The portfolio on a synthetic site of 500 projects, analysed end to end (./portfolio-run.ts: the
 * emulator with Jira's hourly points quota, the app's site queue and rate limiter, a simulated
 * clock), then the global page's answer. Figures:
 *
 *   - Jira requests, points, 429s and the time until the last project is analysed (simulated:
 *     Jira's answer time per request plus every wait the limiter and the queue impose);
 *   - the global page (portfolio/get) on a cold instance (a new composition and a new rate
 *     limiter: nothing cached, no lease of the hour) and a warm one: KVS calls, bytes and 10 KB
 *     read units, and the answer time with every KVS call taking `kvsLatencyMs` and each of the
 *     viewer's bulk permission checks `jiraLatencyMs` (real sleeps: calls made at once overlap, as
 *     on Forge), median of 5. The viewer's client is paced as on Forge (src/forge/app.ts): its
 *     limiter leases the hour's points from the ledger in the same KVS.
 *
 * `measurePortfolioRead` measures the same page over a portfolio of any size stored directly
 * (./portfolio-summaries.ts), without analysing it first.
 */
import { performance } from 'node:perf_hooks';
import { composeApp, instancePacing } from '../../src/app/compose';
import { createJiraClient, RESOLVER_JIRA_BUDGET_MS } from '../../src/jira/client';
import { viewerPacing } from '../../src/jira/rate-limiter';
import type { JiraTransport } from '../../src/jira/transport';
import { createResolverHandlers } from '../../src/resolvers';
import { viewerJiraFromClient } from '../../src/resolvers/jira-viewer';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { PortfolioStore } from '../../src/storage/portfolio-store';
import { withLatency } from './kvs-latency';
import { runPortfolio } from './portfolio-run';
import { storeSummaries, syntheticSummaries } from './portfolio-summaries';

interface PageFigures {
  /** Median answer time with the modelled latencies (ms). */
  ms: number;
  gets: number;
  queries: number;
  kb: number;
  readUnits: number;
}

export interface PortfolioFigures {
  projects: number;
  analysed: number;
  issues: number;
  requests: number;
  points: number;
  quota: number;
  maxPointsInAnHour: number;
  rateLimited: number;
  /** Simulated time from the sync to the last project's summary (ms). */
  lastAnalysedMs: number;
  invocations: number;
  longestInvocationMs: number;
  kvsRateLimited: number;
  chunks: number;
  cold: PageFigures;
  warm: PageFigures;
  responseKb: number;
  jiraLatencyMs: number;
  kvsLatencyMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Jira as the viewer sees it for the global page: the bulk permission check, answered after
 * `latencyMs` with every project asked about (the viewer may browse them all).
 */
function permissionCheckJira(latencyMs: number): JiraTransport {
  return {
    async request(request) {
      await sleep(latencyMs);
      const body = request.body as { projectPermissions?: { permissions: string[]; projects: number[] }[] } | undefined;
      const asked = body?.projectPermissions?.[0];
      if (request.method !== 'POST' || asked === undefined) throw new Error(`the bench's viewer answers the bulk permission check only, not ${request.method}`);
      const json = { globalPermissions: [], projectPermissions: asked.permissions.map((permission) => ({ permission, projects: asked.projects })) };
      return { status: 200, header: () => null, json, text: JSON.stringify(json) };
    },
  };
}

interface PageRun extends PageFigures {
  answerKb: number;
}

/**
 * The global page over the portfolio in `kv`: five cold instances (each a new composition with a
 * new rate limiter, as a new Forge function instance), then one warm instance five times.
 */
async function measurePage(kv: MemoryKeyValueStore, now: () => number, jiraLatencyMs: number, kvsLatencyMs: number): Promise<{ cold: PageFigures; warm: PageFigures; responseKb: number }> {
  const slowKv = withLatency(kv, kvsLatencyMs);
  const context = { accountId: 'coach-1', siteUrl: 'https://synthetic.atlassian.net', extension: { type: 'jira:globalPage' } };
  const instance = () => {
    // As src/forge/app.ts wires a resolver instance: the viewer's client paced by the instance's limiter, whose points are leased from the ledger.
    const limiter = instancePacing(slowKv, () => undefined);
    const viewer = viewerJiraFromClient(createJiraClient(permissionCheckJira(jiraLatencyMs), { pacing: viewerPacing(limiter), retry: { budgetMs: RESOLVER_JIRA_BUDGET_MS } }));
    const fail = () => {
      throw new Error('the page makes no app call');
    };
    return createResolverHandlers(composeApp({ kv: slowKv, jiraAsApp: fail, jiraForViewer: () => viewer, enqueue: async () => undefined, now, log: () => undefined, pacingSettled: () => limiter.settled() }).services);
  };
  const view = async (handlers: ReturnType<typeof instance>): Promise<PageRun> => {
    const before = { ...kv.counts };
    const t0 = performance.now();
    const answer = await handlers['portfolio/get']({ payload: {}, context });
    const ms = performance.now() - t0;
    if (!answer.ok) throw new Error(`portfolio/get failed: ${answer.error.message}`);
    return {
      ms,
      gets: kv.counts.get - before.get,
      queries: kv.counts.list - before.list,
      kb: (kv.counts.bytesRead - before.bytesRead) / 1024,
      readUnits: kv.counts.readUnits - before.readUnits,
      answerKb: Buffer.byteLength(JSON.stringify(answer.data)) / 1024,
    };
  };
  const pick = (runs: PageRun[]): PageFigures => ({
    ms: median(runs.map((r) => r.ms)),
    gets: median(runs.map((r) => r.gets)),
    queries: median(runs.map((r) => r.queries)),
    kb: median(runs.map((r) => r.kb)),
    readUnits: median(runs.map((r) => r.readUnits)),
  });
  const cold: PageRun[] = [];
  for (let i = 0; i < 5; i++) cold.push(await view(instance()));
  const warmHandlers = instance();
  await view(warmHandlers);
  const warm: PageRun[] = [];
  for (let i = 0; i < 5; i++) warm.push(await view(warmHandlers));
  return { cold: pick(cold), warm: pick(warm), responseKb: cold[0]!.answerKb };
}

interface PortfolioReadFigures {
  projects: number;
  /** Storing the portfolio (the index and every summary's chunk change), wall ms. */
  storeMs: number;
  cold: PageFigures;
  warm: PageFigures;
  responseKb: number;
  /** What the portfolio's documents take in KVS: keys and KB under pf:. */
  stored: { keys: number; kb: number };
  jiraLatencyMs: number;
  kvsLatencyMs: number;
}

/** The global page over `projects` synthetic summaries stored directly (no scans): its cold and warm answer. */
export async function measurePortfolioRead(options: { projects: number; jiraLatencyMs?: number; kvsLatencyMs?: number; progress?: (line: string) => void }): Promise<PortfolioReadFigures> {
  const jiraLatencyMs = options.jiraLatencyMs ?? 150;
  const kvsLatencyMs = options.kvsLatencyMs ?? 50;
  const at = Date.parse('2026-03-02T06:10:00Z');
  const kv = new MemoryKeyValueStore();
  const t0 = performance.now();
  options.progress?.(`… portfolio read: storing ${options.projects} summaries`);
  await storeSummaries(new PortfolioStore(kv, () => undefined), syntheticSummaries(options.projects));
  const storeMs = performance.now() - t0;
  const stored = kv.size('pf:');
  options.progress?.(`… portfolio read: the global page over ${options.projects} projects`);
  const page = await measurePage(kv, () => at, jiraLatencyMs, kvsLatencyMs);
  return { projects: options.projects, storeMs, ...page, stored: { keys: stored.keys, kb: stored.bytes / 1024 }, jiraLatencyMs, kvsLatencyMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function measurePortfolio(options: { projects?: number; issues?: number; jiraLatencyMs?: number; kvsLatencyMs?: number; progress?: (line: string) => void } = {}): Promise<PortfolioFigures> {
  const jiraLatencyMs = options.jiraLatencyMs ?? 150;
  const kvsLatencyMs = options.kvsLatencyMs ?? 50;
  const progress = options.progress ?? (() => undefined);
  const run = await runPortfolio({ projects: options.projects ?? 500, issues: options.issues ?? 120, jiraLatencyMs, progress });
  try {
    progress('… portfolio: the global page');
    const { cold, warm, responseKb } = await measurePage(run.kv, run.queue.now, jiraLatencyMs, kvsLatencyMs);
    const index = (await run.app.services.portfolio!.store.currentIndex())!;
    return {
      projects: run.projects,
      analysed: run.analysed,
      issues: run.issues,
      requests: run.jira.requests,
      points: run.jira.points,
      quota: run.limiter.quota,
      maxPointsInAnHour: run.jira.maxPointsInAnHour,
      rateLimited: run.jira.rateLimited,
      lastAnalysedMs: run.lastAnalysedMs,
      invocations: run.invocations,
      longestInvocationMs: run.longestInvocationMs,
      kvsRateLimited: run.kvs.rateLimited,
      chunks: index.chunks?.length ?? 0,
      cold,
      warm,
      responseKb,
      jiraLatencyMs,
      kvsLatencyMs,
    };
  } finally {
    await run.close();
  }
}
