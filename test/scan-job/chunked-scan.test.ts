/**
 * The Forge scale path end to end: a 100,000-issue synthetic project scanned through the Jira
 * emulator by the queue consumer — its highest key, then 40 key ranges of search pages of 100,
 * 4 ranges in flight — each invocation within its budget, one invocation killed midway (among
 * its page writes: a page's issues stored and the run not yet advanced) — and the stored result
 * has exactly the findings of a single-pass analysis of the same data.
 *
 * That is 1 highest-key search and 1,000 search pages; the emulator runs without latency here. On the
 * shared 2-core development machine the test takes ~60 s: ~25 s to generate, write and load the
 * snapshot, the rest for the scan.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { generateSite, rawProjectOf, writeSiteSnapshot, type SyntheticSite } from '../../dev/bench/synth';
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { createJiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { toProjectData } from '../../src/jira/project-data';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { allStoredFindings } from '../helpers/stored-findings';
import { composeOnQueue } from '../helpers/queued-app';
import { handleQueueEvent, startScan, type ScanEvent } from '../../src/scan-job/scan-worker';
import type { StoredFinding } from '../../src/storage/schemas';

const N = 100_000;
const MAX_PAGES_PER_INVOCATION = 120;

let dir: string;
let site: SyntheticSite;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scale-100k-'));
  site = generateSite({ issues: N, seed: 7 });
  await writeSiteSnapshot(site, dir);
  emulator = await startEmulator({ snapshotDir: dir });
}, 180_000);

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sortKey = (f: StoredFinding) => `${f.level}|${f.kind}|${f.issueKey ?? ''}|${f.sprintId ?? ''}|${f.versionId ?? ''}|${f.message}`;

test('a 100k-issue project scanned in budgeted invocations, one killed midway, gives the single-pass findings', async () => {
  const queue = new InProcessQueue<ScanEvent>({
    startAt: Date.parse(site.capturedAt),
    // Forge's limit, well above the budget (900 s against 600 s on a site): on a loaded shared
    // machine the last invocation's finish (1,000 pages loaded, analysed, stored) took over 20 s.
    hardLimitMs: 60_000,
    // Invocation 2 writes: the lease (1), then per page its issues and the advanced state (4 ranges in
    // flight, so interleaved): the 14th write is among them.
    killAfter: { invocation: 2, afterWrites: 14 },
  });
  const kv = new MemoryKeyValueStore();
  const guarded = queue.guardKv(kv);
  const jira = queue.guardJira(createJiraClient(createNodeTransport({ baseUrl: emulator.url }), { retry: { maxAttempts: 1 } }));
  const logs: string[] = [];
  // On storage guarded by the invocation's limits.
  const app = composeOnQueue(queue, { kv: guarded, jira: jira, budget: { timeBudgetMs: 8_000, maxPagesPerInvocation: MAX_PAGES_PER_INVOCATION, reserveMs: 1_000, maxFailures: 5 }, log: (m) => logs.push(m) });
  const deps = app.worker();
  const { states, results, history } = app.scale;

  // The page's first view starts the scan (outside any invocation).
  const started = await startScan(deps, site.projectKey, 'first-view');
  expect(started.kind).toBe('started');
  emulator.resetCounters();

  const log = await queue.drain((body, eventId) => handleQueueEvent(deps, body, eventId));

  // Several invocations, each within its page cap; exactly one died, and only the planned one.
  const killed = log.filter((l) => l.outcome === 'killed');
  expect(killed).toHaveLength(1);
  expect(killed[0]!.killed).toMatch(/planned kill/);
  expect(log.length).toBeGreaterThan(Math.ceil(N / 100 / MAX_PAGES_PER_INVOCATION));
  expect(log[log.length - 1]!.outcome).toBe('complete');
  // The highest key, then one search page per 100 issues; only the pages in flight when the
  // invocation died (at most 4, one a range) are read again.
  expect(emulator.counters.byOperation.search).toBeGreaterThanOrEqual(1 + N / 100);
  expect(emulator.counters.byOperation.search).toBeLessThanOrEqual(1 + N / 100 + 4);
  expect(emulator.counters.byOperation.bulkfetch ?? 0).toBe(0);
  expect(emulator.counters.byOperation.issue).toBe(0);

  // Single pass over the same data, same day, same config.
  const data = toProjectData(rawProjectOf(site));
  const single = analyze(data, DEFAULT_CONFIG, site.asOf);
  const expected = toStoredHealth(single, { projectKey: site.projectKey, data }, '');

  const summary = await results.summary(site.projectKey);
  expect(summary).not.toBeNull();
  expect(summary!.issueCount).toBe(N);
  expect(summary!.health.asOf).toBe(site.asOf);
  expect(summary!.health.levels).toEqual(expected.levels);
  expect(summary!.health.diagnosis).toEqual(expected.diagnosis);
  expect(summary!.health.weakestLevel).toBe(expected.weakestLevel);
  const stored = await allStoredFindings(results, site.projectKey);
  expect(stored.length).toBe(expected.findings.length);
  expect(stored.map(sortKey).sort()).toEqual(expected.findings.map(sortKey).sort());

  // The run is gone, its pages deleted; the day is in the history.
  expect(await states.getRun(site.projectKey)).toBeNull();
  expect([...kv.snapshot().keys()].filter((k) => k.startsWith('scan:BIG:r:'))).toEqual([]);
  const hist = await history.get(site.projectKey);
  expect(hist.days.map((d) => d[0])).toEqual([site.asOf]);
  expect(hist.days[0]!.slice(1)).toEqual(expected.levels.map((l) => l.score));
}, 300_000);
