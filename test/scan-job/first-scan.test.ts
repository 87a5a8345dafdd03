/**
 * The scan job's first (full) scan reads the highest key, then key ranges a few in flight
 * (src/jira/key-ranges.ts, shared with the CLI's scan): it keeps to its bound on requests in
 * flight, reads each issue once (sparse keys, an issue created while it runs), resumes after an
 * invocation that ran out of time (reading again only what that invocation had in flight), and
 * stores what an uninterrupted scan stores — and what the search-page scan of an older app stored.
 */
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { generateSite, type SyntheticSite } from '../../dev/bench/synth';
import type { App } from '../../src/app/compose';
import type { JiraClient } from '../../src/jira/client';
import { handleQueueEvent, startScan, type ScanEvent, type ScanWorkerDeps } from '../../src/scan-job/scan-worker';
import { compareIssueKeys } from '../../src/scan-state/incremental';
import { startRun, type ScanBudget } from '../../src/scan-state/scan-machine';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import type { KvScanStateStore } from '../../src/storage/scan-state-store';
import type { StoredFinding } from '../../src/storage/schemas';
import { composeOnQueue } from '../helpers/queued-app';
import { allStoredFindings } from '../helpers/stored-findings';
import { syntheticJira, type SyntheticJira } from '../helpers/synthetic-jira';

const N = 2_000; // 3 key ranges (7, 7 and 6 pages of 100)
const PAGES = N / 100;
const IN_FLIGHT = 3;
const site = generateSite({ issues: N, seed: 23 });
const budget: ScanBudget = { timeBudgetMs: 60_000, maxPagesPerInvocation: 8, reserveMs: 1_000, maxFailures: 5, requestsInFlight: IN_FLIGHT };

interface Run {
  app: App;
  jira: SyntheticJira;
  queue: InProcessQueue<ScanEvent>;
  outcomes: string[];
  /** The most search pages in flight at once. */
  mostInFlight: number;
  /** The most sprint lists in flight at once. */
  mostSprintsInFlight: number;
}

interface FirstScanOptions {
  fullScanReads?: ScanWorkerDeps['fullScanReads'];
  /** Makes one search page (by call number) take this long. */
  slow?: { call: number; ms: number };
  /** Forge's per-invocation limit. */
  hardLimitMs?: number;
  /** The site scanned (default: the dense one). */
  on?: SyntheticSite;
  /** Called before each search page (by call number): a test may change the site there. */
  beforeSearch?(call: number): void;
}

/** Scans the site's project from nothing through the consumer, on its own store and queue. */
async function firstScan(options: FirstScanOptions = {}): Promise<Run> {
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse(site.capturedAt), hardLimitMs: options.hardLimitMs ?? 60_000 });
  const jira = syntheticJira(options.on ?? site, { latencyMs: 2 });
  let inFlight = 0;
  let mostInFlight = 0;
  let calls = 0;
  const searchPage: JiraClient['searchPage'] = jira.searchPage;
  jira.searchPage = async (...args) => {
    const call = ++calls;
    options.beforeSearch?.(call);
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      if (options.slow?.call === call) await new Promise((resolve) => setTimeout(resolve, options.slow!.ms));
      return await searchPage(...args);
    } finally {
      inFlight--;
    }
  };
  let sprintsInFlight = 0;
  let mostSprintsInFlight = 0;
  const sprints: JiraClient['sprints'] = jira.sprints;
  jira.sprints = async (...args) => {
    mostSprintsInFlight = Math.max(mostSprintsInFlight, ++sprintsInFlight);
    try {
      return await sprints(...args);
    } finally {
      sprintsInFlight--;
    }
  };
  const app = composeOnQueue(queue, { kv: queue.guardKv(new MemoryKeyValueStore()), jira: queue.guardJira(jira), budget, log: () => undefined });
  const deps: ScanWorkerDeps = { ...app.worker(), ...(options.fullScanReads !== undefined ? { fullScanReads: options.fullScanReads } : {}) };
  expect((await startScan(deps, site.projectKey, 'first-view')).kind).toBe('started');
  const log = await queue.drain((body, eventId) => handleQueueEvent(deps, body, eventId));
  return { app, jira, queue, outcomes: log.map((l) => l.outcome), mostInFlight, mostSprintsInFlight };
}

