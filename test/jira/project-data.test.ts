/** ProjectDataBuilder shares equal parent and sprint references, and only equal ones. */
import { ProjectDataBuilder, toIssueRecord, typesIndex, type RawProjectParts } from '../../src/jira/project-data';
import type { JiraIssue } from '../../src/jira/schemas';

const SPRINTS = 'customfield_10020';
const parts: RawProjectParts = {
  siteUrl: 'https://x.atlassian.net',
  issueTypes: [{ id: '1', name: 'Epic', hierarchyLevel: 1 }, { id: '2', name: 'Story', hierarchyLevel: 0 }],
  sprintFieldId: SPRINTS,
  project: { id: '10', key: 'X', name: 'X' },
  versions: [],
  boards: [],
  sprintsByBoard: [],
};

function story(n: number, epicStatus: string, sprintName: string): JiraIssue {
  return {
    id: String(100 + n),
    key: `X-${n}`,
    fields: {
      summary: `Story ${n}`,
      issuetype: { id: '2', name: 'Story', hierarchyLevel: 0 },
      status: { name: 'To Do', statusCategory: { key: 'new' } },
      updated: '2025-01-02T10:00:00.000+0000',
      parent: { id: '99', key: 'X-99', fields: { summary: 'Epic', status: { name: epicStatus, statusCategory: { key: epicStatus === 'Done' ? 'done' : 'new' } }, issuetype: { id: '1', name: 'Epic', hierarchyLevel: 1 } } },
      [SPRINTS]: [{ id: 7, name: sprintName, state: 'active' }],
    },
  } as JiraIssue;
}

test('equal parents and sprints are one object; a different copy gets its own, equal to what toIssueRecord builds', () => {
  const builder = new ProjectDataBuilder(parts);
  const issues = [story(1, 'To Do', 'S7'), story(2, 'To Do', 'S7'), story(3, 'Done', 'S7 renamed')];
  builder.addIssues(issues);
  const [a, b, c] = builder.build().issues;
  expect(a!.parent).toBe(b!.parent);
  expect(a!.sprints[0]).toBe(b!.sprints[0]);
  expect(c!.parent).not.toBe(a!.parent);
  expect(c!.sprints[0]).not.toBe(a!.sprints[0]);
  const types = typesIndex(parts.issueTypes);
  expect([a, b, c]).toEqual(issues.map((i) => toIssueRecord(i, parts, types)));
  expect(c!.parent?.statusName).toBe('Done');
  expect(c!.sprints[0]?.name).toBe('S7 renamed');
});
