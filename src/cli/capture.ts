/**
 * npm run capture -- --site URL --project KEY --out DIR [--update]
 * Scans a project of a live site (or the emulator) and writes it as a snapshot, so it can be
 * analysed offline (report --snapshot DIR) and shared as a reproducible case. Pages go to disk
 * as they arrive; DIR changes only when the whole capture succeeded.
 *
 * --update refreshes an earlier capture of the same site and project cheaply (DESIGN.md): it
 * reads the issues updated since that capture's `capturedAt` (minus an overlap for Jira's search
 * lag), the keys of every issue (5,000 a page, to drop deleted and moved issues), and versions,
 * boards and each board's whole sprint list (but a kanban board's whose earlier capture held
 * none: Jira answers 400); it merges them with DIR's pages and rewrites DIR to hold what a fresh
 * capture would, with a new `capturedAt`. docs/design-notes.md says why each request is needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { isProjectKey } from '../core/project-key';
import { BULK_FETCH_SIZE, ID_PAGE_SIZE, type JiraClient, type RecordedResponse } from '../jira/client';
import { inStep, JiraNotFoundError } from '../jira/errors';
import { DEFAULT_IN_FLIGHT } from '../jira/key-ranges';
import { readTokenPages } from '../jira/token-pages';
import { checkSiteUrl } from '../jira/node-transport';
import { changedSinceJql, projectJql, scanProject, SEARCH_PAGE_SIZE, searchFieldsFor } from '../jira/scan';
import { findSprintFieldId, type JiraBoard, type JiraIssue, type JiraSprint } from '../jira/schemas';
import { countSnapshotProject, forEachSnapshotIssuePage, listProjects, pageFileName, readMeta, SnapshotError, type SnapshotCounts } from '../snapshot/reader';
import { refreshEmbedded, refreshOutsideParents, refreshOutsideSprints, type ReadNow } from '../snapshot/embedded';
import { SnapshotStage } from '../snapshot/writer';
import { UsageError } from './errors';
import { wantsHelp } from './options';
import { runCli } from './run';
import { createSiteClient, progressLine, statusLine, type SiteClientOptions } from './sources';

export const CAPTURE_USAGE = 'usage: npm run capture -- --site https://NAME.atlassian.net --project KEY --out DIR [--update]';

const MAX_PAGES = 100_000;
/** What a parent's read asks for beside the fields its copies carry (`updated`: every issue read is checked for it). */
const PARENT_READ_FIELDS = ['summary', 'status', 'issuetype', 'updated'] as const;

export interface CaptureSummary extends SnapshotCounts {
  outDir: string;
  projectKey: string;
  requests: number;
  files: string[];
  /** --update only: issues read because they changed since the earlier capture. */
  changedIssues?: number;
}

/** The client for a capture: counts its requests and writes to the stage the responses `written` picks. */
function countClient(site: string, options: SiteClientOptions, stage: SnapshotStage, written: (r: RecordedResponse) => boolean, onRecord?: (r: RecordedResponse) => void): { client: JiraClient; requests: () => number } {
  let requests = 0;
  const client = createSiteClient(site, {
    ...options,
    record: (r) => {
      if (written(r)) stage.record(r);
      onRecord?.(r);
    },
    onRequest: () => {
      requests++;
      options.onRequest?.();
    },
  });
  return { client, requests: () => requests };
}

/** Checks the staged snapshot reads back as the scan's data, installs it, and sums it up. */
async function installChecked(stage: SnapshotStage, projectKey: string, expected: Omit<SnapshotCounts, 'searchPages'>): Promise<{ counts: SnapshotCounts; files: string[] }> {
  const counts = await countSnapshotProject(stage.dir, projectKey);
  const differs = (['issues', 'versions', 'boards', 'sprints'] as const).filter((k) => counts[k] !== expected[k]);
  if (differs.length > 0) {
    throw new Error(`the snapshot written for ${projectKey} does not read back as the data scanned (${differs.map((k) => `${k}: ${counts[k]} read, ${expected[k]} scanned`).join('; ')}); please report this`);
  }
  return { counts, files: await stage.install() };
}

