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
import { compareIssueKeys, MAX_UNHELD_READS } from '../../src/scan-state/incremental';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { writeEmptyProject } from '../helpers/empty-project';
import { composeOnQueue } from '../helpers/queued-app';

const KEY = 'REC';
const OTHER = 'OTHR';

interface World {
  dir: string;
  site: SyntheticSite;
  emulator: RunningEmulator;
  queue: InProcessQueue<ScanEvent>;
  /** Jira as the app: what a from-scratch scan reads too. */
  client: JiraClient;
  app: App;
  deps: ScanWorkerDeps;
  logs: string[];
  /** Issue keys the app may not browse now (issue-level security; changed in place, no edit to the issue). */
  hiddenFromApp: string[];
}

/** A project of `issues` issues (and an empty one to move issues to) behind the emulator, scanned once by the scan job as the app. */
async function world(issues: number, hiddenFromApp: string[] = []): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-count-'));
  const site = generateSite({ issues, seed: 31, projectKey: KEY });
  await writeSiteSnapshot(site, dir);
  await writeEmptyProject(dir, OTHER, '10200');
  // A day after the site's last update (some synthetic issues are updated after its capture time).
  const lastUpdate = Math.max(...site.issues.map((i) => Date.parse(i.fields.updated)));
  const queue = new InProcessQueue<ScanEvent>({ startAt: lastUpdate + 86_400_000, hardLimitMs: 60_000 });
  const emulator = await startEmulator({ snapshotDir: dir, now: queue.now, rateLimits: { pointsPerHour: 1e9 }, users: { 'app@example.com': { hiddenIssues: hiddenFromApp } } });
  const client = createJiraClient(createNodeTransport({ baseUrl: emulator.url, email: 'app@example.com', apiToken: 'token' }), { retry: { maxAttempts: 1 } });
  const lagging: JiraClient = { ...client, approximateCount: async (jql) => (await client.approximateCount(jql)) + countLag };
  const logs: string[] = [];
  const app = composeOnQueue(queue, { kv: new MemoryKeyValueStore(), jira: queue.guardJira(lagging), budget: { timeBudgetMs: 60_000, maxPagesPerInvocation: 50, reserveMs: 1000, maxFailures: 1 }, log: (m) => logs.push(m) });
  const w: World = { dir, site, emulator, queue, client, app, deps: app.worker(), logs, hiddenFromApp };
  await startScan(w.deps, KEY, 'first-view');
  await drain(w);
  return w;
}

async function close(w: World | undefined) {
  await w?.emulator.close();
  if (w) rmSync(w.dir, { recursive: true, force: true });
}

/** Added to every count Jira gives: a search index that lags behind by that many issues. */
let countLag = 0;
let w: World;
let site: SyntheticSite;
let emulator: RunningEmulator;
let app: App;
let deps: ScanWorkerDeps;
let logs: string[];

beforeAll(async () => {
  w = await world(300);
  ({ site, emulator, app, deps, logs } = w);
});
afterAll(() => close(w));

const drain = (x: World = w) => x.queue.drain((body, id) => handleQueueEvent(x.deps, body, id));

/** The daily refresh, from the trigger to the stored result; the emulator's counts of it. */
async function daily(label: string, x: World = w) {
  x.emulator.resetCounters();
  x.logs.length = 0;
  await handleQueueEvent(x.deps, { type: 'refresh-all', reason: 'scheduled' }, label);
  await drain(x);
  return { ...x.emulator.counters.byOperation, points: x.emulator.counters.points };
}

/** The stored issues (by key) beside those a from-scratch scan as the app reads now. */
async function storedAndFresh(x: World = w) {
  const head = (await x.app.scale.states.getBaseHead(KEY))!;
  const stored = (await x.app.scale.states.getBaseBuckets(head)).flat().sort((a, b) => compareIssueKeys(a.key, b.key));
  const fresh = toProjectData(await scanProject(x.client, KEY)).issues;
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
  expect((emulator.site.issue(`${OTHER}-1`)!.fields as JsonObject).project).toEqual({ id: '10200', key: OTHER });
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

test('Jira refusing to count (a 400, or an answer of another shape): the ids are listed instead, and a delete no event reported still leaves', async () => {
  for (const fault of [{ kind: 'server-error', status: 400 }, { kind: 'malformed', body: 'wrong-shape' }] as const) {
    const gone = keys()[50]!;
    emulator.site.deleteIssue(gone);
    emulator.setFaults([{ ...fault, operations: ['count'] }]);
    try {
      const asked = await daily(`daily-refused-${fault.kind}`);
      expect([fault.kind, asked.count, asked.search]).toEqual([fault.kind, 1, 2]);
    } finally {
      emulator.setFaults([]);
    }
    expect(logs.some((m) => m.includes('the issue ids are listed instead'))).toBe(true);
    const { stored, fresh } = await storedAndFresh();
    expect(stored.map((i) => i.key)).not.toContain(gone);
    expect(stored).toEqual(fresh);
  }
});

test('issues the app stops or starts seeing without an edit (issue-level security): the count differs, the ids drop them or the rescan reads them', async () => {
  const [a, b] = keys().slice(60, 62) as [string, string];
  w.hiddenFromApp.push(a, b);
  let asked = await daily('daily-hidden');
  expect([asked.count, asked.search, asked.bulkfetch]).toEqual([1, 2, 0]);
  let { stored, fresh } = await storedAndFresh();
  expect(stored.map((i) => i.key)).not.toContain(a);
  expect(stored).toEqual(fresh);

  // Seen again, and never edited: the changed-issue search cannot find them; the ids do, and one bulk fetch reads them.
  w.hiddenFromApp.length = 0;
  asked = await daily('daily-shown');
  expect([asked.count, asked.search, asked.bulkfetch]).toEqual([1, 2, 1]);
  ({ stored, fresh } = await storedAndFresh());
  expect(stored.map((i) => i.key)).toEqual(expect.arrayContaining([a, b]));
  expect(stored).toEqual(fresh);
  // The next day the count matches again: no id page.
  asked = await daily('daily-after');
  expect([asked.count, asked.search, asked.bulkfetch]).toEqual([1, 1, 0]);
});

test('more unheld issues than a rescan reads itself: the next scan reads the project in full', async () => {
  const big = await world(1_150, []);
  try {
    // Hidden from the app at its first scan, then seen without an edit: 1,001 issues the base lacks.
    const hidden = big.site.issues.slice(0, MAX_UNHELD_READS + 1).map((i) => i.key);
    big.hiddenFromApp.push(...hidden);
    await daily('big-hidden', big);
    expect((await big.app.scale.states.getBaseHead(KEY))!.issueCount).toBe(1_150 - hidden.length);
    big.hiddenFromApp.length = 0;
    const asked = await daily('big-shown', big);
    expect([asked.count, asked.bulkfetch]).toEqual([1, 0]);
    expect(big.logs.some((m) => m.includes(`Jira lists ${hidden.length} issues the stored set lacks; the next scan reads the project in full`))).toBe(true);
    expect((await big.app.scale.states.getBaseHead(KEY))!.fullScanAt).toBe(0);
    // The next daily refresh is a full scan (the highest key, then key ranges of search pages), and then the stored set is whole.
    const full = await daily('big-full', big);
    expect([full.count, full.bulkfetch, full.search]).toEqual([0, 0, 1 + Math.ceil(1_150 / 100)]);
    const { stored, fresh } = await storedAndFresh(big);
    expect(stored).toHaveLength(1_150);
    expect(stored).toEqual(fresh);
  } finally {
    await close(big);
  }
}, 30_000);

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
