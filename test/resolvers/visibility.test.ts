/**
 * The viewer's visibility check of stored findings: one `key in (…)` search as the viewer per
 * batch of keys; a batch Jira refuses (a key that does not exist or is hidden) is split until the
 * refused keys stand alone; invalid keys never reach the JQL.
 */
import type { JiraClient } from '../../src/jira/client';
import { JiraBadRequestError } from '../../src/jira/errors';
import { MAX_VISIBILITY_SEARCHES, visibleIssueKeys } from '../../src/resolvers/jira-viewer';

const unused = () => Promise.reject(new Error('not used by the visibility check'));

/**
 * A client whose key search sees `visible`, refuses (400) any query naming a key in `refused`,
 * and answers at most `pageSize` keys a page (as Jira may), with a token for the rest.
 */
function fakeClient(visible: ReadonlySet<string>, refused: ReadonlySet<string>, pageSize = 5000) {
  const queries: string[] = [];
  const client: JiraClient = {
    siteUrl: 'https://acme.atlassian.net',
    issueTypes: unused,
    fields: unused,
    project: unused,
    projects: unused,
    versions: unused,
    boards: unused,
    sprints: unused,
    board: unused,
    searchPage: unused,
    searchIds: unused,
    bulkFetch: unused,
    approximateCount: unused,
    issueWithParent: unused,
    myPermissions: unused,
    async searchKeys(request) {
      queries.push(request.jql);
      const keys = /^key in \((.*)\)$/.exec(request.jql)?.[1]?.split(', ') ?? [];
      const bad = keys.find((k) => refused.has(k));
      if (bad !== undefined) throw new JiraBadRequestError(`An issue with key '${bad}' does not exist for field 'key'.`, 'POST /rest/api/3/search/jql', [`An issue with key '${bad}' does not exist for field 'key'.`]);
      const found = keys.filter((k) => visible.has(k));
      const offset = request.nextPageToken === undefined ? 0 : Number(request.nextPageToken);
      const page = found.slice(offset, offset + pageSize);
      const next = offset + page.length < found.length ? String(offset + page.length) : undefined;
      return { keys: page, nextPageToken: next };
    },
  };
  return { client, queries };
}

test('one search for a page of visible keys; invalid keys never reach the JQL', async () => {
  const { client, queries } = fakeClient(new Set(['ACME-1', 'ACME-2', 'ACME-3']), new Set());
  const visible = await visibleIssueKeys(client, ['ACME-1', 'ACME-2', 'ACME-2', 'ACME-3', 'x) OR project = SECRET AND (key', 'acme-4']);
  expect([...visible].sort()).toEqual(['ACME-1', 'ACME-2', 'ACME-3']);
  expect(queries).toEqual(['key in (ACME-1, ACME-2, ACME-3)']);
});

test('a refused batch is split until the hidden keys stand alone; they are left out', async () => {
  const keys = Array.from({ length: 16 }, (_, i) => `ACME-${i + 1}`);
  const hidden = new Set(['ACME-5', 'ACME-12']);
  const { client, queries } = fakeClient(new Set(keys.filter((k) => !hidden.has(k))), hidden);
  const visible = await visibleIssueKeys(client, keys);
  expect([...visible].sort()).toEqual(keys.filter((k) => !hidden.has(k)).sort());
  expect(queries.length).toBeGreaterThan(1);
  expect(queries.length).toBeLessThanOrEqual(MAX_VISIBILITY_SEARCHES);
});

test('past the search limit unconfirmed keys count as hidden (fail closed), with a log line', async () => {
  const keys = Array.from({ length: 100 }, (_, i) => `ACME-${i + 1}`);
  const hidden = new Set(keys.filter((_, i) => i % 3 === 0));
  const { client, queries } = fakeClient(new Set(keys), hidden);
  const logs: string[] = [];
  const visible = await visibleIssueKeys(client, keys, (m) => logs.push(m));
  expect(queries).toHaveLength(MAX_VISIBILITY_SEARCHES);
  for (const key of hidden) expect(visible.has(key)).toBe(false);
  expect(logs[0]).toMatch(/treated as hidden/);
});

test('a key on a later page of the answer is visible (the search follows nextPageToken)', async () => {
  const keys = Array.from({ length: 7 }, (_, i) => `ACME-${i + 1}`);
  const { client, queries } = fakeClient(new Set(keys), new Set(), 3);
  const visible = await visibleIssueKeys(client, keys);
  expect([...visible].sort()).toEqual([...keys].sort());
  expect(queries).toHaveLength(3);
});

test('other Jira failures are not mistaken for hidden issues', async () => {
  const { client } = fakeClient(new Set(), new Set());
  const failing: JiraClient = { ...client, searchKeys: () => Promise.reject(new Error('Jira is down')) };
  await expect(visibleIssueKeys(failing, ['ACME-1'])).rejects.toThrow('Jira is down');
});
