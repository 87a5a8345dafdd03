/**
 * capture --update keeps DESIGN.md's contract: after edits through the emulator (edits,
 * a parent closed, a new issue, a deleted one, one moved to another project, a version moved),
 * the updated folder holds what a fresh capture holds, with a new capturedAt, for a fraction of
 * the requests; a folder that is not a capture of that site and project exits 2 and is untouched.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { capture, captureMain, captureUpdate } from '../../src/cli/capture';
import { UsageError } from '../../src/cli/errors';
import { readMeta, readSnapshotProject } from '../../src/snapshot/reader';
import { DEMO, fastRetry } from './helpers';

const ENV = { JIRA_EMAIL: 'tester@example.com', JIRA_API_TOKEN: 'token' };
const options = { env: ENV, retry: fastRetry() };

/** Every file of a folder with a digest of its bytes. */
function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative))) {
      const path = join(relative, name);
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else out[path] = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex');
    }
  };
  walk('');
  return out;
}

/** Search pages compared by their issues and paging, not by Jira's opaque page tokens. */
function pagesOf(dir: string, key: string): unknown[] {
  return readdirSync(join(dir, 'projects', key))
    .filter((n) => n.startsWith('search-'))
    .sort()
    .map((n) => {
      const page = JSON.parse(readFileSync(join(dir, 'projects', key, n), 'utf8')) as { issues: unknown[]; isLast?: boolean; nextPageToken?: string };
      return { issues: page.issues, isLast: page.isLast, more: page.nextPageToken !== undefined };
    });
}

let temp: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'planning-levels-update-'));
  emulator = await startEmulator({ snapshotDir: DEMO, credentials: { email: ENV.JIRA_EMAIL, apiToken: ENV.JIRA_API_TOKEN } });
});

/**
 * An emulator of the demo site of its own (edits elsewhere in this file stay out of its overlap
 * window), and the requests a run makes, as `METHOD path?query`, sorted (the update reads
 * several lists at once).
 */
function ownEmulator(): { site: () => RunningEmulator; requestsOf: (run: () => Promise<unknown>) => Promise<string[]>; backdate: (ms: number) => void } {
  let own: RunningEmulator | undefined;
  let log: string[] | undefined;
  let shift = 0;
  beforeAll(async () => {
    own = await startEmulator({ snapshotDir: DEMO, credentials: { email: ENV.JIRA_EMAIL, apiToken: ENV.JIRA_API_TOKEN }, log: (line) => log?.push(line), now: () => Date.now() - shift });
  });
  afterAll(async () => {
    await own?.close();
  });
  return {
    site: () => own!,
    /** Edits from now on are stamped `ms` earlier (0: now), as if made that long before. */
    backdate: (ms) => {
      shift = ms;
    },
    async requestsOf(run) {
      log = [];
      try {
        await run();
        return log.sort();
      } finally {
        log = undefined;
      }
    },
  };
}

/** DIR after --update holds what a fresh capture of the site holds now: every file but meta.json, search pages but for Jira's opaque tokens. */
async function expectSameAsFresh(site: RunningEmulator, dir: string, key: string, fresh: string): Promise<void> {
  await capture(site.url, key, fresh, options);
  const a = digest(dir);
  const b = digest(fresh);
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  expect(Object.keys(a).filter((f) => a[f] !== b[f] && f !== 'meta.json' && !/search-\d+\.json$/.test(f))).toEqual([]);
  expect(pagesOf(dir, key)).toEqual(pagesOf(fresh, key));
}
afterAll(async () => {
  await emulator.close();
  await rm(temp, { recursive: true, force: true });
});