export async function capture(site: string, projectKey: string, outDir: string, options: SiteClientOptions = {}): Promise<CaptureSummary> {
  const stage = await SnapshotStage.open(outDir, projectKey);
  try {
    const { client, requests } = countClient(site, options, stage, () => true);
    const capturedAt = new Date().toISOString();
    const keys = new Set<string>();
    const raw = await scanProject(client, projectKey, {
      onProgress: progressLine(projectKey),
      keepIssues: false,
      // The snapshot holds Jira's search pages as they came.
      issueReads: 'search-pages',
      onSearchPage: (issues) => {
        for (const issue of issues) keys.add(issue.key);
      },
    });
    stage.finish({ baseUrl: client.siteUrl ?? site, capturedAt });
    const sprints = raw.sprintsByBoard.reduce((n, b) => n + b.sprints.length, 0);
    const { counts, files } = await installChecked(stage, projectKey, { issues: keys.size, versions: raw.versions.length, boards: raw.boards.length, sprints });
    return { outDir, projectKey, ...counts, requests: requests(), files };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}

/** The number in an issue key (ACME-12 → 12): Jira's `ORDER BY key` within one project. */
function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}

/** DIR must hold an earlier capture of this site and project; nothing is read or written otherwise. */
async function checkEarlierCapture(site: string, projectKey: string, outDir: string): Promise<{ siteUrl: string; capturedAt: string }> {
  const checked = checkSiteUrl(site);
  if (!checked.ok) throw new UsageError(`--site ${checked.error}`);
  if (!existsSync(outDir)) throw new UsageError(`--update: ${outDir} does not exist; capture it first without --update`);
  let meta;
  try {
    meta = await readMeta(outDir);
  } catch (error) {
    if (error instanceof SnapshotError) throw new UsageError(`--update: ${outDir} is not a capture (${error.message})`);
    throw error;
  }
  if (meta?.baseUrl === undefined || meta.capturedAt === undefined) {
    throw new UsageError(`--update: ${outDir} is not a capture (its meta.json gives no baseUrl and capturedAt)`);
  }
  if (meta.baseUrl.replace(/\/+$/, '') !== checked.url) {
    throw new UsageError(`--update: ${outDir} is a capture of ${meta.baseUrl}, not of ${checked.url}; DIR left untouched`);
  }
  const projects = await listProjects(outDir);
  if (!projects.includes(projectKey)) {
    throw new UsageError(`--update: ${outDir} holds no capture of project ${projectKey} (${projects.length > 0 ? `it has ${projects.join(', ')}` : 'it has no projects'}); DIR left untouched`);
  }
  return { siteUrl: checked.url, capturedAt: meta.capturedAt };
}

/** Writes issues as search pages of 100, as a fresh capture's pages hold them. */
class PageWriter {
  private page: JiraIssue[] = [];
  private pending: JiraIssue[] | undefined;
  private written = 0;
  private added = 0;
  constructor(private readonly write: (n: number, json: unknown) => void) {}

  /** Adds an issue; returns the number of the page it is written to. */
  add(issue: JiraIssue): number {
    this.added++;
    this.page.push(issue);
    if (this.page.length === SEARCH_PAGE_SIZE) {
      this.flushPending(false);
      this.pending = this.page;
      this.page = [];
    }
    return Math.ceil(this.added / SEARCH_PAGE_SIZE);
  }

  private flushPending(last: boolean): void {
    if (this.pending === undefined) return;
    this.written++;
    this.write(this.written, last ? { issues: this.pending, isLast: true } : { issues: this.pending, nextPageToken: `page-${this.written + 1}`, isLast: false });
    this.pending = undefined;
  }

  end(): void {
    if (this.page.length > 0 || this.pending === undefined) {
      this.flushPending(false);
      this.pending = this.page;
      this.page = [];
    }
    this.flushPending(true);
  }
}

/** Waits for every task, then throws the first failure: nothing keeps writing into a stage being discarded. */
async function allOrFirstFailure<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Whether the update can leave a board's sprints unread: Jira answers 400 for a kanban board's
 * sprints (DESIGN.md), so a board that is kanban and whose earlier capture holds no sprint pages
 * has none now either, as a fresh capture would find. Any other board's list is read whole.
 */
function knownWithoutSprints(board: JiraBoard, outDir: string): boolean {
  return board.type === 'kanban' && !existsSync(join(outDir, 'boards', String(board.id), pageFileName('sprints', 1)));
}

