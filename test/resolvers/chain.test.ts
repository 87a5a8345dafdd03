/**
 * chain/issue through the real handler, with Jira faked per viewer.
 */
import type { IssueChainDto, ResolverResponse } from '../../src/contract/resolvers';
import { ADMIN, SITE, harness, issuePanelContext, projectPageContext, type Viewer, data, error } from './fakes';
import { LIMITED, MEMBER_ACME, OTHER_SUMMARY, SECRET_SUMMARY, acmeSite } from './site';


async function chainAs(viewer: Viewer, issueKey: string): Promise<IssueChainDto> {
  const h = harness(acmeSite(), viewer);
  return data(await h.handlers['chain/issue']({ payload: {}, context: issuePanelContext(viewer, issueKey) }));
}

describe('chain/issue', () => {
  it('answers the chain from the top ancestor down to the issue, each with level, status and findings', async () => {
    const chain = await chainAs(ADMIN, 'ACME-6');
    expect(chain.issueKey).toBe('ACME-6');
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

  it('calls a missing link out in plain words', async () => {
    const chain = await chainAs(ADMIN, 'ACME-4');
    expect(chain.chain.map((n) => n.key)).toEqual(['ACME-4']);
    expect(chain.missingLinks).toContain("This story has no epic: the roadmap can't see it.");
    expect(chain.chain[0]?.findings.map((f) => f.kind).sort()).toEqual(['missing-parent', 'missing-release']);
  });

  it('summarises the children of the issue', async () => {
    const chain = await chainAs(ADMIN, 'ACME-1');
    expect(chain.children).toEqual({ total: 2, open: 1, done: 1, byType: [{ issueTypeName: 'Epic', count: 2 }] });
    expect((await chainAs(ADMIN, 'ACME-6')).children).toEqual({ total: 0, open: 0, done: 0, byType: [] });
  });

  it('climbs into a parent of another project the viewer may browse, marked as outside the data', async () => {
    const chain = await chainAs(ADMIN, 'ACME-5');
    expect(chain.chain.map((n) => [n.key, n.inData])).toEqual([
      ['OTHER-1', false],
      ['ACME-5', true],
    ]);
    expect(chain.chain[0]).toMatchObject({ summary: OTHER_SUMMARY, level: 2, findings: [] });
  });

  it('leaves out a parent in a project the viewer cannot browse, and says so without naming it', async () => {
    const chain = await chainAs(MEMBER_ACME, 'ACME-5');
    expect(chain.chain.map((n) => n.key)).toEqual(['ACME-5']);
    expect(chain.missingLinks).toEqual(['The parent of Story ACME-5 is an issue you cannot browse, so the chain above it is not shown.']);
    const json = JSON.stringify(chain);
    expect(json).not.toContain('OTHER-1');
    expect(json).not.toContain(OTHER_SUMMARY);
  });

  it('leaves out a restricted parent inside the project too', async () => {
    const chain = await chainAs(LIMITED, 'ACME-6');
    expect(chain.chain.map((n) => n.key)).toEqual(['ACME-6']);
    const json = JSON.stringify(chain);
    expect(json).not.toContain('ACME-3');
    expect(json).not.toContain(SECRET_SUMMARY);
    // The epic above does not list the restricted story among its children either.
    const epic = await chainAs(LIMITED, 'ACME-2');
    expect(epic.children.total).toBe(0);
    expect((await chainAs(ADMIN, 'ACME-2')).children.total).toBe(1);
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
