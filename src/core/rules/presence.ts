/**
 * Which levels the project plans at: item counts per level and level-absent.
 */
import { businessDaysBetween, calendarDateOf } from '../dates';
import { finding, type Finding } from '../findings';
import { isInProgress } from '../hierarchy';
import { BASE_HIERARCHY_LEVEL, LEVELS, type Level } from '../levels';
import { plannedSprint, type RuleContext } from './context';

/** Work updated within this many business days shows the daily level is alive. */
const DAILY_ACTIVITY_WINDOW_BUSINESS_DAYS = 10;

/**
 * Items each level holds: vision items and epics (with parents known only from their
 * children); versions plus the sprint work a release should carry; sprints plus base-level
 * work; in-progress base work plus sub-tasks.
 */
export function levelItems(ctx: RuleContext): Record<Level, number> {
  const counts: Record<Level, number> = { 1: 0, 2: 0, 3: ctx.data.versions.length, 4: ctx.data.sprints.length, 5: 0 };
  for (const issue of ctx.data.issues) {
    const level = ctx.hierarchy.levelOf(issue);
    if (level === 1 || level === 2) counts[level]++;
    else if (level === 4) {
      counts[4]++;
      if (isInProgress(issue)) counts[5]++;
      if (plannedSprint(ctx, issue)) counts[3]++;
    } else counts[5]++;
  }
  for (const node of ctx.hierarchy.externalParentNodes()) {
    if (node.level === 1 || node.level === 2) counts[node.level]++;
  }
  return counts;
}

function hasRecentWork(ctx: RuleContext): boolean {
  return ctx.data.issues.some(
    (issue) =>
      issue.hierarchyLevel <= BASE_HIERARCHY_LEVEL &&
      businessDaysBetween(calendarDateOf(issue.updated), ctx.asOf) <= DAILY_ACTIVITY_WINDOW_BUSINESS_DAYS,
  );
}

const ABSENT_MESSAGES: Record<Level, string> = {
  1: 'The project has no initiatives (or higher-level items): nothing carries the product vision.',
  2: 'The project has no epics: nothing carries the roadmap.',
  3: 'The project has no versions: nothing carries the release plan.',
  4: 'The project\'s boards have no sprints: nothing carries the iteration plan.',
  5: `No story, task, bug or sub-task was updated in the last ${DAILY_ACTIVITY_WINDOW_BUSINESS_DAYS} business days: there is no daily work to see.`,
};

/**
 * A level is absent when its construct is missing: no vision items, no epics (parents known
 * only from their children count), no versions, no sprints on the project's boards, or no
 * base work or sub-task updated within the activity window.
 */
export function levelAbsent(ctx: RuleContext, items: Record<Level, number>): Finding[] {
  const present: Record<Level, () => boolean> = {
    1: () => items[1] > 0,
    2: () => items[2] > 0,
    3: () => ctx.data.versions.length > 0,
    4: () => ctx.data.sprints.length > 0,
    5: () => hasRecentWork(ctx),
  };
  const absent = LEVELS.filter((level) => !present[level]());
  return absent.map((level) => finding('level-absent', level, {}, ABSENT_MESSAGES[level]));
}
