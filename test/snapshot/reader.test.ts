import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, truncateSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { toProjectData } from '../../src/jira/project-data';
import { MAX_SNAPSHOT_FILE_BYTES, readSnapshotProject, readSnapshotProjectData, SnapshotError, UnknownProjectError } from '../../src/snapshot/reader';
import { fixtureFiles, writeSnapshot } from '../helpers/snapshot-fixture';

describe('readSnapshotProject', () => {
  let dir: string;
  beforeEach(() => { dir = writeSnapshot(fixtureFiles()); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every search and sprint page in order and finds the sprint field by its type', async () => {
    const { raw, meta } = await readSnapshotProject(dir, 'FIX');
    expect(meta?.capturedAt).toBe('2025-04-10T12:00:00.000+0000');
    expect(raw.sprintFieldId).toBe('customfield_10020');
    expect(raw.issues.map((i) => i.key)).toEqual(['FIX-1', 'FIX-2', 'FIX-3', 'FIX-4', 'FIX-5']);
    const data = toProjectData(raw);
    expect(data.siteUrl).toBe('https://fixture.atlassian.net');
    expect(data.sprints.map((s) => [s.id, s.state, s.boardId])).toEqual([[1, 'closed', 7], [2, 'active', 7]]);
    expect(data.issues.find((i) => i.key === 'FIX-3')).toMatchObject({
      hierarchyLevel: 0, fixVersionIds: ['2'], sprints: [{ id: 2, name: 'S2', state: 'active' }], parent: { key: 'FIX-2', hierarchyLevel: 1 },
    });
    expect(data.issues.find((i) => i.key === 'FIX-5')).toMatchObject({ hierarchyLevel: -1, dueDate: '2025-04-30' });
  });

  it('treats a board without sprint files (kanban) as a board without sprints', async () => {
    const { raw } = await readSnapshotProject(dir, 'FIX');
    expect(raw.sprintsByBoard).toEqual([expect.objectContaining({ boardId: 7 }), { boardId: 8, sprints: [] }]);
  });

  it('reads a project without boards.json as a project without boards', async () => {
    unlinkSync(join(dir, 'projects/FIX/boards.json'));
    const data = toProjectData((await readSnapshotProject(dir, 'FIX')).raw);
    expect(data.boards).toEqual([]);
    expect(data.sprints).toEqual([]);
  });

  it('takes a missing hierarchy level from issuetypes.json', async () => {
    const files = fixtureFiles();
    const page = files['projects/FIX/search-003.json'] as { issues: { fields: { issuetype: Record<string, unknown> } }[] };
    delete page.issues[0]!.fields.issuetype.hierarchyLevel;
    writeSnapshot(files, dir);
    const data = toProjectData((await readSnapshotProject(dir, 'FIX')).raw);
    expect(data.issues.find((i) => i.key === 'FIX-5')!.hierarchyLevel).toBe(-1);
  });

  it('names the unknown project and the ones the snapshot has', async () => {
    await expect(readSnapshotProject(dir, 'NOPE')).rejects.toThrow(new UnknownProjectError(`snapshot ${dir} has no project NOPE (it has FIX)`));
    await expect(readSnapshotProject(dir, '../FIX')).rejects.toThrow(/is not a Jira project key/);
  });

  it.each([
    ['a missing file', (d: string) => unlinkSync(join(d, 'fields.json')), /fields\.json is missing/],
    ['truncated JSON', (d: string) => writeFileSync(join(d, 'projects/FIX/search-002.json'), '{"issues": [{"id": "1"'), /projects\/FIX\/search-002\.json is not valid JSON/],
    ['a wrong type', (d: string) => writeFileSync(join(d, 'projects/FIX/versions.json'), '[{"id": 3, "name": "x"}]'), /projects\/FIX\/versions\.json is malformed: 0\.id: /],
    ['a missing field', (d: string) => writeFileSync(join(d, 'projects/FIX/search-003.json'), '{"issues":[{"id":"1","key":"FIX-9","fields":{"summary":"x"}}],"isLast":true}'), /search-003\.json is malformed: issues\.0\.fields\.issuetype/],
    ['an absurd date', (d: string) => writeFileSync(join(d, 'projects/FIX/versions.json'), '[{"id":"1","name":"x","releaseDate":"2025-02-30"}]'), /versions\.json is malformed: 0\.releaseDate: expected a calendar date/],
    ['a broken sprint field', (d: string) => writeFileSync(join(d, 'projects/FIX/search-003.json'), '{"issues":[{"id":"1","key":"FIX-9","fields":{"summary":"x","issuetype":{"name":"Story"},"status":{"name":"x","statusCategory":{"key":"new"}},"updated":"2025-04-01T10:00:00.000+0000","customfield_10020":"S1"}}],"isLast":true}'), /search-003\.json is malformed: issues\.0\.fields\.customfield_10020 \(FIX-9\)/],
    ['a missing next page', (d: string) => unlinkSync(join(d, 'projects/FIX/search-003.json')), /search-003\.json is missing, but projects\/FIX\/search-002\.json says more pages follow/],
    ['a missing sprint page', (d: string) => unlinkSync(join(d, 'boards/7/sprints-002.json')), /boards\/7\/sprints-002\.json is missing/],
  ])('fails with one error naming the file for %s', async (_name, mangle, message) => {
    mangle(dir);
    const error = await readSnapshotProject(dir, 'FIX').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('files that are not regular files, or too large', () => {
  let dir: string;
  beforeEach(() => { dir = writeSnapshot(fixtureFiles()); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails at once on a FIFO in a file\'s place, instead of waiting for a writer', async () => {
    const versions = join(dir, 'projects/FIX/versions.json');
    unlinkSync(versions);
    execFileSync('mkfifo', [versions]);
    const error = await readSnapshotProject(dir, 'FIX').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toMatch(/projects\/FIX\/versions\.json is not a regular file$/);
  }, 5_000);

  it('fails on a directory in a file\'s place', async () => {
    unlinkSync(join(dir, 'fields.json'));
    mkdirSync(join(dir, 'fields.json'));
    await expect(readSnapshotProject(dir, 'FIX')).rejects.toThrow(/fields\.json is not a regular file/);
  });

  it(`refuses a file larger than ${MAX_SNAPSHOT_FILE_BYTES / 1048576} MiB without reading it`, async () => {
    truncateSync(join(dir, 'projects/FIX/search-002.json'), MAX_SNAPSHOT_FILE_BYTES + 1); // sparse: costs no disk
    const error = await readSnapshotProject(dir, 'FIX').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toMatch(/search-002\.json is 65 MiB, more than the 64 MiB a snapshot file may hold/);
  });
});

describe('toProjectData', () => {
  it('keeps one copy of an issue that two search pages repeat (the later one) and one copy of a sprint two boards list', async () => {
    const files = fixtureFiles();
    const page2 = files['projects/FIX/search-002.json'] as { issues: { key: string; fields: Record<string, unknown> }[] };
    const repeated = structuredClone(page2.issues[1]!);
    repeated.fields.summary = 'Renamed while paging';
    repeated.fields.created = '2025-01-02T09:00:00.000+0000';
    repeated.fields.assignee = { accountId: 'a1', displayName: 'Mia Krystof' };
    (files['projects/FIX/search-003.json'] as { issues: unknown[] }).issues.push(repeated);
    files['projects/FIX/boards.json'] = { startAt: 0, maxResults: 50, isLast: true, values: [{ id: 7, name: 'A', type: 'scrum' }, { id: 9, name: 'B', type: 'scrum' }] };
    files['boards/9/sprints-001.json'] = { isLast: true, values: [{ id: 2, name: 'S2', state: 'active', originBoardId: 7, startDate: '2025-04-07T09:00:00.000Z', endDate: '2025-04-21T09:00:00.000Z' }, { id: 30, name: 'B1', state: 'future' }] };
    const dir = writeSnapshot(files);
    try {
      const data = toProjectData((await readSnapshotProject(dir, 'FIX')).raw);
      // Page by page (what report --snapshot reads) gives the same data, order included.
      expect((await readSnapshotProjectData(dir, 'FIX')).data).toStrictEqual(data);
      // What the command-line report reads: the same without the fields only lists show.
      const withoutListFields = { ...data, issues: data.issues.map(({ assignee: _assignee, created: _created, ...rest }) => rest) };
      expect(data.issues.some((i) => i.created !== undefined && i.assignee !== undefined)).toBe(true);
      expect((await readSnapshotProjectData(dir, 'FIX', { listFields: false })).data).toStrictEqual(withoutListFields);
      expect(data.issues.map((i) => i.key)).toEqual(['FIX-1', 'FIX-2', 'FIX-3', 'FIX-5', 'FIX-4']);
      expect(data.issues.filter((i) => i.key === 'FIX-4').map((i) => i.summary)).toEqual(['Renamed while paging']);
      expect(data.issues).toHaveLength(5);
      expect(data.sprints.map((s) => [s.id, s.boardId])).toEqual([[1, 7], [2, 7], [30, 9]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
