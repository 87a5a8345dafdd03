/**
 * The daily reconciliation gated by an approximate count (src/scan-job/scan-worker.ts finishRun,
 * src/scan-state/scan-machine.ts `counted`), through the emulator: a daily rescan counts the
 * project's issues (1 point) and lists the ids (1 point per id) only when the count differs from
 * what it would store — a delete or a move no event reported, or a count that lags. Each rescan's
 * stored issues equal a from-scratch scan of the site.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { generateSite, writeSiteSnapshot, type SyntheticSite } from '../../dev/bench/synth';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import type { JsonObject } from '../../dev/emulator/store';
import type { App } from '../../src/app/compose';
import { createJiraClient, type JiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { toProjectData } from '../../src/jira/project-data';
import { scanProject } from '../../src/jira/scan';
import { handleQueueEvent, onIssueChanged, startScan, type ScanEvent, type ScanWorkerDeps } from '../../src/scan-job/scan-worker';
import { compareIssueKeys } from '../../src/scan-state/incremental';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { writeEmptyProject } from '../helpers/empty-project';
import { composeOnQueue } from '../helpers/queued-app';

const KEY = 'REC';
const OTHER = 'OTHR';

let dir: string;
let site: SyntheticSite;
let emulator: RunningEmulator;
let queue: InProcessQueue<ScanEvent>;
let client: JiraClient;
let app: App;
let deps: ScanWorkerDeps;
const logs: string[] = [];
/** Added to every count Jira gives: a search index that lags behind by that many issues. */
let countLag = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reconcile-count-'));
  site = generateSite({ issues: 300, seed: 31, projectKey: KEY });
  await writeSiteSnapshot(site, dir);
  await writeEmptyProject(dir, OTHER, '10200');
  queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse(site.capturedAt) + 86_400_000, hardLimitMs: 60_000 });
  emulator = await startEmulator({ snapshotDir: dir, now: queue.now, rateLimits: { pointsPerHour: 1e9 } });
  client = createJiraClient(createNodeTransport({ baseUrl: emulator.url }), { retry: { maxAttempts: 1 } });
  const lagging: JiraClient = { ...client, approximateCount: async (jql) => (await client.approximateCount(jql)) + countLag };
  app = composeOnQueue(queue, { kv: new MemoryKeyValueStore(), jira: queue.guardJira(lagging), budget: { timeBudgetMs: 60_000, maxPagesPerInvocation: 50, reserveMs: 1000, maxFailures: 1 }, log: (m) => logs.push(m) });
  deps = app.worker();
  await startScan(deps, KEY, 'first-view');
  await drain();
});
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const drain = () => queue.drain((body, id) => handleQueueEvent(deps, body, id));

/** The daily refresh, from the trigger to the stored result; the emulator's counts of it. */
async function daily(label: string) {
  emulator.resetCounters();
  logs.length = 0;
  await handleQueueEvent(deps, { type: 'refresh-all', reason: 'scheduled' }, label);
  await drain();
  return { ...emulator.counters.byOperation, points: emulator.counters.points };
}

/** The stored issues (by key) beside those a from-scratch scan reads now. */
async function storedAndFresh() {
  const head = (await app.scale.states.getBaseHead(KEY))!;
  const stored = (await app.scale.states.getBaseBuckets(head)).flat().sort((a, b) => compareIssueKeys(a.key, b.key));
  const fresh = toProjectData(await scanProject(client, KEY)).issues;
  return { head, stored, fresh };
}

const keys = () => site.issues.map((i) => i.key).filter((k) => emulator.site.issue(k) !== undefined);

