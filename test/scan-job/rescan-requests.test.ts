/**
 * What a rescan asks Jira, against the emulator: `reconcileIssues` as the OpenAPI describes it
 * (at most 50 issue ids, checked by the emulator as Jira does), board sprints filtered by state,
 * and id-only pages of 5,000.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { createJiraClient, type JiraClient } from '../../src/jira/client';
import { JiraBadRequestError } from '../../src/jira/errors';
import { createNodeTransport } from '../../src/jira/node-transport';
import { changedSinceJql, projectJql, searchFieldsFor } from '../../src/jira/scan';
import { DEMO } from '../emulator/helpers';

let emulator: RunningEmulator;
let client: JiraClient;
beforeAll(async () => {
  emulator = await startEmulator({ snapshotDir: DEMO });
  client = createJiraClient(createNodeTransport({ baseUrl: emulator.url }), { retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await emulator.close();
});

test('the changed-issue search takes up to 50 reconcileIssues; more is a 400, as Jira answers', async () => {
  const { jql } = changedSinceJql('ACME', Date.parse('2020-01-01T00:00:00Z'));
  const ids = Array.from({ length: 50 }, (_, i) => 10_000 + i);
  const page = await client.searchPage({ jql, fields: searchFieldsFor(undefined), maxResults: 100, reconcileIssues: ids });
  expect(page.issues.length).toBeGreaterThan(0);
  await expect(client.searchPage({ jql, fields: searchFieldsFor(undefined), maxResults: 100, reconcileIssues: [...ids, 99_999] })).rejects.toThrow(JiraBadRequestError);
});

test('a board lists only its active and future sprints when asked', async () => {
  const boardId = (await client.boards('ACME'))[0]!.id;
  const all = await client.sprints(boardId);
  const open = await client.sprints(boardId, ['active', 'future']);
  expect(all.some((s) => s.state === 'closed')).toBe(true);
  expect(open).toEqual(all.filter((s) => s.state !== 'closed'));
});

test('an id-only search answers a project of hundreds of issues in one page (Jira pages ids by up to 5,000)', async () => {
  const page = await client.searchIds({ jql: projectJql('ACME') });
  expect(page.ids.length).toBeGreaterThan(100);
  expect(page.ids.every((id) => /^\d+$/.test(id))).toBe(true);
  expect(page.nextPageToken).toBeUndefined();
});
