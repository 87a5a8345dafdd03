/**
 * POST /rest/api/3/search/approximate-count as the emulator serves it (the OpenAPI's countIssues):
 * a body of { jql } only, answered { count } of what the same user's search finds; a bounded JQL
 * required and bad JQL a 400 in Jira's error shape; charged 1 point under the emulated quota,
 * however many issues it counts.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { projectCountJql, projectJql } from '../../src/jira/scan';
import { emulatorClient, TINY } from './helpers';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ snapshotDir: TINY, users: { 'guest@example.com': { hiddenIssues: ['TINY-2', 'TINY-7'] } }, rateLimits: { pointsPerHour: 1_000_000 } });
});
afterAll(() => emulator.close());

const auth = (email: string) => ({ Authorization: `Basic ${Buffer.from(`${email}:token`).toString('base64')}` });
async function count(body: unknown, email = 'tester@example.com'): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}/rest/api/3/search/approximate-count`, { method: 'POST', headers: { ...auth(email), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as unknown };
}

test('counts what the same user\'s search finds, issue-level visibility included', async () => {
  for (const email of ['tester@example.com', 'guest@example.com']) {
    const client = emulatorClient(emulator.url, { email });
    const ids = await client.searchIds({ jql: projectJql('TINY') });
    expect(await client.approximateCount(projectCountJql('TINY'))).toBe(ids.ids.length);
  }
  expect((await count({ jql: 'project = TINY' })).json).toEqual({ count: 8 });
  expect((await count({ jql: 'project = TINY' }, 'guest@example.com')).json).toEqual({ count: 6 });
  // An ORDER BY changes no count.
  expect((await count({ jql: 'project = TINY ORDER BY key DESC' })).json).toEqual({ count: 8 });
});

test('the count follows the site\'s changes as the search does', async () => {
  const client = emulatorClient(emulator.url);
  const template = emulator.site.issue('TINY-4')!;
  emulator.site.createIssue('TINY', { id: '990001', key: 'TINY-99', fields: template.fields as never });
  expect(await client.approximateCount(projectCountJql('TINY'))).toBe(9);
  emulator.site.deleteIssue('TINY-99');
  emulator.site.deleteIssue('TINY-8');
  expect(await client.approximateCount(projectCountJql('TINY'))).toBe(7);
  expect((await client.searchIds({ jql: projectJql('TINY') })).ids).toHaveLength(7);
});

test('bad or unbounded JQL and unknown body fields are a 400 in Jira\'s error shape', async () => {
  const unbounded = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
  for (const [body, message] of [
    [{ jql: 'ORDER BY key' }, unbounded],
    [{ jql: '' }, unbounded],
    [{}, unbounded],
    [{ jql: 'project = NOPE' }, "The value 'NOPE' does not exist for the field 'project'."],
    [{ jql: 'project = TINY AND' }, undefined],
    [{ jql: 'project = TINY', maxResults: 1 }, 'Unrecognized field "maxResults".'],
  ] as const) {
    const answer = await count(body);
    expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), 400]);
    expect(answer.json).toMatchObject({ errorMessages: [expect.any(String)] });
    if (message !== undefined) expect((answer.json as { errorMessages: string[] }).errorMessages[0]).toBe(message);
  }
});

test('charged 1 point under the emulated quota, however many it counts (an id page: 1 + its ids)', async () => {
  const client = emulatorClient(emulator.url);
  emulator.resetCounters();
  await client.approximateCount(projectCountJql('TINY'));
  expect(emulator.counters.byOperation.count).toBe(1);
  expect(emulator.counters.points).toBe(1);
  const ids = await client.searchIds({ jql: projectJql('TINY') });
  expect(emulator.counters.points).toBe(1 + 1 + ids.ids.length);
});
