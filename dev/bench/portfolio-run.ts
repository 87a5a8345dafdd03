/**
 * A portfolio analysed end to end on a simulated clock, for the bench and the tests: a synthetic
 * site of many projects (./portfolio-site.ts) served by the Jira emulator with its hourly points
 * quota enforced (429 once spent, as Jira does), the app from its one composition root, its Jira
 * client over HTTP through the real rate limiter, and the scan consumer fed by the in-process
 * queue, over the in-memory KVS with Forge's per-minute quotas enforced. Every wait (Jira's
 * answer time, the limiter's, a retry's, a queue delay) passes on the queue's clock without
 * sleeping, so hours of pacing take seconds. The requests, points and 429s are the emulator's
 * counts, and the time until the last project is analysed is the clock's: Jira's answer time
 * (one figure per request, the only modelled part) plus the waits, invocations run one at a time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/server';
import { composeApp, instancePacing, type App } from '../../src/app/compose';
import { createJiraClient, type JiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { GLOBAL_POOL_POINTS_PER_HOUR, JIRA_REQUESTS_PER_SECOND } from '../../src/jira/rate-limiter';
import type { JiraTransport } from '../../src/jira/transport';
import type { ViewerJira } from '../../src/resolvers/ports';
import type { ScanEvent } from '../../src/scan-job/scan-worker';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { InProcessQueue } from './in-process-queue';
import { openViewer } from './open-viewer';
import { portfolioSite } from './portfolio-site';
import { writeSiteSnapshot } from './synth';

export interface PortfolioRunOptions {
  projects: number;
  /** Issues of each project, on average (±50% by project). */
  issues?: number;
  /** The emulator's hourly points quota (Jira's for an app in the global pool: 65,000). */
  pointsPerHour?: number;
  /** The clock starts here (epoch ms); default 2026-03-02 06:10 UTC (ten minutes into an hour). */
  startAt?: number;
  /** Jira's answer time, passed on the simulated clock before each request (default 150 ms). */
  jiraLatencyMs?: number;
  progress?: (line: string) => void;
}

export interface PortfolioRun {
  app: App;
  kv: MemoryKeyValueStore;
  queue: InProcessQueue<ScanEvent>;
  /** The app's Jira client (paced, over HTTP to the emulator; open until `close`). */
  client: JiraClient;
  /** A viewer who may browse every project (for page views after the run). */
  viewer: ViewerJira;
  projects: number;
  issues: number;
  /** Projects whose summary is in the index. */
  analysed: number;
  /** Jira as the emulator counted it: requests, points (all and by UTC hour), 429s of its quota. */
  jira: { requests: number; points: number; maxPointsInAnHour: number; hours: number; rateLimited: number };
  /** The limiter: the quota it kept to (the lower of its own and the one the site announced), its waits. */
  limiter: { quota: number; waitedMs: number; rateLimited: number };
  /** Simulated ms from the sync to the last project's summary. */
  lastAnalysedMs: number;
  invocations: number;
  /** The longest consumer invocation in simulated ms (Forge stops one at 900 s). */
  longestInvocationMs: number;
  /** Storage: KVS calls refused by its per-minute quotas (enforced on the simulated clock), and its use. */
  kvs: { rateLimited: number; readUnits: number; writeUnits: number };
  close(): Promise<void>;
}

const START = Date.parse('2026-03-02T06:10:00Z');

export async function runPortfolio(options: PortfolioRunOptions): Promise<PortfolioRun> {
  const progress = options.progress ?? (() => undefined);
  const quota = options.pointsPerHour ?? GLOBAL_POOL_POINTS_PER_HOUR;
  const { sites } = portfolioSite({ projects: options.projects, issues: options.issues ?? 120 });
  const dir = await mkdtemp(join(tmpdir(), 'portfolio-run-'));
  for (const site of sites) await writeSiteSnapshot(site, dir);
  const queue = new InProcessQueue<ScanEvent>({ startAt: options.startAt ?? START, hardLimitMs: 120_000, maxInvocations: 100_000 });
  const emulator = await startEmulator({ snapshotDir: dir, now: queue.now, rateLimits: { pointsPerHour: quota, requestsPerSecond: JIRA_REQUESTS_PER_SECOND } });
  const close = async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const kv = new MemoryKeyValueStore({ quotas: true, now: queue.now });
    // The app's limiter as src/forge/app.ts makes it (the hour's points leased from the ledger in KVS), on the simulated clock.
    const limiter = instancePacing(kv, () => undefined, { now: queue.now, sleep: queue.sleep });
    const http = createNodeTransport({ baseUrl: emulator.url });
    const latency = options.jiraLatencyMs ?? 150;
    const slowed: JiraTransport = { ...http, request: async (request) => (await queue.sleep(latency), http.request(request)) };
    const jira = createJiraClient(slowed, { pacing: limiter, retry: { now: queue.now, sleep: queue.sleep } });
    const ids = new Set(sites.map((s) => s.project.id));
    const viewer = openViewer({ administer: false, browsable: ids });
    let runs = 0;
    const app = composeApp({
      kv,
      jiraAsApp: () => queue.guardJira(jira),
      jiraForViewer: () => viewer,
      enqueue: queue.push,
      now: queue.now,
      log: () => undefined,
      newRunId: () => `run${++runs}`,
    });
    const issues = sites.reduce((n, s) => n + s.issues.length, 0);
    progress(`… portfolio: ${options.projects} projects, ${issues} issues, through the emulator at ${quota} points an hour`);
    const started = queue.now();
    let longest = 0;
    await app.scale.worker().enqueue({ type: 'portfolio-sync' }, 0);
    const log = await queue.drain(async (body, eventId) => {
      const t0 = queue.now();
      const outcome = await app.consume(body, `job:${eventId}`);
      longest = Math.max(longest, queue.now() - t0);
      return { kind: outcome.kind };
    });
    const index = (await app.services.portfolio!.store.currentIndex())!;
    const computed = index.projects.flatMap((p) => (p.computedAt === null ? [] : [Date.parse(p.computedAt)]));
    const counters = emulator.counters;
    const stats = limiter.stats();
    return {
      app,
      kv,
      queue,
      client: jira,
      viewer,
      projects: options.projects,
      issues,
      analysed: computed.length,
      jira: {
        requests: counters.requests,
        points: counters.points,
        maxPointsInAnHour: Math.max(0, ...Object.values(counters.pointsByHour)),
        hours: Object.keys(counters.pointsByHour).length,
        rateLimited: counters.rateLimited,
      },
      limiter: { quota: stats.quota, waitedMs: stats.waitedMs, rateLimited: stats.rateLimited },
      lastAnalysedMs: computed.length === 0 ? 0 : Math.max(...computed) - started,
      invocations: log.length,
      longestInvocationMs: longest,
      kvs: { rateLimited: kv.counts.rateLimited, readUnits: kv.counts.readUnits, writeUnits: kv.counts.writeUnits },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
