/**
 * The embedded demo site (dev/demo-site): the committed snapshot is exactly what the generator
 * writes, it reads cleanly through the snapshot reader, and the analysis of it shows what the
 * demo is meant to show.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyze, type HealthReport } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { calendarDateOf, calendarDaysBetween, instantOf, MS_PER_DAY } from '../../src/core/dates';
import { FINDING_KINDS, type Finding, type FindingKind } from '../../src/core/findings';
import type { ProjectData } from '../../src/core/model';
import { toProjectData } from '../../src/jira/project-data';
import { findSprintFieldId, type JiraField } from '../../src/jira/schemas';
import { readSnapshotProject } from '../../src/snapshot/reader';
import { buildSnapshotFiles, CAPTURED_AT, DEFAULT_OUT_DIR, SITE, writeSnapshot } from '../../dev/demo-site/generate';

const SNAPSHOT = DEFAULT_OUT_DIR;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

interface Loaded {
  data: ProjectData;
  report: HealthReport;
  asOf: string;
}

async function load(key: string): Promise<Loaded> {
  const { raw, meta } = await readSnapshotProject(SNAPSHOT, key);
  const data = toProjectData(raw);
  const asOf = calendarDateOf(meta!.capturedAt!);
  return { data, report: analyze(data, DEFAULT_CONFIG, asOf), asOf };
}

const levelsOf = (findings: readonly Finding[], kind: FindingKind) =>
  new Set(findings.filter((f) => f.kind === kind).map((f) => f.level));

describe('demo site: the committed snapshot is the generator\'s output', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-site-'));
    writeSnapshot(join(dir, 'snapshot'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('regenerating gives byte-identical files, no more and no fewer', () => {
    const fresh = join(dir, 'snapshot');
    const committed = listFiles(SNAPSHOT);
    expect(listFiles(fresh)).toEqual(committed);
    expect(committed.length).toBeGreaterThanOrEqual(12);
    for (const file of committed) {
      const a = readFileSync(join(fresh, file));
      const b = readFileSync(join(SNAPSHOT, file));
      if (!a.equals(b)) throw new Error(`${file} differs from a fresh run of dev/demo-site/generate.ts (run npm run demo:generate)`);
    }
  });

  it('is deterministic in memory too', () => {
    expect([...buildSnapshotFiles()]).toEqual([...buildSnapshotFiles()]);
  });
});

describe('demo site: the snapshot\'s shape', () => {
  const readJson = (path: string): unknown => JSON.parse(readFileSync(join(SNAPSHOT, path), 'utf8'));

  it('has meta.json with the site and a fixed capture time', () => {
    expect(readJson('meta.json')).toEqual({ baseUrl: 'https://acme-demo.atlassian.net', capturedAt: CAPTURED_AT });
    expect(SITE).toBe('https://acme-demo.atlassian.net');
  });

  it('finds the sprint field by its type, under a site-specific id', () => {
    const id = findSprintFieldId(readJson('fields.json') as JiraField[]);
    expect(id).toBeDefined();
    expect(id).not.toBe('customfield_10007');
  });

  it('pages ACME\'s search results by 100 with tokens, the last page marked', () => {
    const pages = listFiles(join(SNAPSHOT, 'projects/ACME')).filter((f) => f.startsWith('search-'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((file, i) => {
      const page = readJson(`projects/ACME/${file}`) as { issues: unknown[]; nextPageToken?: string; isLast: boolean };
      const last = i === pages.length - 1;
      expect(page.isLast).toBe(last);
      if (!last) {
        expect(page.issues).toHaveLength(100);
        expect(typeof page.nextPageToken).toBe('string');
      } else {
        expect(page.nextPageToken).toBeUndefined();
      }
    });
  });

  it('has no sprints file for the kanban board', () => {
    const boards = readJson('projects/OPS/boards.json') as { values: { id: number; type: string }[] };
    expect(boards.values.map((b) => b.type)).toEqual(['kanban']);
    expect(listFiles(SNAPSHOT).some((f) => f.startsWith(`boards/${boards.values[0]!.id}/`))).toBe(false);
  });
});

describe('demo site: ACME (Acme Checkout)', () => {
  let acme: Loaded;
  beforeAll(async () => {
    acme = await load('ACME');
  });

  it('is analysed as of the capture date', () => {
    expect(acme.asOf).toBe('2026-11-20');
    expect(acme.report.asOf).toBe('2026-11-20');
  });

  it('has about 300 issues of every hierarchy level', () => {
    const { issues } = acme.data;
    expect(issues.length).toBeGreaterThanOrEqual(250);
    expect(issues.length).toBeLessThanOrEqual(350);
    const count = (level: number) => issues.filter((i) => i.hierarchyLevel === level).length;
    expect(count(2)).toBeGreaterThanOrEqual(3);
    expect(count(2)).toBeLessThanOrEqual(6);
    expect(count(1)).toBeGreaterThanOrEqual(12);
    expect(count(1)).toBeLessThanOrEqual(18);
    expect(count(0)).toBeGreaterThanOrEqual(150);
    expect(count(-1)).toBeGreaterThanOrEqual(30);
    const types = new Set(issues.filter((i) => i.hierarchyLevel === 0).map((i) => i.issueTypeName));
    expect([...types].sort()).toEqual(['Bug', 'Story', 'Task']);
  });

  it('has two scrum boards with sprints spanning about a year: closed, active and future', () => {
    const { boards, sprints } = acme.data;
    expect(boards).toHaveLength(2);
    for (const board of boards) expect(sprints.some((s) => s.boardId === board.id)).toBe(true);
    const dated = sprints.filter((s) => s.startDate !== null && s.endDate !== null);
    const first = Math.min(...dated.map((s) => instantOf(s.startDate!)));
    const last = Math.max(...dated.map((s) => instantOf(s.endDate!)));
    const spanDays = (last - first) / MS_PER_DAY;
    expect(spanDays).toBeGreaterThanOrEqual(330);
    expect(spanDays).toBeLessThanOrEqual(400);
    const states = new Set(sprints.map((s) => s.state));
    expect([...states].sort()).toEqual(['active', 'closed', 'future']);
    const mainBoard = Math.max(...boards.map((b) => sprints.filter((s) => s.boardId === b.id).length));
    expect(mainBoard).toBeGreaterThanOrEqual(24);
    for (const board of boards) {
      expect(sprints.filter((s) => s.boardId === board.id && s.state === 'active')).toHaveLength(1);
    }
  });

  it('has about a year of versions: released, one archived, unreleased', () => {
    const { versions } = acme.data;
    const released = versions.filter((v) => v.released && v.releaseDate !== null);
    const oldest = released.map((v) => v.releaseDate!).sort()[0]!;
    expect(calendarDaysBetween(oldest, acme.asOf)).toBeGreaterThanOrEqual(300);
    expect(released.length).toBeGreaterThanOrEqual(5);
    expect(versions.filter((v) => v.archived).length).toBeGreaterThanOrEqual(1);
    expect(versions.filter((v) => !v.released && !v.archived).length).toBeGreaterThanOrEqual(2);
  });

  it('gives every finding kind except level-absent, at the levels the demo shows', () => {
    const { findings } = acme.report;
    for (const kind of FINDING_KINDS) {
      if (kind === 'level-absent') expect(findings.filter((f) => f.kind === kind)).toEqual([]);
      else expect(findings.some((f) => f.kind === kind)).toBe(true);
    }
    expect(levelsOf(findings, 'missing-parent')).toEqual(new Set([2, 4]));
    expect(levelsOf(findings, 'level-skip')).toEqual(new Set([4]));
    expect(levelsOf(findings, 'parent-done-child-open')).toEqual(new Set([2, 4]));
    expect(levelsOf(findings, 'stale')).toEqual(new Set([1, 2, 5]));
    const overdue = levelsOf(findings, 'overdue');
    expect(overdue.has(3)).toBe(true);
    expect(overdue.has(1) || overdue.has(2)).toBe(true);
    for (const kind of ['release-interval', 'missing-release', 'no-upcoming'] as const) {
      expect(levelsOf(findings, kind)).toEqual(new Set([3]));
    }
    for (const kind of ['sprint-length', 'sprint-overrun', 'cadence-gap', 'carry-over'] as const) {
      expect(levelsOf(findings, kind)).toEqual(new Set([4]));
    }
  });

  it('is mostly healthy: a handful of each problem, not hundreds', () => {
    const { findings, levels, diagnosis } = acme.report;
    for (const kind of FINDING_KINDS) expect(findings.filter((f) => f.kind === kind).length).toBeLessThanOrEqual(8);
    expect(findings.length).toBeLessThanOrEqual(45);
    for (const level of levels) {
      expect(level.absent).toBe(false);
      expect(level.score).toBeGreaterThanOrEqual(40);
    }
    expect(diagnosis.map((d) => d.id)).not.toContain('progress-invisible');
    expect(acme.report.traceability.sprintWork).toBeGreaterThan(0);
  });

  it('names findings by subjects that exist in the data', () => {
    const keys = new Set(acme.data.issues.map((i) => i.key));
    const sprintIds = new Set(acme.data.sprints.map((s) => s.id));
    const versionIds = new Set(acme.data.versions.map((v) => v.id));
    for (const f of acme.report.findings) {
      if (f.issueKey !== undefined) expect(keys.has(f.issueKey)).toBe(true);
      if (f.sprintId !== undefined) expect(sprintIds.has(f.sprintId)).toBe(true);
      if (f.versionId !== undefined) expect(versionIds.has(f.versionId)).toBe(true);
    }
  });
});

describe('demo site: OPS (Platform Ops), a kanban team', () => {
  let ops: Loaded;
  beforeAll(async () => {
    ops = await load('OPS');
  });

  it('is small, with no initiatives, epics, versions or sprints', () => {
    const { issues, versions, boards, sprints } = ops.data;
    expect(issues.length).toBeGreaterThanOrEqual(30);
    expect(issues.length).toBeLessThanOrEqual(50);
    expect(issues.filter((i) => i.hierarchyLevel >= 1)).toEqual([]);
    expect(versions).toEqual([]);
    expect(boards.map((b) => b.type)).toEqual(['kanban']);
    expect(sprints).toEqual([]);
  });

  it('shows levels 1–4 absent and the "leadership can\'t see progress" diagnosis', () => {
    const absent = levelsOf(ops.report.findings, 'level-absent');
    for (const level of [1, 2, 3, 4] as const) expect(absent.has(level)).toBe(true);
    expect(absent.has(5)).toBe(false);
    const diagnosis = ops.report.diagnosis.find((d) => d.id === 'progress-invisible');
    expect(diagnosis?.text).toMatch(/leadership can't see progress/);
  });
});

describe('demo site: MOB (Acme Mobile App), a scrum team on ACME\'s release train', () => {
  let mob: Loaded;
  let acme: Loaded;
  beforeAll(async () => {
    [mob, acme] = await Promise.all([load('MOB'), load('ACME')]);
  });

  it('is a scrum team with its own board, two-week sprints (closed, one active, one future) and epics', () => {
    const { issues, boards, sprints } = mob.data;
    expect(boards).toEqual([{ id: 71, name: 'Mobile App', type: 'scrum' }]);
    expect(sprints.filter((s) => s.state === 'active')).toHaveLength(1);
    expect(sprints.filter((s) => s.state === 'future')).toHaveLength(1);
    expect(sprints.filter((s) => s.state === 'closed').length).toBeGreaterThanOrEqual(15);
    expect(issues.length).toBeGreaterThanOrEqual(50);
    expect(issues.filter((i) => i.hierarchyLevel === 1).length).toBeGreaterThanOrEqual(5);
    expect(new Set(issues.filter((i) => i.hierarchyLevel === 0).map((i) => i.issueTypeName))).toEqual(new Set(['Bug', 'Story', 'Task']));
    expect(issues.some((i) => i.hierarchyLevel === -1)).toBe(true);
    // Its epics sit under ACME's initiatives: parents in another project.
    const acmeKeys = new Set(acme.data.issues.map((i) => i.key));
    expect(issues.filter((i) => i.hierarchyLevel === 1 && i.parent !== null && acmeKeys.has(i.parent.key)).length).toBeGreaterThanOrEqual(4);
    // Its ids and sprint ids do not collide with the other projects'.
    const otherIds = new Set(acme.data.issues.map((i) => i.id));
    expect(issues.some((i) => otherIds.has(i.id))).toBe(false);
    const otherSprints = new Set(acme.data.sprints.map((s) => s.id));
    expect(sprints.some((s) => otherSprints.has(s.id))).toBe(false);
  });

  it('plans at every level, with a few findings of a real team', () => {
    const { levels, findings } = mob.report;
    for (const level of levels) {
      expect(level.absent).toBe(false);
      expect(level.score).toBeGreaterThanOrEqual(70);
    }
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(findings.length).toBeLessThanOrEqual(10);
    expect(findings.some((f) => f.kind === 'release-interval' && f.level === 3)).toBe(true);
  });

  it('shares release names with ACME: 3.4 lands four weeks after ACME\'s, the other shared releases within two weeks', () => {
    const dates = (data: ProjectData) => new Map(data.versions.filter((v) => !v.archived).map((v) => [v.name.trim(), v.releaseDate]));
    const mine = dates(mob.data);
    const theirs = dates(acme.data);
    const shared = [...mine.keys()].filter((name) => theirs.has(name)).sort();
    expect(shared).toEqual(['3.2', '3.3', '3.4', '3.5', '4.0']);
    const spread = (name: string) => Math.abs(calendarDaysBetween(mine.get(name)!, theirs.get(name)!));
    expect(spread('3.4')).toBe(28);
    for (const name of ['3.2', '3.3', '3.5', '4.0']) expect(spread(name)).toBeLessThanOrEqual(14);
    // An archived 3.1 in MOB stays out of a train with ACME's 3.1.
    expect(mob.data.versions.find((v) => v.name === '3.1')?.archived).toBe(true);
  });
});
