/**
 * The scale path's resolvers and triggers over a 1,000-issue synthetic project served by the
 * emulator: first view → scan → the page answers from the stored result; issue events mark it
 * stale and a debounced rescan refreshes it; a stalled run is resumed by the status call; a
 * viewer who cannot browse the project gets nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { generateSite, writeSiteSnapshot, type SyntheticSite } from '../../dev/bench/synth';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { createJiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { createResolverHandlers } from '../../src/resolvers';
import { composeApp } from '../../src/app/compose';
import { onIssueChanged, type ScanEvent } from '../../src/scan-job/scan-worker';
import { MemoryKeyValueStore } from '../../src/storage/key-value';

let dir: string;
let site: SyntheticSite;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scale-1k-'));
  site = generateSite({ issues: 1000, seed: 3 });
  await writeSiteSnapshot(site, dir);
  emulator = await startEmulator({ snapshotDir: dir });
});
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function setup(browse = true, hiddenIssues: ReadonlySet<string> = new Set(), admin = false) {
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse(site.capturedAt), hardLimitMs: 60_000 });
  const kv = new MemoryKeyValueStore();
  let runs = 0;
  const visibilityChecks: number[] = [];
  // The app as src/index.ts wires it (src/app/compose.ts), on the emulator and an in-process queue.
  const app = composeApp({
    kv,
    jiraAsApp: () => createJiraClient(createNodeTransport({ baseUrl: emulator.url })),
    jiraForViewer: () => ({
      issue: () => Promise.resolve(null),
      children: () => Promise.reject(new Error('the project page does not read children')),
      myPermissions: () => Promise.resolve({ administer: admin, browseProject: browse }),
      visibleIssueKeys: async (keys) => {
        visibilityChecks.push(keys.length);
        return new Set(keys.filter((k) => !hiddenIssues.has(k)));
      },
      visibleBoards: (boardIds) => Promise.resolve(new Set(boardIds)),
    }),
    enqueue: queue.push,
    now: queue.now,
    newRunId: () => `run${++runs}`,
    log: () => undefined,
    budget: { timeBudgetMs: 30_000, maxPagesPerInvocation: 3, reserveMs: 1000, maxFailures: 5 },
    stallGraceMs: 120_000,
  });
  const deps = app.worker();
  const states = app.scale.states;
  const handlers = createResolverHandlers(app.services);
  const context = { accountId: 'u1', extension: { type: 'jira:projectPage', project: { key: site.projectKey } } };
  const drain = () => queue.drain((body, id) => app.consume(body, id));
  return { queue, kv, states, deps, handlers, context, drain, visibilityChecks };
}

test('first view starts a scan; the page then answers from the stored result and pages findings', async () => {
  const { handlers, context, drain, queue } = setup();
  const before = await handlers['scan/status']({ payload: {}, context });
  expect(before).toEqual({ ok: true, data: { projectKey: 'BIG', result: null, stale: false, staleSince: null, scan: null } });

  const started = await handlers['scan/start']({ payload: {}, context });
  expect(started.ok && started.data.scan).toMatchObject({ state: 'running', progress: { phase: 'meta', issuesScanned: 0 } });

  const log = await drain();
  expect(log.map((l) => l.outcome)).toEqual(['continued', 'continued', 'continued', 'complete']); // 10 pages, 3 an invocation; the last also finishes
  expect(queue.size).toBe(0);

  const after = await handlers['scan/status']({ payload: {}, context });
  if (!after.ok) throw new Error(after.error.message);
  expect(after.data.scan).toBeNull();
  const result = after.data.result!;
  expect(result.issueCount).toBe(1000);
  expect(result.health.asOf).toBe(site.asOf);
  const l4 = result.findingTotals[4];
  expect(l4).toBeGreaterThan(50);
  expect(result.health.findings.filter((f) => f.level === 4)).toHaveLength(50);
  expect(result.nextFindingOffset[4]).toBe(50);
  expect(result.hiddenFindings).toBe(0);

  const page = await handlers['scan/findings']({ payload: { level: 4, offset: 40 }, context });
  if (!page.ok) throw new Error(page.error.message);
  expect(page.data.total).toBe(l4);
  expect(page.data.findings[0]).toEqual(result.health.findings.filter((f) => f.level === 4)[40]);

  const history = await handlers['history/levels']({ payload: {}, context });
  if (!history.ok) throw new Error(history.error.message);
  expect(history.data.trends.map((t) => t.points)).toEqual(result.health.levels.map((l) => [{ date: site.asOf, score: l.score }]));
  expect(history.data.slips.length).toBeGreaterThan(0);
});

test('issue events mark the result stale and one debounced rescan refreshes it', async () => {
  const { handlers, context, drain, deps, queue } = setup();
  await handlers['scan/start']({ payload: {}, context });
  await drain();
  expect(await onIssueChanged(deps, 'BIG')).toBe('scheduled');
  for (let i = 0; i < 20; i++) expect(await onIssueChanged(deps, 'BIG')).toBe('marked');
  expect(queue.size).toBe(1);
  expect(await onIssueChanged(deps, 'OTHER')).toBe('ignored');
  const stale = await handlers['scan/status']({ payload: {}, context });
  expect(stale.ok && stale.data.stale).toBe(true);

  emulator.resetCounters();
  await drain();
  // One rescan, not 21; and an incremental one: one page of the issues changed since the first scan (none), not 10.
  expect(emulator.counters.byOperation.search).toBe(1);
  const fresh = await handlers['scan/status']({ payload: {}, context });
  expect(fresh.ok && fresh.data).toMatchObject({ stale: false, scan: null, result: { issueCount: 1000 } });
});

test('a stalled run is re-enqueued by the status call', async () => {
  const { handlers, context, states, queue, deps } = setup();
  await handlers['scan/start']({ payload: {}, context });
  // The consumer died without a retry: the event is lost and nothing works on the run.
  await queue.drain(async () => ({ kind: 'lost' }));
  const run = (await states.getRun('BIG'))!;
  await states.putRun({ ...run, updatedAt: deps.now() - 10 * 60_000 });
  const status = await handlers['scan/status']({ payload: {}, context });
  expect(status.ok && status.data.scan?.state).toBe('running');
  expect(queue.size).toBe(1);
});

test('a viewer who cannot browse the project is refused', async () => {
  const { handlers, context } = setup(false);
  for (const key of ['scan/status', 'scan/start', 'history/levels'] as const) {
    const response = await handlers[key]({ payload: {}, context });
    expect(response).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }
});

test('findings on issues the viewer cannot browse never reach the viewer, and are counted', async () => {
  // A first pass as a viewer who sees everything, to learn which issues carry level-4 findings.
  const open = setup();
  await open.handlers['scan/start']({ payload: {}, context: open.context });
  await open.drain();
  const all = await open.handlers['scan/findings']({ payload: { level: 4, offset: 0 }, context: open.context });
  if (!all.ok) throw new Error(all.error.message);
  const issueKeys = [...new Set(all.data.findings.flatMap((f) => (f.issueKey ? [f.issueKey] : [])))];
  expect(issueKeys.length).toBeGreaterThan(3);
  const hidden = new Set(issueKeys.slice(0, 3));
  const hiddenCount = all.data.findings.filter((f) => f.issueKey !== undefined && hidden.has(f.issueKey)).length;

  const restricted = setup(true, hidden);
  // The same stored result (the same storage), served to the restricted viewer.
  await restricted.handlers['scan/start']({ payload: {}, context: restricted.context });
  await restricted.drain();
  const page = await restricted.handlers['scan/findings']({ payload: { level: 4, offset: 0 }, context: restricted.context });
  if (!page.ok) throw new Error(page.error.message);
  expect(page.data.hidden).toBe(hiddenCount);
  expect(page.data.findings).toHaveLength(all.data.findings.length - hiddenCount);
  expect(page.data.findings.some((f) => f.issueKey !== undefined && hidden.has(f.issueKey))).toBe(false);
  expect(page.data.total).toBe(all.data.total);
  expect(page.data.nextOffset).toBe(all.data.total > 100 ? 100 : null);

  const status = await restricted.handlers['scan/status']({ payload: {}, context: restricted.context });
  if (!status.ok) throw new Error(status.error.message);
  const result = status.data.result!;
  expect(result.health.findings.some((f) => f.issueKey !== undefined && hidden.has(f.issueKey))).toBe(false);
  expect(result.hiddenFindings).toBeGreaterThan(0);
  // One visibility search per call, each with the page's distinct issue keys (at most a page of findings).
  expect(restricted.visibilityChecks.length).toBe(2);
  expect(Math.max(...restricted.visibilityChecks)).toBeLessThanOrEqual(250);
});

test('a saved config rescans the projects the app keeps a result for, and the new result uses it', async () => {
  const { handlers, context, drain, queue } = setup(true, new Set(), true);
  await handlers['scan/start']({ payload: {}, context });
  await drain();
  const before = await handlers['scan/status']({ payload: {}, context });
  if (!before.ok) throw new Error(before.error.message);
  expect(queue.size).toBe(0);
  // The admin saves a site config (sprint length 10 days) through the same services.
  const saved = await handlers['config/save']({ payload: { config: { iteration: { lengthDays: 10 } }, expectedVersion: 0 }, context: { accountId: 'u1', extension: { type: 'jira:adminPage' } } });
  if (!saved.ok) throw new Error(saved.error.message);
  expect(queue.size).toBe(1);
  await drain();
  const after = await handlers['scan/status']({ payload: {}, context });
  if (!after.ok) throw new Error(after.error.message);
  const l4 = (s: typeof after.data) => s.result!.health.levels.find((l) => l.level === 4)!.findings;
  expect(l4(after.data)).not.toBe(l4(before.data));
});

test('a KVS write failing midway through a rescan leaves the previous result readable, and the next scan succeeds', async () => {
  const { handlers, context, drain, kv } = setup();
  await handlers['scan/start']({ payload: {}, context });
  await drain();
  const first = await handlers['scan/status']({ payload: {}, context });
  if (!first.ok) throw new Error(first.error.message);

  // Every write of the summary fails during the rescan: the run retries, then gives up.
  kv.failWrites = (key) => key === 'res:BIG:sum';
  await handlers['scan/start']({ payload: {}, context });
  const log = await drain();
  expect(log.map((l) => l.outcome)).toContain('gave-up');
  const during = await handlers['scan/status']({ payload: {}, context });
  if (!during.ok) throw new Error(during.error.message);
  expect(during.data.scan?.state).toBe('failed');
  expect(during.data.result).toEqual(first.data.result);
  const page = await handlers['scan/findings']({ payload: { level: 4, offset: 0 }, context });
  expect(page.ok && page.data.findings.length).toBeGreaterThan(0);

  kv.failWrites = undefined;
  await handlers['scan/start']({ payload: {}, context });
  expect((await drain()).at(-1)?.outcome).toBe('complete');
  const after = await handlers['scan/status']({ payload: {}, context });
  if (!after.ok) throw new Error(after.error.message);
  expect(after.data).toMatchObject({ scan: null, result: { issueCount: 1000 } });
  // Only the head run's chunks are left.
  const runs = new Set([...kv.snapshot().keys()].flatMap((k) => /^res:BIG:(run\d+):f:/.exec(k)?.[1] ?? []));
  expect(runs.size).toBe(1);
});
