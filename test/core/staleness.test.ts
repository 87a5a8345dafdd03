import { found, inProgress, done, issue, project, run, withConfig } from '../helpers/builders';

// 2025-04-10 is a Thursday.
describe('stale, level 1 and 2 (calendar days)', () => {
  it('flags an open initiative not updated for more than 365 days, not at exactly 365', () => {
    const report = run(project({ issues: [
      issue('T-1', { hierarchyLevel: 2, updated: '2024-04-10T12:00:00.000+0000' }), // 365 days
      issue('T-2', { hierarchyLevel: 2, updated: '2024-04-09T12:00:00.000+0000' }), // 366 days
      issue('T-3', { hierarchyLevel: 2, updated: '2023-01-01T12:00:00.000+0000', ...done }),
    ] }));
    expect(found(report, 'stale')).toEqual(['L1:T-2']);
  });

  it('flags an open epic after 91 days, not at 91', () => {
    const report = run(project({ issues: [
      issue('T-4', { hierarchyLevel: 1, updated: '2025-01-09T08:00:00.000+0000' }), // 91 days
      issue('T-5', { hierarchyLevel: 1, updated: '2025-01-08T08:00:00.000+0000' }), // 92 days
    ] }));
    expect(found(report, 'stale')).toEqual(['L2:T-5']);
  });

  it('uses the configured limits', () => {
    const config = withConfig((c) => { c.roadmap.staleAfterDays = 30; c.vision.staleAfterDays = 10; });
    const report = run(project({ issues: [
      issue('T-4', { hierarchyLevel: 1, updated: '2025-03-10T08:00:00.000+0000' }),
      issue('T-1', { hierarchyLevel: 2, updated: '2025-03-30T08:00:00.000+0000' }),
    ] }), '2025-04-10', config);
    expect(found(report, 'stale')).toEqual(['L1:T-1', 'L2:T-4']);
  });
});

describe('stale, level 5 (business days)', () => {
  const story = (key: string, updated: string, extra = {}) => issue(key, { updated, ...inProgress, ...extra });

  it('counts weekdays only: Friday to Tuesday is 2 (fine), Friday to Wednesday is 3 (stale)', () => {
    const friday = '2025-04-04T16:00:00.000+0000';
    expect(found(run(project({ issues: [story('T-1', friday)] }), '2025-04-08'), 'stale')).toEqual([]);
    expect(found(run(project({ issues: [story('T-1', friday)] }), '2025-04-09'), 'stale')).toEqual(['L5:T-1']);
  });

  it('treats an update on a weekend like one on the Friday before', () => {
    const saturday = '2025-04-05T11:00:00.000+0000';
    expect(found(run(project({ issues: [story('T-1', saturday)] }), '2025-04-08'), 'stale')).toEqual([]); // Mon, Tue
    expect(found(run(project({ issues: [story('T-1', saturday)] }), '2025-04-09'), 'stale')).toEqual(['L5:T-1']);
  });

  it('does not count a weekend as-of date against the work', () => {
    const wednesday = '2025-04-09T11:00:00.000+0000';
    // Seen on Sunday 13th: Thursday and Friday have passed = 2 business days.
    expect(found(run(project({ issues: [story('T-1', wednesday)] }), '2025-04-13'), 'stale')).toEqual([]);
  });

  it('reads the calendar date in the offset Jira wrote, not in UTC', () => {
    // 23:30 on Tuesday 8th in UTC-7 is already Wednesday 9th in UTC.
    const lateTuesdayPacific = '2025-04-08T23:30:00.000-0700';
    expect(found(run(project({ issues: [story('T-1', lateTuesdayPacific)] }), '2025-04-11'), 'stale')).toEqual(['L5:T-1']);
    // 01:00 on Wednesday 9th in UTC+10 is still Tuesday 8th in UTC.
    const earlyWednesdaySydney = '2025-04-09T01:00:00.000+1000';
    expect(found(run(project({ issues: [story('T-2', earlyWednesdaySydney)] }), '2025-04-11'), 'stale')).toEqual([]);
  });

  it('applies to in-progress sub-tasks, not to work that is to do or done', () => {
    const old = '2025-03-01T10:00:00.000+0000';
    const report = run(project({ issues: [
      story('T-1', old, { hierarchyLevel: -1 }),
      issue('T-2', { updated: old }),
      issue('T-3', { updated: old, ...done }),
      issue('T-4', { updated: old, hierarchyLevel: -1 }),
    ] }));
    expect(found(report, 'stale')).toEqual(['L5:T-1']);
  });

  it('judges an in-progress epic by the roadmap rule, not the daily one', () => {
    const report = run(project({ issues: [issue('T-5', { hierarchyLevel: 1, updated: '2025-03-01T10:00:00.000+0000', ...inProgress })] }));
    expect(found(report, 'stale')).toEqual([]);
  });
});

describe('overdue issues', () => {
  it('flags open initiatives and epics due before the as-of date, not on it', () => {
    const report = run(project({ issues: [
      issue('T-1', { hierarchyLevel: 2, dueDate: '2025-04-09' }),
      issue('T-2', { hierarchyLevel: 1, dueDate: '2025-04-09' }),
      issue('T-3', { hierarchyLevel: 1, dueDate: '2025-04-10' }),
      issue('T-4', { hierarchyLevel: 1, dueDate: '2025-01-01', ...done }),
      issue('T-5', { hierarchyLevel: 0, dueDate: '2025-01-01' }),
    ] }));
    expect(found(report, 'overdue')).toEqual(['L1:T-1', 'L2:T-2']);
    expect(report.findings.find((f) => f.kind === 'overdue' && f.issueKey === 'T-2')!.message).toContain('1 day overdue');
  });
});
