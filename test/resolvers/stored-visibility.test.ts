/**
 * Every answer built from the stored result goes through the viewer's view: a viewer who may
 * not browse some issues (a hidden project, issue security) gets no key, name or count of them
 * from scan/status or scan/findings; links are built from the site the viewer is on.
 */
import { createResolverHandlers, type ResolverHandlers } from '../../src/resolvers';
import { DEFAULT_BUDGET, failed, startRun } from '../../src/scan-state/scan-machine';
import { memoryConfigStore } from '../../src/storage/config-store';
import { ADMIN, FakeViewerJira, SITE, data, projectPageContext, storedResults, type Viewer } from './fakes';
import { acmeSite } from './site';
/** Sees ACME, but not project SEC, nor ACME-12 (issue security). */
const OUTSIDER: Viewer = { accountId: 'outsider-1', admin: false, projects: new Set(['ACME']), restricted: new Set(['ACME-12']) };
/** Sees every project. */
const EVERYONE: Viewer = { accountId: 'admin-2', admin: true, projects: new Set(['ACME', 'OTHER', 'SEC']) };
const GATEWAY = 'https://api.atlassian.com/ex/jira/8f0c2b9e-0000-4000-8000-000000000000';

function site() {
  return acmeSite().add(
    { key: 'SEC-1', type: 'initiative', status: 'doing', summary: 'Acquire Initech' },
    { key: 'ACME-9', type: 'story', parent: 'SEC-1', summary: 'Story under a secret initiative' },
    { key: 'ACME-10', type: 'epic', status: 'done', parent: 'ACME-1', summary: 'Done epic' },
    { key: 'ACME-11', type: 'story', parent: 'ACME-10' },
    { key: 'ACME-12', type: 'story', parent: 'ACME-10', summary: 'Restricted story' },
  );
}

async function setup() {
  const fakeSite = site();
  const { scale, states, results, store } = storedResults();
  // The stored result, computed as the app (it sees everything); Jira's self links are the gateway's.
  await store(fakeSite, 'ACME', (raw) => ({ ...raw, siteUrl: GATEWAY, project: { ...raw.project, self: `${GATEWAY}/rest/api/3/project/10000` } }));
  const as = (viewer: Viewer): { handlers: ResolverHandlers; jira: FakeViewerJira } => {
    const jira = new FakeViewerJira(fakeSite, viewer);
    const handlers = createResolverHandlers({ jiraForViewer: () => jira, store: memoryConfigStore(), now: () => new Date('2025-04-10T12:00:00.000Z'), logError: () => undefined, scale });
    return { handlers, jira };
  };
  return { as, states, results };
}

const LEAKS = /SEC-1|ACME-12|Initech|Initiative SEC|Restricted story|2 children/;

test('the admin sees the stored findings that name SEC-1 and ACME-12, with links to the site', async () => {
  const { as } = await setup();
  const { handlers } = as(EVERYONE);
  const status = data(await handlers['scan/status']({ payload: {}, context: projectPageContext(EVERYONE) }));
  const messages = status.result!.health.findings.map((f) => f.message);
  expect(messages).toContain('Story ACME-9 sits directly under Initiative SEC-1, skipping the epic level.');
  expect(messages).toContain('Epic ACME-10 is Done but 2 children are still open (ACME-11, ACME-12).');
  const skip = status.result!.health.findings.find((f) => f.kind === 'level-skip')!;
  expect(skip.url).toBe(`${SITE}/browse/ACME-9`);
  expect(status.result!.health.siteUrl).toBe(SITE);
});

test('a viewer who may not see SEC-1 (another project) nor ACME-12 (issue security) gets no key, name or count of them', async () => {
  const { as } = await setup();
  const { handlers } = as(OUTSIDER);
  const status = data(await handlers['scan/status']({ payload: {}, context: projectPageContext(OUTSIDER) }));
  const json = JSON.stringify(status);
  expect(json).not.toMatch(LEAKS);
  const messages = status.result!.health.findings.map((f) => f.message);
  expect(messages).toContain('Story ACME-9 sits directly under a parent you cannot see, skipping the epic level.');
  expect(messages).toContain('Epic ACME-10 is Done but a child is still open (ACME-11).');
  for (const level of [1, 2, 4] as const) {
    const page = data(await handlers['scan/findings']({ payload: { level, offset: 0 }, context: projectPageContext(OUTSIDER) }));
    expect(JSON.stringify(page)).not.toMatch(LEAKS);
  }
});

