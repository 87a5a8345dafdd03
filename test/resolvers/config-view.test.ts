/**
 * What config/get tells the admin page besides the settings: whether the viewer may change them
 * (a member sees them read-only) and the site's issue types at each hierarchy level the vision
 * may start at (from Jira's issue types).
 */
import { createResolverHandlers } from '../../src/resolvers';
import type { ResolverServices } from '../../src/resolvers/ports';
import { memoryConfigStore } from '../../src/storage/config-store';
import { ADMIN, FakeSite, FakeViewerJira, MEMBER, adminPageContext, data, type Viewer } from './fakes';

class JiraWithTypes extends FakeViewerJira {
  failTypes = false;
  async issueTypes() {
    if (this.failTypes) throw new Error('Jira did not answer (HTTP 503)');
    return [
      { name: 'Story', hierarchyLevel: 0 },
      { name: 'Epic', hierarchyLevel: 1 },
      { name: 'Initiative', hierarchyLevel: 2 },
      { name: 'Theme', hierarchyLevel: 3 },
      { name: 'Objective', hierarchyLevel: 3 },
      { name: 'Legacy type' },
    ];
  }
}

function setup(viewer: Viewer) {
  const jira = new JiraWithTypes(new FakeSite(), viewer);
  const errors: string[] = [];
  const services: ResolverServices = { jiraForViewer: () => jira, store: memoryConfigStore(), now: () => new Date('2025-04-10T12:00:00.000Z'), logError: (m) => errors.push(m) };
  return { handlers: createResolverHandlers(services), jira, errors };
}

describe('config/get for the admin page', () => {
  it('says an administrator may edit and a member may not', async () => {
    expect(data(await setup(ADMIN).handlers['config/get']({ payload: {}, context: adminPageContext(ADMIN) })).canEdit).toBe(true);
    expect(data(await setup(MEMBER).handlers['config/get']({ payload: {}, context: adminPageContext(MEMBER) })).canEdit).toBe(false);
  });

  it('lists the issue types at hierarchy level 2 and above, by level', async () => {
    const state = data(await setup(ADMIN).handlers['config/get']({ payload: {}, context: adminPageContext(ADMIN) }));
    expect(state.hierarchyLevels).toEqual([
      { level: 2, issueTypes: ['Initiative'] },
      { level: 3, issueTypes: ['Objective', 'Theme'] },
    ]);
  });

  it('still answers the settings when the issue types cannot be read, and logs why', async () => {
    const { handlers, jira, errors } = setup(ADMIN);
    jira.failTypes = true;
    const state = data(await handlers['config/get']({ payload: {}, context: adminPageContext(ADMIN) }));
    expect(state.hierarchyLevels).toBeUndefined();
    expect(state.version).toBe(0);
    expect(errors).toEqual(['[config] the issue types could not be read: Jira did not answer (HTTP 503)']);
  });
});
