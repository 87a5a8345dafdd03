/**
 * The search page's fast path accepts only what the zod schemas accept: for every mutation of
 * every field the app reads, either both accept, or the fast path declines and zod decides.
 */
import { isPlainSearchPage, parseSearchPage, searchPageSchema, sprintFieldSchema } from '../../src/jira/schemas';

const SPRINT = 'customfield_10020';

function validIssue(): Record<string, unknown> {
  return {
    id: '10001',
    key: 'FIX-1',
    self: 'https://x.atlassian.net/rest/api/3/issue/10001',
    fields: {
      summary: 'Do it',
      issuetype: { id: '3', name: 'Story', subtask: false, hierarchyLevel: 0 },
      status: { name: 'In Progress', statusCategory: { key: 'indeterminate', id: 4 } },
      updated: '2025-04-09T10:00:00.000+0000',
      created: '2025-01-02T09:00:00.000+0000',
      duedate: '2025-04-30',
      fixVersions: [{ id: '2', name: 'v2', released: false, archived: false, releaseDate: '2025-05-01' }],
      assignee: { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' },
      parent: { id: '10000', key: 'FIX-0', fields: { summary: 'Epic', status: { name: 'Done', statusCategory: { key: 'done' } }, issuetype: { name: 'Epic', hierarchyLevel: 1 } } },
      project: { id: '100', key: 'FIX' },
      [SPRINT]: [{ id: 2, name: 'S2', state: 'active', boardId: 7, startDate: '2025-04-07T09:00:00.000Z', endDate: '2025-04-21T09:00:00.000Z' }],
    },
  };
}

const PATHS = [
  'id', 'key', 'fields', 'fields.summary', 'fields.issuetype', 'fields.issuetype.id', 'fields.issuetype.name', 'fields.issuetype.subtask',
  'fields.issuetype.hierarchyLevel', 'fields.status', 'fields.status.name', 'fields.status.statusCategory', 'fields.status.statusCategory.key',
  'fields.updated', 'fields.created', 'fields.duedate', 'fields.fixVersions', 'fields.fixVersions.0', 'fields.fixVersions.0.id', 'fields.fixVersions.0.name',
  'fields.fixVersions.0.released', 'fields.fixVersions.0.archived', 'fields.fixVersions.0.releaseDate', 'fields.assignee', 'fields.assignee.accountId',
  'fields.assignee.displayName',
  'fields.parent', 'fields.parent.id', 'fields.parent.key', 'fields.parent.fields', 'fields.parent.fields.summary', 'fields.parent.fields.status',
  'fields.parent.fields.status.statusCategory', 'fields.parent.fields.issuetype', 'fields.parent.fields.issuetype.name', 'fields.parent.fields.issuetype.hierarchyLevel',
  'fields.project', 'fields.project.id', 'fields.project.key', `fields.${SPRINT}`, `fields.${SPRINT}.0`, `fields.${SPRINT}.0.id`, `fields.${SPRINT}.0.name`,
  `fields.${SPRINT}.0.state`, `fields.${SPRINT}.0.boardId`, `fields.${SPRINT}.0.startDate`, `fields.${SPRINT}.0.endDate`, `fields.${SPRINT}.0.completeDate`,
];
const VALUES: unknown[] = [
  undefined, null, '', 'x', 0, 1.5, -1, 2 ** 60, true, [], {}, [1], 'active', 'sleeping',
  '2025-02-29', '2024-02-29', '2025-04-31', '2025-04-09T10:00:00.000+0000', '2025-04-09T24:00:00.000Z', '2025-02-30T10:00:00.000Z',
  '2025-04-09T10:00:00Z', '2025-04-09T10:00:00.000+05:60', '2025-04-09 10:00:00', '0000-01-01T00:00:00.000Z',
];

function mutate(issue: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = issue as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
}

function zodAccepts(page: unknown): boolean {
  const parsed = searchPageSchema.safeParse(page);
  if (!parsed.success) return false;
  return parsed.data.issues.every((issue) => sprintFieldSchema.safeParse(issue.fields[SPRINT]).success);
}

describe('the search page fast path', () => {
  test('accepts a valid page as it was parsed, uncopied', () => {
    const page = { issues: [validIssue()], isLast: true };
    expect(isPlainSearchPage(page, SPRINT)).toBe(true);
    const parsed = parseSearchPage(page, SPRINT);
    expect(parsed.ok && parsed.value).toBe(page);
  });

  test(`never accepts what zod refuses (${PATHS.length} fields × ${VALUES.length} values)`, () => {
    const wrongly: string[] = [];
    let declined = 0;
    for (const path of PATHS) {
      for (const value of VALUES) {
        const issue = validIssue();
        try {
          mutate(issue, path, value);
        } catch {
          continue; // the path's parent was replaced by an earlier part
        }
        const page = { issues: [issue], nextPageToken: 'n', isLast: false };
        const fast = isPlainSearchPage(page, SPRINT);
        const zod = zodAccepts(page);
        if (fast && !zod) wrongly.push(`${path} = ${JSON.stringify(value)}`);
        if (!fast && zod) declined++;
        // Whatever the path, parseSearchPage gives zod's verdict.
        if (parseSearchPage(page, SPRINT).ok !== zod) wrongly.push(`parseSearchPage differs from zod: ${path} = ${JSON.stringify(value)}`);
      }
    }
    expect(wrongly).toEqual([]);
    expect(declined).toBeLessThan(PATHS.length * VALUES.length / 10); // the fast path is the common path
  });

  test.each([
    [{ issues: 'none' }],
    [{ issues: [], isLast: 'yes' }],
    [{ issues: [], nextPageToken: 5 }],
    [[]],
    [null],
  ])('refuses a malformed envelope %j like zod', (page) => {
    expect(isPlainSearchPage(page, SPRINT)).toBe(false);
    expect(parseSearchPage(page, SPRINT).ok).toBe(false);
  });
});