test('a daily rescan with nothing removed asks one count and lists no ids', async () => {
  // Edits and a creation no event reported: the changed-issue search reads them all the same.
  for (const key of keys().slice(0, 3)) emulator.site.editIssue(key, { summary: `Edited quietly: ${key}` });
  const template = emulator.site.issue(keys()[5]!)!;
  emulator.site.createIssue(KEY, { id: '880001', key: `${KEY}-5001`, fields: template.fields as JsonObject });
  const before = (await app.scale.states.getBaseHead(KEY))!;

  const asked = await daily('daily1');
  expect(asked.count).toBe(1);
  expect(asked.search).toBe(1); // the changed issues' page; no id page
  const { head, stored, fresh } = await storedAndFresh();
  expect(stored).toEqual(fresh);
  expect(stored).toHaveLength(site.issues.length + 1);
  // It reconciled: the next rescan need not until tomorrow.
  expect(head.reconciledAt).toBe(head.scanStartedAt);
  expect(head.reconciledAt).toBeGreaterThan(before.reconciledAt);
  expect(logs.some((m) => m.includes(`count ${site.issues.length + 1} of ${site.issues.length + 1} held, 0 id pages`))).toBe(true);
  // The count's 1 point beside the page of 4 changed issues (1 + 4), metadata and sprints at 1 or 2 each.
  expect(asked.points).toBeLessThan(100);
});

test('a delete no event reported: the count differs, the ids are listed and the issue leaves the stored set', async () => {
  const [gone, edited] = keys().slice(10, 12) as [string, string];
  emulator.site.deleteIssue(gone);
  // A creation the same day, no event either: the search sees it, so it cannot hide the delete from the count.
  const template = emulator.site.issue(edited)!;
  emulator.site.createIssue(KEY, { id: '880002', key: `${KEY}-5002`, fields: template.fields as JsonObject });

  const asked = await daily('daily2');
  expect(asked.count).toBe(1);
  expect(asked.search).toBe(2); // the changed issues' page, then one id page (300 ids)
  const { stored, fresh } = await storedAndFresh();
  expect(stored.map((i) => i.key)).not.toContain(gone);
  expect(stored.map((i) => i.key)).toContain(`${KEY}-5002`);
  expect(stored).toEqual(fresh);
  expect(logs.some((m) => /listing the ids/.test(m))).toBe(true);
});

test('a move to another project no event reported: likewise listed and dropped', async () => {
  const moved = keys()[20]!;
  emulator.site.moveIssue(moved, OTHER, `${OTHER}-1`);
  const asked = await daily('daily3');
  expect(asked.count).toBe(1);
  expect(asked.search).toBe(2);
  const { stored, fresh } = await storedAndFresh();
  expect(stored.map((i) => i.key)).not.toContain(moved);
  expect(stored).toEqual(fresh);
});

test('a move into the project and a delete, both untold, cannot cancel out: the move sets `updated`, so the search reads the moved issue', async () => {
  const gone = keys()[40]!;
  emulator.site.moveIssue(`${OTHER}-1`, KEY, `${KEY}-5003`);
  emulator.site.deleteIssue(gone);
  const asked = await daily('daily-move-in');
  expect(asked.count).toBe(1);
  expect(asked.search).toBe(2);
  const { stored, fresh } = await storedAndFresh();
  expect(stored.map((i) => i.key)).toContain(`${KEY}-5003`);
  expect(stored.map((i) => i.key)).not.toContain(gone);
  expect(stored).toEqual(fresh);
});

test('a count that disagrees with the search (an index that lags) lists the ids; the stored set stays exact', async () => {
  countLag = 1;
  try {
    const asked = await daily('daily4');
    expect(asked.count).toBe(1);
    expect(asked.search).toBe(2);
    const { stored, fresh } = await storedAndFresh();
    expect(stored).toEqual(fresh);
  } finally {
    countLag = 0;
  }
});

test('a rescan for issue events asks no count and lists no ids', async () => {
  const key = keys()[30]!;
  emulator.site.editIssue(key, { summary: 'Edited with an event' });
  emulator.resetCounters();
  await onIssueChanged(deps, KEY, { issueId: String(emulator.site.issue(key)!.id), gone: false });
  await drain();
  expect(emulator.counters.byOperation.count).toBe(0);
  expect(emulator.counters.byOperation.search).toBe(1);
  const { stored, fresh } = await storedAndFresh();
  expect(stored).toEqual(fresh);
});
