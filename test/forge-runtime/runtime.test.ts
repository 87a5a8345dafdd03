/**
 * The whole app on the Forge-faithful local runtime (dev/forge-runtime) against the emulator:
 * resolvers, consumer and triggers run as Forge runs them — time limits, v2 queue envelopes,
 * requestJira with relative routes and gateway `self` links, the consent error, a lagging
 * kvs.query — and a write that fails midway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForgeRuntime, InvocationTimedOut, laggingQuery } from '../../dev/forge-runtime/runtime';
import { generateSite, writeSiteSnapshot, type SyntheticSite } from '../../dev/bench/synth';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { MemoryKeyValueStore, type KeyValueStore } from '../../src/storage/key-value';

let dir: string;
let site: SyntheticSite;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forge-runtime-'));
  site = generateSite({ issues: 600, seed: 21 });
  await writeSiteSnapshot(site, dir);
  emulator = await startEmulator({ snapshotDir: dir });
});
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SITE_URL = 'https://acme.atlassian.net';
const page = (accountId = 'user-1') => ({ accountId, extension: { type: 'jira:projectPage', project: { key: site.projectKey } } });

function runtime(overrides: Partial<ConstructorParameters<typeof ForgeRuntime>[0]> = {}) {
  let runs = 0;
  return new ForgeRuntime({
    jiraBaseUrl: emulator.url,
    siteUrl: SITE_URL,
    startAt: Date.parse(site.capturedAt),
    queryLag: 50,
    log: () => undefined,
    ports: { newRunId: () => `r${++runs}`, budget: { timeBudgetMs: 60_000, maxPagesPerInvocation: 2, reserveMs: 1000, maxFailures: 5 } },
    ...overrides,
  });
}

test('a first view scans the project through the queue, and the page answers from the stored result', async () => {
  const rt = runtime();
  const started = await rt.resolve('scan/start', {}, page());
  expect(started).toMatchObject({ ok: true, data: { scan: { state: 'running' } } });
  const deliveries = await rt.drain();
  expect(deliveries.every((d) => d.outcome === 'done')).toBe(true);
  expect(deliveries.length).toBeGreaterThan(3); // 6 search pages, 2 an invocation
  const status = await rt.resolve('scan/status', {}, page());
  expect(status).toMatchObject({ ok: true, data: { scan: null, result: { issueCount: 600 } } });
  expect(rt.requests.asApp).toBeGreaterThan(6);
});

test('Jira answers through the gateway: relative routes only, `self` links on api.atlassian.com', async () => {
  const rt = runtime({ cloudId: 'c0ffee00-0000-4000-8000-000000000000' });
  const project = await rt.jira('app').project(site.projectKey);
  expect(project.self).toMatch(/^https:\/\/api\.atlassian\.com\/ex\/jira\/c0ffee00-0000-4000-8000-000000000000\/rest\/api\/3\/project\//);
  expect(rt.jira('app').siteUrl).toBeUndefined();
});

test('a user who has not allowed the app gets the consent error, unwrapped, from the resolver function', async () => {
  const rt = runtime({ consented: (accountId) => accountId !== 'new-user' });
  await expect(rt.resolve('scan/status', {}, page('new-user'))).rejects.toMatchObject({ name: 'NEEDS_AUTHENTICATION_ERR' });
  expect(await rt.resolve('scan/status', {}, page('user-1'))).toMatchObject({ ok: true });
});

test('a resolver past its time limit is stopped and its answer lost', async () => {
  const rt = runtime({ timeScale: 1 / 25_000 }); // 1 ms for a resolver
  await expect(rt.resolve('scan/status', {}, page())).rejects.toBeInstanceOf(InvocationTimedOut);
});

test('the scheduled trigger answers 204 at once; the consumer applies the portfolio setting and rescans the known projects', async () => {
  const rt = runtime();
  await rt.resolve('scan/start', {}, page());
  await rt.drain();
  const before = rt.requests.asApp;
  expect(await rt.scheduledTrigger()).toEqual({ statusCode: 204 });
  expect(rt.queued).toBe(2);
  expect(rt.requests.asApp).toBe(before);
  const deliveries = await rt.drain();
  expect(deliveries.slice(0, 2)).toMatchObject([{ type: 'portfolio-sync', outcome: 'done' }, { type: 'refresh-all', outcome: 'done' }]);
  expect(deliveries.filter((d) => d.type === 'scan').length).toBeGreaterThanOrEqual(1);
});

test('an issue event on a known project leads to one debounced rescan', async () => {
  const rt = runtime();
  await rt.resolve('scan/start', {}, page());
  await rt.drain();
  await rt.issueEvent({ issue: { key: `${site.projectKey}-1`, fields: { project: { key: site.projectKey } } } });
  await rt.issueEvent({ issue: { key: `${site.projectKey}-2` } });
  expect(rt.queued).toBe(1);
  const stale = await rt.resolve('scan/status', {}, page());
  expect(stale).toMatchObject({ ok: true, data: { stale: true } });
  await rt.drain();
  expect(await rt.resolve('scan/status', {}, page())).toMatchObject({ ok: true, data: { stale: false, scan: null } });
});

test('a write failing midway keeps the previous result readable, and the next scan succeeds', async () => {
  const store = new MemoryKeyValueStore({ queryLag: 50 });
  const rt = runtime({ kv: store });
  await rt.resolve('scan/start', {}, page());
  await rt.drain();
  const first = await rt.resolve('scan/status', {}, page());
  store.failWrites = (key) => key.startsWith(`res:${site.projectKey}:`) && key.endsWith(':f:4:0000');
  await rt.resolve('scan/start', {}, page());
  await rt.drain();
  const during = await rt.resolve('scan/status', {}, page());
  expect(during.ok && first.ok && during.data.result).toEqual(first.ok && first.data.result);
  store.failWrites = undefined;
  await rt.resolve('scan/start', {}, page());
  await rt.drain();
  expect(await rt.resolve('scan/status', {}, page())).toMatchObject({ ok: true, data: { scan: null, result: { issueCount: 600 } } });
});

test('the global page: a fresh install asks for a sync; the site queue analyses the project; the page shows it after one bulk permission check', async () => {
  const rt = runtime();
  const globalPage = { accountId: 'user-1', extension: { type: 'jira:globalPage' } };
  expect(await rt.resolve('portfolio/get', {}, globalPage)).toMatchObject({ ok: true, data: { projects: [], summary: null } });
  await rt.drain();
  emulator.resetCounters();
  const view = await rt.resolve('portfolio/get', {}, globalPage);
  expect(view).toMatchObject({ ok: true, data: { projects: [{ key: site.projectKey, analysis: { state: 'analysed' } }], summary: { analysedProjects: 1 } } });
  expect(emulator.counters.byOperation.permissionsCheck).toBe(1);
  expect(emulator.counters.requests).toBe(1);
});

test('real-time delivery (the preview): a scan runs through the queue on its own timers, in v2 envelopes, and close() stops it', async () => {
  const rt = runtime({ delivery: { mode: 'realtime', deliveryDelayMs: 1 } });
  await expect(rt.drain()).rejects.toThrow(/real-time delivery/);
  await rt.resolve('scan/start', {}, page());
  for (let i = 0; i < 200 && rt.queued > 0; i++) await new Promise((r) => setTimeout(r, 25));
  expect(rt.queued).toBe(0);
  expect(await rt.resolve('scan/status', {}, page())).toMatchObject({ ok: true, data: { scan: null, result: { issueCount: 600 } } });
  await rt.close();
});

test('per-user identity and per-call site URL: viewerFor shapes what a user may do; links use the call\'s siteUrl', async () => {
  const rt = runtime({ viewerFor: (accountId, jira) => (accountId === 'admin' ? jira : { ...jira, myPermissions: async (k) => ({ ...(await jira.myPermissions(k)), administer: false }) }) });
  const save = (accountId: string) => rt.resolve('config/get', {}, { accountId, extension: { type: 'jira:adminPage' } });
  expect(await save('admin')).toMatchObject({ ok: true, data: { canEdit: true } });
  expect(await save('member')).toMatchObject({ ok: true, data: { canEdit: false } });
  const issueKey = `${site.projectKey}-1`;
  const chain = await rt.resolve('chain/issue', {}, { accountId: 'admin', siteUrl: 'http://127.0.0.1:4321', extension: { type: 'jira:issueContext', project: { key: site.projectKey }, issue: { key: issueKey } } });
  expect(chain).toMatchObject({ ok: true });
  expect(JSON.stringify(chain)).toContain(`http://127.0.0.1:4321/browse/${issueKey}`);
});

test('laggingQuery: over any store, a listing sees a write only after `lag` later operations', async () => {
  const store = laggingQuery(new MemoryKeyValueStore(), 3);
  await store.set('a:1', 1);
  expect(await store.keys('a:')).toEqual([]);
  await store.get('a:1');
  await store.get('a:1');
  expect(await store.keys('a:')).toEqual(['a:1']);
  await store.delete('a:1');
  expect(await store.keys('a:')).toEqual(['a:1']);
  expect(await store.get('a:1')).toBeUndefined();
});

test("a fresh resolver instance sends its first Jira request before any call to the points ledger, and answers once the ledger holds its points", async () => {
  const store = new MemoryKeyValueStore();
  /** Each storage call with the number of Jira requests the viewer had sent before it. */
  const calls: { key: string; jiraBefore: number }[] = [];
  const note = (key: string) => calls.push({ key, jiraBefore: rt.requests.asUser });
  const recording: KeyValueStore = {
    get: (key) => (note(key), store.get(key)),
    set: (key, value, options) => (note(key), store.set(key, value, options)),
    setIfAbsent: (key, value, options) => (note(key), store.setIfAbsent(key, value, options)),
    delete: (key) => (note(key), store.delete(key)),
    keys: (prefix) => (note(prefix), store.keys(prefix)),
  };
  const rt = runtime({ kv: recording, queryLag: 0 });
  emulator.resetCounters();
  const issueKey = `${site.projectKey}-2`;
  const chain = await rt.resolve('chain/issue', {}, { accountId: 'user-1', extension: { type: 'jira:issueContext', project: { key: site.projectKey }, issue: { key: issueKey } } });
  expect(chain).toMatchObject({ ok: true });
  expect(rt.requests.asUser).toBeGreaterThan(1);
  const ledger = calls.filter((c) => c.key.startsWith('pace:'));
  // The hint, the lease, the hint: written while the viewer's requests were under way, none before the first.
  expect(ledger.length).toBeGreaterThanOrEqual(3);
  expect(ledger.filter((c) => c.jiraBefore === 0)).toEqual([]);
  // What is read before it is the panel's own (the settings, the stored issue base), never the ledger.
  expect(calls.filter((c) => c.jiraBefore === 0).length).toBeGreaterThan(0);
  // The limiters count real time here (no virtual clock): the ledger's hour is the wall clock's.
  const tail = await store.get<{ total: number }>(ledger.find((c) => c.key.endsWith(':tail'))!.key);
  expect(tail?.total).toBeGreaterThanOrEqual(emulator.counters.points);
});
