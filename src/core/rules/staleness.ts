/**
 * Time rules on issues: stale (levels 1, 2 and 5) and overdue (levels 1 and 2).
 */
import { businessDaysBetween, calendarDateOf, calendarDaysBetween } from '../dates';
import { finding, type Finding } from '../findings';
import { isInProgress, isOpen } from '../hierarchy';
import { BASE_HIERARCHY_LEVEL } from '../levels';
import { days, describeIssue, type RuleContext } from './context';

export function stale(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const { vision, roadmap, daily } = ctx.config;
  for (const issue of ctx.data.issues) {
    if (!isOpen(issue)) continue;
    const level = ctx.hierarchy.levelOf(issue);
    const updatedOn = calendarDateOf(issue.updated);
    if (level === 1 || level === 2) {
      const limit = level === 1 ? vision.staleAfterDays : roadmap.staleAfterDays;
      const age = calendarDaysBetween(updatedOn, ctx.asOf);
      if (age > limit) {
        out.push(
          finding('stale', level, { issueKey: issue.key },
            `${describeIssue(issue)} has not been updated for ${days(age)} (last ${updatedOn}; stale after ${days(limit)}).`),
        );
      }
    } else if (isInProgress(issue) && issue.hierarchyLevel <= BASE_HIERARCHY_LEVEL) {
      const age = businessDaysBetween(updatedOn, ctx.asOf);
      if (age > daily.staleAfterBusinessDays) {
        out.push(
          finding('stale', 5, { issueKey: issue.key },
            `${describeIssue(issue)} is in progress but has not been updated for ${days(age, 'business day')} (last ${updatedOn}; stale after ${days(daily.staleAfterBusinessDays, 'business day')}).`),
        );
      }
    }
  }
  return out;
}

/** Open vision items and epics past their due date (versions: see releases.ts). */
export function overdueIssues(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const issue of ctx.data.issues) {
    if (!issue.dueDate || !isOpen(issue)) continue;
    const level = ctx.hierarchy.levelOf(issue);
    if (level !== 1 && level !== 2) continue;
    const late = calendarDaysBetween(issue.dueDate, ctx.asOf);
    if (late > 0) {
      out.push(
        finding('overdue', level, { issueKey: issue.key },
          `${describeIssue(issue)} was due ${issue.dueDate} and is still ${issue.statusName} (${days(late)} overdue).`),
      );
    }
  }
  return out;
}
