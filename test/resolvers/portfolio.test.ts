/**
 * portfolio/*: what each viewer sees of the stored portfolio (typed fakes, no module mocks).
 */
import type { Level } from '../../src/core/levels';
import { createResolverHandlers, type ResolverHandlers } from '../../src/resolvers';
import type { ResolverServices, ViewerJira } from '../../src/resolvers/ports';
import { memoryConfigStore } from '../../src/storage/config-store';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { PortfolioStore, type PortfolioIndexEntry, type ProjectSummaryDoc } from '../../src/storage/portfolio-store';
import { memoryScanStateStore } from '../../src/storage/scan-state-store';
import { startRun } from '../../src/scan-state/scan-machine';
import { data, error } from './fakes';

const SITE = 'https://acme.atlassian.net';

interface Person {
  accountId: string;
  admin: boolean;
  /** Project ids the person may browse. */
  browse: ReadonlySet<string>;
}

/** Jira as one person sees it, for the portfolio's calls; counts them. */
class PortfolioJira implements ViewerJira {
  readonly calls: string[] = [];
  constructor(private readonly person: Person, private readonly keysById: ReadonlyMap<string, string>) {}
  async issue(): Promise<null> {
    throw new Error('not used');
  }
  async children(): Promise<never> {
    throw new Error('not used');
  }
  async visibleIssueKeys(keys: readonly string[]): Promise<Set<string>> {
    this.calls.push('visibleIssueKeys');
    return new Set(keys.filter((k) => [...this.person.browse].some((id) => k.startsWith(`${this.keysById.get(id)}-`))));
  }
  async visibleBoards(boardIds: readonly number[]): Promise<Set<number>> {
    this.calls.push('visibleBoards');
    return new Set(boardIds);
  }
  async myPermissions(projectKey?: string) {
    this.calls.push(`myPermissions ${projectKey ?? ''}`.trim());
    const browseProject = projectKey !== undefined && [...this.person.browse].some((id) => this.keysById.get(id) === projectKey);
    return { administer: this.person.admin, browseProject };
  }
  async browsableProjects(ids: readonly string[]): Promise<Set<string>> {
    this.calls.push(`browsableProjects ${ids.length}`);
    return new Set(ids.filter((id) => this.person.browse.has(id)));
  }
  async projectCategories() {
    this.calls.push('projectCategories');
    return [{ id: '10100', name: 'Mobile' }];
  }
}

const scores = (...s: number[]) => s.map((score, i) => ({ level: (i + 1) as Level, score, absent: score === 0, findings: score === 0 ? 1 : 3 }));

function summary(key: string, id: string, over: Partial<ProjectSummaryDoc> = {}): ProjectSummaryDoc {
  return {
    schema: 1,
    projectKey: key,
    projectId: id,
    name: `Project ${key}`,
    category: null,
    computedAt: '2025-04-10T06:00:00.000Z',
    asOf: '2025-04-10',
    levels: scores(50, 50, 50, 50, 50),
    weakestLevel: 1,
    diagnosis: [],
    versions: [],
    days: [['2025-04-09', 50, 50, 50, 50, 50], ['2025-04-10', 50, 50, 50, 50, 50]],
    ...over,
  };
}

const ACME = summary('ACME', '10000', {
  levels: scores(0, 60, 70, 80, 90),
  weakestLevel: 1,
  diagnosis: ['vision-unknown'],
  versions: [{ id: '1', name: '2025.2', releaseDate: '2025-05-01', released: false, archived: false }],
});
const MOB = summary('MOB', '10012', {
  levels: scores(20, 40, 60, 80, 100),
  diagnosis: ['vision-unknown'],
  versions: [
    { id: '7', name: '2025.2', releaseDate: '2025-05-03', released: false, archived: false },
    { id: '8', name: 'Secret launch', releaseDate: '2025-06-01', released: false, archived: false },
  ],
});
const HIDDEN = summary('SECRET', '10099', {
  name: 'Secret acquisition',
  levels: scores(10, 10, 0, 10, 10),
  weakestLevel: 3,
  diagnosis: ['progress-invisible', 'vision-unknown'],
  versions: [
    { id: '9', name: '2025.2', releaseDate: '2025-08-30', released: false, archived: false },
    { id: '10', name: 'Secret launch', releaseDate: '2025-09-01', released: false, archived: false },
  ],
});

