/**
 * report --projects / --all on a two-project fixture: the portfolio document of DESIGN.md, its
 * text, and the usage errors.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportMain } from '../../src/cli/report';
import { fixtureFiles, writeSnapshot } from '../helpers/snapshot-fixture';
import { expectBadInput, reportInProcess as run, runReport as report } from '../helpers/report-cli';

/** FIX of the shared fixture, plus TWO: a kanban-less team whose "1.1" lands six weeks after FIX's. */
function twoProjects(): Record<string, unknown> {
  const site = 'https://fixture.atlassian.net';
  return {
    ...fixtureFiles(),
    'projects/TWO/project.json': { id: '10600', key: 'TWO', name: 'Second team', self: `${site}/rest/api/3/project/10600` },
    'projects/TWO/versions.json': [
      { id: '21', name: '1.0', released: true, archived: true, releaseDate: '2025-03-01', projectId: 10600 },
      { id: '22', name: ' 1.1 ', released: false, archived: false, releaseDate: '2025-06-20', projectId: 10600 },
    ],
    'projects/TWO/search-001.json': {
      issues: [
        {
          id: '20001',
          key: 'TWO-1',
          fields: {
            summary: 'A story',
            issuetype: { id: '3', name: 'Story', subtask: false, hierarchyLevel: 0 },
            status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
            updated: '2025-04-09T10:00:00.000+0000',
            created: '2025-01-02T09:00:00.000+0000',
            duedate: null,
            fixVersions: [{ id: '22', name: ' 1.1 ' }],
            customfield_10020: null,
          },
        },
      ],
      isLast: true,
    },
  };
}

type Portfolio = {
  schemaVersion: number;
  asOf: string;
  projects: Record<string, unknown>[];
  summary: { levels: { level: number; name: string; median: number; absent: number; weakest: number }[]; weakestLevel: number; diagnosis: { id: string; projects: string[] }[] };
  releaseTrains: { name: string; versions: unknown[]; spreadDays: number | null; misaligned: boolean }[];
};