const findingKey = (f: StoredFinding) => `${f.level}|${f.kind}|${f.issueKey ?? ''}|${f.sprintId ?? ''}|${f.versionId ?? ''}|${f.message}`;

/** What a scan leaves in storage, but the time it was computed at. */
async function stored({ app }: Run) {
  const { results, states, history } = app.scale;
  const summary = await results.summary(site.projectKey);
  const head = await states.getBaseHead(site.projectKey);
  expect(summary).not.toBeNull();
  expect(head).not.toBeNull();
  const issues = (await states.getBaseBuckets(head!)).flat().sort((a, b) => compareIssueKeys(a.key, b.key));
  return {
    issueCount: summary!.issueCount,
    health: { ...summary!.health, computedAt: '' },
    findings: (await allStoredFindings(results, site.projectKey)).map(findingKey).sort(),
    issues,
    boards: head!.boards,
    history: await history.get(site.projectKey),
  };
}

let uninterrupted: Run;
beforeAll(async () => {
  uninterrupted = await firstScan();
});

test('the first scan reads the highest key, then the issues by key ranges of search pages, never more than the budget in flight (the boards\' sprints neither)', async () => {
  const { jira, outcomes, mostInFlight, app } = uninterrupted;
  expect(jira.calls.searchKeys).toBe(1);
  expect(jira.calls.search).toBe(PAGES);
  expect(jira.calls.searchIds).toBeUndefined();
  expect(mostInFlight).toBe(IN_FLIGHT);
  // The boards' sprints too are read the budget's number at a time.
  expect(site.boards.length).toBeGreaterThan(IN_FLIGHT);
  expect(uninterrupted.mostSprintsInFlight).toBe(IN_FLIGHT);
  // 8 requests an invocation: the metadata and the highest key, then the pages over several invocations.
  expect(outcomes.filter((o) => o === 'continued').length).toBeGreaterThanOrEqual(Math.ceil(PAGES / budget.maxPagesPerInvocation) - 1);
  expect(outcomes[outcomes.length - 1]).toBe('complete');
  const result = await stored(uninterrupted);
  expect(result.issueCount).toBe(N);
  expect(result.issues.map((i) => i.key)).toEqual(site.issues.map((i) => i.key));
  // The run and its pages are gone.
  expect(await app.scale.states.getRun(site.projectKey)).toBeNull();
  expect(await (app.scale.states as KvScanStateStore).kv.keys(`scan:${site.projectKey}:r:`)).toEqual([]);
});

test('an invocation that runs out of time is resumed: only the page it had in flight is read again, and the stored result is the same', async () => {
  // The 3rd search page outlasts Forge's limit for the invocation: the pages in flight with it
  // finish and are stored, the slow one is lost with the invocation, and its range goes on from
  // its last stored key (a new search) into the same page's key.
  const timedOut = await firstScan({ slow: { call: 3, ms: 3_000 }, hardLimitMs: 2_000 });
  expect(timedOut.outcomes).toContain('killed');
  expect(timedOut.outcomes[timedOut.outcomes.length - 1]).toBe('complete');
  expect(timedOut.jira.calls.searchKeys).toBe(1);
  expect(timedOut.jira.calls.search).toBe(PAGES + 1);
  expect(timedOut.mostInFlight).toBeLessThanOrEqual(IN_FLIGHT);
  expect(await stored(timedOut)).toEqual(await stored(uninterrupted));
}, 30_000);

test('the stored result equals that of the search-page scan (one page of 100 after another)', async () => {
  const pages = await firstScan({ fullScanReads: 'search-pages' });
  expect(pages.jira.calls.search).toBe(PAGES);
  expect(pages.jira.calls.searchKeys).toBeUndefined();
  expect(await stored(pages)).toEqual(await stored(uninterrupted));
});

