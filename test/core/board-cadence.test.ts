import { boardCadences } from '../../src/core/board-cadence';
import { project, run, sprint } from '../helpers/builders';

/** Sprint n of a board: two weeks from `start` (ISO date), completed an hour after its end unless told otherwise. */
function twoWeeks(id: number, boardId: number, start: string, overrides: Parameters<typeof sprint>[1] = {}) {
  const from = new Date(`${start}T09:00:00.000Z`);
  const end = new Date(from.getTime() + 14 * 86_400_000);
  return sprint(id, { boardId, name: `B${boardId} S${id}`, startDate: from.toISOString(), endDate: end.toISOString(), completeDate: new Date(end.getTime() + 3_600_000).toISOString(), ...overrides });
}

describe('each board’s sprint cadence', () => {
  const data = project({
    boards: [
      { id: 7, name: 'Web team', type: 'scrum' },
      { id: 3, name: 'Ops kanban', type: 'kanban' },
      { id: 5, name: 'Mobile team', type: 'scrum' },
    ],
    sprints: [
      // Web: on cadence, one after another, the last one running.
      twoWeeks(1, 7, '2025-02-03'),
      twoWeeks(2, 7, '2025-02-17'),
      twoWeeks(3, 7, '2025-03-03', { state: 'active', completeDate: null }),
      // Mobile: a 10-day sprint, a gap of a week, an overrun of three days.
      twoWeeks(11, 5, '2025-02-03', { endDate: '2025-02-13T09:00:00.000Z', completeDate: '2025-02-13T10:00:00.000Z' }),
      twoWeeks(12, 5, '2025-02-20', { completeDate: '2025-03-09T09:00:00.000Z' }),
      twoWeeks(13, 5, '2025-03-10', { state: 'future', completeDate: null }),
      // Undated: not part of any cadence.
      sprint(20, { boardId: 5, state: 'future', startDate: null, endDate: null, completeDate: null }),
    ],
  });

  it('gives each board with dated sprints its own length, gaps and overruns, in the project’s board order', () => {
    const report = run(data, '2025-03-12');
    const boards = boardCadences(data, report.findings);
    expect(boards).toEqual([
      { boardId: 7, boardName: 'Web team', sprints: 3, medianLengthDays: 14, offLength: 0, overruns: 0, gaps: 0, longestGapDays: 0, activeSprint: { id: 3, name: 'B7 S3' } },
      { boardId: 5, boardName: 'Mobile team', sprints: 3, medianLengthDays: 14, offLength: 1, overruns: 1, gaps: 1, longestGapDays: 7, activeSprint: null },
    ]);
    // The counts are the rules' findings, board by board.
    const sprintFindings = report.findings.filter((f) => f.sprintId !== undefined).map((f) => `${f.kind}:${f.sprintId}`);
    expect(sprintFindings.sort()).toEqual(['cadence-gap:12', 'sprint-length:11', 'sprint-overrun:12']);
  });

  it('names a board the project does not list by its id, after the listed ones', () => {
    const other = { ...data, sprints: [...data.sprints, twoWeeks(30, 99, '2025-03-03')] };
    const boards = boardCadences(other, []);
    expect(boards.map((b) => b.boardName)).toEqual(['Web team', 'Mobile team', 'Board 99']);
    expect(boards[2]).toMatchObject({ sprints: 1, longestGapDays: null });
  });

  it('is empty without dated sprints', () => {
    expect(boardCadences(project({ sprints: [sprint(1, { startDate: null, endDate: null })] }), [])).toEqual([]);
  });
});
