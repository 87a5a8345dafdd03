import { done, found, issue, project, run, sprint, withConfig } from '../helpers/builders';

const at = (date: string, time = '09:00') => `${date}T${time}:00.000Z`;

describe('sprint-length', () => {
  it('accepts 14 ± 1 days and flags anything further off', () => {
    const report = run(project({ sprints: [
      sprint(1, { startDate: at('2025-01-06'), endDate: at('2025-01-20') }), // 14
      sprint(2, { startDate: at('2025-01-20'), endDate: at('2025-02-04') }), // 15
      sprint(3, { startDate: at('2025-02-04'), endDate: at('2025-02-17') }), // 13
      sprint(4, { startDate: at('2025-02-17'), endDate: at('2025-03-05') }), // 16
      sprint(5, { startDate: at('2025-03-05'), endDate: at('2025-03-17', '08:00') }), // 12.96
      sprint(6, { state: 'future', startDate: null, endDate: null, completeDate: null }),
    ] }));
    expect(found(report, 'sprint-length')).toEqual(['L4:sprint 4', 'L4:sprint 5']);
  });

  it('follows the configured length and tolerance', () => {
    const config = withConfig((c) => { c.iteration.lengthDays = 7; c.iteration.toleranceDays = 0; });
    const report = run(project({ sprints: [
      sprint(1, { startDate: at('2025-01-06'), endDate: at('2025-01-13') }),
      sprint(2, { startDate: at('2025-01-13'), endDate: at('2025-01-21') }),
    ] }), '2025-04-10', config);
    expect(found(report, 'sprint-length')).toEqual(['L4:sprint 2']);
  });
});

describe('sprint-overrun', () => {
  it('flags a closed sprint completed more than a day after its end, not exactly a day', () => {
    const report = run(project({ sprints: [
      sprint(1, { endDate: at('2025-03-17'), completeDate: at('2025-03-18') }),
      sprint(2, { endDate: at('2025-03-31'), completeDate: at('2025-04-01', '09:01') }),
    ] }));
    expect(found(report, 'sprint-overrun')).toEqual(['L4:sprint 2']);
  });

  it('flags an active sprint past its end date, not one ending on the as-of date', () => {
    const report = run(project({ sprints: [
      sprint(1, { state: 'active', startDate: at('2025-03-26'), endDate: at('2025-04-09'), completeDate: null }),
      sprint(2, { state: 'active', boardId: 2, startDate: at('2025-03-27'), endDate: at('2025-04-10', '23:00'), completeDate: null }),
    ] }));
    expect(found(report, 'sprint-overrun')).toEqual(['L4:sprint 1']);
  });
});

describe('cadence-gap', () => {
  it('flags more than 3 days between a completion and the next start on the same board', () => {
    const report = run(project({ sprints: [
      sprint(3, { startDate: at('2025-03-20', '10:01'), endDate: at('2025-04-03'), completeDate: at('2025-04-03') }),
      sprint(1, { startDate: at('2025-03-03'), endDate: at('2025-03-17'), completeDate: at('2025-03-17', '10:00') }),
      sprint(4, { startDate: at('2025-04-06'), endDate: at('2025-04-20'), completeDate: at('2025-04-20') }),
    ] }));
    // 1 → 3: 3 days and 1 minute (gap); 3 → 4: exactly 3 days (fine).
    expect(found(report, 'cadence-gap')).toEqual(['L4:sprint 3']);
  });

  it('uses the end date when a sprint has no completion, and never compares across boards', () => {
    const report = run(project({ sprints: [
      sprint(1, { state: 'active', startDate: at('2025-03-03'), endDate: at('2025-03-17'), completeDate: null }),
      sprint(2, { state: 'future', startDate: at('2025-03-25'), endDate: at('2025-04-08'), completeDate: null }),
      sprint(3, { boardId: 2, startDate: at('2025-01-01'), endDate: at('2025-01-15'), completeDate: at('2025-01-15') }),
    ] }), '2025-03-10');
    expect(found(report, 'cadence-gap')).toEqual(['L4:sprint 2']);
  });
});

describe('carry-over', () => {
  const s = (id: number) => ({ id, name: `S${id}`, state: 'closed' as const });

  it('flags an open issue that has been in 3 or more sprints', () => {
    const report = run(project({ issues: [
      issue('T-1', { sprints: [s(1), s(2), s(3)] }),
      issue('T-2', { sprints: [s(1), s(2)] }),
      issue('T-3', { sprints: [s(1), s(2), s(3), s(4)], ...done }),
    ] }));
    expect(found(report, 'carry-over')).toEqual(['L4:T-1']);
  });

  it('counts distinct sprints and follows the configured count', () => {
    const config = withConfig((c) => { c.iteration.carryOverSprints = 2; });
    const report = run(project({ issues: [issue('T-1', { sprints: [s(1), s(1), s(2)] }), issue('T-2', { sprints: [s(1), s(1)] })] }), '2025-04-10', config);
    expect(found(report, 'carry-over')).toEqual(['L4:T-1']);
  });

  it('names at most 5 sprints and counts the rest', () => {
    const sprints = Array.from({ length: 45 }, (_, i) => s(i + 1));
    const report = run(project({ issues: [issue('T-1', { sprints })] }));
    const carried = report.findings.filter((f) => f.kind === 'carry-over');
    expect(carried.map((f) => f.message)).toEqual(['Story T-1 has been in 45 sprints (S1, S2, S3, S4, S5 and 40 more) and is still open.']);
  });
});

describe('no-upcoming (level 4)', () => {
  it('speaks when no sprint is active or future, across all boards', () => {
    expect(found(run(project({ sprints: [sprint(1)] })), 'no-upcoming')).toContain('L4:level');
    expect(found(run(project({ sprints: [sprint(1), sprint(2, { boardId: 2, state: 'future', startDate: null, endDate: null, completeDate: null })] })), 'no-upcoming')).not.toContain('L4:level');
  });
});
