/**
 * chain/issue through the real handler, with Jira faked per viewer: the bounded read (the issue,
 * its ancestors, its children) and the stored result's findings only.
 */
import type { IssueChainDto } from '../../src/contract/resolvers';
import { CHAIN_REQUEST_BUDGET } from '../../src/resolvers/chain';
import { ADMIN, FakeSite, SITE, harness, issuePanelContext, projectPageContext, storedResults, type Viewer, data, error } from './fakes';
import { LIMITED, MEMBER_ACME, OTHER_SUMMARY, SECRET_SUMMARY, acmeSite } from './site';

async function analysed(site: FakeSite = acmeSite(), ...projects: string[]) {
  const stored = storedResults();
  for (const p of projects.length > 0 ? projects : ['ACME']) await stored.store(site, p);
  return stored;
}

async function chainAs(viewer: Viewer, issueKey: string, site: FakeSite = acmeSite()): Promise<{ chain: IssueChainDto; calls: string[] }> {
  const { scale } = await analysed(site);
  const h = harness(site, viewer, { scale });
  const chain = data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(viewer, issueKey) }));
  return { chain, calls: h.jira.calls };
}

describe('chain/issue', () => {
  it('answers the chain from the top ancestor down to the issue, each with level, status and its stored findings', async () => {
    const { chain } = await chainAs(ADMIN, 'ACME-6');
    expect(chain.issueKey).toBe('ACME-6');
    expect(chain.analysis).toEqual({ state: 'analysed', computedAt: '2025-04-10T06:00:00.000Z' });
    expect(chain.chain.map((n) => [n.key, n.issueTypeName, n.level, n.levelName, n.statusName])).toEqual([
      ['ACME-1', 'Initiative', 1, 'Product Vision', 'In Progress'],
      ['ACME-2', 'Epic', 2, 'Roadmap', 'In Progress'],
      ['ACME-3', 'Story', 4, 'Iteration', 'Done'],
      ['ACME-6', 'Sub-task', 5, 'Daily', 'In Progress'],
    ]);
    expect(chain.chain.every((n) => n.inData)).toBe(true);
    expect(chain.chain[0]?.url).toBe(`${SITE}/browse/ACME-1`);
    const story = chain.chain[2]!;
    expect(story.findings.map((f) => f.kind)).toEqual(['parent-done-child-open']);
    expect(story.findings[0]).toMatchObject({ issueKey: 'ACME-3', subjectLabel: 'ACME-3', url: `${SITE}/browse/ACME-3` });
    expect(chain.missingLinks).toEqual([]);
  });

  it('shows exactly the stored findings of each node, as the project page does', async () => {
    const site = acmeSite();
    const { scale, results } = await analysed(site);
    const h = harness(site, ADMIN, { scale });
    const chain = data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-4') }));
    const stored = (await results.findingsOfIssues('ACME', ['ACME-4']))!.byIssue.get('ACME-4')!;
    // Every stored finding once: the missing link in the banner, the others on the node.
    expect(chain.chain[0]!.findings.map((f) => [f.kind, f.message])).toEqual(stored.filter((f) => f.kind !== 'missing-parent').map((f) => [f.kind, f.message]));
    expect(chain.chain[0]!.missingLinksAbove).toBe(1);
    expect(chain.missingLinks).toContain("This story has no epic: the roadmap can't see it.");
  });

  it('never says one sentence twice: a missing link is in the banner only, in plain words', async () => {
    const site = acmeSite().add({ key: 'ACME-20', type: 'initiative', status: 'doing' }, { key: 'ACME-21', type: 'story', parent: 'ACME-20', sprints: [2] });
    const { scale } = await analysed(site);
    const chain = data(await harness(site, ADMIN, { scale }).handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-21') }));
    const sentences = [...chain.missingLinks, ...chain.chain.flatMap((n) => n.findings.map((f) => f.message))];
    expect(chain.missingLinks.length).toBeGreaterThan(0);
    expect(new Set(sentences).size).toBe(sentences.length);
    // Nor the same thing in other words: no node keeps a finding of a kind the banner states.
    expect(chain.chain.flatMap((n) => n.findings.map((f) => f.kind))).not.toEqual(expect.arrayContaining(['level-skip']));
    expect(chain.chain.flatMap((n) => n.findings.map((f) => f.kind))).not.toEqual(expect.arrayContaining(['missing-parent']));
  });

  it('shows the issue’s sprint and fix version with links, and links every child it names', async () => {
    const site = acmeSite();
    const { scale } = await analysed(site);
    const h = harness(site, ADMIN, { scale });
    const story = data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-5') }));
    expect(story.context?.sprintKnown).toBe(true);
    expect(story.context?.sprint).toMatchObject({ id: 2, name: 'Sprint 2', state: 'active', url: `${SITE}/secure/RapidBoard.jspa?rapidView=1` });
    expect(story.context?.fixVersions).toEqual([expect.objectContaining({ id: '11', releaseDate: '2025-05-01', overdue: false, url: `${SITE}/projects/ACME/versions/11` })]);
    // Past its release date and not released: overdue, counted from the day of the answer (UTC).
    h.clock.now = new Date('2025-05-02T00:30:00.000Z');
    const later = data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-5') }));
    expect(later.context?.fixVersions).toEqual([expect.objectContaining({ id: '11', overdue: true })]);
    h.clock.now = new Date('2025-04-10T12:00:00.000Z');
    const epic = data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-2') }));
    expect(epic.context?.sprint).toBeNull();
    expect(epic.childIssues?.map((c) => [c.key, c.url])).toEqual([['ACME-3', `${SITE}/browse/ACME-3`]]);
    expect(epic.childrenUrl).toBe(`${SITE}/issues/?jql=${encodeURIComponent('parent = ACME-2 ORDER BY key ASC')}`);
    // Before any scan the sprint field is unknown: the panel says so rather than "in no sprint".
    const fresh = data(await harness(site, ADMIN).handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-5') }));
    expect(fresh.context).toMatchObject({ sprint: null, sprintKnown: false });
  });

  it('on a project without epics, warns of no missing epic (the stored result has no such finding)', async () => {
    const ops = new FakeSite().add({ key: 'OPS-1', type: 'story', summary: 'Rotate certificates' }, { key: 'OPS-2', type: 'story', status: 'doing' });
    const { chain } = await chainAs({ accountId: 'ops-1', admin: false, projects: new Set(['OPS']) }, 'OPS-1', ops);
    expect(chain.missingLinks).toEqual([]);
    expect(JSON.stringify(chain)).not.toMatch(/no epic/);
    expect(chain.chain[0]!.findings.map((f) => f.kind)).not.toContain('missing-parent');
  });

  it('summarises the children of the issue with one search', async () => {
    const { chain, calls } = await chainAs(ADMIN, 'ACME-1');
    expect(chain.children).toEqual({ total: 2, counted: 2, open: 1, done: 1, byType: [{ issueTypeName: 'Epic', count: 2 }] });
    expect(calls.filter((c) => c.startsWith('children'))).toEqual(['children ACME-1']);
    const subtask = await chainAs(ADMIN, 'ACME-6');
    expect(subtask.chain.children).toEqual({ total: 0, counted: 0, open: 0, done: 0, byType: [] });
    expect(subtask.calls.filter((c) => c.startsWith('children'))).toEqual([]); // a sub-task has no children to read
  });

  it('counts the children past the first page', async () => {
    const site = acmeSite();
    for (let i = 0; i < 150; i++) site.add({ key: `ACME-${100 + i}`, type: 'story', parent: 'ACME-2', status: i % 3 === 0 ? 'done' : 'todo' });
    const { chain, calls } = await chainAs(ADMIN, 'ACME-2', site);
    expect(chain.children.total).toBe(151);
    expect(chain.children.counted).toBe(100);
    expect(chain.children.open + chain.children.done).toBe(100);
    expect(calls).toContain('count parent = ACME-2');
  });

  it(`makes at most ${CHAIN_REQUEST_BUDGET} Jira requests, whatever the depth`, async () => {
    for (const key of ['ACME-6', 'ACME-3', 'ACME-2', 'ACME-1']) {
      const { calls } = await chainAs(ADMIN, key);
      const requests = calls.filter((c) => /^(issue|children|count|visibleIssueKeys|board)/.test(c)).length;
      expect(requests).toBeLessThanOrEqual(CHAIN_REQUEST_BUDGET);
    }
    // A deeper chain than the budget reads: the panel says so instead of reading on.
    const deep = new FakeSite().add({ key: 'D-1', type: 'initiative' });
    for (let i = 2; i <= 9; i++) deep.add({ key: `D-${i}`, type: 'initiative', parent: `D-${i - 1}` });
    const { chain, calls } = await chainAs({ accountId: 'd', admin: false, projects: new Set(['D']) }, 'D-9', deep);
    expect(calls.filter((c) => /^(issue|children|count|visibleIssueKeys|board)/.test(c)).length).toBeLessThanOrEqual(CHAIN_REQUEST_BUDGET);
    expect(chain.missingLinks.some((m) => m.includes('more levels above it than the panel reads at once'))).toBe(true);
  });

  it('climbs into a parent of another project the viewer may browse; without a stored result of its project it has no findings', async () => {
    const { chain } = await chainAs(ADMIN, 'ACME-5');
    expect(chain.chain.map((n) => [n.key, n.inData])).toEqual([
      ['OTHER-1', false],
      ['ACME-5', true],
    ]);
    expect(chain.chain[0]).toMatchObject({ summary: OTHER_SUMMARY, level: 2, findings: [] });
  });

  it("takes a parent's findings from its own project's stored result", async () => {
    const site = acmeSite();
    const { scale } = await analysed(site, 'ACME', 'OTHER');
    const h = harness(site, ADMIN, { scale });
    const chain = data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-5') }));
    expect(chain.chain[0]).toMatchObject({ key: 'OTHER-1', inData: true });
  });

  it('leaves out a parent in a project the viewer cannot browse, and says so without naming it', async () => {
    const { chain } = await chainAs(MEMBER_ACME, 'ACME-5');
    expect(chain.chain.map((n) => n.key)).toEqual(['ACME-5']);
    expect(chain.missingLinks).toEqual(['The parent of Story ACME-5 is an issue you cannot browse, so the chain above it is not shown.']);
    const json = JSON.stringify(chain);
    expect(json).not.toContain('OTHER-1');
    expect(json).not.toContain(OTHER_SUMMARY);
  });

  it('leaves out a restricted parent inside the project too, and its findings', async () => {
    const { chain } = await chainAs(LIMITED, 'ACME-6');
    expect(chain.chain.map((n) => n.key)).toEqual(['ACME-6']);
    const json = JSON.stringify(chain);
    expect(json).not.toContain('ACME-3');
    expect(json).not.toContain(SECRET_SUMMARY);
    // The epic above does not list the restricted story among its children, nor its finding.
    const epic = await chainAs(LIMITED, 'ACME-2');
    expect(epic.chain.children.total).toBe(0);
    expect(JSON.stringify(epic.chain)).not.toContain('ACME-3');
    expect((await chainAs(ADMIN, 'ACME-2')).chain.children.total).toBe(1);
  });

  it('before the first scan: the chain, no findings, and the project is not analysed yet', async () => {
    const site = acmeSite();
    const h = harness(site, ADMIN, { scale: storedResults().scale });
    const chain = data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-4') }));
    expect(chain.analysis).toEqual({ state: 'not-analysed' });
    expect(chain.projectKey).toBe('ACME');
    expect(chain.chain.map((n) => [n.key, n.inData, n.findings.length])).toEqual([['ACME-4', false, 0]]);
    expect(chain.missingLinks).toEqual([]);
  });

  it('answers NOT_FOUND for an issue the viewer cannot browse', async () => {
    const h = harness(acmeSite(), LIMITED);
    const failure = error(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(LIMITED, 'ACME-3') }));
    expect(failure.code).toBe('NOT_FOUND');
    expect(failure.message).not.toContain(SECRET_SUMMARY);
  });

  it('needs an issue in the Forge context', async () => {
    const h = harness(acmeSite(), ADMIN);
    expect(error(await h.handlers['chain/issue']({ payload: {}, context: projectPageContext(ADMIN) })).code).toBe('MISSING_CONTEXT');
    expect(h.jira.calls).toEqual([]);
  });

  it('takes no payload: an issue key in it is refused', async () => {
    const h = harness(acmeSite(), ADMIN);
    const failure = error(await h.handlers['chain/issue']({ payload: { issueKey: 'OTHER-1' }, context: issuePanelContext(ADMIN, 'ACME-4') }));
    expect(failure.code).toBe('INVALID_PAYLOAD');
    expect(h.jira.calls).toEqual([]);
  });
});
