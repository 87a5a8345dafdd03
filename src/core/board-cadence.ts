/**
 * Each board's sprint cadence, so every team of a project with several boards sees its own:
 * how many dated sprints the board ran, their usual planned length, and the sprint findings
 * (off-length, overrun, gap) that fall on it, with the longest gap. Pure; it reads the findings
 * the rules gave and adds none.
 */
import { elapsedDays } from './dates';
import type { Finding } from './findings';
import type { ProjectData } from './model';
import { datedSprintsByBoard, gapBetween } from './rules/sprints';

export interface BoardCadence {
  boardId: number;
  /** The board's name; "Board N" when the project's board list does not name it (a sprint of another board). */
  boardName: string;
  /** Dated sprints of the board (closed, active and planned with dates). */
  sprints: number;
  /** The median planned length of those sprints, in days to one decimal. */
  medianLengthDays: number;
  /** Findings on the board's sprints, by kind. */
  offLength: number;
  overruns: number;
  gaps: number;
  /** The longest time between one sprint's end and the next one's start (0 when they overlap), in days to one decimal; null with one sprint. */
  longestGapDays: number | null;
  /** The sprint running now, if any. */
  activeSprint: { id: number; name: string } | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The cadence of every board with dated sprints, in the project's board order (others after, by id). */
export function boardCadences(data: Pick<ProjectData, 'boards' | 'sprints'>, findings: readonly Finding[]): BoardCadence[] {
  const byBoard = datedSprintsByBoard(data.sprints);
  const boardOfSprint = new Map<number, number>(data.sprints.map((s) => [s.id, s.boardId]));
  const counts = new Map<number, { offLength: number; overruns: number; gaps: number }>();
  for (const f of findings) {
    if (f.sprintId === undefined) continue;
    const boardId = boardOfSprint.get(f.sprintId);
    if (boardId === undefined) continue;
    const c = counts.get(boardId) ?? { offLength: 0, overruns: 0, gaps: 0 };
    if (f.kind === 'sprint-length') c.offLength++;
    else if (f.kind === 'sprint-overrun') c.overruns++;
    else if (f.kind === 'cadence-gap') c.gaps++;
    counts.set(boardId, c);
  }
  const order = new Map(data.boards.map((b, i) => [b.id, i]));
  const names = new Map(data.boards.map((b) => [b.id, b.name]));
  return [...byBoard.keys()]
    .sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a - b)
    .map((boardId) => {
      const sprints = byBoard.get(boardId)!;
      const gaps = sprints.slice(1).map((next, i) => gapBetween(sprints[i]!, next));
      const active = sprints.find((s) => s.state === 'active');
      return {
        boardId,
        boardName: names.get(boardId) ?? `Board ${boardId}`,
        sprints: sprints.length,
        medianLengthDays: oneDecimal(median(sprints.map((s) => elapsedDays(s.startDate, s.endDate)))),
        ...(counts.get(boardId) ?? { offLength: 0, overruns: 0, gaps: 0 }),
        longestGapDays: gaps.length === 0 ? null : oneDecimal(Math.max(0, ...gaps)),
        activeSprint: active ? { id: active.id, name: active.name } : null,
      };
    });
}
