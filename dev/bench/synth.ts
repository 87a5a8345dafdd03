/**
 * A deterministic synthetic Jira site for scale tests and the bench: one project of n issues
 * (1k, 10k, 100k …), dozens of boards with years of two-week sprints, hundreds of versions, a
 * realistic hierarchy (initiatives → epics → stories, tasks, bugs → sub-tasks, some parents in
 * another project) and a mix of every problem the rules look for.
 *
 * One generator, two outputs: `rawProjectOf(site)` gives the in-memory RawProject (what a scan
 * returns) and `writeSiteSnapshot(site, dir)` writes DESIGN.md's snapshot folder (search pages
 * of 100 issues), which the emulator serves. Same seed, same site, byte for byte.
 */
import { prng } from '../prng';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawProject } from '../../src/jira/project-data';
import type { JiraBoard, JiraField, JiraIssue, JiraIssueType, JiraProject, JiraSprint, JiraVersion } from '../../src/jira/schemas';

export const SYNTH_SPRINT_FIELD = 'customfield_10020';
export const SYNTH_SITE = 'https://synthetic.atlassian.net';
const SYNTH_PAGE_SIZE = 100;
const DAY = 86_400_000;

export interface SynthOptions {
  issues: number;
  seed?: number;
  projectKey?: string;
  /** The date the site is captured on (YYYY-MM-DD); the report's as-of date. */
  asOf?: string;
  /** Years of sprint history (default 3). */
  years?: number;
}

export interface SyntheticSite {
  asOf: string;
  capturedAt: string;
  projectKey: string;
  issueTypes: JiraIssueType[];
  fields: JiraField[];
  project: JiraProject;
  versions: JiraVersion[];
  boards: JiraBoard[];
  /** Scrum boards only; kanban boards have no sprint pages. */
  sprintsByBoard: { boardId: number; sprints: JiraSprint[] }[];
  /** In key order, as `project = KEY ORDER BY key ASC` returns them. */
  issues: JiraIssue[];
}


const TYPE = {
  initiative: { id: '10000', name: 'Initiative', subtask: false, hierarchyLevel: 2 },
  epic: { id: '10001', name: 'Epic', subtask: false, hierarchyLevel: 1 },
  story: { id: '10002', name: 'Story', subtask: false, hierarchyLevel: 0 },
  task: { id: '10003', name: 'Task', subtask: false, hierarchyLevel: 0 },
  bug: { id: '10004', name: 'Bug', subtask: false, hierarchyLevel: 0 },
  subtask: { id: '10005', name: 'Sub-task', subtask: true, hierarchyLevel: -1 },
} as const;
type TypeName = keyof typeof TYPE;

