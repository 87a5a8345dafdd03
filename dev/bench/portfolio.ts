/**
 * The portfolio on a synthetic site of 500 projects (dev/bench/portfolio-site.ts), through the
 * app's one composition root and the in-process queue (the scan consumer's events, a simulated
 * clock): a portfolio sync puts every software project in the index and the site-wide queue,
 * which scans SITE_CONCURRENCY at a time until each is analysed. Figures:
 *
 *   - Jira requests and points (Jira's points model, src/jira/points.ts) to analyse everything;
 *   - the time until the last project is analysed, modelled: the requests of the scans run
 *     SITE_CONCURRENCY at a time at `latencyMs` each, and never faster than the hourly points
 *     quota of an app in Jira's global pool allows (the rate limiter holds the scans to it);
 *   - the global page's answer (portfolio/get over the in-memory KVS): a cold instance (every
 *     summary read) and a warm one (only the index), median of 20, with the KVS reads of each.
 */
import { performance } from 'node:perf_hooks';
import { composeApp } from '../../src/app/compose';
import type { JiraClient } from '../../src/jira/client';
import { chargedPoints } from '../../src/jira/points';
import { GLOBAL_POOL_POINTS_PER_HOUR } from '../../src/jira/rate-limiter';
import { createResolverHandlers } from '../../src/resolvers';
import type { ViewerJira } from '../../src/resolvers/ports';
import { SITE_CONCURRENCY } from '../../src/scan-job/portfolio-job';
import type { ScanEvent } from '../../src/scan-job/scan-worker';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { InProcessQueue } from './in-process-queue';
import { portfolioSite } from './portfolio-site';

export interface PortfolioFigures {
  projects: number;
  analysed: number;
  issues: number;
  requests: number;
  points: number;
  invocations: number;
  /** Modelled time until the last project is analysed (ms). */
  lastAnalysedMs: number;
  requestBoundMs: number;
  pointsBoundMs: number;
  cold: { ms: number; kvsReads: number };
  warm: { ms: number; kvsReads: number };
  responseKb: number;
  latencyMs: number;
}

/** Points a call of the synthetic client would cost on Jira (the same model the limiter and the emulator use). */
function pointsOf(operation: string, value: unknown): number {
  switch (operation) {
    case 'search':
      return chargedPoints('POST', '/rest/api/3/search/jql', 200, value);
    case 'project':
      return chargedPoints('GET', '/rest/api/3/project/KEY', 200, value);
    case 'projects':
      return chargedPoints('GET', '/rest/api/3/project/search', 200, { values: value });
    default:
      return 1;
  }
}

