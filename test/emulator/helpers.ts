/** Shared fixtures of the emulator and Jira client tests. */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createJiraClient, type JiraClient, type JiraClientOptions } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import type { RetryPolicy } from '../../src/jira/retry';

export const TINY = resolve(__dirname, '../../../shared/examples/tiny');
export const DEMO = resolve(__dirname, '../../dev/demo-site/snapshot');
export const OPENAPI_DIR = resolve(__dirname, '../../../shared/jira-openapi');

/** The snapshots every end-to-end test runs on: tiny always, the demo site when it has been generated. */
export function snapshotsUnderTest(): { name: string; dir: string; project: string }[] {
  const list = [{ name: 'tiny', dir: TINY, project: 'TINY' }];
  const demoProjects = existsSync(join(DEMO, 'projects')) ? readdirSync(join(DEMO, 'projects')).sort() : [];
  for (const project of demoProjects) list.push({ name: `demo site ${project}`, dir: DEMO, project });
  if (demoProjects.length === 0) process.stderr.write(`note: ${DEMO} is absent; end-to-end tests run on the tiny example only\n`);
  return list;
}

/** A retry policy that does not wait, and remembers the waits it was asked for. */
export function fastRetry(): Partial<RetryPolicy> & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    random: () => 0.5,
  };
}

export function emulatorClient(url: string, options: JiraClientOptions & { email?: string; apiToken?: string; timeoutMs?: number } = {}): JiraClient {
  const transport = createNodeTransport({
    baseUrl: url,
    email: options.email ?? 'tester@example.com',
    apiToken: options.apiToken ?? 'token',
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return createJiraClient(transport, { retry: options.retry ?? fastRetry(), ...(options.record ? { record: options.record } : {}) });
}

const day = (offset: number) => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().replace('Z', '+0000');

/**
 * Writes a synthetic snapshot of one project (SYN) with `n` issues: a few epics, stories in
 * sprints, versions, a scrum board with `sprintCount` sprints (paged by 50) and a kanban board.
 */
export async function writeSyntheticSnapshot(n: number, sprintCount = 60): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'planning-levels-syn-'));
  const write = async (relative: string, json: unknown) => {
    await mkdir(join(dir, relative, '..'), { recursive: true });
    await writeFile(join(dir, relative), JSON.stringify(json));
  };
  const sprintField = 'customfield_10020';
  const types = [
    { id: '1', name: 'Initiative', subtask: false, hierarchyLevel: 2 },
    { id: '2', name: 'Epic', subtask: false, hierarchyLevel: 1 },
    { id: '3', name: 'Story', subtask: false, hierarchyLevel: 0 },
    { id: '4', name: 'Sub-task', subtask: true, hierarchyLevel: -1 },
  ];
  await write('issuetypes.json', types);
  await write('fields.json', [
    { id: 'summary', key: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
    { id: sprintField, key: sprintField, name: 'Sprint', custom: true, schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 } },
  ]);
  await write('projects/SYN/project.json', { id: '10500', key: 'SYN', name: 'Synthetic', self: 'https://syn.atlassian.net/rest/api/3/project/10500' });
  await write('projects/SYN/versions.json', [
    { id: '30001', name: '1.0', released: true, archived: false, releaseDate: '2025-02-01', projectId: 10500 },
    { id: '30002', name: '1.1', released: false, archived: false, releaseDate: '2025-04-01', projectId: 10500 },
  ]);
  await write('projects/SYN/boards.json', {
    startAt: 0,
    maxResults: 50,
    isLast: true,
    values: [
      { id: 70, name: 'SYN scrum', type: 'scrum' },
      { id: 71, name: 'SYN kanban', type: 'kanban' },
    ],
  });
  const sprints = Array.from({ length: sprintCount }, (_, i) => ({
    id: 900 + i,
    name: `SYN ${i + 1}`,
    state: i < sprintCount - 2 ? 'closed' : i === sprintCount - 2 ? 'active' : 'future',
    originBoardId: 70,
    ...(i < sprintCount - 1 ? { startDate: day(i * 14).replace('+0000', 'Z'), endDate: day(i * 14 + 14).replace('+0000', 'Z') } : {}),
    ...(i < sprintCount - 2 ? { completeDate: day(i * 14 + 14).replace('+0000', 'Z') } : {}),
  }));
  for (let p = 0; p * 50 < sprints.length; p++) {
    const values = sprints.slice(p * 50, p * 50 + 50);
    await write(`boards/70/sprints-${String(p + 1).padStart(3, '0')}.json`, { maxResults: 50, startAt: p * 50, isLast: (p + 1) * 50 >= sprints.length, values });
  }
  const status = (k: number) =>
    k % 3 === 0 ? { name: 'Done', statusCategory: { key: 'done' } } : k % 3 === 1 ? { name: 'In Progress', statusCategory: { key: 'indeterminate' } } : { name: 'To Do', statusCategory: { key: 'new' } };
  const issues = Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    const type = k === 1 ? types[0]! : k <= 11 ? types[1]! : types[2]!;
    const sprint = sprints[(k * 7) % sprints.length]!;
    return {
      id: String(60000 + k),
      key: `SYN-${k}`,
      fields: {
        summary: `${type.name} ${k}`,
        issuetype: type,
        status: status(k),
        updated: day(k % 300),
        created: day(0),
        duedate: null,
        fixVersions: k % 4 === 0 ? [{ id: '30002', name: '1.1' }] : [],
        [sprintField]: type.hierarchyLevel === 0 ? [{ id: sprint.id, name: sprint.name, state: sprint.state, boardId: 70 }] : null,
        ...(k === 1
          ? {}
          : {
              parent: {
                id: String(60000 + (k <= 11 ? 1 : 2 + (k % 10))),
                key: `SYN-${k <= 11 ? 1 : 2 + (k % 10)}`,
                fields: { summary: 'parent', status: status(1), issuetype: k <= 11 ? types[0]! : types[1]! },
              },
            }),
      },
    };
  });
  const pages = Math.max(1, Math.ceil(n / 100));
  for (let p = 0; p < pages; p++) {
    const last = p === pages - 1;
    await write(`projects/SYN/search-${String(p + 1).padStart(3, '0')}.json`, {
      issues: issues.slice(p * 100, p * 100 + 100),
      ...(last ? {} : { nextPageToken: `page-${p + 2}` }),
      isLast: last,
    });
  }
  return dir;
}
