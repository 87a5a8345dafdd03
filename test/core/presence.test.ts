import { LEVELS } from '../../src/core/levels';
import { found, inProgress, issue, parentRef, project, run, sprint, version } from '../helpers/builders';

describe('level-absent', () => {
  it('marks every level absent for an empty project, each scored 0', () => {
    const report = run(project());
    expect(found(report, 'level-absent')).toEqual(['L1:level', 'L2:level', 'L3:level', 'L4:level', 'L5:level']);
    expect(report.levels.map((l) => l.score)).toEqual([0, 0, 0, 0, 0]);
    expect(report.levels.every((l) => l.absent)).toBe(true);
  });

  it('sees each level through its own construct', () => {
    const report = run(project({
      issues: [issue('T-1', { hierarchyLevel: 2 }), issue('T-2', { hierarchyLevel: 1 }), issue('T-3', { ...inProgress })],
      versions: [version('1', { releaseDate: '2025-05-01' })],
      sprints: [sprint(1, { state: 'active', completeDate: null, startDate: '2025-04-07T09:00:00.000Z', endDate: '2025-04-21T09:00:00.000Z' })],
    }));
    expect(found(report, 'level-absent')).toEqual([]);
  });

  it('marks the release and iteration levels absent without versions or sprints, whatever work exists', () => {
    const work = { sprints: [{ id: 3, name: 'S3', state: 'active' as const }] };
    const report = run(project({ issues: [issue('T-1', { hierarchyLevel: 2 }), issue('T-2', { hierarchyLevel: 1 }), issue('T-3', { ...inProgress, ...work })] }));
    expect(found(report, 'level-absent')).toEqual(['L3:level', 'L4:level']);
    expect(report.levels[2]!.score).toBe(0);
    expect(report.diagnosis.map((d) => d.id)).toContain('progress-invisible');
  });

  it('counts the daily level present when base work was updated within 10 business days', () => {
    // As of Thursday 2025-04-10: Thursday 2025-03-27 is 10 business days back, Wednesday 26th is 11.
    const recent = run(project({ issues: [issue('T-1', { updated: '2025-03-27T10:00:00.000+0000' })] }));
    const old = run(project({ issues: [issue('T-1', { updated: '2025-03-26T10:00:00.000+0000' })] }));
    expect(found(recent, 'level-absent')).not.toContain('L5:level');
    expect(found(old, 'level-absent')).toContain('L5:level');
  });

  it('counts a vision item of another project, known from its child, as present', () => {
    const external = parentRef({ key: 'PORT-1', hierarchyLevel: 2, issueTypeName: 'Initiative' });
    const report = run(project({ issues: [issue('T-2', { hierarchyLevel: 1, parent: external })] }));
    expect(found(report, 'level-absent')).not.toContain('L1:level');
    expect(report.levels[0]!.items).toBe(1);
  });

  it('reports the five levels in order with their names', () => {
    expect(run(project()).levels.map((l) => [l.level, l.name])).toEqual(
      LEVELS.map((l) => [l, ['Product Vision', 'Roadmap', 'Release', 'Iteration', 'Daily'][l - 1]]),
    );
  });
});
