import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFiles, writeSnapshot } from '../helpers/snapshot-fixture';
import { expectBadInput, runReport as report } from '../helpers/report-cli';

describe('npm run report', () => {
  let dir: string;
  beforeAll(() => { dir = writeSnapshot(fixtureFiles()); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the level table, the weakest level, the diagnoses and the findings for a person', () => {
    const { code, stdout, stderr } = report('--snapshot', dir, '--project', 'FIX');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Planning levels of FIX (Fixture) as of 2025-04-10'); // as-of from meta.json
    for (const name of ['Product Vision', 'Roadmap', 'Release', 'Iteration', 'Daily']) expect(stdout).toMatch(new RegExp(`\\d  ${name} `));
    expect(stdout).toMatch(/Weakest level: \d \w+/);
    expect(stdout).toContain('missing-parent');
    expect(stdout).toContain('FIX-4');
  });

  it('prints the JSON document of DESIGN.md with --json', () => {
    const { code, stdout } = report('--snapshot', dir, '--project', 'fix', '--as-of', '2025-04-10', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['schemaVersion', 'project', 'asOf', 'levels', 'weakestLevel', 'diagnosis', 'findings']);
    expect(json).toMatchObject({ schemaVersion: 1, project: 'FIX', asOf: '2025-04-10' });
    const levels = json.levels as Record<string, unknown>[];
    expect(levels.map((l) => Object.keys(l))).toEqual(Array(5).fill(['level', 'name', 'score', 'items', 'findings']));
    const findings = json.findings as Record<string, unknown>[];
    expect(findings).toContainEqual({ kind: 'missing-parent', level: 4, issueKey: 'FIX-4', message: expect.any(String) });
    expect(findings.every((f) => typeof f.message === 'string' && typeof f.kind === 'string')).toBe(true);
  });

  it.each([
    ['an unknown project', ['--project', 'NOPE'], /has no project NOPE \(it has FIX\)/],
    ['a bad date', ['--project', 'FIX', '--as-of', '2025-02-30'], /--as-of "2025-02-30" is not a date/],
    ['an unknown option', ['--project', 'FIX', '--colour'], /Unknown option '--colour'/],
    ['a missing project', [], /--project is required/],
  ])('exits 2 with one line on stderr for %s', (_name, args, message) => {
    expectBadInput(report('--snapshot', dir, ...args), message);
  });

  it('exits 2 for a malformed snapshot and for an invalid config, naming the file and the key', () => {
    const broken = writeSnapshot({ ...fixtureFiles(), 'projects/FIX/search-002.json': '{"issues": [' });
    const bad = report('--snapshot', broken, '--project', 'FIX');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/search-002\.json is not valid JSON/);
    rmSync(broken, { recursive: true, force: true });

    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ iteration: { lengthDays: 400 } }));
    const invalid = report('--snapshot', dir, '--project', 'FIX', '--config', config);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/iteration\.lengthDays must be between 1 and 90 days \(got 400\)/);
  });

  it('names sprints and versions by name as well as id in the text', () => {
    const config = join(dir, 'week.json');
    writeFileSync(config, JSON.stringify({ iteration: { lengthDays: 7 } }));
    const { code, stdout } = report('--snapshot', dir, '--project', 'FIX', '--as-of', '2025-05-20', '--config', config);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ {2}sprint-length +S1 \(sprint 1\) +Sprint "S1" is planned/);
    expect(stdout).toMatch(/ {2}overdue +1\.1 \(version 2\) +Version 1\.1 was due/);
  });

  it('applies a config file', () => {
    const config = join(dir, 'strict.json');
    writeFileSync(config, JSON.stringify({ iteration: { lengthDays: 7 } }));
    const kinds = (args: string[]) =>
      (JSON.parse(report('--snapshot', dir, '--project', 'FIX', ...args, '--json').stdout) as { findings: { kind: string; sprintId?: number }[] })
        .findings.filter((f) => f.kind === 'sprint-length').map((f) => f.sprintId);
    expect(kinds([])).toEqual([]);
    expect(kinds(['--config', config])).toEqual([1, 2]);
  });
});
