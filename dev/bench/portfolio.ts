/**
 * The portfolio on a synthetic site of 500 projects, analysed end to end (./portfolio-run.ts: the
 * emulator with Jira's hourly points quota, the app's site queue and rate limiter, a simulated
 * clock), then the global page's answer. Figures:
 *
 *   - Jira requests, points, 429s and the time until the last project is analysed (simulated:
 *     Jira's answer time per request plus every wait the limiter and the queue impose);
 *   - the global page (portfolio/get) on a cold instance (a new composition: nothing cached) and
 *     a warm one: KVS calls, bytes and 10 KB read units, and the answer time with every KVS call
 *     taking `kvsLatencyMs` and the viewer's one bulk permission check `jiraLatencyMs` (real
 *     sleeps: calls made at once overlap, as on Forge), median of 5.
 */
import { performance } from 'node:perf_hooks';
import { composeApp } from '../../src/app/compose';
import { createResolverHandlers } from '../../src/resolvers';
import type { ViewerJira } from '../../src/resolvers/ports';
import type { KeyValueStore, MemoryKeyValueStore } from '../../src/storage/key-value';
import { runPortfolio } from './portfolio-run';

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

/** Every call waits `ms` first (Forge's KVS is a network call away). */
function withLatency(kv: KeyValueStore, ms: number): KeyValueStore {
  return {
    get: async (key) => (await sleep(ms), kv.get(key)),
    set: async (key, value, options) => (await sleep(ms), kv.set(key, value, options)),
    setIfAbsent: async (key, value, options) => (await sleep(ms), kv.setIfAbsent(key, value, options)),
    delete: async (key) => (await sleep(ms), kv.delete(key)),
    keys: async (prefix) => (await sleep(ms), kv.keys(prefix)),
  };
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
    const kv: MemoryKeyValueStore = run.kv;
    const slowKv = withLatency(kv, kvsLatencyMs);
    const viewer: ViewerJira = { ...run.viewer, browsableProjects: async (ids) => (await sleep(jiraLatencyMs), run.viewer.browsableProjects!(ids)) };
    const context = { accountId: 'coach-1', siteUrl: 'https://synthetic.atlassian.net', extension: { type: 'jira:globalPage' } };
    const instance = () =>
      createResolverHandlers(composeApp({ kv: slowKv, jiraAsApp: () => run.client, jiraForViewer: () => viewer, enqueue: async () => undefined, now: run.queue.now, log: () => undefined }).services);
    const view = async (handlers: ReturnType<typeof instance>) => {
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
    const pick = (runs: Awaited<ReturnType<typeof view>>[]): PageFigures => ({
      ms: median(runs.map((r) => r.ms)),
      gets: median(runs.map((r) => r.gets)),
      queries: median(runs.map((r) => r.queries)),
      kb: median(runs.map((r) => r.kb)),
      readUnits: median(runs.map((r) => r.readUnits)),
    });
    const cold: Awaited<ReturnType<typeof view>>[] = [];
    for (let i = 0; i < 5; i++) cold.push(await view(instance()));
    const warmHandlers = instance();
    await view(warmHandlers);
    const warm: Awaited<ReturnType<typeof view>>[] = [];
    for (let i = 0; i < 5; i++) warm.push(await view(warmHandlers));
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
      cold: pick(cold),
      warm: pick(warm),
      responseKb: cold[0]!.answerKb,
      jiraLatencyMs,
      kvsLatencyMs,
    };
  } finally {
    await run.close();
  }
}
