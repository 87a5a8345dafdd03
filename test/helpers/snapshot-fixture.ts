/**
 * A small, valid site snapshot written to a temporary folder, for reader and property tests.
 * Shapes follow Jira Cloud's responses; the sprint field has a site-specific id.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SPRINT_FIELD = 'customfield_10020';
const SITE = 'https://fixture.atlassian.net';

const type = (id: string, name: string, hierarchyLevel: number) => ({
  id, name, subtask: hierarchyLevel < 0, hierarchyLevel, self: `${SITE}/rest/api/3/issuetype/${id}`,
});
const TYPES = { initiative: type('1', 'Initiative', 2), epic: type('2', 'Epic', 1), story: type('3', 'Story', 0), subtask: type('4', 'Sub-task', -1) };
const status = (name: string, key: string) => ({ name, statusCategory: { key } });

function jiraIssue(n: number, t: keyof typeof TYPES, extra: Record<string, unknown> = {}) {
  return {
    id: String(10000 + n),
    key: `FIX-${n}`,
    fields: {
      summary: `Issue ${n}`,
      issuetype: TYPES[t],
      status: status('In Progress', 'indeterminate'),
      updated: '2025-04-09T10:00:00.000+0000',
      created: '2025-01-02T09:00:00.000+0000',
      duedate: null,
      fixVersions: [],
      [SPRINT_FIELD]: null,
      ...extra,
    },
  };
}

const parent = (n: number, t: keyof typeof TYPES) => ({
  id: String(10000 + n), key: `FIX-${n}`, fields: { summary: `Issue ${n}`, status: status('In Progress', 'indeterminate'), issuetype: TYPES[t] },
});

const sprintT = (id: number, state: string, start: string, end: string, complete?: string) => ({
  id, name: `S${id}`, state, originBoardId: 7, startDate: start, endDate: end, ...(complete ? { completeDate: complete } : {}),
});

/** Relative path → JSON content. */
export function fixtureFiles(): Record<string, unknown> {
  const sprintRef = { id: 2, name: 'S2', state: 'active', boardId: 7, startDate: '2025-04-07T09:00:00.000Z', endDate: '2025-04-21T09:00:00.000Z' };
  return {
    'meta.json': { baseUrl: SITE, capturedAt: '2025-04-10T12:00:00.000+0000' },
    'issuetypes.json': Object.values(TYPES),
    'fields.json': [
      { id: 'summary', key: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
      { id: SPRINT_FIELD, key: SPRINT_FIELD, name: 'Sprint', custom: true, schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 } },
    ],
    'projects/FIX/project.json': { id: '10500', key: 'FIX', name: 'Fixture', self: `${SITE}/rest/api/3/project/10500` },
    'projects/FIX/versions.json': [
      { id: '1', name: '1.0', released: true, archived: false, releaseDate: '2025-01-10', projectId: 10500 },
      { id: '2', name: '1.1', released: false, archived: false, releaseDate: '2025-05-09', projectId: 10500 },
    ],
    'projects/FIX/boards.json': { startAt: 0, maxResults: 50, isLast: true, values: [{ id: 7, name: 'FIX board', type: 'scrum' }, { id: 8, name: 'FIX kanban', type: 'kanban' }] },
    'projects/FIX/search-001.json': {
      issues: [jiraIssue(1, 'initiative'), jiraIssue(2, 'epic', { parent: parent(1, 'initiative') })],
      nextPageToken: 'page-2', isLast: false,
    },
    'projects/FIX/search-002.json': {
      issues: [
        jiraIssue(3, 'story', { parent: parent(2, 'epic'), fixVersions: [{ id: '2', name: '1.1' }], [SPRINT_FIELD]: [sprintRef] }),
        jiraIssue(4, 'story', { [SPRINT_FIELD]: [sprintRef] }),
      ],
      nextPageToken: 'page-3', isLast: false,
    },
    'projects/FIX/search-003.json': {
      issues: [jiraIssue(5, 'subtask', { parent: parent(3, 'story'), duedate: '2025-04-30' })],
      isLast: true,
    },
    'boards/7/sprints-001.json': { startAt: 0, maxResults: 1, isLast: false, values: [sprintT(1, 'closed', '2025-03-24T09:00:00.000Z', '2025-04-07T09:00:00.000Z', '2025-04-07T10:00:00.000Z')] },
    'boards/7/sprints-002.json': { startAt: 1, maxResults: 1, isLast: true, values: [sprintT(2, 'active', '2025-04-07T09:00:00.000Z', '2025-04-21T09:00:00.000Z')] },
  };
}

export function writeSnapshot(files: Record<string, unknown>, dir = mkdtempSync(join(tmpdir(), 'pl-snapshot-'))): string {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(dir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  }
  return dir;
}