/** Counts each call's points (the client's own counter counts the calls). */
function priced(jira: JiraClient, total: { points: number }): JiraClient {
  const wrap =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const value = await call(...args);
      total.points += pointsOf(operation, value);
      return value;
    };
  return {
    ...jira,
    project: wrap('project', jira.project.bind(jira)),
    projects: wrap('projects', jira.projects.bind(jira)),
    versions: wrap('versions', jira.versions.bind(jira)),
    boards: wrap('boards', jira.boards.bind(jira)),
    sprints: wrap('sprints', jira.sprints.bind(jira)),
    searchPage: wrap('search', jira.searchPage.bind(jira)),
    issueTypes: wrap('issueTypes', jira.issueTypes.bind(jira)),
    fields: wrap('fields', jira.fields.bind(jira)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function measurePortfolio(options: { projects?: number; latencyMs?: number; progress?: (line: string) => void } = {}): Promise<PortfolioFigures> {
  const projects = options.projects ?? 500;
  const latencyMs = options.latencyMs ?? 150;
  const progress = options.progress ?? (() => undefined);
  const { sites, jira } = portfolioSite({ projects, issues: 120 });
  const total = { points: 0 };
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse('2026-03-02T06:00:00Z'), hardLimitMs: 60_000, maxInvocations: 100_000 });
  const kv = new MemoryKeyValueStore();
  const allIds = new Set(sites.map((s) => s.project.id));
  const viewer: ViewerJira = {
    issue: () => Promise.resolve(null),
    children: () => Promise.reject(new Error('not used')),
    myPermissions: () => Promise.resolve({ administer: false, browseProject: true }),
    visibleIssueKeys: (keys) => Promise.resolve(new Set(keys)),
    visibleBoards: (boardIds) => Promise.resolve(new Set(boardIds)),
    browsableProjects: async (ids) => new Set(ids.filter((id) => allIds.has(id))),
  };
  let runs = 0;
  const app = composeApp({
    kv,
    jiraAsApp: () => priced(jira, total),
    jiraForViewer: () => viewer,
    enqueue: (event, delay) => queue.push(event, delay),
    now: queue.now,
    log: () => undefined,
    newRunId: () => `run${++runs}`,
  });
  progress(`… portfolio: ${projects} projects, ${sites.reduce((n, s) => n + s.issues.length, 0)} issues: analysing`);
  await app.scale.worker().enqueue({ type: 'portfolio-sync' }, 0);
  const log = await queue.drain(async (body, eventId) => app.consume(body, `job:${eventId}`).then((o) => ({ kind: o.kind })));
  const index = (await app.services.portfolio!.store.currentIndex())!;
  const analysed = index.projects.filter((p) => p.computedAt !== null).length;
  const requests = Object.values(jira.calls).reduce((a, b) => a + b, 0);
  const requestBoundMs = (requests * latencyMs) / SITE_CONCURRENCY;
  const pointsBoundMs = (total.points / GLOBAL_POOL_POINTS_PER_HOUR) * 3_600_000;

  progress('… portfolio: the global page');
  const context = { accountId: 'coach-1', siteUrl: 'https://synthetic.atlassian.net', extension: { type: 'jira:globalPage' } };
  const timeView = async (fresh: boolean) => {
    const services = fresh ? composeApp({ kv, jiraAsApp: () => jira, jiraForViewer: () => viewer, enqueue: async () => undefined, now: queue.now, log: () => undefined }).services : app.services;
    const handlers = createResolverHandlers(services);
    const before = kv.counts.get;
    const t0 = performance.now();
    const answer = await handlers['portfolio/get']({ payload: {}, context });
    const ms = performance.now() - t0;
    if (!answer.ok) throw new Error(`portfolio/get failed: ${answer.error.message}`);
    return { ms, kvsReads: kv.counts.get - before, kb: Buffer.byteLength(JSON.stringify(answer.data)) / 1024 };
  };
  await timeView(false); // warm-up
  const cold = Array.from({ length: 0 }, () => 0);
  const coldReads: number[] = [];
  let responseKb = 0;
  for (let i = 0; i < 20; i++) {
    const c = await timeView(true);
    cold.push(c.ms);
    coldReads.push(c.kvsReads);
    responseKb = c.kb;
  }
  const warmHandlers = createResolverHandlers(app.services);
  await warmHandlers['portfolio/get']({ payload: {}, context });
  const warm: number[] = [];
  const warmReads: number[] = [];
  for (let i = 0; i < 20; i++) {
    const before = kv.counts.get;
    const t0 = performance.now();
    await warmHandlers['portfolio/get']({ payload: {}, context });
    warm.push(performance.now() - t0);
    warmReads.push(kv.counts.get - before);
  }
  return {
    projects,
    analysed,
    issues: sites.reduce((n, s) => n + s.issues.length, 0),
    requests,
    points: total.points,
    invocations: log.length,
    lastAnalysedMs: Math.max(requestBoundMs, pointsBoundMs),
    requestBoundMs,
    pointsBoundMs,
    cold: { ms: median(cold), kvsReads: median(coldReads) },
    warm: { ms: median(warm), kvsReads: median(warmReads) },
    responseKb,
    latencyMs,
  };
}
