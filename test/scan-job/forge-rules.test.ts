/**
 * Forge's rules in the scan path, on the one composition root: the consumer takes @forge/events
 * v2 events, the daily refresh and a saved site config push one event and fan out in the
 * consumer in batches, the metadata phase is resumable (2,000 boards complete), and a change
 * that comes while a scan runs gets its rescan after it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { openViewer } from '../../dev/bench/open-viewer';
import { generateSite, type SyntheticSite } from '../../dev/bench/synth';
import { composeApp, type AppPorts } from '../../src/app/compose';
import { consumeAsyncEvent } from '../../src/forge/scan-consumer';
import { createResolverHandlers } from '../../src/resolvers';
import { BOARDS_PER_BATCH } from '../../src/scan-state/scan-machine';
import { REFRESH_BATCH, type ScanEvent } from '../../src/scan-job/scan-worker';
import { SITE_CONCURRENCY } from '../../src/scan-job/portfolio-job';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { syntheticJira } from '../helpers/synthetic-jira';

const admin = openViewer({ administer: true });

function setup(site: SyntheticSite, overrides: Partial<AppPorts> & { hardLimitMs?: number; latencyMs?: number } = {}) {
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse(site.capturedAt), hardLimitMs: overrides.hardLimitMs ?? 60_000, maxInvocations: 2000 });
  const kv = new MemoryKeyValueStore();
  const jira = syntheticJira(site, { latencyMs: overrides.latencyMs ?? 0 });
  const pushed: ScanEvent[] = [];
  const logs: string[] = [];
  let runs = 0;
  const app = composeApp({
    kv: queue.guardKv(kv),
    jiraAsApp: () => queue.guardJira(jira),
    jiraForViewer: () => admin,
    enqueue: async (event, delay) => {
      pushed.push(event);
      await queue.push(event, delay);
    },
    now: queue.now,
    log: (m) => logs.push(m),
    newRunId: () => `run${++runs}`,
    budget: { timeBudgetMs: 30_000, maxPagesPerInvocation: 5, reserveMs: 1000, maxFailures: 5 },
    ...overrides,
  });
  /** Delivers every event as Forge does: an AsyncEvent with its job and event ids. */
  const drain = () =>
    queue.drain(async (body, eventId) => {
      await consumeAsyncEvent(app, { queueName: 'planning-levels-scan', jobId: 'job-1', eventId, body });
      return { kind: body.type };
    });
  return { app, queue, kv, jira, pushed, logs, drain };
}

const small = generateSite({ issues: 300, seed: 11 });

describe('the scan consumer', () => {
  it('takes @forge/events v2 events (the body, the job and event ids) and scans to the end', async () => {
    const { app, drain, jira } = setup(small);
    const owners: string[] = [];
    const states = app.scale.states;
    const putRun = states.putRun.bind(states);
    states.putRun = async (run) => {
      if (run.lease) owners.push(run.lease.owner);
      await putRun(run);
    };
    await app.scale.worker().enqueue({ type: 'refresh-all' }, 0);
    await states.remember(small.projectKey);
    await drain();
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((o) => /^job-1:evt\d+$/.test(o))).toBe(true);
    expect((await app.scale.results.summary(small.projectKey))?.issueCount).toBe(300);
    // A first scan: the highest key, then 300 issues in 3 key ranges of one search page each; no ids.
    expect(jira.calls).toMatchObject({ searchKeys: 1, search: 3 });
    expect(jira.calls.searchIds).toBeUndefined();
  });

  it('ignores, with a log line, an event in the events-v1 resolver form', async () => {
    const { app, logs, queue } = setup(small);
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      await consumeAsyncEvent(app, { payload: { type: 'refresh-all' }, context: { jobId: 'j', eventId: 'e' } });
    } finally {
      console.error = original;
    }
    expect(errors.join()).toMatch(/not in the @forge\/events v2 form/);
    expect(queue.size).toBe(0);
    expect(logs).toEqual([]);
  });

  it('the manifest binds the consumer with `function:` and gives the scheduled trigger an explicit timeout', () => {
    const manifest = parse(readFileSync('manifest.yml', 'utf8')) as {
      modules: { consumer: Record<string, unknown>[]; scheduledTrigger: { function: string }[]; function: { key: string; handler: string; timeoutSeconds?: number }[] };
    };
    const consumer = manifest.modules.consumer[0]!;
    expect(consumer.resolver).toBeUndefined();
    const fn = manifest.modules.function.find((f) => f.key === consumer.function)!;
    expect(fn).toMatchObject({ handler: 'index.scanConsumer', timeoutSeconds: 900 });
    const daily = manifest.modules.function.find((f) => f.key === manifest.modules.scheduledTrigger[0]!.function)!;
    expect(daily.timeoutSeconds).toBeGreaterThan(0);
  });
});

