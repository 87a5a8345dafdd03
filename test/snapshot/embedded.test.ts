/**
 * An unchanged issue's copies of what Jira computes when it answers, brought up to date by
 * `capture --update` (src/snapshot/embedded.ts). The emulator test (test/emulator/capture-update)
 * checks them against a fresh capture; these pin the rules on entries of every shape.
 */
import { refreshEmbedded, refreshOutsideParents, refreshOutsideSprints, type ReadNow } from '../../src/snapshot/embedded';
import type { JiraIssue, JiraSprint } from '../../src/jira/schemas';

const SPRINT_FIELD = 'customfield_10020';

function issue(fields: Record<string, unknown>): JiraIssue {
  return { id: '1', key: 'T-1', fields: { summary: 'S', issuetype: { id: '10', name: 'Story', subtask: false, hierarchyLevel: 0 }, status: { name: 'To Do', statusCategory: { key: 'new' } }, ...fields } } as unknown as JiraIssue;
}

function now(parts: Partial<ReadNow>): ReadNow {
  return { changed: new Map(), sprintFieldId: SPRINT_FIELD, sprints: new Map(), versions: new Map(), issueTypes: new Map(), ...parts };
}

test('a sprint entry takes name, state and goal from the sprint, and its dates exactly when the sprint has them', () => {
  const sprint: JiraSprint = { id: 7, name: 'Renamed', state: 'closed', goal: 'New goal', startDate: '2026-11-02T09:00:00.000Z', endDate: '2026-11-16T09:00:00.000Z', completeDate: '2026-11-16T10:00:00.000Z' };
  const cleared: JiraSprint = { id: 8, name: 'Later', state: 'future' };
  const i = issue({ [SPRINT_FIELD]: [{ id: 7, name: 'Old', state: 'active', boardId: 3, goal: 'Old goal', startDate: '2026-11-02T09:00:00.000Z', endDate: '2026-11-15T09:00:00.000Z' }, { id: 8, name: 'Later', state: 'future', boardId: 3, startDate: 'x', endDate: 'y' }, { id: 9, name: 'Not listed', state: 'closed', boardId: 4 }] });
  refreshEmbedded(i, now({ sprints: new Map([[7, sprint], [8, cleared]]) }));
  expect(i.fields[SPRINT_FIELD]).toEqual([
    { id: 7, name: 'Renamed', state: 'closed', boardId: 3, goal: 'New goal', startDate: '2026-11-02T09:00:00.000Z', endDate: '2026-11-16T09:00:00.000Z', completeDate: '2026-11-16T10:00:00.000Z' },
    { id: 8, name: 'Later', state: 'future', boardId: 3 },
    { id: 9, name: 'Not listed', state: 'closed', boardId: 4 },
  ]);
});

test('a fixVersions entry as Jira gives it follows the version; one of only id and name keeps its shape', () => {
  const version = { self: 'https://x/rest/api/3/version/5', id: '5', name: '2.0', archived: false, released: true, releaseDate: '2026-11-21', startDate: '2026-10-01', projectId: 1 };
  const undated = { self: 'https://x/rest/api/3/version/6', id: '6', name: '2.1 (renamed)', archived: false, released: false, projectId: 1 };
  const full = issue({ fixVersions: [{ self: 'https://x/rest/api/3/version/5', id: '5', description: 'Dropped since', name: '2.0', archived: false, released: false }, { self: 'https://x/rest/api/3/version/6', id: '6', name: '2.1', archived: false, released: false, releaseDate: '2026-12-01' }] });
  const short = issue({ fixVersions: [{ id: '5', name: 'old name' }] });
  const versions = new Map<string, Record<string, unknown>>([['5', version], ['6', undated]]);
  refreshEmbedded(full, now({ versions }));
  refreshEmbedded(short, now({ versions }));
  expect(full.fields.fixVersions).toEqual([
    { self: 'https://x/rest/api/3/version/5', id: '5', name: '2.0', archived: false, released: true, releaseDate: '2026-11-21' },
    { self: 'https://x/rest/api/3/version/6', id: '6', name: '2.1 (renamed)', archived: false, released: false },
  ]);
  expect(short.fields.fixVersions).toEqual([{ id: '5', name: '2.0' }]);
});

