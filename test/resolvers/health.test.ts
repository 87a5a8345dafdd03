/**
 * health/project through the real handler, with Jira faked per viewer.
 */
import type { ProjectHealthDto, ResolverResponse } from '../../src/contract/resolvers';
import { JiraRateLimitError } from '../../src/jira/errors';
import { HIDDEN_LABEL } from '../../src/resolvers/dto';
import { ADMIN, SITE, adminPageContext, harness, issuePanelContext, projectPageContext, data, error } from './fakes';
import { LIMITED, MEMBER_ACME, OTHER_SUMMARY, SECRET_SUMMARY, acmeSite } from './site';


async function healthAs(viewer: typeof ADMIN): Promise<ProjectHealthDto> {
  const h = harness(acmeSite(), viewer);
  return data(await h.handlers['health/project']({ payload: {}, context: projectPageContext(viewer) }));
}

describe('health/project', () => {
  it('answers the five levels, the weakest, and findings with labels and Jira URLs', async () => {
    const health = await healthAs(ADMIN);
    expect(health.project).toEqual({ id: '10000', key: 'ACME', name: 'Project ACME' });
    expect(health.siteUrl).toBe(SITE);
    expect(health.asOf).toBe('2025-04-10');
    expect(health.computedAt).toBe('2025-04-10T12:00:00.000Z');
    expect(health.levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5]);
    expect(health.levels.map((l) => l.name)).toEqual(['Product Vision', 'Roadmap', 'Release', 'Iteration', 'Daily']);
    expect(health.levels.find((l) => l.level === 4)?.cadence).toBe('14-day sprints (± 1)');
    expect(health.levels.map((l) => l.level)).toContain(health.weakestLevel);

    const orphan = health.findings.find((f) => f.kind === 'missing-parent' && f.issueKey === 'ACME-4');
    expect(orphan).toEqual({
      kind: 'missing-parent',
      level: 4,
      issueKey: 'ACME-4',
      subjectLabel: 'ACME-4',
      url: `${SITE}/browse/ACME-4`,
      message: "Story ACME-4 has no epic: the roadmap can't see it.",
    });
    const overdue = health.findings.find((f) => f.kind === 'overdue' && f.versionId === '12');
    expect(overdue).toMatchObject({ level: 3, subjectLabel: '2.1.1', url: `${SITE}/projects/ACME/versions/12` });
    const overrun = health.findings.find((f) => f.kind === 'sprint-overrun' && f.sprintId === 1);
    expect(overrun).toMatchObject({ level: 4, subjectLabel: 'Sprint 1' });
    expect(overrun?.url).toBe(`${SITE}/secure/RapidBoard.jspa?rapidView=1&view=reporting&chart=sprintRetrospective&sprint=1`);
    expect(health.traceability).toEqual({ sprintWork: 2, tracedToVision: 0 });
  });

  it('applies the saved config (site, then project)', async () => {
    const h = harness(acmeSite(), ADMIN);
    data(await h.handlers['config/save']({ payload: { config: { iteration: { lengthDays: 7 } }, expectedVersion: 0 }, context: adminPageContext(ADMIN) }));
    const health = data(await h.handlers['health/project']({ payload: { refresh: true }, context: projectPageContext(ADMIN) }));
    expect(health.levels.find((l) => l.level === 4)?.cadence).toBe('7-day sprints (± 1)');
    expect(health.findings.filter((f) => f.kind === 'sprint-length').map((f) => f.sprintId).sort()).toEqual([1, 2]);
  });

  it('never sends an issue the viewer cannot browse (issue security)', async () => {
    const admin = await healthAs(ADMIN);
    expect(admin.findings.find((f) => f.kind === 'parent-done-child-open' && f.issueKey === 'ACME-3')).toBeDefined();
    const limited = JSON.stringify(await healthAs(LIMITED));
    expect(limited).not.toContain('ACME-3');
    expect(limited).not.toContain(SECRET_SUMMARY);
  });

  it('never names a parent in a project the viewer cannot browse, though Jira embeds it in the child', async () => {
    const admin = await healthAs(ADMIN);
    expect(admin.findings.find((f) => f.kind === 'parent-done-child-open' && f.issueKey === 'OTHER-1')).toBeDefined();

    const member = await healthAs(MEMBER_ACME);
    const json = JSON.stringify(member);
    expect(json).not.toContain('OTHER-1');
    expect(json).not.toContain(OTHER_SUMMARY);
    const hidden = member.findings.filter((f) => f.subjectLabel === HIDDEN_LABEL);
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatchObject({ kind: 'parent-done-child-open', level: 2 });
    expect(hidden[0]?.url).toBeUndefined();
    expect(hidden[0]?.issueKey).toBeUndefined();
  });

  it('reads the project from the Forge context, never from the payload', async () => {
    const h = harness(acmeSite(), ADMIN);
    const rejected = error(await h.handlers['health/project']({ payload: { projectKey: 'OTHER' }, context: projectPageContext(ADMIN) }));
    expect(rejected.code).toBe('INVALID_PAYLOAD');
    expect(rejected.fieldErrors?.[0]?.key).toBe('(root)');
    expect(h.jira.calls).toEqual([]);
  });

  it('answers INVALID_PAYLOAD to a payload of the wrong type', async () => {
    const h = harness(acmeSite(), ADMIN);
    const rejected = error(await h.handlers['health/project']({ payload: { refresh: 'yes' }, context: projectPageContext(ADMIN) }));
    expect(rejected).toMatchObject({ code: 'INVALID_PAYLOAD', fieldErrors: [{ key: 'refresh' }] });
  });

  it.each([
    ['no context', undefined],
    ['the admin page (no project)', { accountId: 'a', extension: { type: 'jira:adminPage' } }],
    ['a project key that is not a key', { accountId: 'a', extension: { project: { key: 'ACME" OR project = SECRET' } } }],
  ])('answers MISSING_CONTEXT with %s, before any Jira call', async (_name, context) => {
    const h = harness(acmeSite(), ADMIN);
    expect(error(await h.handlers['health/project']({ payload: {}, context })).code).toBe('MISSING_CONTEXT');
    expect(h.jira.calls).toEqual([]);
  });

  it('answers NOT_FOUND for a project the viewer cannot browse', async () => {
    const h = harness(acmeSite(), MEMBER_ACME);
    const response = await h.handlers['health/project']({ payload: {}, context: projectPageContext(MEMBER_ACME, 'OTHER') });
    expect(error(response).code).toBe('NOT_FOUND');
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatch(/^\[health\/project\] NOT_FOUND /);
  });

  it('answers RATE_LIMITED when Jira keeps rate-limiting, and logs it', async () => {
    const h = harness(acmeSite(), ADMIN);
    h.jira.failWith = new JiraRateLimitError('rate limited after 4 tries', 'POST /rest/api/3/search/jql');
    expect(error(await h.handlers['health/project']({ payload: {}, context: projectPageContext(ADMIN) })).code).toBe('RATE_LIMITED');
    expect(h.errors[0]).toMatch(/RATE_LIMITED JiraRateLimitError: rate limited after 4 tries/);
  });

  it('answers INTERNAL to anything unexpected, logging the stack', async () => {
    const h = harness(acmeSite(), ADMIN);
    h.jira.failWith = new TypeError('cannot read properties of undefined');
    const failure = error(await h.handlers['health/project']({ payload: {}, context: projectPageContext(ADMIN) }));
    expect(failure.code).toBe('INTERNAL');
    expect(failure.message).not.toContain('undefined');
    expect(h.errors[0]).toMatch(/INTERNAL TypeError: cannot read properties of undefined\n[\s\S]*\n\s+at /);
  });

  it('works from the issue panel context too (its project)', async () => {
    const h = harness(acmeSite(), ADMIN);
    expect(data(await h.handlers['health/project']({ payload: {}, context: issuePanelContext(ADMIN, 'ACME-3') })).project.key).toBe('ACME');
  });
});