test('after a day of edits, --update holds what a fresh capture holds, with a new capturedAt, for far fewer requests', async () => {
  const dir = join(temp, 'acme');
  const first = await capture(emulator.url, 'ACME', dir, options);
  const firstMeta = await readMeta(dir);
  const before = await readSnapshotProject(dir, 'ACME');
  const issues = before.raw.issues;
  const epic = issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && issues.some((c) => c.fields.parent?.key === i.key))!;
  const plain = issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0 && i.key !== epic.key);
  await new Promise((resolve) => setTimeout(resolve, 5)); // edits stamped after the capture

  emulator.site.editIssue(plain[0]!.key, { summary: 'Renamed after the capture' });
  emulator.site.editIssue(epic.key, { status: { name: 'Done', statusCategory: { key: 'done' } } }); // its children's embedded parent changes too
  emulator.site.deleteIssue(plain[1]!.key);
  emulator.site.moveIssue(plain[2]!.key, 'OPS', 'OPS-9001');
  const template = emulator.site.issue(plain[3]!.key)!;
  emulator.site.createIssue('ACME', { id: '990001', key: 'ACME-9001', fields: { ...(template.fields as Record<string, never>), summary: 'Created after the capture' } });
  emulator.site.setVersions('ACME', [...(before.raw.versions as never[]), { id: '990002', name: 'Added later', released: false, archived: false, releaseDate: '2026-12-01' }]);

  emulator.resetCounters();
  const updated = await captureUpdate(emulator.url, 'ACME', dir, options);
  const updateRequests = emulator.counters.requests;
  const fresh = join(temp, 'acme-fresh');
  emulator.resetCounters();
  await capture(emulator.url, 'ACME', fresh, options);
  const freshRequests = emulator.counters.requests;

  // Equal content: every file but meta.json byte for byte, search pages but for Jira's opaque tokens.
  const a = digest(dir);
  const b = digest(fresh);
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  const differing = Object.keys(a).filter((f) => a[f] !== b[f] && f !== 'meta.json' && !/search-\d+\.json$/.test(f));
  expect(differing).toEqual([]);
  expect(pagesOf(dir, 'ACME')).toEqual(pagesOf(fresh, 'ACME'));
  const after = await readSnapshotProject(dir, 'ACME');
  expect(after.raw).toEqual((await readSnapshotProject(fresh, 'ACME')).raw);
  // The edits are in.
  const keys = after.raw.issues.map((i) => i.key);
  expect(keys).toContain('ACME-9001');
  expect(keys).not.toContain(plain[1]!.key);
  expect(keys).not.toContain(plain[2]!.key);
  expect(after.raw.issues.find((i) => i.fields.parent?.key === epic.key)?.fields.parent?.fields?.status?.statusCategory.key).toBe('done');
  expect(after.raw.versions.map((v) => v.name)).toContain('Added later');
  // A new capturedAt.
  expect(Date.parse((await readMeta(dir))!.capturedAt!)).toBeGreaterThan(Date.parse(firstMeta!.capturedAt!));
  // Fewer requests: the changed issues, the keys, and the metadata.
  expect(updated.changedIssues).toBe(3); // renamed, closed epic, created (the moved one left the project)
  expect(updateRequests).toBeLessThan(freshRequests);
  expect(updated.issues).toBe(first.issues - 2 + 1);
  expect(emulator.counters.byOperation.search).toBeGreaterThan(0);
}, 60_000);

describe('a folder that is not a capture of that site and project', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(temp, 'guarded');
    await capture(emulator.url, 'ACME', dir, options);
  });

  async function expectUntouched(run: () => Promise<unknown>, message: RegExp): Promise<void> {
    const before = digest(dir);
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect(digest(dir)).toEqual(before);
    expect(readdirSync(temp).filter((n) => n.includes('.capture-') || n.includes('.old-'))).toEqual([]);
  }

  test('another site: exit 2, untouched', async () => {
    await expectUntouched(() => captureUpdate('http://127.0.0.1:1', 'ACME', dir, options), /is a capture of http:\/\/127\.0\.0\.1:\d+, not of http:\/\/127\.0\.0\.1:1; DIR left untouched/);
  });

  test('another project: exit 2, untouched', async () => {
    await expectUntouched(() => captureUpdate(emulator.url, 'OPS', dir, options), /holds no capture of project OPS \(it has ACME\)/);
  });

  test('the same key, but another project (another id): exit 2, untouched', async () => {
    const projectFile = join(dir, 'projects/ACME/project.json');
    const original = await readFile(projectFile, 'utf8');
    await writeFile(projectFile, original.replace(/"id": "(\d+)"/, '"id": "424242"'));
    try {
      await expectUntouched(() => captureUpdate(emulator.url, 'ACME', dir, options), /with id 424242, but .* has ACME with id \d+: not the same project/);
    } finally {
      await writeFile(projectFile, original);
    }
  });

  test('a folder without meta.json: exit 2, untouched', async () => {
    const bare = join(temp, 'bare');
    await capture(emulator.url, 'OPS', bare, options);
    await rm(join(bare, 'meta.json'));
    const before = digest(bare);
    await expect(captureUpdate(emulator.url, 'OPS', bare, options)).rejects.toThrow(/is not a capture \(its meta\.json gives no baseUrl and capturedAt\)/);
    expect(digest(bare)).toEqual(before);
  });

  test('the command line answers with one line (exit 2 comes from UsageError)', async () => {
    const out: string[] = [];
    await expect(captureMain(['--site', emulator.url, '--project', 'OPS', '--out', dir, '--update'], (t) => out.push(t))).rejects.toBeInstanceOf(UsageError);
    expect(out).toEqual([]);
  });
});

