/**
 * What an issue event (avi:jira:created|updated|deleted:issue) says about the stored issue sets,
 * pure: the project whose set it touches, and whether the issue leaves it. A move to another
 * project arrives as an update of the issue in its new project whose changelog names the old key
 * (field "Key"): the old project is told the issue is gone, the new one that it changed.
 */
import { z } from 'zod';
import { isProjectKey } from '../core/project-key';
import type { IssueChange } from './incremental';

const issueEventSchema = z.looseObject({
  eventType: z.string().optional(),
  issue: z.looseObject({
    id: z.union([z.string(), z.number()]).optional(),
    key: z.string().optional(),
    fields: z.looseObject({ project: z.looseObject({ key: z.string() }).optional() }).optional(),
  }),
  changelog: z
    .looseObject({ items: z.array(z.looseObject({ field: z.string().optional(), fromString: z.string().nullish(), toString: z.string().nullish() })).optional() })
    .nullish(),
});

export interface ProjectIssueChange {
  projectKey: string;
  /** Null when the event names no issue id (the project is still marked stale). */
  change: IssueChange | null;
}

function projectOfKey(key: string | null | undefined): string | undefined {
  const projectKey = key?.replace(/-\d+$/, '');
  return isProjectKey(projectKey) ? projectKey : undefined;
}

/** The projects an issue event touches; empty when it names none. */
export function changesOfIssueEvent(event: unknown): ProjectIssueChange[] {
  const parsed = issueEventSchema.safeParse(event);
  if (!parsed.success) return [];
  const { issue, eventType, changelog } = parsed.data;
  const projectKey = issue.fields?.project?.key ?? projectOfKey(issue.key);
  if (!isProjectKey(projectKey)) return [];
  const issueId = issue.id === undefined ? undefined : String(issue.id);
  const idOk = issueId !== undefined && /^\d{1,18}$/.test(issueId);
  const deleted = eventType === 'avi:jira:deleted:issue';
  const out: ProjectIssueChange[] = [{ projectKey, change: idOk ? { issueId, gone: deleted } : null }];
  if (!deleted && idOk) {
    for (const item of changelog?.items ?? []) {
      if (item.field?.toLowerCase() !== 'key') continue;
      const from = projectOfKey(item.fromString);
      if (from !== undefined && from !== projectKey && !out.some((o) => o.projectKey === from)) out.push({ projectKey: from, change: { issueId, gone: true } });
    }
  }
  return out;
}
