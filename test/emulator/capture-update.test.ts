/**
 * capture --update keeps DESIGN.md's contract: after edits through the emulator (edits,
 * a parent closed, a new issue, a deleted one, one moved to another project, a version moved),
 * the updated folder holds what a fresh capture holds, with a new capturedAt, for a fraction of
 * the requests; a folder that is not a capture of that site and project exits 2 and is untouched.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
