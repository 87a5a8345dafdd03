import { DEFAULT_CONFIG } from '../../src/core/config';
import { childOf, done, found, issue, parentRef, project, run, withConfig } from '../helpers/builders';

const initiative = issue('T-1', { hierarchyLevel: 2 });
const epic = childOf(initiative, 'T-2');

describe('missing-parent', () => {
  it('flags a story without an epic at level 4 while the project has an epic', () => {
    const report = run(project({ issues: [initiative, epic, issue('T-3')] }));
    expect(found(report, 'missing-parent')).toEqual(['L4:T-3']);
    expect(report.findings.find((f) => f.kind === 'missing-parent')!.message).toContain("the roadmap can't see it");
  });

  it('flags an epic without an initiative at level 2 while the project has an initiative', () => {
    const report = run(project({ issues: [initiative, issue('T-4', { hierarchyLevel: 1 })] }));
    expect(found(report, 'missing-parent')).toEqual(['L2:T-4']);
  });

  it('does not flag stories when the project has no epics at all', () => {
    expect(found(run(project({ issues: [issue('T-3'), issue('T-5')] })), 'missing-parent')).toEqual([]);
  });

  it('does not flag epics when the project has no initiatives', () => {
    expect(found(run(project({ issues: [issue('T-4', { hierarchyLevel: 1 }), childOf(issue('T-4', { hierarchyLevel: 1 }), 'T-5')] })), 'missing-parent')).toEqual([]);
  });

  it('ignores done issues, sub-tasks and initiatives', () => {
    const report = run(project({
      issues: [initiative, epic, issue('T-3', done), issue('T-6', { hierarchyLevel: -1 }), issue('T-7', { hierarchyLevel: 2 })],
    }));
    expect(found(report, 'missing-parent')).toEqual([]);
  });

  it('counts an epic of another project (known only as a parent) as the level above', () => {
    const external = parentRef({ key: 'OTHER-1', hierarchyLevel: 1, issueTypeName: 'Epic' });
    const report = run(project({ issues: [issue('T-3', { parent: external }), issue('T-4')] }));
    expect(found(report, 'missing-parent')).toEqual(['L4:T-4']);
  });

  it('follows a raised vision level: a level-2 item becomes roadmap, epics still need a level-2 parent', () => {
    const config = withConfig((c) => { c.visionHierarchyLevel = 3; });
    const report = run(project({ issues: [issue('T-1', { hierarchyLevel: 2 }), issue('T-2', { hierarchyLevel: 1 }), issue('T-9', { hierarchyLevel: 3 })] }), '2025-04-10', config);
    // T-2 (epic) has no level-2 parent; T-1 (level 2) is not level 1 or 0, so it is not checked.
    expect(found(report, 'missing-parent')).toEqual(['L2:T-2']);
  });
});

describe('level-skip', () => {
  it('flags a story directly under an initiative, at the story level', () => {
    const report = run(project({ issues: [initiative, childOf(initiative, 'T-3', { hierarchyLevel: 0 })] }));
    expect(found(report, 'level-skip')).toEqual(['L4:T-3']);
    expect(report.findings.find((f) => f.kind === 'level-skip')!.message).toContain('skipping the epic level');
  });

  it('does not flag a story under an epic or an epic under an initiative', () => {
    expect(found(run(project({ issues: [initiative, epic, childOf(epic, 'T-3')] })), 'level-skip')).toEqual([]);
  });

  it('flags a sub-task directly under an epic at level 5', () => {
    expect(found(run(project({ issues: [epic, childOf(epic, 'T-8', { hierarchyLevel: -1 })] })), 'level-skip')).toEqual(['L5:T-8']);
  });

  it('judges a parent outside the data by its embedded hierarchy level', () => {
    const external = parentRef({ key: 'PORT-1', hierarchyLevel: 2, issueTypeName: 'Initiative' });
    expect(found(run(project({ issues: [issue('T-3', { parent: external })] })), 'level-skip')).toEqual(['L4:T-3']);
  });
});

describe('parent-done-child-open', () => {
  it('flags a done epic with an open story once, at the epic level, naming the children', () => {
    const doneEpic = issue('T-2', { hierarchyLevel: 1, ...done });
    const report = run(project({ issues: [doneEpic, childOf(doneEpic, 'T-3'), childOf(doneEpic, 'T-4'), childOf(doneEpic, 'T-5', done)] }));
    expect(found(report, 'parent-done-child-open')).toEqual(['L2:T-2']);
    const message = report.findings.find((f) => f.kind === 'parent-done-child-open')!.message;
    expect(message).toContain('T-3');
    expect(message).toContain('T-4');
    expect(message).not.toContain('T-5');
  });

  it('flags a done story with an open sub-task at level 4', () => {
    const doneStory = issue('T-7', done);
    expect(found(run(project({ issues: [doneStory, childOf(doneStory, 'T-8')] })), 'parent-done-child-open')).toEqual(['L4:T-7']);
  });

  it('does not flag a done parent whose children are all done, nor an open parent', () => {
    const doneEpic = issue('T-2', { hierarchyLevel: 1, ...done });
    const openEpic = issue('T-9', { hierarchyLevel: 1 });
    const report = run(project({ issues: [doneEpic, childOf(doneEpic, 'T-3', done), openEpic, childOf(openEpic, 'T-4')] }));
    expect(found(report, 'parent-done-child-open')).toEqual([]);
  });

  it('flags a done parent of another project from its embedded status', () => {
    const external = parentRef({ key: 'OTHER-5', hierarchyLevel: 1, statusName: 'Done', statusCategory: 'done' });
    expect(found(run(project({ issues: [issue('T-3', { parent: external })] })), 'parent-done-child-open')).toEqual(['L2:OTHER-5']);
  });
});

describe('hierarchy cycles', () => {
  it('analyses data whose parent links form a cycle without hanging', () => {
    const a = issue('T-1', { hierarchyLevel: 1, parent: parentRef({ key: 'T-2', hierarchyLevel: 1 }) });
    const b = issue('T-2', { hierarchyLevel: 1, parent: parentRef({ key: 'T-1', hierarchyLevel: 1 }) });
    const report = run(project({ issues: [a, b, issue('T-3', { parent: parentRef(a), sprints: [{ id: 1, name: 'S1', state: 'active' }] })] }));
    expect(report.traceability).toEqual({ sprintWork: 1, tracedToVision: 0, untracedKeys: ['T-3'] });
    expect(DEFAULT_CONFIG.visionHierarchyLevel).toBe(2);
  });
});
