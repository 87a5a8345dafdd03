/**
 * Sprint rules: sprint-length, sprint-overrun, cadence-gap, carry-over, no-upcoming (level 4).
 */
import { calendarDateOf, elapsedDays, instantOf } from '../dates';
import { finding, type Finding } from '../findings';
import { isOpen } from '../hierarchy';
import type { SprintRecord } from '../model';
import { days, describeIssue, MAX_NAMES_IN_MESSAGE, namesWithCount, sprintMention, type RuleContext } from './context';

type DatedSprint = SprintRecord & { startDate: string; endDate: string };
type Dated = DatedSprint;
const isDated = (s: SprintRecord): s is Dated => s.startDate !== null && s.endDate !== null;

/** The dated sprints of each board, in the order they started (ties by id). */
export function datedSprintsByBoard(sprints: readonly SprintRecord[]): Map<number, DatedSprint[]> {
  const byBoard = new Map<number, Dated[]>();
  for (const sprint of sprints) {
    if (!isDated(sprint)) continue;
    const list = byBoard.get(sprint.boardId);
    if (list) list.push(sprint);
    else byBoard.set(sprint.boardId, [sprint]);
  }
  for (const list of byBoard.values()) list.sort((a, b) => instantOf(a.startDate) - instantOf(b.startDate) || a.id - b.id);
  return byBoard;
}

/** Days from a sprint's completion (or end) to the next sprint's start on its board. */
export function gapBetween(previous: DatedSprint, next: DatedSprint): number {
  return elapsedDays(previous.completeDate ?? previous.endDate, next.startDate);
}

export function sprintLength(ctx: RuleContext): Finding[] {
  const { lengthDays, toleranceDays } = ctx.config.iteration;
  const out: Finding[] = [];
  for (const sprint of ctx.data.sprints) {
    if (!isDated(sprint)) continue;
    const length = elapsedDays(sprint.startDate, sprint.endDate);
    if (Math.abs(length - lengthDays) > toleranceDays) {
      out.push(
        finding('sprint-length', 4, { sprintId: sprint.id },
          `Sprint "${sprint.name}" is planned for ${days(length)} (cadence ${lengthDays} ± ${toleranceDays} days).`),
      );
    }
  }
  return out;
}

export function sprintOverrun(ctx: RuleContext): Finding[] {
  const tolerance = ctx.config.iteration.overrunToleranceDays;
  const out: Finding[] = [];
  for (const sprint of ctx.data.sprints) {
    if (!sprint.endDate) continue;
    if (sprint.state === 'closed' && sprint.completeDate) {
      const late = elapsedDays(sprint.endDate, sprint.completeDate);
      if (late > tolerance) {
        out.push(
          finding('sprint-overrun', 4, { sprintId: sprint.id },
            `Sprint "${sprint.name}" was completed ${days(late)} after its end date (tolerance ${days(tolerance)}).`),
        );
      }
    } else if (sprint.state === 'active' && calendarDateOf(sprint.endDate) < ctx.asOf) {
      out.push(
        finding('sprint-overrun', 4, { sprintId: sprint.id },
          `Sprint "${sprint.name}" is still active after its end date ${calendarDateOf(sprint.endDate)}.`),
      );
    }
  }
  return out;
}

/** Gaps between consecutive sprints of the same board; the subject is the later sprint. */
export function cadenceGap(ctx: RuleContext): Finding[] {
  const maxGap = ctx.config.iteration.maxGapDays;
  const boardNames = new Map(ctx.data.boards.map((b) => [b.id, b.name]));
  const out: Finding[] = [];
  for (const [boardId, sprints] of datedSprintsByBoard(ctx.data.sprints)) {
    for (let i = 1; i < sprints.length; i++) {
      const previous = sprints[i - 1]!;
      const next = sprints[i]!;
      const gap = gapBetween(previous, next);
      if (gap > maxGap) {
        const board = boardNames.has(boardId) ? `board "${boardNames.get(boardId)}"` : `board ${boardId}`;
        out.push(
          finding('cadence-gap', 4, { sprintId: next.id },
            `${days(gap)} passed between "${previous.name}" ending and "${next.name}" starting on ${board} (at most ${days(maxGap)}).`),
        );
      }
    }
  }
  return out;
}

/**
 * "Story ACME-9 has been in 7 sprints (S1, S2, S3, S4, S5 and 2 more) and is still open."; a
 * viewer's copy names only the sprints they may see, and none at all when they may see none.
 */
export function carryOverMessage(head: string, sprintCount: number, names: readonly string[]): string {
  if (names.length === 0) return `${head} has been in ${sprintCount} sprints and is still open.`;
  return `${head} has been in ${sprintCount} sprints (${namesWithCount(names, MAX_NAMES_IN_MESSAGE, sprintCount)}) and is still open.`;
}

export function carryOver(ctx: RuleContext): Finding[] {
  const limit = ctx.config.iteration.carryOverSprints;
  const out: Finding[] = [];
  for (const issue of ctx.data.issues) {
    if (!isOpen(issue) || issue.sprints.length < limit) continue;
    const distinct = new Map(issue.sprints.map((s) => [s.id, s]));
    if (distinct.size < limit) continue;
    const named = [...distinct.values()].slice(0, MAX_NAMES_IN_MESSAGE).map((s) => sprintMention(ctx, s));
    out.push(
      finding('carry-over', 4, { issueKey: issue.key },
        carryOverMessage(describeIssue(issue), distinct.size, [...distinct.values()].map((s) => s.name)), undefined, named),
    );
  }
  return out;
}

export function noUpcomingSprint(ctx: RuleContext): Finding[] {
  if (ctx.data.sprints.some((s) => s.state === 'active' || s.state === 'future')) return [];
  return [finding('no-upcoming', 4, {}, 'No sprint is active or planned on the project\'s boards.')];
}