describe('fan-out over many projects', () => {
  const projects = Array.from({ length: 400 }, (_, i) => `P${String(i).padStart(3, '0')}`);

  async function withKnownProjects(): Promise<ReturnType<typeof setup>> {
    const s = setup(small);
    for (const p of projects) await s.app.scale.states.remember(p);
    return s;
  }

  it('a site save with 400 known projects answers in a few calls, and the consumer rescans all 400 in batches', async () => {
    const { app, kv, pushed, queue } = await withKnownProjects();
    const handlers = createResolverHandlers(app.services);
    const before = { ...kv.counts };
    const t0 = performance.now();
    const saved = await handlers['config/save']({ payload: { config: { iteration: { lengthDays: 10 } }, expectedVersion: 0 }, context: { accountId: 'admin-1', extension: { type: 'jira:adminPage' } } });
    const elapsed = performance.now() - t0;
    expect(saved.ok).toBe(true);
    const calls = kv.counts.get + kv.counts.set + kv.counts.delete + kv.counts.list - (before.get + before.set + before.delete + before.list) + pushed.length;
    expect(calls).toBeLessThan(20);
    expect(pushed).toEqual([{ type: 'refresh-all', reason: 'config' }]);
    expect(elapsed).toBeLessThan(1000);

    // The consumer: one refresh-all invocation per REFRESH_BATCH projects, each adding its batch to
    // the site-wide queue, which starts SITE_CONCURRENCY scans at a time (the next when one ends).
    const started: string[] = [];
    const refreshes: string[] = [];
    await queue.drain(async (body, eventId) => {
      if (body.type === 'scan') {
        started.push(body.projectKey);
        return { kind: 'scan-not-run' };
      }
      const outcome = await app.consume(body, `job:${eventId}`);
      if (outcome.kind === 'done') refreshes.push(outcome.detail);
      return outcome;
    });
    expect(refreshes).toHaveLength(400 / REFRESH_BATCH);
    expect(started.sort()).toEqual(projects.slice(0, SITE_CONCURRENCY));
    const siteQueue = (await app.services.portfolio!.store.queue.current()).doc!;
    expect(siteQueue.active.map((a) => a.key)).toEqual(projects.slice(0, SITE_CONCURRENCY));
    expect(siteQueue.pending).toEqual(projects.slice(SITE_CONCURRENCY));
    // The queued rescans keep the reason that queued them (a saved site config).
    expect((await app.scale.states.getRun(projects[0]!))?.reason).toBe('config');
  });

  it('the daily refresh pushes two events (apply the portfolio setting, rescan the known projects) and returns', async () => {
    const { app, pushed, kv } = await withKnownProjects();
    const before = kv.counts.get + kv.counts.set + kv.counts.list;
    await app.dailyRefresh();
    expect(pushed).toEqual([{ type: 'portfolio-sync' }, { type: 'refresh-all', reason: 'scheduled' }]);
    expect(kv.counts.get + kv.counts.set + kv.counts.list).toBe(before);
  });
});

