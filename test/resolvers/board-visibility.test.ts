/**
 * Sprints and boards follow the viewer's view like issues: a viewer who may not view board 77
 * gets no name of its sprints, nor the board's own name, from scan/status, scan/findings or
 * chain/issue, and a scan's last error does not name the board. The stored result keeps each
 * sprint's board (a sprint finding's `boardId`, and `relatedSprints` of the findings whose
 * messages name sprints); the check is one GET board/{id} as the viewer per distinct board,
 * remembered briefly.
 */
import { createResolverHandlers, type ResolverHandlers } from '../../src/resolvers';
import { DEFAULT_BUDGET, failed, startRun } from '../../src/scan-state/scan-machine';
import { memoryConfigStore } from '../../src/storage/config-store';
import { ADMIN, FakeViewerJira, data, issuePanelContext, projectPageContext, storedResults, type Viewer } from './fakes';
import { acmeSite } from './site';

/** May browse ACME, but not view the Skunkworks board (77). */
const NO_SKUNKWORKS: Viewer = { accountId: 'member-9', admin: false, projects: new Set(['ACME']), hiddenBoards: new Set([77]) };
const LEAKS = /Skunk|board 77|board\/77/;

function site() {
  const s = acmeSite().add(
    { key: 'ACME-20', type: 'story', status: 'doing', sprints: [1, 71, 72, 73], fixVersions: ['11'], summary: 'Carried through many sprints' },
    { key: 'ACME-21', type: 'story', status: 'todo', sprints: [73], summary: 'Planned into a skunkworks sprint' },
  );
  s.sprints.get('ACME')!.push(
    { id: 71, name: 'Skunk 1', state: 'closed', originBoardId: 77, startDate: '2025-02-03T09:00:00.000Z', endDate: '2025-02-17T09:00:00.000Z', completeDate: '2025-02-24T09:00:00.000Z' },
    { id: 72, name: 'Skunk 2', state: 'closed', originBoardId: 77, startDate: '2025-03-10T09:00:00.000Z', endDate: '2025-03-24T09:00:00.000Z', completeDate: '2025-03-24T10:00:00.000Z' },
    { id: 73, name: 'Skunk 3', state: 'active', originBoardId: 77, startDate: '2025-04-01T09:00:00.000Z', endDate: '2025-04-15T09:00:00.000Z' },
  );
  return s;
}

async function setup() {
  const fakeSite = site();
  const { scale, states, store } = storedResults();
  await store(fakeSite, 'ACME', (raw) => ({ ...raw, boards: [...raw.boards, { id: 77, name: 'Skunkworks board', type: 'scrum' }] }));
  const as = (viewer: Viewer): { handlers: ResolverHandlers; jira: FakeViewerJira } => {
    const jira = new FakeViewerJira(fakeSite, viewer);
    const handlers = createResolverHandlers({ jiraForViewer: () => jira, store: memoryConfigStore(), now: () => new Date('2025-04-10T12:00:00.000Z'), logError: () => undefined, scale });
    return { handlers, jira };
  };
  return { as, states };
}

async function everything(handlers: ResolverHandlers, viewer: Viewer): Promise<string> {
  const parts: unknown[] = [data(await handlers['scan/status']({ payload: {}, context: projectPageContext(viewer) }))];
  for (const level of [1, 2, 3, 4, 5] as const) parts.push(data(await handlers['scan/findings']({ payload: { level, offset: 0 }, context: projectPageContext(viewer) })));
  for (const key of ['ACME-20', 'ACME-21']) parts.push(data(await handlers['chain/issue']({ payload: {}, context: issuePanelContext(viewer, key) })));
  return JSON.stringify(parts);
}

test('a viewer who may view the board gets its sprints and its name', async () => {
  const { as } = await setup();
  const json = await everything(as(ADMIN).handlers, ADMIN);
  expect(json).toContain('Skunk 2');
  expect(json).toContain('Skunkworks board');
  expect(json).toContain('has been in 4 sprints (Sprint 1, Skunk 1, Skunk 2, Skunk 3)');
  expect(json).toContain('is planned into active sprint \\"Skunk 3\\" but has no fix version');
});

test('a viewer who may not view board 77 gets no name of its sprints nor of the board, from any resolver', async () => {
  const { as } = await setup();
  const { handlers } = as(NO_SKUNKWORKS);
  const json = await everything(handlers, NO_SKUNKWORKS);
  expect(json).not.toMatch(LEAKS);
  const status = data(await handlers['scan/status']({ payload: {}, context: projectPageContext(NO_SKUNKWORKS) }));
  const messages = status.result!.health.findings.map((f) => f.message);
  // The issue findings stay, their messages rendered again without the hidden sprints.
  expect(messages).toContain('Story ACME-20 has been in 4 sprints (Sprint 1 and 3 more) and is still open.');
  expect(messages).toContain('Story ACME-21 is planned into an active sprint you cannot see but has no fix version.');
  // The findings about the board's sprints are left out and counted.
  expect(status.result!.health.findings.some((f) => f.sprintId !== undefined && f.sprintId > 70)).toBe(false);
  expect(status.result!.hiddenFindings).toBeGreaterThan(0);
  const panel = data(await handlers['chain/issue']({ payload: {}, context: issuePanelContext(NO_SKUNKWORKS, 'ACME-20') }));
  expect(panel.chain.at(-1)!.findings.map((f) => f.message)).toContain('Story ACME-20 has been in 4 sprints (Sprint 1 and 3 more) and is still open.');
});

test("a scan's last error does not name a board the viewer may not view", async () => {
  const { as, states } = await setup();
  const run = startRun('ACME', 'run2', 'manual', Date.parse('2025-04-10T11:59:00.000Z'), null);
  await states.putRun(failed(run, 'Jira answered HTTP 500 to GET /rest/agile/1.0/board/77/sprint; board 1 was read', Date.parse('2025-04-10T11:59:30.000Z'), DEFAULT_BUDGET).run);
  const status = data(await as(NO_SKUNKWORKS).handlers['scan/status']({ payload: {}, context: projectPageContext(NO_SKUNKWORKS) }));
  expect(status.scan?.lastError).toBe('Jira answered HTTP 500 to GET /rest/agile/1.0/a board you cannot see/sprint; board 1 was read');
});

test('the board check is one request per distinct board, remembered across polls', async () => {
  const { as } = await setup();
  const { handlers, jira } = as(NO_SKUNKWORKS);
  for (let poll = 0; poll < 4; poll++) await handlers['scan/status']({ payload: {}, context: projectPageContext(NO_SKUNKWORKS) });
  expect(jira.calls.filter((c) => c.startsWith('board ')).sort()).toEqual(['board 1', 'board 77']);
});