describe('npm run report --projects / --all', () => {
  let dir: string;
  beforeAll(() => { dir = writeSnapshot(twoProjects()); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the portfolio document: each project exactly as --project prints it, the summary and the trains', async () => {
    const { code, stdout, stderr } = report('--snapshot', dir, '--projects', 'two,FIX', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Portfolio;
    expect(Object.keys(json)).toEqual(['schemaVersion', 'asOf', 'projects', 'summary', 'releaseTrains']);
    expect(json.schemaVersion).toBe(1);
    expect(json.asOf).toBe('2025-04-10');
    expect(json.projects.map((p) => p.project)).toEqual(['TWO', 'FIX']);
    for (const [i, key] of ['TWO', 'FIX'].entries()) {
      const { schemaVersion, ...single } = JSON.parse((await run('--snapshot', dir, '--project', key, '--json')).stdout) as Record<string, unknown>;
      expect(schemaVersion).toBe(1);
      expect(json.projects[i]).toEqual(single);
    }
    const scores = (i: number) => (json.projects[i]!.levels as { score: number }[]).map((l) => l.score);
    expect(json.summary.levels.map((l) => Object.keys(l))).toEqual(Array(5).fill(['level', 'name', 'median', 'absent', 'weakest']));
    expect(json.summary.levels.map((l) => l.median)).toEqual(scores(0).map((s, i) => Math.floor((s + scores(1)[i]!) / 2 + 0.5)));
    expect(json.releaseTrains).toEqual([
      {
        name: '1.1',
        versions: [
          { project: 'TWO', versionId: '22', releaseDate: '2025-06-20', released: false },
          { project: 'FIX', versionId: '2', releaseDate: '2025-05-09', released: false },
        ],
        spreadDays: 42,
        misaligned: true,
      },
    ]);
  });

  it('--all takes every project of the snapshot, by key', async () => {
    const all = JSON.parse((await run('--snapshot', dir, '--all', '--json')).stdout) as Portfolio;
    expect(all.projects.map((p) => p.project)).toEqual(['FIX', 'TWO']);
    const listed = JSON.parse((await run('--snapshot', dir, '--projects', 'FIX,TWO', '--json')).stdout) as Portfolio;
    expect(all).toEqual(listed);
  });

  it('--config with another spread aligns the train', async () => {
    const config = join(dir, 'spread.json');
    writeFileSync(config, JSON.stringify({ release: { maxTrainSpreadDays: 42 } }));
    const json = JSON.parse((await run('--snapshot', dir, '--all', '--json', '--config', config)).stdout) as Portfolio;
    expect(json.releaseTrains.map((t) => [t.name, t.spreadDays, t.misaligned])).toEqual([['1.1', 42, false]]);
    const text = (await run('--snapshot', dir, '--all', '--config', config)).stdout;
    expect(text).toContain('Release trains: 1 shared version name, each released within 42 days.');
  });

  it('prints projects × levels, the median row, the weakest level, the diagnoses and the misaligned trains for a person', async () => {
    const { code, stdout } = await run('--snapshot', dir, '--all', '--as-of', '2025-04-10');
    expect(code).toBe(0);
    const json = JSON.parse((await run('--snapshot', dir, '--all', '--as-of', '2025-04-10', '--json')).stdout) as Portfolio;
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Planning levels of 2 projects as of 2025-04-10');
    expect(lines[2]).toMatch(/^ {2}Project +1 Product Vision +2 Roadmap +3 Release +4 Iteration +5 Daily +Name$/);
    expect(lines.find((l) => l.startsWith('  FIX '))).toMatch(/ Fixture$/);
    expect(lines.find((l) => l.startsWith('  TWO '))).toMatch(/absent .* Second team$/); // TWO has no sprints
    expect(lines.find((l) => l.startsWith('  Median '))!.trim().split(/\s+/).slice(1).map(Number)).toEqual(json.summary.levels.map((l) => l.median));
    const weakest = json.summary.levels.find((l) => l.level === json.summary.weakestLevel)!;
    expect(stdout).toContain(`Weakest level: ${weakest.level} ${weakest.name} (median ${weakest.median};`);
    for (const d of json.summary.diagnosis) expect(stdout).toMatch(new RegExp(`: ${d.projects.length} of 2 projects \\(${d.projects.join(', ')}\\)`));
    expect(stdout).toContain('Misaligned release trains: 1 of 1 shared version name with release dates more than 14 days apart');
    expect(stdout).toMatch(/ {2}1\.1: 42 days from first to last\n {4}FIX {2}2025-05-09 +unreleased \(version 2\)\n {4}TWO {2}2025-06-20 +unreleased \(version 22\)/);
  });

  it.each([
    ['--project with --projects', ['--project', 'FIX', '--projects', 'FIX,TWO'], /--project and --projects exclude each other/],
    ['--projects with --all', ['--projects', 'FIX', '--all'], /--projects and --all exclude each other/],
    ['an unknown key', ['--projects', 'FIX,NOPE'], /has no project NOPE \(it has FIX, TWO\)/],
    ['two unknown keys', ['--projects', 'NOPE,FIX,GONE'], /has no projects NOPE, GONE \(it has FIX, TWO\)/],
    ['a key given twice', ['--projects', 'FIX,TWO,fix'], /--projects names FIX twice/],
    ['an empty key', ['--projects', 'FIX,,TWO'], /--projects "FIX,,TWO" has an empty key/],
    ['a malformed key', ['--projects', 'FIX,t-1'], /--projects "t-1" is not a Jira project key/],
  ])('exits 2 with one line on stderr for %s', (_name, args, message) => {
    expectBadInput(report('--snapshot', dir, ...args), message);
  });

  it('says so when the snapshot folder does not exist', async () => {
    const missing = join(dir, 'no-such-folder');
    expect(report('--snapshot', missing, '--project', 'ACME')).toEqual({ code: 2, stdout: '', stderr: `report: snapshot ${missing} does not exist\n` });
    expect(await run('--snapshot', missing, '--all')).toEqual({ code: 2, stdout: '', stderr: `report: snapshot ${missing} does not exist\n` });
    const { code, stderr } = await run('--snapshot', join(dir, 'meta.json'), '--all');
    expect(code).toBe(2);
    expect(stderr).toMatch(/meta\.json is not a folder/);
  });

  it.each([['--help'], ['-h']])('%s prints the usage and exits 0, whatever else is given', async (flag) => {
    for (const result of [report(flag), await run('--snapshot', dir, '--project', 'NOPE', flag)]) {
      const { code, stdout, stderr } = result;
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^usage: npm run report -- \(--snapshot DIR \| --site https:\/\/NAME\.atlassian\.net\) \(--project KEY \| --projects KEY1,KEY2 \| --all\)/);
      for (const option of ['--as-of', '--config', '--json', '--projects', '--all', 'JIRA_API_TOKEN']) expect(stdout).toContain(option);
    }
  });
});