const STATUS = {
  todo: { name: 'To Do', statusCategory: { key: 'new' } },
  progress: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
  review: { name: 'In Review', statusCategory: { key: 'indeterminate' } },
  done: { name: 'Done', statusCategory: { key: 'done' } },
} as const;
type StatusName = keyof typeof STATUS;

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.000+0000`;
}
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

interface ParentLink {
  id: string;
  key: string;
  summary: string;
  type: TypeName;
  status: StatusName;
}

const WORDS = ['checkout', 'billing', 'search', 'onboarding', 'reporting', 'mobile', 'API', 'audit', 'pricing', 'sync', 'export', 'alerts', 'SSO', 'cache', 'ledger', 'inbox'];
const VERBS = ['Improve', 'Add', 'Fix', 'Refactor', 'Harden', 'Measure', 'Simplify', 'Document', 'Migrate', 'Speed up'];

export function generateSite(options: SynthOptions): SyntheticSite {
  const n = Math.max(50, Math.floor(options.issues));
  const rand = prng(options.seed ?? 42);
  const projectKey = options.projectKey ?? 'BIG';
  const asOf = options.asOf ?? '2026-03-02';
  const asOfMs = Date.parse(`${asOf}T12:00:00Z`);
  const years = options.years ?? 3;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const chance = (p: number) => rand() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const summary = () => `${pick(VERBS)} ${pick(WORDS)} ${pick(WORDS)}`;

  // Boards: dozens (4 at 1k, ~40 at 100k); every fifth is kanban (no sprints).
  const boardCount = Math.max(4, Math.min(48, Math.round(n / 2500)));
  const boards: JiraBoard[] = [];
  const sprintsByBoard: SyntheticSite['sprintsByBoard'] = [];
  const boardSprints = new Map<number, JiraSprint[]>();
  let sprintId = 1;
  const historyStart = asOfMs - years * 365 * DAY;
  for (let b = 0; b < boardCount; b++) {
    const id = 100 + b;
    const kanban = b % 5 === 4;
    boards.push({ id, name: `${projectKey} team ${b + 1}${kanban ? ' (kanban)' : ''}`, type: kanban ? 'kanban' : 'scrum' });
    if (kanban) continue;
    const sprints: JiraSprint[] = [];
    // Each team starts at a different time; sprints are 14 days, sometimes 21 or 10, with gaps and overruns.
    let start = historyStart + between(0, 120) * DAY + 9 * 3600_000;
    for (let k = 1; start < asOfMs + 30 * DAY; k++) {
      const length = chance(0.06) ? pick([10, 21, 7]) : 14;
      const end = start + length * DAY;
      const state: JiraSprint['state'] = end < asOfMs ? 'closed' : start <= asOfMs ? 'active' : 'future';
      const overrun = chance(0.08) ? between(2, 5) * DAY : between(0, 6) * 3600_000;
      const sprint: JiraSprint = {
        id: sprintId++,
        name: `T${b + 1} Sprint ${k}`,
        state,
        originBoardId: id,
        ...(state === 'future' ? {} : { startDate: iso(start), endDate: iso(end) }),
        ...(state === 'closed' ? { completeDate: iso(end + overrun) } : {}),
      };
      sprints.push(sprint);
      if (state === 'future') break;
      const gap = chance(0.07) ? between(4, 12) * DAY : 0;
      start = (state === 'closed' ? end + overrun : end) + gap;
    }
    boardSprints.set(id, sprints);
    sprintsByBoard.push({ boardId: id, sprints });
  }
  const scrumBoards = boards.filter((b) => b.type === 'scrum');

  // Versions: hundreds at 100k, in several release streams of ~9-week cadence.
  const versionCount = Math.max(12, Math.min(400, Math.round(n / 250)));
  const streams = Math.max(1, Math.round(versionCount / 16));
  const versions: JiraVersion[] = [];
  for (let s = 0; s < streams; s++) {
    let release = historyStart + between(20, 90) * DAY;
    for (let k = 1; versions.length < versionCount && release < asOfMs + 200 * DAY; k++) {
      const id = String(20000 + versions.length);
      const due = day(release);
      const past = release < asOfMs;
      const released = past && !chance(0.05); // a few overdue, never released
      versions.push({
        id,
        name: `${String.fromCharCode(65 + (s % 26))}${s >= 26 ? s : ''} ${Math.floor(k / 10) + 1}.${k % 10}`,
        released,
        archived: released && release < asOfMs - 500 * DAY && chance(0.5),
        ...(chance(0.04) ? {} : { releaseDate: due }),
        projectId: 10100,
      });
      release += (chance(0.15) ? between(30, 120) : between(56, 84)) * DAY;
    }
  }
  const versionsByTime = versions
    .filter((v) => v.releaseDate)
    .map((v) => ({ id: v.id, name: v.name, at: Date.parse(`${v.releaseDate!}T00:00:00Z`) }))
    .sort((a, b) => a.at - b.at);
  const versionAfter = (ms: number) => {
    let lo = 0;
    let hi = versionsByTime.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (versionsByTime[mid]!.at < ms) lo = mid + 1;
      else hi = mid;
    }
    const from = Math.min(lo, versionsByTime.length - 1);
    return versionsByTime[Math.min(versionsByTime.length - 1, from + between(0, 3))];
  };

  const issues: JiraIssue[] = [];
  const asParent = (p: ParentLink) => ({
    id: p.id,
    key: p.key,
    fields: { summary: p.summary, status: STATUS[p.status], issuetype: TYPE[p.type] },
  });
  const sprintEntry = (s: JiraSprint, boardId: number) => ({
    id: s.id,
    name: s.name,
    state: s.state,
    boardId,
    ...(s.startDate ? { startDate: s.startDate } : {}),
    ...(s.endDate ? { endDate: s.endDate } : {}),
    ...(s.completeDate ? { completeDate: s.completeDate } : {}),
  });
  function push(
    type: TypeName,
    status: StatusName,
    fields: { updated: number; created: number; due?: string | null; parent?: ParentLink | null; fixVersions?: { id: string; name: string }[]; sprints?: unknown[] },
  ): ParentLink {
    const index = issues.length + 1;
    const link: ParentLink = { id: String(100000 + index), key: `${projectKey}-${index}`, summary: summary(), type, status };
    issues.push({
      id: link.id,
      key: link.key,
      fields: {
        summary: link.summary,
        issuetype: TYPE[type],
        status: STATUS[status],
        created: iso(fields.created),
        updated: iso(Math.max(fields.created, Math.min(fields.updated, asOfMs - 3600_000))),
        duedate: fields.due ?? null,
        fixVersions: fields.fixVersions ?? [],
        parent: fields.parent ? asParent(fields.parent) : null,
        project: { id: '10100', key: projectKey },
        [SYNTH_SPRINT_FIELD]: fields.sprints && fields.sprints.length > 0 ? fields.sprints : null,
      },
    });
    return link;
  }

  // Shape: ~0.1% initiatives, ~2% epics, ~78% base work, ~20% sub-tasks.
  const initiativeCount = Math.max(3, Math.round(n / 1000));
  const epicCount = Math.max(6, Math.round(n / 50));
  const span = asOfMs - historyStart;
  const initiatives: { link: ParentLink; at: number }[] = [];
  for (let i = 0; i < initiativeCount; i++) {
    const at = historyStart + (span * i) / initiativeCount;
    const done = at + 400 * DAY < asOfMs && chance(0.8);
    const status: StatusName = done ? 'done' : chance(0.2) ? 'todo' : 'progress';
    const updated = done ? at + 380 * DAY : chance(0.25) ? at + between(10, 60) * DAY : asOfMs - between(1, 200) * DAY;
    const due = chance(0.6) ? day(at + between(200, 600) * DAY) : null;
    initiatives.push({ link: push('initiative', status, { created: at, updated, due }), at });
  }
  // Parents outside the project: known only as the object embedded in their children.
  const outside: ParentLink[] = [
    { id: '900001', key: 'PORT-1', summary: 'Company portfolio: grow revenue', type: 'initiative', status: 'progress' },
    { id: '900002', key: 'PORT-2', summary: 'Company portfolio: cut costs', type: 'initiative', status: 'done' },
  ];

  const perEpic = Math.max(1, Math.floor((n - initiativeCount - epicCount) / epicCount));
  let remaining = n - initiativeCount;
  for (let e = 0; e < epicCount && remaining > 0; e++) {
    const at = historyStart + (span * e) / epicCount;
    const board = scrumBoards[e % scrumBoards.length]!;
    const sprints = boardSprints.get(board.id) ?? [];
    const windowEnd = at + between(40, 200) * DAY;
    const epicDone = windowEnd < asOfMs - 30 * DAY && chance(0.9);
    const parentPick = rand();
    const epicParent: ParentLink | null =
      parentPick < 0.82 ? nearest(initiatives, at) : parentPick < 0.86 ? pick(outside) : null; // ~14% without initiative
    const epicStatus: StatusName = epicDone ? 'done' : chance(0.3) ? 'todo' : 'progress';
    const epicUpdated = epicDone ? windowEnd : chance(0.3) ? at + between(5, 40) * DAY : asOfMs - between(1, 80) * DAY;
    const epic = push('epic', epicStatus, { created: at, updated: epicUpdated, due: chance(0.5) ? day(windowEnd) : null, parent: epicParent });
    remaining--;

    const children = Math.min(remaining, e === epicCount - 1 ? remaining : perEpic);
    let made = 0;
    while (made < children) {
      const t = between(at, windowEnd + 60 * DAY);
      const kind: TypeName = pick(['story', 'story', 'story', 'task', 'bug']);
      // Which sprint (if any) the work was planned into.
      const sprintIndex = sprints.findIndex((s) => s.endDate !== undefined && s.endDate !== null && Date.parse(s.endDate) >= t);
      const planned = sprintIndex >= 0 && !chance(0.12) ? sprintIndex : -1;
      const inFuture = t > asOfMs;
      const sprint = planned >= 0 ? sprints[planned] : inFuture && chance(0.5) ? sprints[sprints.length - 1] : undefined;
      let status: StatusName;
      if (sprint === undefined) status = t < asOfMs - 120 * DAY && chance(0.8) ? 'done' : 'todo';
      else if (sprint.state === 'closed') status = chance(0.93) ? 'done' : pick(['todo', 'progress']);
      else if (sprint.state === 'active') status = pick(['todo', 'progress', 'progress', 'review', 'done']);
      else status = 'todo';
      if (epicDone && status !== 'done' && chance(0.6)) status = 'done';
      // Carry-over: open work in a closed sprint was moved through the next ones.
      const sprintList: unknown[] = [];
      if (sprint) {
        const at0 = sprints.indexOf(sprint);
        const carried = sprint.state === 'closed' && status !== 'done' ? between(2, 4) : chance(0.05) ? 2 : 1;
        for (let k = 0; k < carried && at0 + k < sprints.length; k++) sprintList.push(sprintEntry(sprints[at0 + k]!, board.id));
      }
      const sprintEnd = sprint?.endDate ? Date.parse(sprint.endDate) : t;
      const updated =
        status === 'done'
          ? Math.min(sprintEnd, asOfMs - DAY)
          : status === 'todo'
            ? t - between(0, 30) * DAY
            : chance(0.3)
              ? asOfMs - between(3, 20) * DAY
              : asOfMs - between(0, 1) * DAY - 2 * 3600_000;
      const version = chance(0.72) ? versionAfter(sprintEnd) : undefined;
      const parentRoll = rand();
      const parent: ParentLink | null = parentRoll < 0.9 ? epic : parentRoll < 0.92 && epicParent !== null ? epicParent : null; // skips, orphans
      const base = push(kind, status, {
        created: t - between(1, 20) * DAY,
        updated,
        due: chance(0.1) ? day(sprintEnd) : null,
        parent,
        fixVersions: version ? [{ id: version.id, name: version.name }] : [],
        sprints: sprintList,
      });
      made++;
      remaining--;
      // Sub-tasks of about one item in four.
      if (chance(0.25)) {
        const subs = Math.min(remaining, children - made, between(1, 2));
        for (let s = 0; s < subs; s++) {
          const subStatus: StatusName = status === 'done' ? 'done' : pick(['todo', 'progress', 'done']);
          push('subtask', subStatus, {
            created: t,
            updated: subStatus === 'progress' && chance(0.5) ? asOfMs - between(3, 10) * DAY : updated,
            parent: base,
            sprints: sprintList,
          });
          made++;
          remaining--;
        }
      }
    }
  }

  return {
    asOf,
    capturedAt: `${asOf}T12:00:00.000+0000`,
    projectKey,
    issueTypes: Object.values(TYPE).map((t) => ({ ...t })),
    fields: [
      { id: 'summary', key: 'summary', name: 'Summary', custom: false, schema: { type: 'string' } },
      { id: 'parent', key: 'parent', name: 'Parent', custom: false },
      {
        id: SYNTH_SPRINT_FIELD,
        key: SYNTH_SPRINT_FIELD,
        name: 'Sprint',
        custom: true,
        schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 },
      },
    ],
    project: { id: '10100', key: projectKey, name: `Synthetic ${projectKey} (${n} issues)`, self: `${SYNTH_SITE}/rest/api/3/project/10100` },
    versions,
    boards,
    sprintsByBoard,
    issues,
  };

  function nearest(list: { link: ParentLink; at: number }[], at: number): ParentLink {
    let best = list[0]!;
    for (const item of list) if (item.at <= at) best = item;
    return best.link;
  }
}

/** The in-memory result of scanning the site: what `scanProject` returns for it. */
export function rawProjectOf(site: SyntheticSite): RawProject {
  return {
    siteUrl: SYNTH_SITE,
    issueTypes: site.issueTypes,
    sprintFieldId: SYNTH_SPRINT_FIELD,
    project: site.project,
    versions: site.versions,
    boards: site.boards,
    sprintsByBoard: site.sprintsByBoard,
    issues: site.issues,
  };
}

/** Writes the site as a snapshot folder (DESIGN.md's format): search pages of 100, sprint pages of 50. */
export async function writeSiteSnapshot(site: SyntheticSite, dir: string): Promise<void> {
  const write = async (relative: string, json: unknown) => {
    const path = join(dir, relative);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, JSON.stringify(json));
  };
  const page = (prefix: string, n: number) => `${prefix}-${String(n).padStart(3, '0')}.json`;
  const projectDir = join('projects', site.projectKey);
  await write('meta.json', { baseUrl: SYNTH_SITE, capturedAt: site.capturedAt });
  await write('issuetypes.json', site.issueTypes);
  await write('fields.json', site.fields);
  await write(join(projectDir, 'project.json'), site.project);
  await write(join(projectDir, 'versions.json'), site.versions);
  await write(join(projectDir, 'boards.json'), { startAt: 0, maxResults: site.boards.length, total: site.boards.length, isLast: true, values: site.boards });
  const pages = Math.max(1, Math.ceil(site.issues.length / SYNTH_PAGE_SIZE));
  for (let p = 0; p < pages; p++) {
    const issues = site.issues.slice(p * SYNTH_PAGE_SIZE, (p + 1) * SYNTH_PAGE_SIZE);
    const isLast = p === pages - 1;
    await write(join(projectDir, page('search', p + 1)), { issues, ...(isLast ? {} : { nextPageToken: `page-${p + 2}` }), isLast });
  }
  for (const { boardId, sprints } of site.sprintsByBoard) {
    const count = Math.max(1, Math.ceil(sprints.length / 50));
    for (let p = 0; p < count; p++) {
      const values = sprints.slice(p * 50, (p + 1) * 50);
      await write(join('boards', String(boardId), page('sprints', p + 1)), { maxResults: 50, startAt: p * 50, isLast: p === count - 1, values });
    }
  }
}
