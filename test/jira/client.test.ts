/** The Jira client against the emulator: typed errors, permissions, visibility, paging. */
import { rm } from 'node:fs/promises';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import {
  JiraAuthError,
  JiraBadRequestError,
  JiraNotFoundError,
  JiraRateLimitError,
} from '../../src/jira/errors';
import { createJiraClient, CORE_ISSUE_FIELDS, type RecordedResponse } from '../../src/jira/client';
import { scanProject, projectJql } from '../../src/jira/scan';
import { jiraPath, type JiraTransport } from '../../src/jira/transport';
import { emulatorClient, fastRetry, TINY, writeSyntheticSnapshot } from '../emulator/helpers';

let tiny: RunningEmulator;
let synthetic: string;
let syn: RunningEmulator;

beforeAll(async () => {
  tiny = await startEmulator({
    snapshotDir: TINY,
    users: { 'restricted@example.com': { hiddenIssues: ['TINY-3', 'TINY-6'], deniedPermissions: ['ADMINISTER_PROJECTS'] }, 'outsider@example.com': { hiddenProjects: ['TINY'] } },
  });
  synthetic = await writeSyntheticSnapshot(120, 120);
  syn = await startEmulator({ snapshotDir: synthetic, credentials: { email: 'owner@example.com', apiToken: 'secret' } });
});
afterAll(async () => {
  await tiny.close();
  await syn.close();
  await rm(synthetic, { recursive: true, force: true });
});
beforeEach(() => {
  tiny.setFaults([]);
  syn.setFaults([]);
});

test('reads every endpoint, checked', async () => {
  const client = emulatorClient(tiny.url);
  expect((await client.issueTypes()).map((t) => t.hierarchyLevel)).toEqual([2, 1, 0, -1]);
  expect((await client.project('TINY')).name).toBe('Tiny');
  expect(await client.boards('TINY')).toEqual([{ id: 12, name: 'TINY board', type: 'scrum' }]);
  expect((await client.sprints(12)).map((s) => s.state)).toEqual(['closed', 'closed', 'active']);
  const page = await client.searchPage({ jql: projectJql('TINY'), fields: [...CORE_ISSUE_FIELDS, 'customfield_10007'], maxResults: 3 }, 'customfield_10007');
  expect(page.issues.map((i) => i.key)).toEqual(['TINY-1', 'TINY-2', 'TINY-3']);
  expect(page.isLast).toBe(false);
  const next = await client.searchPage({ jql: projectJql('TINY'), fields: [...CORE_ISSUE_FIELDS], maxResults: 3, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) });
  expect(next.issues[0]!.key).toBe('TINY-4');
  const issue = await client.issueWithParent('TINY-6', 'customfield_10007');
  expect(issue.fields.parent?.key).toBe('TINY-3');
  expect(issue.fields.parent?.fields?.issuetype?.hierarchyLevel).toBe(1);
  expect(await client.myPermissions(['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS'], 'TINY')).toEqual({ BROWSE_PROJECTS: true, ADMINISTER_PROJECTS: true });
});

test('the scan asks only for the fields the core needs, by key ranges or by search pages of 100', async () => {
  const bodies: unknown[] = [];
  const client = emulatorClient(tiny.url, { record: (r: RecordedResponse) => r.kind === 'search' && bodies.push(r.json) });
  const raw = await scanProject(client, 'TINY');
  expect(raw.issues).toHaveLength(8);
  const fields = new Set(raw.issues.flatMap((i) => Object.keys(i.fields)));
  for (const f of fields) expect([...CORE_ISSUE_FIELDS, 'customfield_10007']).toContain(f);
  // 8 issues: one key range of one page (the highest-key search is not a page of issues).
  expect(bodies).toHaveLength(1);
  const paged = await scanProject(client, 'TINY', { issueReads: 'search-pages' });
  expect(paged).toEqual(raw);
  expect(bodies).toHaveLength(2);
});