describe('the portfolio of the demo site (ACME, MOB, OPS)', () => {
  const DEMO = join(__dirname, '..', '..', 'dev', 'demo-site', 'snapshot');
  let dir: string;
  beforeAll(() => { dir = writeSnapshot({}); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function portfolio(...args: string[]): Promise<Portfolio> {
    let out = '';
    await reportMain(['--snapshot', DEMO, ...args, '--json'], (t) => (out += t));
    return JSON.parse(out) as Portfolio;
  }
  const trains = (p: Portfolio) => p.releaseTrains.map((t) => `${t.name}:${t.spreadDays}${t.misaligned ? ' misaligned' : ''}`);

  it('--all: three projects by key, ACME and MOB on one release train whose 3.4 is misaligned', async () => {
    const all = await portfolio('--all');
    expect(all.asOf).toBe('2026-11-20');
    expect(all.projects.map((p) => p.project)).toEqual(['ACME', 'MOB', 'OPS']);
    expect(trains(all)).toEqual(['3.2:7', '3.3:7', '3.4:28 misaligned', '3.5:14', '4.0:0']);
    expect(all.summary.diagnosis).toEqual([{ id: 'progress-invisible', projects: ['OPS'] }]);
    expect(all.summary.levels.map((l) => l.absent)).toEqual([1, 1, 1, 1, 0]);
    expect(all.summary.weakestLevel).toBe(3);
  });

  it('--projects keeps the order given; without MOB there is no train', async () => {
    const two = await portfolio('--projects', 'OPS,ACME');
    expect(two.projects.map((p) => p.project)).toEqual(['OPS', 'ACME']);
    expect(two.releaseTrains).toEqual([]);
    const pair = await portfolio('--projects', 'MOB,ACME');
    expect((pair.releaseTrains[0]!.versions as { project: string }[]).map((v) => v.project)).toEqual(['MOB', 'ACME']);
  });

  it('--config with another spread moves the line between aligned and misaligned', async () => {
    const config = (spread: number) => {
      const file = join(dir, `spread-${spread}.json`);
      writeFileSync(file, JSON.stringify({ release: { maxTrainSpreadDays: spread } }));
      return file;
    };
    expect(trains(await portfolio('--all', '--config', config(13)))).toEqual(['3.2:7', '3.3:7', '3.4:28 misaligned', '3.5:14 misaligned', '4.0:0']);
    expect(trains(await portfolio('--all', '--config', config(28)))).toEqual(['3.2:7', '3.3:7', '3.4:28', '3.5:14', '4.0:0']);
    expect(trains(await portfolio('--all', '--config', config(6)))).toEqual(['3.2:7 misaligned', '3.3:7 misaligned', '3.4:28 misaligned', '3.5:14 misaligned', '4.0:0']);
  });

  it('prints the misaligned train with each project\'s date', async () => {
    const { code, stdout } = await run('--snapshot', DEMO, '--all');
    expect(code).toBe(0);
    expect(stdout).toContain('Misaligned release trains: 1 of 5 shared version names with release dates more than 14 days apart');
    expect(stdout).toMatch(/ {2}3\.4: 28 days from first to last\n {4}ACME {2}2026-09-24 +released \(version 10207\)\n {4}MOB {3}2026-10-22 +released \(version 10303\)\n/);
    expect(stdout).toMatch(/\n {2}OPS +absent +absent +absent +absent +\d+ +Platform Ops\n/);
  });

  it('an unknown key exits 2 naming it and the keys the snapshot has', () => {
    expectBadInput(report('--snapshot', DEMO, '--projects', 'ACME,WEB'), /^report: snapshot .* has no project WEB \(it has ACME, MOB, OPS\)$/m);
  });
});
