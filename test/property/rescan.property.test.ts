/**
 * Property: after any sequence of changes on the site, an incremental rescan leaves the stored
 * result equal to a from-scratch scan of the site at that moment.
 *
 * A seeded PRNG (dev/prng.ts) draws rounds of changes applied through the Jira emulator —
 * creates, edits, re-parents, sprint moves, sprint closes and starts, version date moves, deletes,
 * moves to another project — and delivers the issue events a Forge trigger would get (shaped as
 * avi:jira:*:issue events, parsed by the app's own parser). The queue then runs the debounced
 * rescan. After each round the stored issues, sprints, versions and every stored finding must
 * equal what a fresh full scan (the CLI's scanProject) gives, and the rescan must have been an
 * incremental one. Every fourth round is the daily refresh, which counts the project's issues
 * (one approximate count): in turn a deletion no event tells the app, a move no event tells it,
 * and nothing untold. Untold, the count differs and the ids (ids only) must catch it; otherwise
 * the count matches and no id is listed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessQueue } from '../../dev/bench/in-process-queue';
import { generateSite, SYNTH_SPRINT_FIELD, writeSiteSnapshot, type SyntheticSite } from '../../dev/bench/synth';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import type { Json, JsonObject } from '../../dev/emulator/store';
import { prng } from '../../dev/prng';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { todayUtc } from '../../src/core/dates';
import { createJiraClient, type JiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { toProjectData } from '../../src/jira/project-data';
import { scanProject } from '../../src/jira/scan';
import type { JiraSprint } from '../../src/jira/schemas';
import { writeEmptyProject } from '../helpers/empty-project';
import { composeOnQueue } from '../helpers/queued-app';
import { handleQueueEvent, onIssueChanged, startScan, type ScanEvent } from '../../src/scan-job/scan-worker';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { sprintsOfBoards } from '../../src/scan-state/incremental';
import { changesOfIssueEvent } from '../../src/scan-state/issue-events';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { allStoredFindings } from '../helpers/stored-findings';

const KEY = 'INC';
const OTHER = 'OTHR';
const ROUNDS = 24;

let dir: string;
let site: SyntheticSite;
let emulator: RunningEmulator;
let queue: InProcessQueue<ScanEvent>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rescan-property-'));
  site = generateSite({ issues: 400, seed: 19, projectKey: KEY });
  await writeSiteSnapshot(site, dir);
  // A second project to move issues into.
  await writeEmptyProject(dir, OTHER, '10200');
  queue = new InProcessQueue<ScanEvent>({ startAt: Date.parse(site.capturedAt), hardLimitMs: 60_000 });
  // The site's clock is the queue's: edits are stamped in the same time as the scans.
  emulator = await startEmulator({ snapshotDir: dir, now: queue.now });
});
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function event(type: 'created' | 'updated' | 'deleted', id: string, key: string, projectKey: string, changelog?: JsonObject): unknown {
  return { eventType: `avi:jira:${type}:issue`, issue: { id, key, fields: { project: { key: projectKey } } }, ...(changelog ? { changelog } : {}) };
}

test('after random changes, every incremental rescan stores what a from-scratch scan gives', async () => {
  const rand = prng(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const kv = new MemoryKeyValueStore();
  const client: JiraClient = createJiraClient(createNodeTransport({ baseUrl: emulator.url }), { retry: { maxAttempts: 1 } });
  const logs: string[] = [];
  // Two pages an invocation: rescans too are read over several invocations.
  const app = composeOnQueue(queue, { kv: kv, jira: queue.guardJira(client), budget: { timeBudgetMs: 60_000, maxPagesPerInvocation: 2, reserveMs: 1000, maxFailures: 1 }, log: (m) => logs.push(m) });
  const deps = app.worker();
  const { states, results } = app.scale;
  const drain = () => queue.drain((body, id) => handleQueueEvent(deps, body, id));
  const deliver = async (e: unknown) => {
    for (const { projectKey, change } of changesOfIssueEvent(e)) await onIssueChanged(deps, projectKey, change);
  };

  await startScan(deps, KEY, 'first-view');
  await drain();
  const first = (await states.getBaseHead(KEY))!;
  expect(first.issueCount).toBe(site.issues.length);

  // What the test knows of the site, to draw changes from.
  const live = site.issues.map((i) => i.key);
  const levelOf = (key: string) => ((emulator.site.issue(key)!.fields as JsonObject).issuetype as JsonObject).hierarchyLevel as number;
  let versions = structuredClone(site.versions) as unknown as JsonObject[];
  const boards = new Map(site.sprintsByBoard.map((b) => [b.boardId, structuredClone(b.sprints) as JiraSprint[]]));
  let created = 0;
  let nextSprintId = 10_000;
  const stats = { create: 0, edit: 0, reparent: 0, sprint: 0, sprintState: 0, version: 0, delete: 0, move: 0, silentDelete: 0, silentMove: 0, dailyNothingUntold: 0 };

  for (let round = 1; round <= ROUNDS; round++) {
    const daily = round % 4 === 0;
    const ops = 1 + Math.floor(rand() * 5);
    for (let o = 0; o < ops; o++) {
      const roll = rand();
      const key = pick(live);
      const issue = emulator.site.issue(key)!;
      const id = issue.id as string;
      if (roll < 0.15) {
        const template = emulator.site.issue(pick(live.filter((k) => levelOf(k) === 0)))!;
        created++;
        const newKey = `${KEY}-${site.issues.length + 1000 + created}`;
        const newId = String(700_000 + created);
        emulator.site.createIssue(KEY, { id: newId, key: newKey, fields: { ...(template.fields as JsonObject), summary: `Created in round ${round}` } });
        live.push(newKey);
        await deliver(event('created', newId, newKey, KEY));
        stats.create++;
      } else if (roll < 0.35) {
        const status = pick([
          { name: 'To Do', statusCategory: { key: 'new' } },
          { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
          { name: 'Done', statusCategory: { key: 'done' } },
        ]);
        emulator.site.editIssue(key, rand() < 0.5 ? { summary: `Edited in round ${round}` } : { status, duedate: rand() < 0.5 ? null : '2026-04-01' });
        await deliver(event('updated', id, key, KEY));
        stats.edit++;
      } else if (roll < 0.47) {
        const parents = live.filter((k) => levelOf(k) === 1);
        const child = pick(live.filter((k) => levelOf(k) === 0));
        if (parents.length === 0) continue;
        const parent = emulator.site.issue(pick(parents))!;
        const pf = parent.fields as JsonObject;
        emulator.site.editIssue(child, { parent: { id: parent.id as string, key: parent.key as string, fields: { summary: pf.summary!, status: pf.status!, issuetype: pf.issuetype! } } });
        await deliver(event('updated', emulator.site.issue(child)!.id as string, child, KEY));
        stats.reparent++;
      } else if (roll < 0.59) {
        const open = [...boards].filter(([, s]) => s.some((x) => x.state !== 'closed'));
        if (open.length === 0) continue;
        const [boardId, sprints] = pick(open);
        const sprint = pick(sprints.filter((s) => s.state !== 'closed'));
        const entry: JsonObject = { id: sprint.id, name: sprint.name, state: sprint.state, boardId };
        emulator.site.editIssue(key, { [SYNTH_SPRINT_FIELD]: [entry] });
        await deliver(event('updated', id, key, KEY));
        stats.sprint++;
      } else if (roll < 0.66) {
        // A board closes its active sprint and starts the next; no issue event tells the app.
        const active = [...boards].filter(([, s]) => s.some((x) => x.state === 'active'));
        if (active.length === 0) continue;
        const [boardId, sprints] = pick(active);
        const at = new Date(queue.now()).toISOString();
        const next = sprints.map((s): JiraSprint => {
          if (s.state === 'active') return { ...s, state: 'closed', completeDate: at };
          if (s.state === 'future') return { ...s, state: 'active', startDate: at, endDate: new Date(queue.now() + 14 * 86_400_000).toISOString() };
          return s;
        });
        next.push({ id: nextSprintId++, name: `Planned in round ${round}`, state: 'future', originBoardId: boardId });
        boards.set(boardId, next);
        emulator.site.setSprints(boardId, next as unknown as JsonObject[]);
        stats.sprintState++;
      } else if (roll < 0.76) {
        const v = pick(versions.filter((x) => typeof x.releaseDate === 'string'));
        const moved = new Date(Date.parse(`${v.releaseDate as string}T00:00:00Z`) + (rand() < 0.5 ? -1 : 1) * Math.ceil(rand() * 20) * 86_400_000);
        versions = versions.map((x) => (x.id === v.id ? { ...x, releaseDate: moved.toISOString().slice(0, 10) } : x));
        emulator.site.setVersions(KEY, versions as Json[]);
        stats.version++;
      } else if (roll < 0.88) {
        if (live.length < 50) continue;
        emulator.site.deleteIssue(key);
        live.splice(live.indexOf(key), 1);
        await deliver(event('deleted', id, key, KEY));
        stats.delete++;
      } else {
        const newKey = `${OTHER}-${round * 10 + o}`;
        emulator.site.moveIssue(key, OTHER, newKey);
        live.splice(live.indexOf(key), 1);
        await deliver(event('updated', id, newKey, OTHER, { items: [{ field: 'Key', fromString: key, toString: newKey }] }));
        stats.move++;
      }
    }
    // On the daily round, in turn: a deletion, a move to another project, or nothing that no event
    // tells the app of. Only the daily refresh's reconciliation can find the first two.
    const untold = daily ? (['delete', 'move', 'nothing'] as const)[(round / 4 - 1) % 3]! : 'nothing';
    if (untold !== 'nothing') {
      const gone = pick(live);
      if (untold === 'delete') emulator.site.deleteIssue(gone);
      else emulator.site.moveIssue(gone, OTHER, `${OTHER}-${round * 10 + 9}`);
      live.splice(live.indexOf(gone), 1);
      stats[untold === 'delete' ? 'silentDelete' : 'silentMove']++;
    } else if (daily) stats.dailyNothingUntold++;
    // One edit at least, so that events start a rescan; on the daily round, the refresh starts it.
    const touch = pick(live);
    emulator.site.editIssue(touch, { summary: `Touched in round ${round}` });
    await deliver(event('updated', emulator.site.issue(touch)!.id as string, touch, KEY));
    if (daily) await handleQueueEvent(deps, { type: 'refresh-all', reason: 'scheduled' }, `daily${round}`);

    emulator.resetCounters();
    await drain();
    const searches = emulator.counters.byOperation.search;
    const counts = emulator.counters.byOperation.count;

    // The rescan was incremental (no full scan since the first) …
    const head = (await states.getBaseHead(KEY))!;
    expect(head.fullScanAt).toBe(first.fullScanAt);
    expect(head.scanStartedAt).toBeGreaterThan(first.scanStartedAt);
    // One page of changed issues, and perhaps on the daily round a rescan for events as old as the
    // refresh's start (the debounce cannot tell they came before it). The daily refresh counts the
    // project's issues once; only when something left it untold does it read a page of ids too.
    expect([round, counts]).toEqual([round, daily ? 1 : 0]);
    const idPages = untold === 'nothing' ? 0 : 1;
    expect([round, searches >= 1 + idPages && searches <= 1 + idPages + (daily ? 1 : 0)]).toEqual([round, true]);
    expect(await states.getRun(KEY)).toBeNull();

    // … and what it stored equals a from-scratch scan of the site now.
    const expected = toProjectData(await scanProject(client, KEY));
    const stored = (await states.getBaseBuckets(head)).flat().sort((a, b) => Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]));
    expect(stored.map((i) => i.key)).toEqual(expected.issues.map((i) => i.key));
    expect(stored).toEqual(expected.issues);
    expect(sprintsOfBoards(head.boards)).toEqual(expected.sprints);
    const summary = (await results.summary(KEY))!;
    const report = analyze(expected, DEFAULT_CONFIG, todayUtc(new Date(queue.now())));
    const health = toStoredHealth(report, { projectKey: KEY, data: expected }, summary.health.computedAt);
    expect(summary.issueCount).toBe(expected.issues.length);
    expect(summary.health.levels).toEqual(health.levels);
    expect(summary.health.diagnosis).toEqual(health.diagnosis);
    expect(summary.health.traceability).toEqual(health.traceability);
    expect(await allStoredFindings(results, KEY)).toEqual(health.findings);
  }
  // The draw covered every kind of change.
  for (const [kind, count] of Object.entries(stats)) expect([kind, count > 0]).toEqual([kind, true]);
  // One full scan, the first; every later one a rescan (a daily round may add one for events as old as its start).
  expect(logs.filter((m) => /: run \S+ complete/.test(m))).toHaveLength(1);
  expect(logs.filter((m) => /: rescan \S+ complete/.test(m)).length).toBeGreaterThanOrEqual(ROUNDS);
}, 60_000);
