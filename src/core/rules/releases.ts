/**
 * Release rules: overdue versions, release-interval, missing-release, no-upcoming (level 3).
 */
import { addCalendarDays, calendarDaysBetween } from '../dates';
import { finding, type Finding } from '../findings';
import type { VersionRecord } from '../model';
import { days, describeIssue, plannedSprint, sprintMention, sprintStateOf, type RuleContext } from './context';

const isLive = (v: VersionRecord) => !v.released && !v.archived;

/** Unreleased, unarchived versions whose release date has passed. */
export function overdueVersions(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const version of ctx.data.versions) {
    if (!isLive(version) || !version.releaseDate) continue;
    const late = calendarDaysBetween(version.releaseDate, ctx.asOf);
    if (late > 0) {
      out.push(
        finding('overdue', 3, { versionId: version.id },
          `Version ${version.name} was due for release on ${version.releaseDate} and is not released (${days(late)} overdue).`),
      );
    }
  }
  return out;
}

/**
 * Consecutive released versions (by release date) too close together or too far apart;
 * the subject is the later one. Archived releases still count: they were shipped.
 */
export function releaseInterval(ctx: RuleContext): Finding[] {
  const { minIntervalDays, maxIntervalDays } = ctx.config.release;
  const released = ctx.data.versions
    .filter((v): v is VersionRecord & { releaseDate: string } => v.released && v.releaseDate !== null)
    .sort((a, b) => a.releaseDate.localeCompare(b.releaseDate) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const out: Finding[] = [];
  for (let i = 1; i < released.length; i++) {
    const previous = released[i - 1]!;
    const current = released[i]!;
    const gap = calendarDaysBetween(previous.releaseDate, current.releaseDate);
    if (gap > maxIntervalDays || gap < minIntervalDays) {
      const side = gap > maxIntervalDays ? 'too long' : 'too short';
      out.push(
        finding('release-interval', 3, { versionId: current.id },
          `Version ${current.name} shipped ${days(gap)} after ${previous.name} (${side}; cadence ${minIntervalDays}–${maxIntervalDays} days).`),
      );
    }
  }
  return out;
}

/**
 * "Story ACME-3 is planned into active sprint "S7" but has no fix version."; a viewer who may not
 * see the sprint's board gets "… into an active sprint you cannot see …".
 */
export function missingReleaseMessage(head: string, state: string | undefined, sprintName: string | null): string {
  const into = sprintName !== null ? `${state} sprint "${sprintName}"` : `${state === 'active' ? 'an active' : 'a future'} sprint you cannot see`;
  return `${head} is planned into ${into} but has no fix version.`;
}

/** Open base-level work in an active or future sprint with no fix version. */
export function missingRelease(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const issue of ctx.data.issues) {
    if (issue.fixVersionIds.length > 0) continue;
    const planned = plannedSprint(ctx, issue);
    if (!planned) continue;
    out.push(
      finding('missing-release', 3, { issueKey: issue.key },
        missingReleaseMessage(describeIssue(issue), sprintStateOf(ctx, planned), planned.name), undefined, [sprintMention(ctx, planned)]),
    );
  }
  return out;
}

/** No unreleased, unarchived version due between the as-of date and the longest interval ahead. */
export function noUpcomingRelease(ctx: RuleContext): Finding[] {
  const window = ctx.config.release.maxIntervalDays;
  const horizon = addCalendarDays(ctx.asOf, window);
  const upcoming = ctx.data.versions.some(
    (v) => isLive(v) && v.releaseDate !== null && v.releaseDate >= ctx.asOf && v.releaseDate <= horizon,
  );
  if (upcoming) return [];
  return [finding('no-upcoming', 3, {}, `No unreleased version is due in the next ${window} days (by ${horizon}).`)];
}