test('a finding whose subject the viewer cannot browse is left out and counted', async () => {
  const { as } = await setup();
  const limited: Viewer = { ...OUTSIDER, restricted: new Set(['ACME-12', 'ACME-9']) };
  const status = data(await as(limited).handlers['scan/status']({ payload: {}, context: projectPageContext(limited) }));
  expect(status.result!.health.findings.some((f) => f.issueKey === 'ACME-9')).toBe(false);
  expect(status.result!.hiddenFindings).toBeGreaterThan(0);
});

test("a scan's last error names only issues the viewer may browse", async () => {
  const { as, states } = await setup();
  const run = startRun('ACME', 'run2', 'manual', Date.parse('2025-04-10T11:59:00.000Z'), null);
  await states.putRun(failed(run, 'Jira refused the parent of ACME-11 (SEC-1) and ACME-12', Date.parse('2025-04-10T11:59:30.000Z'), DEFAULT_BUDGET).run);
  const status = data(await as(OUTSIDER).handlers['scan/status']({ payload: {}, context: projectPageContext(OUTSIDER) }));
  expect(status.scan?.lastError).toBe('Jira refused the parent of ACME-11 (an issue you cannot see) and an issue you cannot see');
});

test('the key check is made once per viewer and project, not on every poll', async () => {
  const { as } = await setup();
  const { handlers, jira } = as(OUTSIDER);
  for (let poll = 0; poll < 5; poll++) await handlers['scan/status']({ payload: {}, context: projectPageContext(OUTSIDER) });
  expect(jira.calls.filter((c) => c.startsWith('visibleIssueKeys'))).toHaveLength(1);
});

test('stored findings hold no address: links open the site the viewer is on, not the API gateway', async () => {
  const { as, results } = await setup();
  const stored = JSON.stringify([await results.summary('ACME'), await results.findings('ACME', 4, 0, 100)]);
  expect(stored).not.toContain('api.atlassian.com');
  expect(stored).not.toContain('"url"');
  const status = data(await as(ADMIN).handlers['scan/status']({ payload: {}, context: projectPageContext(ADMIN) }));
  const urls = status.result!.health.findings.flatMap((f) => (f.url ? [f.url] : []));
  expect(urls.length).toBeGreaterThan(3);
  for (const url of urls) expect(url.startsWith(`${SITE}/`)).toBe(true);
  const sprint = status.result!.health.findings.find((f) => f.sprintId === 1)!;
  expect(sprint.url).toBe(`${SITE}/secure/RapidBoard.jspa?rapidView=1&view=reporting&chart=sprintRetrospective&sprint=1`);
  expect(status.result!.health.findings.find((f) => f.versionId === '12')?.url).toBe(`${SITE}/projects/ACME/versions/12`);
});

test('the traceability card’s untraced sprint work names only the issues the viewer may browse', async () => {
  const fakeSite = site().add(
    { key: 'ACME-13', type: 'story', sprints: [2], summary: 'Untraced and visible' },
    { key: 'ACME-14', type: 'story', sprints: [2], summary: 'Untraced and restricted' },
  );
  const { scale, store } = storedResults();
  await store(fakeSite, 'ACME');
  const answer = async (viewer: Viewer) => {
    const handlers = createResolverHandlers({ jiraForViewer: () => new FakeViewerJira(fakeSite, viewer), store: memoryConfigStore(), now: () => new Date('2025-04-10T12:00:00.000Z'), logError: () => undefined, scale });
    return data(await handlers['scan/status']({ payload: {}, context: projectPageContext(viewer) })).result!.health.traceability;
  };
  // ACME-4 has no epic, ACME-5's epic is another project's without an initiative: neither traces.
  const all = await answer(EVERYONE);
  expect(all.untracedKeys).toEqual(['ACME-4', 'ACME-5', 'ACME-13', 'ACME-14']);
  expect(all.sprintWork - all.tracedToVision).toBe(4);
  const limited: Viewer = { ...OUTSIDER, restricted: new Set(['ACME-12', 'ACME-14']) };
  const mine = await answer(limited);
  expect(mine.untracedKeys).toEqual(['ACME-4', 'ACME-5', 'ACME-13']);
  // The counts stay the project's (like the scores).
  expect(mine.sprintWork).toBe(all.sprintWork);
});

test('each board’s cadence comes from the stored result with a link to the board on the viewer’s site', async () => {
  const { as } = await setup();
  const status = data(await as(EVERYONE).handlers['scan/status']({ payload: {}, context: projectPageContext(EVERYONE) }));
  const boards = status.result!.health.boards!;
  expect(boards.map((b) => [b.boardId, b.sprints, b.activeSprint?.name, b.url])).toEqual([[1, 2, 'Sprint 2', `${SITE}/secure/RapidBoard.jspa?rapidView=1`]]);
  expect(JSON.stringify(boards)).not.toContain('api.atlassian.com');
});