test('sparse keys (deleted and moved-out issues), an issue moved in and one created while the scan runs: each read once, as a from-scratch scan reads them', async () => {
  // Keys 301–1200 gone (moved away or deleted), every third key past 1500 too; one issue moved in
  // late with a key past all the others (BIG-2600): the ranges are planned from it.
  const sparse: SyntheticSite = {
    ...site,
    issues: site.issues
      .filter((issue) => {
        const n = Number(issue.key.split('-')[1]);
        return (n <= 300 || n > 1200) && (n <= 1500 || n % 3 !== 0);
      })
      .map((issue) => (issue.key === 'BIG-1301' ? { ...issue, key: 'BIG-2600' } : issue)),
  };
  const created = { ...site.issues[5]!, id: '999999', key: 'BIG-2601' };
  let added = false;
  const during = await firstScan({
    on: sparse,
    // Created after the first pages were read, while the last range (open above) is still being read.
    beforeSearch: (call) => {
      if (call === 3 && !added) {
        sparse.issues.push(created);
        added = true;
      }
    },
  });
  expect(added).toBe(true);
  const issues = (await stored(during)).issues.map((i) => i.key);
  expect(new Set(issues).size).toBe(issues.length);
  expect(issues).toEqual(sparse.issues.map((i) => i.key).sort(compareIssueKeys));
  expect(issues).toContain('BIG-2601');
  expect(issues).toContain('BIG-2600');
  // A from-scratch scan of the site as it is now (one page after another) stores the same.
  const after = await firstScan({ on: sparse, fullScanReads: 'search-pages' });
  expect(await stored(during)).toEqual(await stored(after));
  // Ranges over 26 pages of key numbers but fewer issues: a partial page at most a range past one page after another.
  expect(during.jira.calls.search).toBeLessThanOrEqual(after.jira.calls.search! + 3);
});

test('a project without issues: the highest-key search finds none, no range is read, and an empty result is stored', async () => {
  const empty: SyntheticSite = { ...site, issues: [] };
  const run = await firstScan({ on: empty });
  expect(run.jira.calls.searchKeys).toBe(1);
  expect(run.jira.calls.search).toBeUndefined();
  expect((await stored(run)).issueCount).toBe(0);
});

test('a first scan an older app left half done by ids and bulk fetches is dropped with its data and started again by key ranges', async () => {
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse(site.capturedAt), hardLimitMs: 60_000 });
  const jira = syntheticJira(site, { latencyMs: 1 });
  const kv = new MemoryKeyValueStore();
  const app = composeOnQueue(queue, { kv: queue.guardKv(kv), jira: queue.guardJira(jira), budget, log: () => undefined });
  const deps = app.worker();
  const { states } = app.scale;
  // As the older app stored it: its id page and 3 of 20 chunks, chunk 5 done ahead of 4.
  const older = {
    ...startRun(site.projectKey, 'older1', 'first-view', Date.parse(site.capturedAt), null, { eventSeq: 0 }),
    phase: 'issues' as const,
    boardsTotal: 0,
    idPagesDone: 1,
    pagesDone: 3,
    bulk: { ids: N, chunks: PAGES, done: 2, ahead: [5] },
  };
  await states.putRun(older);
  await states.putIdPage(site.projectKey, 'older1', 1, site.issues.map((i) => i.id));
  for (const chunk of [1, 2, 5]) await states.putPage(site.projectKey, 'older1', chunk, []);
  await queue.push({ type: 'scan', projectKey: site.projectKey, runId: 'older1' }, 0);
  const log = await queue.drain((body, eventId) => handleQueueEvent(deps, body, eventId));
  expect(log[0]!.outcome).toBe('ignored');
  expect(log[log.length - 1]!.outcome).toBe('complete');
  expect(jira.calls.searchKeys).toBe(1);
  expect(jira.calls.search).toBe(PAGES);
  expect((await app.scale.results.summary(site.projectKey))?.issueCount).toBe(N);
  // Nothing of either run is left: the older run's id page and chunks went with it.
  expect(await kv.keys(`scan:${site.projectKey}:r:`)).toEqual([]);
});