describe('what an update reads', () => {
  const { site, requestsOf, backdate } = ownEmulator();
  const board = (id: number) => `GET /rest/agile/1.0/board/${id}/sprint?startAt=0&maxResults=50`;
  const metadata = (key: string) => [`GET /rest/api/3/project/${key}`, 'GET /rest/api/3/issuetype', 'GET /rest/api/3/field', `GET /rest/api/3/project/${key}/versions`, `GET /rest/agile/1.0/board?projectKeyOrId=${key}&startAt=0&maxResults=50`];
  const searches = (n: number) => Array.from({ length: n }, () => 'POST /rest/api/3/search/jql');

  test('after 120 edits: the metadata, each scrum board\'s sprint list, 2 pages of changed issues and 1 page of keys', async () => {
    const dir = join(temp, 'listed');
    await capture(site().url, 'ACME', dir, options);
    const { raw } = await readSnapshotProject(dir, 'ACME');
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const issue of raw.issues.slice(0, 120)) site().site.editIssue(issue.key, { summary: `${issue.fields.summary} (edited)` });
    site().resetCounters();
    let summary: Awaited<ReturnType<typeof captureUpdate>> | undefined;
    const requests = await requestsOf(async () => (summary = await captureUpdate(site().url, 'ACME', dir, options)));
    expect(summary!.changedIssues).toBe(120);
    expect(requests).toEqual([...metadata('ACME'), board(42), board(57), ...searches(3)].sort());
    expect(summary!.requests).toBe(requests.length);
    // 2 pages of 100 changed issues, 1 page of up to 5,000 keys.
    expect(site().counters.byOperation.search).toBe(3);
  }, 60_000);

  test('parents in another project: read by id, 100 a request, and their copies brought up to date', async () => {
    const dir = join(temp, 'outside-parents');
    await capture(site().url, 'MOB', dir, options);
    const { raw } = await readSnapshotProject(dir, 'MOB');
    const outside = [...new Set(raw.issues.map((i) => i.fields.parent?.key).filter((k): k is string => k !== undefined && !k.startsWith('MOB-')))];
    expect(outside.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    site().site.editIssue(outside[0]!, { summary: 'Renamed in its own project', status: { name: 'Done', statusCategory: { key: 'done' } } });
    let summary: Awaited<ReturnType<typeof captureUpdate>> | undefined;
    const requests = await requestsOf(async () => (summary = await captureUpdate(site().url, 'MOB', dir, options)));
    expect(summary!.changedIssues).toBe(0);
    expect(requests.filter((r) => r.includes('bulkfetch'))).toEqual(['POST /rest/api/3/issue/bulkfetch']);
    await expectSameAsFresh(site(), dir, 'MOB', join(temp, 'outside-parents-fresh'));
    const copies = (await readSnapshotProject(dir, 'MOB')).raw.issues.filter((i) => i.fields.parent?.key === outside[0]).map((i) => i.fields.parent?.fields);
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) expect([c?.summary, c?.status?.statusCategory.key]).toEqual(['Renamed in its own project', 'done']);
  }, 60_000);

  test("sprints of another project's board that issues are in: that board's list read (not written), their entries brought up to date", async () => {
    const acmeSprints = JSON.parse(readFileSync(join(DEMO, 'boards/42/sprints-001.json'), 'utf8')) as { values: Record<string, unknown>[] };
    const active = acmeSprints.values.find((s) => s.state === 'active')!;
    // An hour before the capture, a MOB issue was pulled into ACME's active sprint.
    const mob = (await readSnapshotProject(DEMO, 'MOB')).raw.issues[0]!;
    backdate(3_600_000);
    site().site.editIssue(mob.key, { customfield_10020: [{ id: active.id, name: active.name, state: 'active', boardId: 42, goal: active.goal, startDate: active.startDate, endDate: active.endDate }] as never });
    backdate(0);
    const dir = join(temp, 'outside-sprints');
    await capture(site().url, 'MOB', dir, options);
    site().site.setSprints(42, acmeSprints.values.map((s) => (s.id === active.id ? { ...s, state: 'closed', completeDate: '2026-11-23T10:00:00.000Z' } : s)) as never);
    let summary: Awaited<ReturnType<typeof captureUpdate>> | undefined;
    const requests = await requestsOf(async () => (summary = await captureUpdate(site().url, 'MOB', dir, options)));
    expect(summary!.changedIssues).toBe(0);
    expect(requests).toContain(board(42));
    expect(existsSync(join(dir, 'boards', '42'))).toBe(false);
    await expectSameAsFresh(site(), dir, 'MOB', join(temp, 'outside-sprints-fresh'));
    const entry = (await readSnapshotProject(dir, 'MOB')).raw.issues.find((i) => i.key === mob.key)!.fields.customfield_10020 as Record<string, unknown>[];
    expect(entry).toEqual([expect.objectContaining({ id: active.id, state: 'closed', completeDate: '2026-11-23T10:00:00.000Z' })]);
  }, 60_000);

  test('a kanban board whose earlier capture holds no sprints is not asked for them (Jira answers 400)', async () => {
    const dir = join(temp, 'kanban');
    await capture(site().url, 'OPS', dir, options);
    expect(existsSync(join(dir, 'boards', '63'))).toBe(false);
    const requests = await requestsOf(() => captureUpdate(site().url, 'OPS', dir, options));
    expect(requests).toEqual([...metadata('OPS'), ...searches(2)].sort());
    await expectSameAsFresh(site(), dir, 'OPS', join(temp, 'kanban-fresh'));
  }, 60_000);

  test('a kanban board whose earlier capture holds sprints is read again', async () => {
    const dir = join(temp, 'kanban-with-sprints');
    const sprint = { id: 901, self: `${site().url}/rest/agile/1.0/sprint/901`, state: 'active', name: 'Ops sprint', startDate: '2026-11-16T08:00:00.000Z', endDate: '2026-11-30T08:00:00.000Z', originBoardId: 63, goal: '' };
    site().site.setSprints(63, [sprint]);
    try {
      await capture(site().url, 'OPS', dir, options);
      site().site.setSprints(63, [{ ...sprint, name: 'Ops sprint (renamed)' }]);
      const requests = await requestsOf(() => captureUpdate(site().url, 'OPS', dir, options));
      expect(requests).toContain(board(63));
      await expectSameAsFresh(site(), dir, 'OPS', join(temp, 'kanban-with-sprints-fresh'));
    } finally {
      site().site.setSprints(63, null as never);
    }
  }, 60_000);
});

