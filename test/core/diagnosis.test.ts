import { done, inProgress, issue, childOf, project, run, sprint, version } from '../helpers/builders';

const activeSprint = sprint(10, { state: 'active', startDate: '2025-04-07T09:00:00.000Z', endDate: '2025-04-21T09:00:00.000Z', completeDate: null });
const inActive = { sprints: [{ id: 10, name: 'S10', state: 'active' as const }] };
const ids = (r: ReturnType<typeof run>) => r.diagnosis.map((d) => d.id);

describe('diagnosis', () => {
  it('says leadership cannot see progress when the roadmap or release level is missing', () => {
    const report = run(project({ issues: [issue('T-1', inProgress)], sprints: [activeSprint] }));
    const d = report.diagnosis.find((x) => x.id === 'progress-invisible');
    expect(d?.text).toContain('Levels 2 and 3 (Roadmap and Release) are missing');
    expect(d?.evidence).toEqual(['The project has no epics.', 'The project has no versions.']);
  });

  it('says the vision is unknown when under half of the active sprint work traces up to it', () => {
    const initiative = issue('T-1', { hierarchyLevel: 2 });
    const epic = childOf(initiative, 'T-2');
    const orphanEpic = issue('T-3', { hierarchyLevel: 1 });
    const traced = childOf(epic, 'T-10', inActive);
    const untraced = [childOf(orphanEpic, 'T-11', inActive), childOf(orphanEpic, 'T-12', inActive)];
    const report = run(project({ issues: [initiative, epic, orphanEpic, traced, ...untraced], sprints: [activeSprint] }));
    expect(report.traceability).toEqual({ sprintWork: 3, tracedToVision: 1, untracedKeys: ['T-11', 'T-12'] });
    expect(report.diagnosis.find((d) => d.id === 'vision-unknown')?.evidence[0]).toBe(
      'Only 1 of 3 issues in active sprints (33%) trace up to a vision item.');

    const healthy = run(project({ issues: [initiative, epic, traced, childOf(epic, 'T-13', inActive)], sprints: [activeSprint] }));
    expect(ids(healthy)).not.toContain('vision-unknown');
  });

  it('says the wrong things ship when sprints end on time but sprint work has no release', () => {
    const closedOnTime = [1, 2, 3].map((id) => sprint(id));
    const work = [issue('T-1', inActive), issue('T-2', inActive), issue('T-3', { ...inActive, fixVersionIds: ['1'] })];
    const report = run(project({ issues: work, sprints: [...closedOnTime, activeSprint], versions: [version('1', { releaseDate: '2025-05-01' })] }));
    expect(report.diagnosis.find((d) => d.id === 'wrong-things-ship')?.text).toContain('2 of 3 issues planned into active or future sprints (67%) have no fix version');

    const released = run(project({ issues: work.map((w) => ({ ...w, fixVersionIds: ['1'] })), sprints: [...closedOnTime, activeSprint] }));
    expect(ids(released)).not.toContain('wrong-things-ship');
  });

  it('says standups are a ritual when half the in-progress work is stale', () => {
    const stale = { ...inProgress, updated: '2025-03-01T10:00:00.000+0000' };
    const report = run(project({ issues: [issue('T-1', stale), issue('T-2', inProgress), issue('T-3', done)] }));
    expect(report.diagnosis.find((d) => d.id === 'standup-ritual')?.evidence[0]).toContain('1 of 2 in-progress issues (50%)');
    expect(ids(run(project({ issues: [issue('T-1', stale), issue('T-2', inProgress), issue('T-4', inProgress)] })))).not.toContain('standup-ritual');
  });
});
