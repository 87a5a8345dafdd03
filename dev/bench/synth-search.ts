/**
 * Search over a synthetic project's issues for the typed fakes of the Jira client
 * (test/helpers/synthetic-jira.ts, ./portfolio-site.ts): the JQL read by the emulator's parser
 * (dev/emulator/jql.ts), so a fake finds what the emulator — and Jira — would find (key ranges,
 * ORDER BY key DESC, updated since); pages by offset tokens.
 */
import type { JiraIssue, JiraProject } from '../../src/jira/schemas';
import { matches, parseJql, sortSubjects, type JqlSubject } from '../emulator/jql';

type Subject = JqlSubject & { issue: JiraIssue };

function subjectOf(issue: JiraIssue, project: Pick<JiraProject, 'key' | 'id'>): Subject {
  const fields = issue.fields as { status?: { statusCategory?: { key?: string } }; created?: string; updated?: string; parent?: { id?: string; key?: string } | null };
  return {
    issue,
    id: issue.id,
    key: issue.key,
    projectKey: project.key,
    projectId: project.id,
    parentKey: fields.parent?.key ?? undefined,
    parentId: fields.parent?.id ?? undefined,
    statusCategoryKey: fields.status?.statusCategory?.key,
    created: fields.created,
    updated: fields.updated,
  };
}

/** One page of a search of the project's issues: those the JQL finds, in its order, `maxResults` from `nextPageToken`. */
export function searchIssues(issues: readonly JiraIssue[], project: Pick<JiraProject, 'key' | 'id'>, request: { jql: string; nextPageToken?: string; maxResults?: number }) {
  const query = parseJql(request.jql);
  const found = sortSubjects(
    issues.map((issue) => subjectOf(issue, project)).filter((s) => matches(query, s)),
    query.orderBy,
  );
  const at = Number(request.nextPageToken ?? 0);
  const size = request.maxResults ?? 100;
  const isLast = at + size >= found.length;
  return { issues: found.slice(at, at + size).map((s) => s.issue), isLast, ...(isLast ? {} : { nextPageToken: String(at + size) }) };
}
