/**
 * The portfolio's jobs through the one composition root and the in-process queue: the sync
 * applies the setting, the site-wide queue bounds the scans, each scan records its summary in
 * the index, and a project that leaves loses every stored key.
 */
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { openViewer } from '../../dev/bench/open-viewer';
import { portfolioSite } from '../../dev/bench/portfolio-site';
import { composeApp } from '../../src/app/compose';
import type { ScanEvent } from '../../src/scan-job/scan-worker';
import { MemoryKeyValueStore } from '../../src/storage/key-value';

const viewer = openViewer({ administer: true });

function setUp(projects: number, siteConcurrency = 2) {
  const { sites, jira } = portfolioSite({ projects, issues: 60, businessEvery: 4 });
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse('2026-03-02T06:00:00Z'), hardLimitMs: 60_000, maxInvocations: 5000 });
  const kv = new MemoryKeyValueStore();
  let runs = 0;
  const app = composeApp({ kv, jiraAsApp: () => jira, jiraForViewer: () => viewer, enqueue: (e, d) => queue.push(e, d), now: queue.now, log: () => undefined, newRunId: () => `run${++runs}`, siteConcurrency });
  const store = app.services.portfolio!.store;
  return { sites, jira, queue, kv, app, store };
}

describe('the portfolio sync and the site-wide queue', () => {
  it('analyses every software project, never more than the site concurrency at once, and records each in the index', async () => {
    const { queue, app, store } = setUp(8, 2);
    let most = 0;
    await app.scale.worker().enqueue({ type: 'portfolio-sync' }, 0);
    await queue.drain(async (body, eventId) => {
      const outcome = await app.consume(body, `job:${eventId}`);
      most = Math.max(most, (await store.queue.current()).doc?.active.length ?? 0);
      return { kind: outcome.kind };
    });
    const index = (await store.currentIndex())!;
    // P003 and P007 are business projects: not in the default portfolio.
    expect(index.projects.map((p) => p.key)).toEqual(['P000', 'P001', 'P002', 'P004', 'P005', 'P006']);
    expect(index.projects.every((p) => p.computedAt !== null)).toBe(true);
    expect(most).toBe(2);
    expect((await store.queue.current()).doc).toEqual({ pending: [], active: [] });
    const summary = await store.getProject('P004');
    expect(summary?.category).toEqual({ id: '10004', name: 'Division 5' });
    expect(summary?.levels).toHaveLength(5);
    expect(summary?.days.length).toBe(1);
  });

  it('a project that leaves the portfolio loses every stored key but its config', async () => {
    const { queue, app, store, kv } = setUp(4, 4);
    await app.scale.worker().enqueue({ type: 'portfolio-sync' }, 0);
    const drain = () => queue.drain(async (body, eventId) => ({ kind: (await app.consume(body, `job:${eventId}`)).kind }));
    await drain();
    await app.config.write({ kind: 'project', projectKey: 'P001' }, 0, { action: 'save', config: {}, savedBy: 'admin', savedAt: '2026-03-02T07:00:00.000Z' });
    const keysOf = (key: string) => [...kv.snapshot().keys()].filter((k) => k.split(/[:#]/).includes(key));
    expect(keysOf('P001').length).toBeGreaterThan(3);

    await store.settings.write(0, { scope: { mode: 'chosen', projectKeys: ['P000', 'P002'], categoryIds: [] }, savedBy: 'admin', savedAt: '2026-03-02T07:00:00.000Z' });
    await app.scale.worker().enqueue({ type: 'portfolio-sync' }, 0);
    await drain();
    expect((await store.currentIndex())!.projects.map((p) => p.key)).toEqual(['P000', 'P002']);
    expect(keysOf('P001')).toContain('cfg:project:P001:v:0000000001');
    expect(keysOf('P001').filter((k) => !k.startsWith('cfg:'))).toEqual([]);
    expect(keysOf('P000').length).toBeGreaterThan(3);
  });

  it('chosen categories bring their projects in', async () => {
    const { queue, app, store } = setUp(6, 3);
    await store.settings.write(0, { scope: { mode: 'chosen', projectKeys: [], categoryIds: ['10001'] }, savedBy: 'admin', savedAt: '2026-03-02T07:00:00.000Z' });
    await app.scale.worker().enqueue({ type: 'portfolio-sync' }, 0);
    await queue.drain(async (body, eventId) => ({ kind: (await app.consume(body, `job:${eventId}`)).kind }));
    expect((await store.currentIndex())!.projects.map((p) => p.key)).toEqual(['P001']);
  });
});