describe('the metadata phase', () => {
  it('a project with 2,000 boards completes, its boards read over several budgeted invocations', async () => {
    const site = generateSite({ issues: 300, seed: 5 });
    const boards = Array.from({ length: 2000 }, (_, i) => ({ id: 5000 + i, name: `Team ${i}`, type: 'scrum' }));
    const big: SyntheticSite = {
      ...site,
      boards: [...site.boards, ...boards],
      sprintsByBoard: [
        ...site.sprintsByBoard,
        ...boards.map((b) => ({ boardId: b.id, sprints: [{ id: 90_000 + b.id, name: `${b.name} sprint 1`, state: 'closed' as const, originBoardId: b.id, startDate: '2025-01-06T09:00:00.000Z', endDate: '2025-01-20T09:00:00.000Z', completeDate: '2025-01-20T10:00:00.000Z' }] })),
      ],
    };
    // 1 ms a board: reading all 2,000 in one invocation takes over 2 s, past the 1.5 s hard limit.
    const { app, drain, jira, queue, kv } = setup(big, { latencyMs: 1, hardLimitMs: 1500, budget: { timeBudgetMs: 600, maxPagesPerInvocation: 400, reserveMs: 100, maxFailures: 5 } });
    await app.scale.states.remember(big.projectKey);
    await app.scale.worker().enqueue({ type: 'refresh-all' }, 0);
    const log = await drain();
    expect(log.filter((l) => l.outcome === 'killed')).toEqual([]);
    expect(log.length).toBeGreaterThan(3);
    expect(queue.size).toBe(0);
    const summary = await app.scale.results.summary(big.projectKey);
    expect(summary?.issueCount).toBe(300);
    expect(jira.calls.sprints).toBe(big.boards.length);
    expect(jira.calls.boards).toBe(1);
    expect(Math.ceil(big.boards.length / BOARDS_PER_BATCH)).toBeGreaterThan(80);
    // The run's data is gone, every board batch included (deleted by their known keys).
    expect([...kv.snapshot().keys()].filter((k) => k.startsWith(`scan:${big.projectKey}:r:`))).toEqual([]);
    // The boards' sprints reach the analysis: the iteration level counts them.
    expect(summary!.health.levels.find((l) => l.level === 4)!.items).toBeGreaterThanOrEqual(2000);
  });
});

describe('debounce', () => {
  it('a change that comes while a scan runs gets its rescan after that scan', async () => {
    const { app, queue, jira } = setup(small, {
      debounce: { quietMs: 10_000, maxWaitMs: 600_000 },
      budget: { timeBudgetMs: 30_000, maxPagesPerInvocation: 1, reserveMs: 1000, maxFailures: 5 },
    });
    await app.scale.states.remember(small.projectKey);
    let scans = 0;
    const consume = async (body: ScanEvent, eventId: string) => {
      const outcome = await app.consume(body, `job:${eventId}`);
      if (outcome.kind === 'complete') scans++;
      return outcome;
    };
    await app.scale.worker().enqueue({ type: 'refresh-all' }, 0);
    await queue.drain(consume);
    expect(scans).toBe(1);

    // An issue event; its check starts a rescan. While the rescan runs, another event comes, and
    // a failed search page makes the rescan wait 30 s for its retry: the second event's check
    // fires meanwhile and finds the scan running.
    expect(await app.issueChanged({ issue: { key: `${small.projectKey}-1`, fields: { project: { key: small.projectKey } } } })).toBe('scheduled');
    let changedDuringScan = false;
    const outcomes: string[] = [];
    await queue.drain(async (body, eventId) => {
      const outcome = await consume(body, eventId);
      outcomes.push(outcome.kind === 'done' ? outcome.detail : outcome.kind);
      if (!changedDuringScan && outcome.kind === 'continued') {
        changedDuringScan = true;
        expect(await app.issueChanged({ issue: { key: `${small.projectKey}-2` } })).toBe('scheduled');
        jira.failSearches = 1;
      }
      return outcome;
    });
    expect(changedDuringScan).toBe(true);
    expect(outcomes).toContain('retrying');
    // The rescan's end scheduled a check for the change it did not cover, which scanned again.
    expect(scans).toBe(3);
    expect((await app.scale.states.getFreshness(small.projectKey)).staleSince).toBeNull();
  });
});
