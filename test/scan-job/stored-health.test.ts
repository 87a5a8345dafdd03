import { UNTRACED_KEYS_STORED } from '../../src/contract/resolvers';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { Finding } from '../../src/core/findings';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { issue, project, sprint, version } from '../helpers/builders';

/** The stored document of a report whose findings are exactly `findings`, over `data`. */
function stored(findings: Finding[], data = project()) {
  const report = { ...analyze(data, DEFAULT_CONFIG, '2025-04-10'), findings };
  return toStoredHealth(report, { projectKey: 'TEST', data }, '2025-04-10T06:00:00.000Z').findings;
}

describe('the stored health document', () => {
  const data = project({
    sprints: [sprint(7, { name: 'Board sprint 7', boardId: 3, state: 'closed' }), sprint(8, { name: 'Active 8', boardId: 4, state: 'active' }), sprint(7, { name: 'Later copy of 7', boardId: 9 })],
    versions: [version('100', { name: '3.4' }), version('100', { name: 'Later copy of 100' })],
    issues: [
      issue('TEST-1', { sprints: [{ id: 7, name: 'Name on the issue' }, { id: 55, name: 'Other board sprint 55' }] }),
      issue('TEST-2', { sprints: [{ id: 55, name: 'Renamed later 55' }] }),
    ],
  });

  it('labels sprints by the board first, then by the first issue that names them, and versions by name', () => {
    const findings = stored(
      [
        { kind: 'sprint-length', level: 4, sprintId: 7, message: 'a' },
        { kind: 'sprint-overrun', level: 4, sprintId: 8, message: 'b' },
        { kind: 'sprint-length', level: 4, sprintId: 55, message: 'c' },
        { kind: 'sprint-length', level: 4, sprintId: 99, message: 'd' },
        { kind: 'overdue', level: 3, versionId: '100', message: 'e' },
        { kind: 'overdue', level: 3, versionId: '404', message: 'f' },
      ],
      data,
    );
    expect(findings.map((f) => f.subjectLabel)).toEqual(['Board sprint 7', 'Active 8', 'Other board sprint 55', 'Sprint 99', '3.4', 'Version 404']);
  });

  it('keeps the board of a sprint, and marks a closed one, so links are built when answering', () => {
    const [closed, active, foreign] = stored(
      [
        { kind: 'sprint-length', level: 4, sprintId: 7, message: 'a' },
        { kind: 'sprint-overrun', level: 4, sprintId: 8, message: 'b' },
        { kind: 'sprint-length', level: 4, sprintId: 55, message: 'c' },
      ],
      data,
    );
    expect(closed).toMatchObject({ boardId: 3, sprintClosed: true });
    expect(active).toMatchObject({ boardId: 4 });
    expect(active).not.toHaveProperty('sprintClosed');
    expect(foreign).not.toHaveProperty('boardId');
    for (const f of [closed, active, foreign]) expect(f).not.toHaveProperty('url');
  });
});

describe('the findings table columns in the stored document', () => {
  const data = project({
    issues: [
      issue('TEST-1', { assignee: 'Mia Krystof', created: '2025-01-02T09:00:00.000+0100', statusName: 'In Review', statusCategory: 'indeterminate' }),
      issue('TEST-2', { assignee: null, created: '2025-03-01T09:00:00.000+0000' }),
      issue('TEST-3', { parent: { key: 'OTHER-9', summary: 'Epic elsewhere', issueTypeName: 'Epic', hierarchyLevel: 1, statusName: 'Done', statusCategory: 'done' } }),
    ],
    sprints: [sprint(7, { boardId: 3 })],
  });

  it('carries the subject issue\'s assignee, status and creation; nothing for sprints; the status of a parent known only from its child', () => {
    const [assigned, unassigned, foreignParent, unknownToScan, aSprint] = stored(
      [
        { kind: 'stale', level: 5, issueKey: 'TEST-1', message: 'a' },
        { kind: 'carry-over', level: 4, issueKey: 'TEST-2', message: 'b' },
        { kind: 'parent-done-child-open', level: 2, issueKey: 'OTHER-9', message: 'c' },
        { kind: 'carry-over', level: 4, issueKey: 'TEST-3', message: 'd' },
        { kind: 'sprint-length', level: 4, sprintId: 7, message: 'e' },
      ],
      data,
    );
    expect(assigned).toMatchObject({ assignee: 'Mia Krystof', status: { name: 'In Review', category: 'indeterminate' }, created: '2025-01-02T09:00:00.000+0100' });
    expect(unassigned).toMatchObject({ assignee: null, status: { name: 'To Do', category: 'new' }, created: '2025-03-01T09:00:00.000+0000' });
    expect(foreignParent).toMatchObject({ status: { name: 'Done', category: 'done' } });
    expect(foreignParent).not.toHaveProperty('assignee');
    expect(foreignParent).not.toHaveProperty('created');
    // An issue record without the list fields (an older scan's page) gives a status only.
    expect(unknownToScan).not.toHaveProperty('assignee');
    for (const key of ['assignee', 'status', 'created']) expect(aSprint).not.toHaveProperty(key);
  });
});

describe('the untraced sprint work in the stored document', () => {
  it('keeps the keys in natural order, at most UNTRACED_KEYS_STORED of them', () => {
    const active = sprint(1, { state: 'active' });
    const issues = Array.from({ length: UNTRACED_KEYS_STORED + 10 }, (_, i) => issue(`TEST-${UNTRACED_KEYS_STORED + 10 - i}`, { sprints: [{ id: 1, name: 'S1', state: 'active' }] }));
    const data = project({ issues, sprints: [active] });
    const dto = toStoredHealth(analyze(data, DEFAULT_CONFIG, '2025-04-10'), { projectKey: 'TEST', data }, '2025-04-10T06:00:00.000Z');
    expect(dto.traceability.sprintWork).toBe(UNTRACED_KEYS_STORED + 10);
    expect(dto.traceability.untracedKeys).toHaveLength(UNTRACED_KEYS_STORED);
    expect(dto.traceability.untracedKeys!.slice(0, 3)).toEqual(['TEST-1', 'TEST-2', 'TEST-3']);
  });
});
