/**
 * The site's hourly points on the Forge-faithful runtime: several consumer instances scan a
 * portfolio at once against the emulator's hourly quota. Each instance has its own memory and
 * rate limiter, as on Forge; only the ledger in the shared storage ties them together. Virtual
 * time: nothing here waits for real, and time stands still while a Jira request is under way
 * (the clock's `hold`), so an instance sleeping meanwhile does not age a request in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForgeRuntime } from '../../dev/forge-runtime/runtime';
import { portfolioSite } from '../../dev/bench/portfolio-site';
import { writeSiteSnapshot, type SyntheticSite } from '../../dev/bench/synth';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { virtualClock } from '../helpers/virtual-clock';

const HOUR = 3_600_000;
/** The emulated site's points per UTC hour. */
const QUOTA = 10_000;
const PROJECTS = 6;

/** The site's projects with issue ids of their own (the generator numbers every project's issues alike). */
function distinctIds(site: SyntheticSite, index: number): SyntheticSite {
  const offset = (index + 1) * 1_000_000;
  const move = (id: string) => (/^\d+$/.test(id) && Number(id) >= 100_000 && Number(id) < 900_000 ? String(Number(id) + offset) : id);
  return {
    ...site,
    issues: site.issues.map((issue) => ({
      ...issue,
      id: move(issue.id),
      fields: {
        ...issue.fields,
        project: { id: site.project.id, key: site.projectKey },
        ...(issue.fields.parent?.id !== undefined ? { parent: { ...issue.fields.parent, id: move(issue.fields.parent.id) } } : {}),
      },
    })),
  };
}

let dir: string;
let emulator: RunningEmulator;
let sites: SyntheticSite[];
let rt: ForgeRuntime | undefined;
const clock = virtualClock(Date.UTC(2026, 2, 2, 6, 0, 0));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shared-budget-'));
  sites = portfolioSite({ projects: PROJECTS, issues: 5_000 }).sites.map(distinctIds);
  for (const site of sites) await writeSiteSnapshot(site, dir);
  // The site's clock is the app's (the runtime's clock, which a queue delay moves on).
  emulator = await startEmulator({ snapshotDir: dir, now: () => (rt ? rt.now() : clock.now()), rateLimits: { pointsPerHour: QUOTA } });
}, 120_000);
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('four consumer instances scanning at once never spend more than the hour\'s quota together, and every project is analysed', async () => {
  let runs = 0;
  const logged: string[] = [];
  const kv = new MemoryKeyValueStore({ now: clock.now });
  rt = new ForgeRuntime({
    jiraBaseUrl: emulator.url,
    siteUrl: 'https://synthetic.atlassian.net',
    clock: clock.now,
    sleep: clock.sleep,
    hold: clock.hold,
    kv,
    queryLag: 5,
    log: (message) => logged.push(message),
    ports: { newRunId: () => `r${++runs}` },
    // The app configured for this site's pool (it learns a lower quota only from answers, after its first lease).
    pointsPerHour: QUOTA,
  });
  const globalPage = { accountId: 'coach-1', extension: { type: 'jira:globalPage' } };
  expect(await rt.resolve('portfolio/get', {}, globalPage)).toMatchObject({ ok: true });
  emulator.resetCounters();
  const started = rt.now();

  const deliveries = await rt.drain(10_000, { concurrency: 4 });

  expect(deliveries.filter((d) => d.outcome !== 'done')).toEqual([]);
  expect(rt.instances).toBe(4);
  const issues = sites.reduce((n, s) => n + s.issues.length, 0);
  const points = emulator.counters.points;
  // The scans need several hours of the quota: they take that long, never meet a 429, and no hour goes over.
  expect(points).toBeGreaterThan(2.5 * QUOTA);
  expect(points).toBeGreaterThanOrEqual(issues); // every issue was read
  expect(emulator.counters.rateLimited).toBe(0);
  const hours = Object.values(emulator.counters.pointsByHour);
  expect(hours.length).toBeGreaterThanOrEqual(3);
  for (const spent of hours) expect(spent).toBeLessThanOrEqual(QUOTA);
  expect(rt.now() - started).toBeGreaterThan(2 * HOUR);
  // A scan whose wait would outlast its invocation handed its run back to the queue (none was stopped by Forge's limit).
  expect(logged.filter((m) => m.includes("paused for Jira's rate limits")).length).toBeGreaterThan(0);

  const view = await rt.resolve('portfolio/get', {}, globalPage);
  expect(view).toMatchObject({ ok: true, data: { summary: { analysedProjects: PROJECTS } } });
  if (view.ok) expect(view.data.projects.map((p) => p.analysis.state)).toEqual(sites.map(() => 'analysed'));

  // The ledger's storage calls: a few per lease, and about one per Jira request at this small quota
  // (leases are shares of the quota; at the global pool's 65,000 they are six times larger). First
  // scans by key ranges spend half the points of the id-first scans they replaced in as many
  // requests, so the hour's spread and its waits weigh more per request: 487 calls for 368
  // requests (28,136 points) against 327 for 367 (55,879 points) before.
  const storageCalls = rt.pacingStats().reduce((n, s) => n + s.storageCalls, 0);
  expect(storageCalls / emulator.counters.requests).toBeLessThan(1.5);
}, 300_000);