async function setUp(person: Person, opts: { notAnalysed?: PortfolioIndexEntry[] } = {}) {
  const kv = new MemoryKeyValueStore();
  const store = new PortfolioStore(kv);
  const states = memoryScanStateStore(kv);
  const docs = [ACME, MOB, HIDDEN];
  for (const d of docs) await store.putProject(d);
  const entries: PortfolioIndexEntry[] = [
    ...docs.map((d) => ({ key: d.projectKey, id: d.projectId, name: d.name, category: null, computedAt: d.computedAt })),
    ...(opts.notAnalysed ?? []),
  ].sort((a, b) => (a.key < b.key ? -1 : 1));
  await store.index.write(0, { schema: 1, syncedAt: '2025-04-10T00:00:00.000Z', projects: entries });
  const keysById = new Map(entries.map((e) => [e.id, e.key]));
  const jira = new PortfolioJira(person, keysById);
  const syncs: number[] = [];
  const errors: string[] = [];
  const clock = { now: new Date('2025-04-10T12:00:00.000Z') };
  const services: ResolverServices = {
    jiraForViewer: () => jira,
    store: memoryConfigStore(kv),
    now: () => clock.now,
    logError: (m) => errors.push(m),
    portfolio: { store, states, requestSync: async () => void syncs.push(1) },
  };
  const handlers: ResolverHandlers = createResolverHandlers(services);
  return { handlers, jira, store, states, syncs, errors, clock, kv };
}

const ctx = (person: Person) => ({ accountId: person.accountId, siteUrl: SITE, moduleKey: 'planning-levels-global-page', extension: { type: 'jira:globalPage' } });

const COACH: Person = { accountId: 'coach', admin: false, browse: new Set(['10000', '10012']) };
const ADMIN: Person = { accountId: 'admin', admin: true, browse: new Set(['10000', '10012', '10099']) };

describe('portfolio/get', () => {
  it('shows only the projects the viewer may browse: not the project, its name in a release train, nor its key in a diagnosis', async () => {
    const { handlers, jira } = await setUp(COACH);
    const view = data(await handlers['portfolio/get']({ payload: {}, context: ctx(COACH) }));
    expect(view.projects.map((p) => p.key)).toEqual(['ACME', 'MOB']);
    const text = JSON.stringify(view);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('Secret');
    // The train "2025.2" holds the viewer's two projects only; "Secret launch" needs the hidden project to be a train at all.
    expect(view.releaseTrains.map((t) => t.name)).toEqual(['2025.2']);
    expect(view.releaseTrains[0]!.versions.map((v) => v.project)).toEqual(['ACME', 'MOB']);
    expect(view.releaseTrains[0]!.spreadDays).toBe(2);
    expect(view.summary!.diagnosis).toEqual([{ id: 'vision-unknown', projects: ['ACME', 'MOB'] }]);
    // The summary is over the visible projects only: median of 0 and 20 at level 1, of 60 and 70 at level 3.
    expect(view.summary!.levels.map((l) => l.median)).toEqual([10, 50, 65, 80, 95]);
    expect(view.summary!.levels[2]!.absent).toBe(0);
    expect(view.summary!.analysedProjects).toBe(2);
    expect(jira.calls.filter((c) => c.startsWith('browsableProjects'))).toEqual(['browsableProjects 3']);
  });

  it('an administrator who may browse every project sees them all, misaligned trains first', async () => {
    const { handlers } = await setUp(ADMIN);
    const view = data(await handlers['portfolio/get']({ payload: {}, context: ctx(ADMIN) }));
    expect(view.projects.map((p) => p.key)).toEqual(['ACME', 'MOB', 'SECRET']);
    expect(view.releaseTrains.map((t) => [t.name, t.misaligned, t.spreadDays])).toEqual([
      ['2025.2', true, 121],
      ['Secret launch', true, 92],
    ]);
    expect(view.summary!.diagnosis).toEqual([
      { id: 'progress-invisible', projects: ['SECRET'] },
      { id: 'vision-unknown', projects: ['ACME', 'MOB', 'SECRET'] },
    ]);
  });

  it('checks permissions with one bulk request per view, reused briefly per viewer', async () => {
    const { handlers, jira, clock } = await setUp(COACH);
    await handlers['portfolio/get']({ payload: {}, context: ctx(COACH) });
    await handlers['portfolio/get']({ payload: {}, context: ctx(COACH) });
    expect(jira.calls.filter((c) => c.startsWith('browsableProjects'))).toHaveLength(1);
    clock.now = new Date(clock.now.getTime() + 61_000);
    await handlers['portfolio/get']({ payload: {}, context: ctx(COACH) });
    expect(jira.calls.filter((c) => c.startsWith('browsableProjects'))).toHaveLength(2);
  });

  it('shows a project not analysed yet with its scan state: queued, or running with its progress', async () => {
    const waiting = { key: 'NEW', id: '10200', name: 'New team', category: null, computedAt: null };
    const running = { key: 'RUN', id: '10201', name: 'Running team', category: { id: '10100', name: 'Mobile' }, computedAt: null };
    const person: Person = { ...COACH, browse: new Set([...COACH.browse, '10200', '10201']) };
    const { handlers, store, states } = await setUp(person, { notAnalysed: [waiting, running] });
    await store.queue.write(0, { pending: ['NEW'], active: [{ key: 'RUN', since: 0 }] });
    await states.putRun({ ...startRun('RUN', 'run1', 'portfolio', Date.parse('2025-04-10T11:59:00.000Z'), 400), phase: 'issues', issuesDone: 100 });
    const view = data(await handlers['portfolio/get']({ payload: {}, context: ctx(person) }));
    const byKey = new Map(view.projects.map((p) => [p.key, p.analysis]));
    expect(byKey.get('NEW')).toEqual({ state: 'not-analysed', scan: { state: 'queued' } });
    const run = byKey.get('RUN');
    expect(run?.state === 'not-analysed' && run.scan.state === 'running' ? run.scan.progress.fraction : null).toBe(0.25);
    expect(view.summary!.analysedProjects).toBe(2);
  });

  it('the trend is the median of the visible projects day by day', async () => {
    const { handlers } = await setUp(COACH);
    const view = data(await handlers['portfolio/get']({ payload: { days: 7 }, context: ctx(COACH) }));
    expect(view.trend.days).toBe(7);
    const level1 = view.trend.levels.find((l) => l.level === 1)!;
    expect(level1.points).toEqual([
      { date: '2025-04-09', median: 50, projects: 2 },
      { date: '2025-04-10', median: 50, projects: 2 },
    ]);
  });

  it('asks for a sync and answers empty when the setting was never applied', async () => {
    const kv = new MemoryKeyValueStore();
    const syncs: number[] = [];
    const jira = new PortfolioJira(COACH, new Map());
    const handlers = createResolverHandlers({
      jiraForViewer: () => jira,
      store: memoryConfigStore(kv),
      now: () => new Date('2025-04-10T12:00:00.000Z'),
      logError: () => undefined,
      portfolio: { store: new PortfolioStore(kv), states: memoryScanStateStore(kv), requestSync: async () => void syncs.push(1) },
    });
    const view = data(await handlers['portfolio/get']({ payload: {}, context: ctx(COACH) }));
    expect(view).toEqual({ asOf: null, projects: [], summary: null, releaseTrains: [], trend: { days: 90, levels: [] } });
    expect(syncs.length).toBeLessThanOrEqual(1);
    expect(jira.calls).toEqual([]);
  });
});

