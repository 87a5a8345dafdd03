import { done, found, issue, project, run, sprint, version, withConfig } from '../helpers/builders';

const future = { id: 7, name: 'S7', state: 'future' as const };
const active = { id: 6, name: 'S6', state: 'active' as const };
const closed = { id: 5, name: 'S5', state: 'closed' as const };

describe('overdue versions', () => {
  it('flags an unreleased, unarchived version whose release date has passed', () => {
    const report = run(project({ versions: [
      version('1', { releaseDate: '2025-04-09' }),
      version('2', { releaseDate: '2025-04-09', archived: true }),
      version('3', { releaseDate: '2025-04-01', released: true }),
      version('4', { releaseDate: '2025-04-10' }),
      version('5'),
    ] }));
    expect(found(report, 'overdue')).toEqual(['L3:version 1']);
  });
});

describe('release-interval', () => {
  it('flags consecutive releases fewer than 56 or more than 84 days apart, on the later one', () => {
    const report = run(project({ versions: [
      version('4', { released: true, releaseDate: '2025-08-26' }), // 85 days after v3
      version('1', { released: true, releaseDate: '2025-01-10' }),
      version('2', { released: true, releaseDate: '2025-03-07' }), // 56 days after v1
      version('3', { released: true, releaseDate: '2025-06-02' }), // 87 days after v2
      version('5', { released: true, releaseDate: '2025-10-20' }), // 55 days after v4
    ] }), '2025-11-01');
    expect(found(report, 'release-interval')).toEqual(['L3:version 3', 'L3:version 4', 'L3:version 5']);
  });

  it('accepts exactly 84 days', () => {
    const report = run(project({ versions: [
      version('1', { released: true, releaseDate: '2025-01-10' }),
      version('2', { released: true, releaseDate: '2025-04-04' }),
    ] }));
    expect(found(report, 'release-interval')).toEqual([]);
  });

  it('counts archived releases, ignores unreleased versions and releases without a date', () => {
    const report = run(project({ versions: [
      version('1', { released: true, archived: true, releaseDate: '2025-01-10' }),
      version('2', { released: false, releaseDate: '2025-01-20' }),
      version('3', { released: true, releaseDate: null }),
      version('4', { released: true, releaseDate: '2025-01-30' }),
    ] }));
    expect(found(report, 'release-interval')).toEqual(['L3:version 4']);
  });

  it('follows the configured interval', () => {
    const config = withConfig((c) => { c.release.minIntervalDays = 7; c.release.maxIntervalDays = 21; });
    const report = run(project({ versions: [
      version('1', { released: true, releaseDate: '2025-01-10' }),
      version('2', { released: true, releaseDate: '2025-01-24' }),
    ] }), '2025-01-25', config);
    expect(found(report, 'release-interval')).toEqual([]);
  });
});

describe('missing-release', () => {
  it('flags open base-level work in an active or future sprint with no fix version', () => {
    const report = run(project({ issues: [
      issue('T-1', { sprints: [active] }),
      issue('T-2', { sprints: [closed, future] }),
      issue('T-3', { sprints: [closed] }),
      issue('T-4', { sprints: [active], fixVersionIds: ['10'] }),
      issue('T-5', { sprints: [active], ...done }),
      issue('T-6', { sprints: [active], hierarchyLevel: -1 }),
      issue('T-7', { sprints: [active], hierarchyLevel: 1 }),
    ] }));
    expect(found(report, 'missing-release')).toEqual(['L3:T-1', 'L3:T-2']);
  });

  it('takes the sprint state from the board when the issue field lacks it', () => {
    const report = run(project({
      sprints: [sprint(9, { state: 'active', completeDate: null })],
      issues: [issue('T-1', { sprints: [{ id: 9, name: 'S9' }] })],
    }));
    expect(found(report, 'missing-release')).toEqual(['L3:T-1']);
  });
});

describe('no-upcoming (level 3)', () => {
  const check = (versions: ReturnType<typeof version>[]) => found(run(project({ versions })), 'no-upcoming').filter((f) => f.startsWith('L3'));

  it('is quiet when an unreleased version is due within the next 84 days (inclusive)', () => {
    expect(check([version('1', { releaseDate: '2025-07-03' })])).toEqual([]); // as-of + 84
    expect(check([version('1', { releaseDate: '2025-04-10' })])).toEqual([]); // due today
  });

  it('speaks when the next release is further out, overdue, archived, released or undated', () => {
    expect(check([version('1', { releaseDate: '2025-07-04' })])).toEqual(['L3:level']);
    expect(check([version('1', { releaseDate: '2025-04-01' })])).toEqual(['L3:level']);
    expect(check([version('1', { releaseDate: '2025-05-01', archived: true })])).toEqual(['L3:level']);
    expect(check([version('1', { releaseDate: '2025-05-01', released: true })])).toEqual(['L3:level']);
    expect(check([version('1')])).toEqual(['L3:level']);
  });
});