/**
 * What unchanged issues copy from outside the project, and the staged pages those copies are on:
 * parents outside it (another project's initiative, a parent moved away), by id (else key), and
 * sprints of boards that are not the project's, by board. They are not among what the update
 * reads for the project, yet Jira shows them as they are now in every copy.
 */
class OutsideCopies {
  readonly parents = new Map<string, Set<number>>();
  readonly parentFields = new Set<string>();
  readonly boards = new Map<number, Set<number>>();

  constructor(
    private readonly isInside: (key: string) => boolean,
    private readonly sprintFieldId: string | undefined,
    private readonly knownSprint: (id: number) => boolean,
  ) {}

  note(issue: JiraIssue, page: number): void {
    const parent = issue.fields.parent;
    if (parent?.fields !== undefined && !this.isInside(parent.key)) {
      const id = parent.id ?? parent.key;
      this.parents.set(id, (this.parents.get(id) ?? new Set()).add(page));
      for (const k of Object.keys(parent.fields)) this.parentFields.add(k);
    }
    const entries = this.sprintFieldId === undefined ? undefined : (issue.fields[this.sprintFieldId] as { id?: unknown; boardId?: unknown }[] | null | undefined);
    for (const entry of entries ?? []) {
      if (typeof entry.id !== 'number' || this.knownSprint(entry.id) || typeof entry.boardId !== 'number') continue;
      this.boards.set(entry.boardId, (this.boards.get(entry.boardId) ?? new Set()).add(page));
    }
  }
}

/**
 * Reads what unchanged issues copy from outside the project, and rewrites the staged pages whose
 * copies changed: the parents by id (100 a bulk fetch), the other boards' sprint lists (not
 * written to the snapshot: a fresh capture holds only the project's boards). A parent Jira does
 * not return (deleted, or hidden from the user) and a board it does not show keep their copies.
 */
async function refreshOutside(client: JiraClient, stage: SnapshotStage, projectKey: string, outside: OutsideCopies, sprintFieldId: string | undefined, pagePath: (n: number) => string): Promise<void> {
  if (outside.parents.size === 0 && outside.boards.size === 0) return;
  const ids = [...outside.parents.keys()];
  const fields = [...new Set([...outside.parentFields, ...PARENT_READ_FIELDS])];
  const inFlight = pLimit(DEFAULT_IN_FLIGHT);
  const chunks = Array.from({ length: Math.ceil(ids.length / BULK_FETCH_SIZE) }, (_, i) => ids.slice(i * BULK_FETCH_SIZE, (i + 1) * BULK_FETCH_SIZE));
  const readParents = allOrFirstFailure<JiraIssue[][]>(
    chunks.map((chunk) => inFlight(async () => (await inStep(`reading ${chunk.length} parents of ${projectKey} issues from outside the project`, () => client.bulkFetch(chunk, fields))).issues)),
  );
  const readBoards = allOrFirstFailure<JiraSprint[][]>(
    [...outside.boards.keys()].map((boardId) =>
      inFlight(async () => {
        try {
          return await client.sprints(boardId);
        } catch (error) {
          if (!(error instanceof JiraNotFoundError)) throw error;
          statusLine(`  ${projectKey}: board ${boardId}, whose sprints some issues are in, is not visible; their copies of its sprints stay as captured`);
          return [];
        }
      }),
    ),
  );
  const [readP, readB] = await allOrFirstFailure([readParents, readBoards] as const);
  const parents = new Map<string, JiraIssue>();
  for (const p of readP.flat()) parents.set(p.id, p).set(p.key, p);
  const sprints = new Map<number, JiraSprint>();
  for (const s of readB.flat()) if (!sprints.has(s.id)) sprints.set(s.id, s);
  const touched = new Set<number>();
  for (const [id, onPages] of outside.parents) if (parents.has(id)) for (const n of onPages) touched.add(n);
  [...outside.boards.keys()].forEach((boardId, i) => {
    if ((readB[i] ?? []).length > 0) for (const n of outside.boards.get(boardId)!) touched.add(n);
  });
  for (const n of [...touched].sort((a, b) => a - b)) {
    const page = JSON.parse(readFileSync(join(stage.dir, pagePath(n)), 'utf8')) as { issues: JiraIssue[] };
    const parentsChanged = refreshOutsideParents(page.issues, parents);
    const sprintsChanged = refreshOutsideSprints(page.issues, sprintFieldId, sprints);
    if (parentsChanged || sprintsChanged) stage.write(pagePath(n), page);
  }
}

