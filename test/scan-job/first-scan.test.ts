/**
 * The scan job's first (full) scan reads ids first, then bulk fetches a few in flight
 * (src/jira/id-first.ts, shared with the CLI's scan): it keeps to its bound on requests in flight,
 * resumes after an invocation that ran out of time (reading again only what that invocation had
 * in flight), and stores what an uninterrupted scan stores — and what the search-page scan of an
 * older app stored.
 */
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { generateSite } from '../../dev/bench/synth';
import type { App } from '../../src/app/compose';
import type { JiraClient } from '../../src/jira/client';
import { handleQueueEvent, startScan, type ScanEvent, type ScanWorkerDeps } from '../../src/scan-job/scan-worker';
import { compareIssueKeys } from '../../src/scan-state/incremental';
import type { ScanBudget } from '../../src/scan-state/scan-machine';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import type { StoredFinding } from '../../src/storage/schemas';
import { composeOnQueue } from '../helpers/queued-app';
import { allStoredFindings } from '../helpers/stored-findings';
import { syntheticJira, type SyntheticJira } from '../helpers/synthetic-jira';

const N = 2_000; // one id page, 20 chunks of 100
const CHUNKS = N / 100;
const IN_FLIGHT = 3;
const site = generateSite({ issues: N, seed: 23 });
const budget: ScanBudget = { timeBudgetMs: 60_000, maxPagesPerInvocation: 8, reserveMs: 1_000, maxFailures: 5, requestsInFlight: IN_FLIGHT };

interface Run {
  app: App;
  jira: SyntheticJira;
  queue: InProcessQueue<ScanEvent>;
  outcomes: string[];
  /** The most bulk fetches in flight at once. */
  mostInFlight: number;
  /** The most sprint lists in flight at once. */
  mostSprintsInFlight: number;
}

/**
 * Scans the site's project from nothing through the consumer, on its own store and queue. `slow`
 * makes one bulk fetch (by call number) take that long; `hardLimitMs` is Forge's per-invocation limit.
 */
async function firstScan(options: { fullScanReads?: ScanWorkerDeps['fullScanReads']; slow?: { call: number; ms: number }; hardLimitMs?: number } = {}): Promise<Run> {
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse(site.capturedAt), hardLimitMs: options.hardLimitMs ?? 60_000 });
  const jira = syntheticJira(site, { latencyMs: 2 });
  let inFlight = 0;
  let mostInFlight = 0;
  let calls = 0;
  const bulkFetch: JiraClient['bulkFetch'] = jira.bulkFetch;
  jira.bulkFetch = async (...args) => {
    const call = ++calls;
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      if (options.slow?.call === call) await new Promise((resolve) => setTimeout(resolve, options.slow!.ms));
      return await bulkFetch(...args);
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

test('the first scan reads one id page, then the issues in bulk fetches of 100, never more than the budget in flight (the boards\' sprints neither)', async () => {
  const { jira, outcomes, mostInFlight, app } = uninterrupted;
  expect(jira.calls.searchIds).toBe(1);
  expect(jira.calls.bulkFetch).toBe(CHUNKS);
  expect(jira.calls.search).toBeUndefined();
  expect(mostInFlight).toBe(IN_FLIGHT);
  // The boards' sprints too are read the budget's number at a time.
  expect(site.boards.length).toBeGreaterThan(IN_FLIGHT);
  expect(uninterrupted.mostSprintsInFlight).toBe(IN_FLIGHT);
  // 8 requests an invocation: the metadata and the id page, then the chunks over several invocations.
  expect(outcomes.filter((o) => o === 'continued').length).toBeGreaterThanOrEqual(Math.ceil(CHUNKS / budget.maxPagesPerInvocation) - 1);
  expect(outcomes[outcomes.length - 1]).toBe('complete');
  const result = await stored(uninterrupted);
  expect(result.issueCount).toBe(N);
  expect(result.issues.map((i) => i.key)).toEqual(site.issues.map((i) => i.key));
  // The run and its pages are gone.
  expect(await app.scale.states.getRun(site.projectKey)).toBeNull();
});

test('an invocation that runs out of time is resumed: only the chunk it had in flight is read again, and the stored result is the same', async () => {
  // The 3rd bulk fetch outlasts Forge's limit for the invocation: the chunks in flight with it
  // finish and are stored, the slow one is lost with the invocation, and its retry reads it again.
  const timedOut = await firstScan({ slow: { call: 3, ms: 3_000 }, hardLimitMs: 2_000 });
  expect(timedOut.outcomes).toContain('killed');
  expect(timedOut.outcomes[timedOut.outcomes.length - 1]).toBe('complete');
  expect(timedOut.jira.calls.searchIds).toBe(1);
  expect(timedOut.jira.calls.bulkFetch).toBe(CHUNKS + 1);
  expect(timedOut.mostInFlight).toBeLessThanOrEqual(IN_FLIGHT);
  expect(await stored(timedOut)).toEqual(await stored(uninterrupted));
}, 30_000);

test('the stored result equals that of the search-page scan (one page of 100 after another)', async () => {
  const pages = await firstScan({ fullScanReads: 'search-pages' });
  expect(pages.jira.calls.search).toBe(CHUNKS);
  expect(pages.jira.calls.bulkFetch).toBeUndefined();
  expect(await stored(pages)).toEqual(await stored(uninterrupted));
});