describe('portfolio/get: links and storage reads', () => {
  const APP = '3c8d1b7e-5f2a-4e9b-8d61-0a7c2e4f9b13';
  const ENV = '9a0e6c42-1b7d-4f35-a8e2-6d4c0b19f7a5';
  const appContext = (person: Person) => ({ ...ctx(person), localId: `ari:cloud:ecosystem::extension/${APP}/${ENV}/static/planning-levels-global-page`, environmentId: ENV });

  it("links each project to the app's project page on the viewer's site (the module's app and environment ids)", async () => {
    const { handlers, store } = await setUp(COACH);
    await store.index.update((idx) => ({ ...idx!, projects: idx!.projects.map((p) => (p.key === 'MOB' ? { ...p, type: 'business' } : p)) }));
    const view = data(await handlers['portfolio/get']({ payload: {}, context: appContext(COACH) }));
    expect(view.projects.map((p) => p.url)).toEqual([
      `${SITE}/jira/software/projects/ACME/apps/${APP}/${ENV}`,
      `${SITE}/jira/core/projects/MOB/apps/${APP}/${ENV}`,
    ]);
    const gadget = data(await handlers['portfolio/project']({ payload: { projectKey: 'ACME' }, context: appContext(COACH) }));
    expect(gadget.url).toBe(`${SITE}/jira/software/projects/ACME/apps/${APP}/${ENV}`);
  });

  it('gives no address where the context names no app (the UI then asks the Forge router)', async () => {
    const { handlers } = await setUp(COACH);
    const view = data(await handlers['portfolio/get']({ payload: {}, context: { ...ctx(COACH), localId: 'not-an-ari' } }));
    expect(view.projects.every((p) => p.url === undefined)).toBe(true);
  });

  it('a cold instance reads the summaries in a few chunks, so its reads do not grow one per project; a warm one reads the index only', async () => {
    const callsFor = async (n: number) => {
      const { store, kv } = await setUp(ADMIN);
      const extra = Array.from({ length: n }, (_, i) => summary(`X${String(i).padStart(3, '0')}`, String(30_000 + i)));
      await store.index.update((idx) => ({ ...idx!, projects: [...idx!.projects, ...extra.map((d) => ({ key: d.projectKey, id: d.projectId, name: d.name, category: null, computedAt: null }))] }));
      // As each scan does: its summary, then the index and its chunk.
      for (const d of [ACME, MOB, HIDDEN, ...extra]) {
        await store.putProject(d);
        await store.recordComputed(d);
      }
      const everyone: Person = { ...ADMIN, browse: new Set([...ADMIN.browse, ...extra.map((d) => d.projectId)]) };
      // A new function instance: nothing cached.
      const cold = createResolverHandlers({
        jiraForViewer: () => new PortfolioJira(everyone, new Map()),
        store: memoryConfigStore(kv),
        now: () => new Date('2025-04-10T12:00:00.000Z'),
        logError: () => undefined,
        portfolio: { store: new PortfolioStore(kv), states: memoryScanStateStore(kv), requestSync: async () => undefined },
      });
      const before = { ...kv.counts };
      const view = data(await cold['portfolio/get']({ payload: {}, context: ctx(everyone) }));
      expect(view.summary?.analysedProjects).toBe(3 + n);
      const coldReads = kv.counts.get + kv.counts.list - before.get - before.list;
      const warmBefore = kv.counts.get + kv.counts.list;
      data(await cold['portfolio/get']({ payload: {}, context: ctx(everyone) }));
      return { cold: coldReads, warm: kv.counts.get + kv.counts.list - warmBefore, chunks: (await store.currentIndex())!.chunks!.length };
    };
    const small = await callsFor(2);
    const large = await callsFor(297);
    expect(small.chunks).toBe(1);
    expect(large.cold - small.cold).toBe(large.chunks - small.chunks);
    expect(large.cold).toBeLessThanOrEqual(16);
    // Warm: the index (three gets) and the queue (three gets); the chunks, stale marks and config are held.
    expect(large.warm).toBeLessThanOrEqual(small.warm);
  }, 60_000);
});