describe('sprints, versions and issue types changed since the capture, their issues not', () => {
  const { site } = ownEmulator();
  type Sprint = Record<string, unknown> & { id: number };
  const sprintsOf = (dir: string, id: number): Sprint[] => (JSON.parse(readFileSync(join(dir, 'boards', String(id), 'sprints-001.json'), 'utf8')) as { values: Sprint[] }).values;
  const entriesOf = async (dir: string, sprintId: number): Promise<Sprint[]> =>
    (await readSnapshotProject(dir, 'ACME')).raw.issues.flatMap((i) => ((i.fields.customfield_10020 as Sprint[] | null) ?? []).filter((e) => e.id === sprintId));

  test('equals a fresh capture: a closed sprint renamed, sprints closed, started, deleted, planned, dates cleared; versions released, renamed, deleted; issue types renamed', async () => {
    const dir = join(temp, 'sprints');
    await capture(site().url, 'ACME', dir, options);
    const b42 = sprintsOf(dir, 42);
    const b57 = sprintsOf(dir, 57);
    const versions = (await readSnapshotProject(dir, 'ACME')).raw.versions;
    const active42 = b42.find((s) => s.state === 'active')!;
    const [future42, emptyFuture42] = b42.filter((s) => s.state === 'future');
    const active57 = b57.find((s) => s.state === 'active')!;
    const future57 = b57.find((s) => s.state === 'future')!;
    for (const s of [b42[0]!, active42, future42!, active57, future57]) expect(await entriesOf(dir, s.id)).not.toEqual([]);
    expect(await entriesOf(dir, emptyFuture42!.id)).toEqual([]);
    expect(future42!.startDate).toBeDefined();

    // Board 42: its first closed sprint renamed with a new goal, the active one closed, a future
    // one's dates cleared, an empty future one deleted, a new one planned.
    site().site.setSprints(42, [
      { ...b42[0]!, name: `${String(b42[0]!.name)} (renamed)`, goal: 'A goal written later' },
      ...b42.slice(1).filter((s) => s.state === 'closed'),
      { ...active42, state: 'closed', completeDate: '2026-11-23T10:00:00.000Z' },
      Object.fromEntries(Object.entries(future42!).filter(([k]) => k !== 'startDate' && k !== 'endDate')),
      { id: 950, self: `${site().url}/rest/agile/1.0/sprint/950`, state: 'future', name: 'Checkout Core Sprint 28', originBoardId: 42, goal: 'Wallets' },
    ] as never);
    // Board 57: the active sprint closed, the future one started with a new end.
    site().site.setSprints(57, [...b57.filter((s) => s.state === 'closed'), { ...active57, state: 'closed', completeDate: '2026-11-30T09:00:00.000Z' }, { ...future57, state: 'active', endDate: '2026-12-16T08:00:00.000Z' }] as never);
    // Versions: one that issues are fixed in released, another renamed with its description and
    // date cleared, the last deleted.
    const used = new Set((await readSnapshotProject(dir, 'ACME')).raw.issues.flatMap((i) => (i.fields.fixVersions ?? []).map((v) => v.id)));
    const rawVersions = JSON.parse(readFileSync(join(dir, 'projects/ACME/versions.json'), 'utf8')) as Sprint[];
    const release = rawVersions.find((v) => v.released === false && used.has(String(v.id)))!;
    const rename = rawVersions.find((v) => v !== release && used.has(String(v.id)) && v.description !== undefined && v.releaseDate !== undefined)!;
    expect([release, rename].every((v) => v !== undefined)).toBe(true);
    site().site.setVersions('ACME', rawVersions.slice(0, -1).map((v) =>
      v === release ? { ...v, released: true, releaseDate: '2026-11-21' } : v === rename ? Object.fromEntries(Object.entries({ ...v, name: `${String(v.name)} (renamed)` }).filter(([k]) => k !== 'description' && k !== 'releaseDate')) : v,
    ) as never);
    // Issue types: Story renamed, Epic given another description.
    const types = JSON.parse(readFileSync(join(dir, 'issuetypes.json'), 'utf8')) as Sprint[];
    site().site.setIssueTypes(types.map((t) => (t.name === 'Story' ? { ...t, name: 'User story' } : t.name === 'Epic' ? { ...t, description: 'Epics, as described now.' } : t)) as never);

    const updated = await captureUpdate(site().url, 'ACME', dir, options);
    expect(updated.changedIssues).toBe(0);
    await expectSameAsFresh(site(), dir, 'ACME', join(temp, 'sprints-fresh'));
    // The unchanged issues show the sprints as Jira computes them now.
    for (const e of await entriesOf(dir, b42[0]!.id)) expect(e).toMatchObject({ name: `${String(b42[0]!.name)} (renamed)`, goal: 'A goal written later' });
    for (const e of await entriesOf(dir, active42.id)) expect(e).toMatchObject({ state: 'closed', completeDate: '2026-11-23T10:00:00.000Z' });
    for (const e of await entriesOf(dir, future42!.id)) expect([e.state, 'startDate' in e, 'endDate' in e]).toEqual(['future', false, false]);
    for (const e of await entriesOf(dir, future57.id)) expect(e).toMatchObject({ state: 'active', endDate: '2026-12-16T08:00:00.000Z' });
    const after = await readSnapshotProject(dir, 'ACME');
    expect(after.raw.versions.map((v) => v.id)).toEqual(versions.slice(0, -1).map((v) => v.id));
    // ... the versions as they are now,
    const fixed = after.raw.issues.flatMap((i) => (i.fields.fixVersions ?? []) as unknown as Sprint[]);
    expect(fixed.filter((v) => v.id === release.id)).not.toEqual([]);
    for (const v of fixed.filter((e) => e.id === release.id)) expect(v).toMatchObject({ released: true, releaseDate: '2026-11-21' });
    for (const v of fixed.filter((e) => e.id === rename.id)) expect([v.name, 'description' in v, 'releaseDate' in v]).toEqual([`${String(rename.name)} (renamed)`, false, false]);
    // ... and the issue types, their parents' too.
    const typeNames = new Set(after.raw.issues.flatMap((i) => [i.fields.issuetype.name, i.fields.parent?.fields?.issuetype?.name]));
    expect(typeNames.has('User story')).toBe(true);
    expect(typeNames.has('Story')).toBe(false);
    const epics = after.raw.issues.flatMap((i) => [i.fields.issuetype, i.fields.parent?.fields?.issuetype]).filter((t) => t?.name === 'Epic') as unknown as Sprint[];
    expect(epics.length).toBeGreaterThan(0);
    for (const t of epics) expect(t.description).toBe('Epics, as described now.');
  }, 120_000);
});