test('an issue type copy takes the keys it carries from the type as listed; a changed parent replaces the parent copy', () => {
  const types = new Map<string, Record<string, unknown>>([
    ['10', { id: '10', name: 'User story', subtask: false, hierarchyLevel: 0, description: 'Listed only' }],
    ['11', { id: '11', name: 'Feature', subtask: false, hierarchyLevel: 1 }],
  ]);
  const child = issue({ parent: { id: '2', key: 'T-2', fields: { summary: 'Old', status: { name: 'To Do', statusCategory: { key: 'new' } }, issuetype: { id: '11', name: 'Epic', subtask: false, hierarchyLevel: 1 } } } });
  refreshEmbedded(child, now({ issueTypes: types }));
  expect(child.fields.issuetype).toEqual({ id: '10', name: 'User story', subtask: false, hierarchyLevel: 0 });
  expect(child.fields.parent?.fields?.issuetype).toEqual({ id: '11', name: 'Feature', subtask: false, hierarchyLevel: 1 });

  const parent = issue({ summary: 'New', status: { name: 'Done', statusCategory: { key: 'done' } } });
  refreshEmbedded(child, now({ changed: new Map([['T-2', { ...parent, key: 'T-2' }]]), issueTypes: types }));
  expect(child.fields.parent?.fields).toMatchObject({ summary: 'New', status: { name: 'Done' } });
});

test('a parent outside the project: the keys its copies carry, from the parent as read now (by id, else key)', () => {
  const copy = () => ({ id: '900', key: 'PORT-1', fields: { summary: 'Old', status: { name: 'To Do', statusCategory: { key: 'new' } } } });
  const children = [issue({ parent: copy() }), issue({ parent: { key: 'PORT-2', fields: { summary: 'Unread' } } })];
  const read = issue({ summary: 'Now', status: { name: 'Done', statusCategory: { key: 'done' } }, duedate: '2026-12-01' });
  expect(refreshOutsideParents(children, new Map([['900', { ...read, id: '900', key: 'PORT-9' }]]))).toBe(true);
  expect(children[0]!.fields.parent).toEqual({ id: '900', key: 'PORT-1', fields: { summary: 'Now', status: { name: 'Done', statusCategory: { key: 'done' } } } });
  expect(children[1]!.fields.parent).toEqual({ key: 'PORT-2', fields: { summary: 'Unread' } });
  expect(refreshOutsideParents(children, new Map([['900', { ...read, id: '900', key: 'PORT-9' }]]))).toBe(false);
});

test("a sprint of another project's board: its entries from that board's list as read now; true only when one changed", () => {
  const issues = [issue({ [SPRINT_FIELD]: [{ id: 40, name: 'Theirs', state: 'active', boardId: 9, startDate: 'a', endDate: 'b' }, { id: 41, name: 'Unread', state: 'future', boardId: 8 }] })];
  const read = new Map<number, JiraSprint>([[40, { id: 40, name: 'Theirs', state: 'closed', startDate: 'a', endDate: 'b', completeDate: 'c' }]]);
  expect(refreshOutsideSprints(issues, SPRINT_FIELD, read)).toBe(true);
  expect(issues[0]!.fields[SPRINT_FIELD]).toEqual([{ id: 40, name: 'Theirs', state: 'closed', boardId: 9, startDate: 'a', endDate: 'b', completeDate: 'c' }, { id: 41, name: 'Unread', state: 'future', boardId: 8 }]);
  expect(refreshOutsideSprints(issues, SPRINT_FIELD, read)).toBe(false);
});