export async function captureUpdate(site: string, projectKey: string, outDir: string, options: SiteClientOptions = {}): Promise<CaptureSummary> {
  const earlier = await checkEarlierCapture(site, projectKey, outDir);
  const stage = await SnapshotStage.open(outDir, projectKey);
  try {
    // The versions and issue types as Jira sent them (the checked values leave out keys the copies in issues carry).
    const raw: { versions: Record<string, unknown>[]; issueTypes: Record<string, unknown>[] } = { versions: [], issueTypes: [] };
    // Only the project's boards' sprint lists are the snapshot's (others are read for copies in issues).
    let projectBoards = new Set<number>();
    const { client, requests } = countClient(
      site,
      options,
      stage,
      (r) => r.kind !== 'search' && (r.kind !== 'sprints' || projectBoards.has(r.boardId)),
      (r) => {
        if (r.kind === 'versions') raw.versions = r.json as Record<string, unknown>[];
        if (r.kind === 'issueTypes') raw.issueTypes = r.json as Record<string, unknown>[];
      },
    );
    const capturedAt = new Date().toISOString();
    const project = await client.project(projectKey);
    const [, fields, versions, boards] = await allOrFirstFailure([
      inStep('reading the issue types', () => client.issueTypes()),
      inStep('reading the fields', () => client.fields()),
      inStep(`reading the versions of ${projectKey}`, () => client.versions(projectKey)),
      inStep(`reading the boards of ${projectKey}`, () => client.boards(projectKey)),
    ] as const);
    projectBoards = new Set(boards.map((b) => b.id));
    const sprintFieldId = findSprintFieldId(fields);
    const searchFields = searchFieldsFor(sprintFieldId);
    const { jql: changedJql, since } = changedSinceJql(projectKey, Date.parse(earlier.capturedAt));

    // Three streams at once, each through the client's limiter: the boards' sprint lists (a few
    // in flight), the issues changed since the earlier capture (the JQL the scan job's rescans
    // use too), and the keys of every issue (5,000 a page, to drop deleted and moved issues).
    const inFlight = pLimit(DEFAULT_IN_FLIGHT);
    let sprintsFailed = false;
    const readSprints = allOrFirstFailure<JiraSprint[][]>(
      boards.map((board) =>
        knownWithoutSprints(board, outDir)
          ? Promise.resolve([])
          : inFlight(async () => {
              if (sprintsFailed) return [];
              try {
                return await inStep(`reading the sprints of board ${board.id} (${board.name})`, () => client.sprints(board.id));
              } catch (error) {
                sprintsFailed = true;
                throw error;
              }
            }),
      ),
    );
    const changed = new Map<string, JiraIssue>();
    const readChanged = readTokenPages({
      what: `reading the issues of ${projectKey} updated since ${new Date(since).toISOString()}`,
      maxPages: MAX_PAGES,
      read: (token, page) =>
        inStep(`reading page ${page} of the issues of ${projectKey} updated since ${new Date(since).toISOString()}`, () =>
          client.searchPage({ jql: changedJql, fields: searchFields, maxResults: SEARCH_PAGE_SIZE, ...(token !== undefined ? { nextPageToken: token } : {}) }, sprintFieldId, page),
        ),
      onPage: (result) => {
        for (const issue of result.issues) changed.set(issue.key, issue);
      },
    });
    const live = new Set<string>();
    const readKeys = readTokenPages({
      what: `reading the keys of ${projectKey}`,
      maxPages: MAX_PAGES,
      read: (token, page) => inStep(`reading page ${page} of the keys of ${projectKey}`, () => client.searchKeys({ jql: projectJql(projectKey), maxResults: ID_PAGE_SIZE, ...(token !== undefined ? { nextPageToken: token } : {}) })),
      onPage: (result) => {
        for (const key of result.keys) live.add(key);
      },
    });
    const [listed] = await allOrFirstFailure([readSprints, readChanged, readKeys] as const);
    const sprints = new Map<number, JiraSprint>();
    let sprintCount = 0;
    for (const list of listed) {
      sprintCount += list.length;
      for (const s of list) if (!sprints.has(s.id)) sprints.set(s.id, s);
    }
    statusLine(`  ${projectKey}: ${changed.size} issues changed since ${earlier.capturedAt}, ${live.size} issues in all`);

    // Merge, in key order: DIR's pages one at a time, the changed issues in their places.
    const pagePath = (n: number) => `projects/${projectKey}/${pageFileName('search', n)}`;
    const pages = new PageWriter((n, json) => stage.write(pagePath(n), json));
    const outside = new OutsideCopies((key) => live.has(key) || changed.has(key), sprintFieldId, (id) => sprints.has(id));
    const now: ReadNow = {
      changed,
      sprintFieldId,
      sprints,
      versions: new Map(raw.versions.map((v) => [String(v.id), v])),
      issueTypes: new Map(raw.issueTypes.map((t) => [String(t.id), t])),
    };
    const changedInOrder = [...changed.values()].sort((a, b) => keyNumber(a.key) - keyNumber(b.key));
    const emitted = new Set<string>();
    let next = 0;
    const emit = (issue: JiraIssue): number | undefined => {
      if (emitted.has(issue.key) || !live.has(issue.key)) return undefined;
      emitted.add(issue.key);
      return pages.add(issue);
    };
    const before = await forEachSnapshotIssuePage(outDir, projectKey, (issues) => {
      for (const old of issues) {
        while (next < changedInOrder.length && keyNumber(changedInOrder[next]!.key) <= keyNumber(old.key)) emit(changedInOrder[next++]!);
        if (changed.has(old.key)) continue;
        const page = emit(refreshEmbedded(old, now));
        if (page !== undefined) outside.note(old, page);
      }
    });
    while (next < changedInOrder.length) emit(changedInOrder[next++]!);
    pages.end();
    if (before.project.id !== project.id) {
      throw new UsageError(`--update: ${outDir} holds project ${projectKey} with id ${before.project.id}, but ${earlier.siteUrl} has ${projectKey} with id ${project.id}: not the same project; DIR left untouched`);
    }
    await refreshOutside(client, stage, projectKey, outside, sprintFieldId, pagePath);

    stage.finish({ baseUrl: client.siteUrl ?? earlier.siteUrl, capturedAt });
    const { counts, files } = await installChecked(stage, projectKey, { issues: emitted.size, versions: versions.length, boards: boards.length, sprints: sprintCount });
    return { outDir, projectKey, ...counts, requests: requests(), files, changedIssues: changed.size };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function captureMain(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  if (wantsHelp(argv)) {
    out(`${CAPTURE_USAGE}\n`);
    return;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { site: { type: 'string' }, project: { type: 'string' }, out: { type: 'string' }, update: { type: 'boolean', default: false } },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${CAPTURE_USAGE}`);
  }
  if (values.site === undefined || values.project === undefined || values.out === undefined) {
    throw new UsageError(`--site, --project and --out are required; ${CAPTURE_USAGE}`);
  }
  const project = values.project.trim().toUpperCase();
  if (!isProjectKey(project)) throw new UsageError(`--project "${values.project}" is not a Jira project key (capital letters, digits and _, like TINY)`);
  const s = values.update ? await captureUpdate(values.site, project, values.out) : await capture(values.site, project, values.out);
  out(
    `${values.update ? 'Updated' : 'Captured'} ${s.projectKey} from ${values.site} into ${s.outDir}: ${s.issues} issues in ${s.searchPages} search page${s.searchPages === 1 ? '' : 's'}` +
      `${s.changedIssues !== undefined ? ` (${plural(s.changedIssues, 'issue')} changed)` : ''}, ` +
      `${plural(s.versions, 'version')}, ${plural(s.boards, 'board')}, ${plural(s.sprints, 'sprint')} (${plural(s.requests, 'request')}).\n` +
      `Analyse it offline: npm run report -- --snapshot ${s.outDir} --project ${s.projectKey}\n`,
  );
}

if (require.main === module) runCli(captureMain, 'capture');