describe('portfolio/project', () => {
  it("gives a browsable project's cells, and NOT_FOUND for one the viewer may not browse", async () => {
    const { handlers } = await setUp(COACH);
    const acme = data(await handlers['portfolio/project']({ payload: { projectKey: 'ACME' }, context: ctx(COACH) }));
    expect(acme.analysis.state === 'analysed' ? acme.analysis.levels.map((l) => l.score) : null).toEqual([0, 60, 70, 80, 90]);
    const hidden = error(await handlers['portfolio/project']({ payload: { projectKey: 'SECRET' }, context: ctx(COACH) }));
    expect(hidden.code).toBe('NOT_FOUND');
    expect(hidden.message).not.toContain('Secret acquisition');
  });
});

describe('portfolio/settings', () => {
  it('defaults to all software projects; only an administrator saves; a stale version conflicts; a save asks for a sync', async () => {
    const { handlers, syncs } = await setUp(ADMIN);
    const initial = data(await handlers['portfolio/settings-get']({ payload: {}, context: ctx(ADMIN) }));
    expect(initial).toEqual({ scope: { mode: 'all-software' }, version: 0, canEdit: true, categories: [{ id: '10100', name: 'Mobile' }] });

    const member = await setUp(COACH);
    const refused = error(await member.handlers['portfolio/settings-save']({ payload: { scope: { mode: 'all-software' }, expectedVersion: 0 }, context: ctx(COACH) }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(data(await member.handlers['portfolio/settings-get']({ payload: {}, context: ctx(COACH) })).canEdit).toBe(false);

    const saved = data(
      await handlers['portfolio/settings-save']({ payload: { scope: { mode: 'chosen', projectKeys: ['MOB', 'ACME', 'MOB'], categoryIds: ['10100'] }, expectedVersion: 0 }, context: ctx(ADMIN) }),
    );
    expect(saved.scope).toEqual({ mode: 'chosen', projectKeys: ['ACME', 'MOB'], categoryIds: ['10100'] });
    expect(saved.version).toBe(1);
    expect(syncs).toHaveLength(1);
    const stale = error(await handlers['portfolio/settings-save']({ payload: { scope: { mode: 'all-software' }, expectedVersion: 0 }, context: ctx(ADMIN) }));
    expect(stale.code).toBe('CONFLICT');
    const invalid = error(await handlers['portfolio/settings-save']({ payload: { scope: { mode: 'chosen', projectKeys: ['not a key'], categoryIds: [] }, expectedVersion: 1 }, context: ctx(ADMIN) }));
    expect(invalid.code).toBe('INVALID_PAYLOAD');
  });
});