test('a user who may not browse some issues does not get them', async () => {
  const restricted = emulatorClient(tiny.url, { email: 'restricted@example.com' });
  const raw = await scanProject(restricted, 'TINY');
  expect(raw.issues.map((i) => i.key)).not.toContain('TINY-3');
  expect(raw.issues.map((i) => i.key)).not.toContain('TINY-6');
  expect(raw.issues).toHaveLength(6);
  await expect(restricted.issueWithParent('TINY-6')).rejects.toThrow(JiraNotFoundError);
  await expect(restricted.issueWithParent('TINY-6')).rejects.toThrow('issue TINY-6 does not exist on http://127.0.0.1:');
  expect(await restricted.myPermissions(['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS'], 'TINY')).toEqual({ BROWSE_PROJECTS: true, ADMINISTER_PROJECTS: false });
  // Jira says the same for an issue hidden by a JQL key clause: it "does not exist".
  await expect(restricted.searchPage({ jql: 'key = TINY-6', fields: ['summary'] })).rejects.toThrow(JiraBadRequestError);

  const outsider = emulatorClient(tiny.url, { email: 'outsider@example.com' });
  await expect(scanProject(outsider, 'TINY')).rejects.toThrow(/project TINY does not exist on .*, or you cannot browse it \(HTTP 404/);
});

test('401, 403 and 404 become typed errors a person understands', async () => {
  await expect(emulatorClient(syn.url, { email: 'owner@example.com', apiToken: 'wrong' }).project('SYN')).rejects.toThrow(JiraAuthError);
  await expect(emulatorClient(syn.url, { email: 'owner@example.com', apiToken: 'wrong' }).project('SYN')).rejects.toThrow(/check JIRA_EMAIL and JIRA_API_TOKEN/);
  const owner = emulatorClient(syn.url, { email: 'owner@example.com', apiToken: 'secret' });
  await expect(owner.project('NOPE')).rejects.toThrow(JiraNotFoundError);
  await expect(owner.sprints(4242)).rejects.toThrow(/board 4242 does not exist/);
  // 403: the emulator has no forbidden endpoint of its own; a transport that answers 403.
  const forbidden: JiraTransport = { request: async () => ({ status: 403, header: () => null, json: { errorMessages: ['Forbidden'] }, text: '' }) };
  await expect(createJiraClient(forbidden).versions('SECRET')).rejects.toThrow('you cannot browse project SECRET (HTTP 403 to GET /rest/api/3/project/SECRET/versions): Forbidden');
});

test('agile paging: 120 sprints come in three pages of 50; a kanban board has none', async () => {
  const owner = emulatorClient(syn.url, { email: 'owner@example.com', apiToken: 'secret' });
  syn.resetCounters();
  const sprints = await owner.sprints(70);
  expect(sprints).toHaveLength(120);
  expect(new Set(sprints.map((s) => s.id)).size).toBe(120);
  expect(syn.counters.byOperation.sprints).toBe(3);
  expect(await owner.sprints(71)).toEqual([]);
});

test('the emulator caps maxResults as Jira does', async () => {
  const owner = emulatorClient(syn.url, { email: 'owner@example.com', apiToken: 'secret' });
  const page = await owner.searchPage({ jql: projectJql('SYN'), fields: ['summary', 'issuetype', 'status', 'updated'], maxResults: 1000 });
  expect(page.issues).toHaveLength(100);
  const auth = { Authorization: `Basic ${Buffer.from('owner@example.com:secret').toString('base64')}`, 'Content-Type': 'application/json' };
  const ids = (await (await fetch(`${syn.url}/rest/api/3/search/jql`, { method: 'POST', headers: auth, body: JSON.stringify({ jql: 'project = SYN', maxResults: 10_000 }) })).json()) as {
    issues: { id: string }[];
    isLast: boolean;
  };
  expect(ids.issues).toHaveLength(120);
  expect(ids.isLast).toBe(true);
  expect(Object.keys(ids.issues[0]!)).not.toContain('fields');
  const boards = (await (await fetch(`${syn.url}/rest/agile/1.0/board?maxResults=500`, { headers: auth })).json()) as { maxResults: number };
  expect(boards.maxResults).toBe(50);
  const badToken = await fetch(`${syn.url}/rest/api/3/search/jql`, { method: 'POST', headers: auth, body: JSON.stringify({ jql: 'project = SYN', nextPageToken: 'forged' }) });
  expect(badToken.status).toBe(400);
});

test('rate limits that outlast the retries, and bodies of the wrong shape, are reported as such', async () => {
  tiny.setFaults([{ kind: 'rate-limit', operations: ['field'], retryAfterSeconds: 1 }]);
  await expect(emulatorClient(tiny.url, { retry: { ...fastRetry(), maxAttempts: 3 } }).fields()).rejects.toThrow(JiraRateLimitError);
  tiny.setFaults([{ kind: 'rate-limit', operations: ['field'], retryAfterSeconds: 600 }]);
  await expect(emulatorClient(tiny.url).fields()).rejects.toThrow(/asks to wait 600 s/);
  tiny.setFaults([{ kind: 'malformed', operations: ['search'], body: 'wrong-shape' }]);
  await expect(emulatorClient(tiny.url).searchPage({ jql: projectJql('TINY'), fields: ['summary'] })).rejects.toThrow(
    /unexpected response to POST \/rest\/api\/3\/search\/jql: issues: /,
  );
});

test('unchecked text never reaches a path or JQL', async () => {
  const client = emulatorClient(tiny.url);
  await expect(client.project('TINY/../x')).rejects.toThrow('is not a Jira project key');
  await expect(client.issueWithParent('TINY-1 OR 1=1')).rejects.toThrow('is not a Jira issue key');
  expect(() => projectJql('tiny" OR project = "X')).toThrow('is not a Jira project key');
  expect(() => jiraPath`/rest/api/3/issue/${'../../admin'}`).toThrow();
});

test("a bulk permission check of 3,500 projects: 1,000 ids a request, the requests sent at once (a site of 10,000 projects waits one round, not ten)", async () => {
  let inFlight = 0;
  let most = 0;
  const asked: number[][] = [];
  const transport: JiraTransport = {
    async request(request) {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      const projects = (request.body as { projectPermissions: { projects: number[] }[] }).projectPermissions[0]!.projects;
      asked.push(projects);
      const json = { globalPermissions: [], projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: projects.filter((id) => id % 2 === 0) }] };
      return { status: 200, header: () => null, json, text: JSON.stringify(json) };
    },
  };
  const ids = Array.from({ length: 3_500 }, (_, i) => String(10_000 + i));
  const granted = await createJiraClient(transport, { retry: fastRetry() }).projectsWithPermission!('BROWSE_PROJECTS', ids);
  expect(granted.size).toBe(1_750);
  expect(asked.map((a) => a.length).sort((a, b) => b - a)).toEqual([1_000, 1_000, 1_000, 500]);
  expect(most).toBe(4);
});
