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
