/**
 * Reads a site snapshot (DESIGN.md's offline format): a folder of raw Jira Cloud responses.
 * Every file is checked against the shape Jira gives it, so a truncated or malformed file
 * fails with one error that names the file.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { isProjectKey } from '../core/project-key';
import type { ProjectData } from '../core/model';
import { ProjectDataBuilder, siteUrlFromSelf, type RawProject, type RawProjectParts, type RecordOptions } from '../jira/project-data';
import {
  boardPageSchema,
  fieldsSchema,
  findSprintFieldId,
  issueTypesSchema,
  parseSearchPage,
  parseWith,
  projectSchema,
  snapshotMetaSchema,
  sprintPageSchema,
  versionsSchema,
  type JiraBoard,
  type JiraIssue,
  type JiraSprint,
  type ParseResult,
  type SnapshotMeta,
} from '../jira/schemas';
import { SnapshotError, UnknownProjectError } from './errors';

export { SnapshotError, UnknownProjectError } from './errors';

/** Page file names: search-001.json, sprints-002.json … */
export function pageFileName(prefix: 'search' | 'sprints', page: number): string {
  return `${prefix}-${String(page).padStart(3, '0')}.json`;
}

/** The largest file the reader accepts (a search page of 100 issues is well under 1 MiB). */
export const MAX_SNAPSHOT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A file's text: regular files only, at most MAX_SNAPSHOT_FILE_BYTES. Opened without blocking,
 * so a FIFO or device in the snapshot's place fails at once instead of waiting for a writer.
 * Synchronous on purpose: a snapshot is a thousand small local files read one after another,
 * and the thread pool's round trips cost more than the reads (the callers are the CLI and the
 * emulator's start, never a request path).
 */
function readSnapshotFile(path: string, relative: string, dir: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new SnapshotError(`snapshot ${dir}: ${relative} is not a regular file`);
    if (stat.size > MAX_SNAPSHOT_FILE_BYTES) {
      throw new SnapshotError(`snapshot ${dir}: ${relative} is ${Math.ceil(stat.size / 1048576)} MiB, more than the ${MAX_SNAPSHOT_FILE_BYTES / 1048576} MiB a snapshot file may hold`);
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

async function readJson(dir: string, relative: string, required: true): Promise<unknown>;
async function readJson(dir: string, relative: string, required: false): Promise<unknown | undefined>;
async function readJson(dir: string, relative: string, required: boolean): Promise<unknown | undefined> {
  let text: string;
  try {
    text = readSnapshotFile(join(dir, relative), relative, dir);
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (!required) return undefined;
      throw new SnapshotError(`snapshot ${dir}: ${relative} is missing`);
    }
    throw new SnapshotError(`snapshot ${dir}: ${relative} cannot be read (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SnapshotError(`snapshot ${dir}: ${relative} is not valid JSON (${(error as Error).message})`);
  }
}

function check<T>(dir: string, relative: string, result: ParseResult<T>): T {
  if (!result.ok) throw new SnapshotError(`snapshot ${dir}: ${relative} is malformed: ${result.error}`);
  return result.value;
}

async function readChecked<T>(dir: string, relative: string, schema: z.ZodType<T>): Promise<T> {
  return check(dir, relative, parseWith(schema, await readJson(dir, relative, true)));
}

export async function readMeta(dir: string): Promise<SnapshotMeta | undefined> {
  const json = await readJson(dir, 'meta.json', false);
  return json === undefined ? undefined : check(dir, 'meta.json', parseWith(snapshotMetaSchema, json));
}

/** The project keys a snapshot holds. */
export async function listProjects(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(dir, 'projects'), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/**
 * Reads paged files (prefix-001.json, -002 …) in order until a page says it is the last, handing
 * each checked page to `onPage` (so a caller need not hold them all). Returns the number of pages.
 */
async function readPages<T extends { isLast?: boolean | undefined }>(
  dir: string,
  folder: string,
  prefix: 'search' | 'sprints',
  parse: (json: unknown) => ParseResult<T>,
  hasMore: (page: T) => boolean,
  onPage: (page: T) => void,
): Promise<number> {
  for (let n = 1; ; n++) {
    const relative = join(folder, pageFileName(prefix, n));
    const json = await readJson(dir, relative, false);
    if (json === undefined) {
      if (n === 1) return 0;
      const previous = join(folder, pageFileName(prefix, n - 1));
      throw new SnapshotError(`snapshot ${dir}: ${relative} is missing, but ${previous} says more pages follow`);
    }
    const page = check(dir, relative, parse(json));
    onPage(page);
    if (!hasMore(page)) return n;
  }
}

export interface SnapshotProject {
  raw: RawProject;
  meta: SnapshotMeta | undefined;
}

/** Everything of a project but its issues, and where its search pages are. */
async function readProjectParts(dir: string, projectKey: string): Promise<{ parts: RawProjectParts; meta: SnapshotMeta | undefined; projectDir: string }> {
  if (!isProjectKey(projectKey)) {
    throw new UnknownProjectError(`"${projectKey}" is not a Jira project key (expected capital letters, digits and _, like TINY)`);
  }
  const projectDir = join('projects', projectKey);
  const known = await listProjects(dir);
  if (!known.includes(projectKey)) {
    const hint = known.length > 0 ? `it has ${known.join(', ')}` : 'it has no projects/ folder';
    throw new UnknownProjectError(`snapshot ${dir} has no project ${projectKey} (${hint})`);
  }
  const meta = await readMeta(dir);
  const issueTypes = await readChecked(dir, 'issuetypes.json', issueTypesSchema);
  const fields = await readChecked(dir, 'fields.json', fieldsSchema);
  const sprintFieldId = findSprintFieldId(fields);
  const project = await readChecked(dir, join(projectDir, 'project.json'), projectSchema);
  const versions = await readChecked(dir, join(projectDir, 'versions.json'), versionsSchema);
  // A project without boards may come without boards.json; a present file must be whole.
  const boardsFile = join(projectDir, 'boards.json');
  const boardsJson = await readJson(dir, boardsFile, false);
  const boards: JiraBoard[] = boardsJson === undefined ? [] : check(dir, boardsFile, parseWith(boardPageSchema, boardsJson)).values;

  const sprintsByBoard: RawProject['sprintsByBoard'] = [];
  for (const board of boards) {
    const sprints: JiraSprint[] = [];
    await readPages(dir, join('boards', String(board.id)), 'sprints', (json) => parseWith(sprintPageSchema, json), (page) => page.isLast === false,
      (page) => sprints.push(...page.values));
    sprintsByBoard.push({ boardId: board.id, sprints });
  }
  const parts: RawProjectParts = {
    siteUrl: meta?.baseUrl ?? siteUrlFromSelf(project.self),
    issueTypes,
    sprintFieldId,
    project,
    versions,
    boards,
    sprintsByBoard,
  };
  return { parts, meta, projectDir };
}

/** Hands each search page's issues to `onIssues`, in page order; at least one page must exist. */
async function readSearchPages(dir: string, projectDir: string, sprintFieldId: string | undefined, onIssues: (issues: JiraIssue[]) => void): Promise<void> {
  const pages = await readPages(dir, projectDir, 'search', (json) => parseSearchPage(json, sprintFieldId),
    (page) => page.isLast === false || (page.isLast === undefined && Boolean(page.nextPageToken)), (page) => onIssues(page.issues));
  if (pages === 0) throw new SnapshotError(`snapshot ${dir}: ${join(projectDir, pageFileName('search', 1))} is missing`);
}

/** Reads one project of a snapshot, checking every file it touches: the raw responses. */
export async function readSnapshotProject(dir: string, projectKey: string): Promise<SnapshotProject> {
  const { parts, meta, projectDir } = await readProjectParts(dir, projectKey);
  const issues: JiraIssue[] = [];
  await readSearchPages(dir, projectDir, parts.sprintFieldId, (page) => {
    for (const issue of page) issues.push(issue);
  });
  return { raw: { ...parts, issues }, meta };
}

/**
 * Reads one project of a snapshot straight into the core's ProjectData, each search page
 * converted and let go as it is read: what `report --snapshot` uses. Equal to
 * toProjectData(readSnapshotProject(…).raw), with a fraction of the memory; with
 * `{ listFields: false }`, without the fields only lists read (assignee, created), which the
 * report never shows.
 */
export async function readSnapshotProjectData(dir: string, projectKey: string, options?: RecordOptions): Promise<{ data: ProjectData; meta: SnapshotMeta | undefined }> {
  const { parts, meta, projectDir } = await readProjectParts(dir, projectKey);
  const builder = new ProjectDataBuilder(parts, options);
  await readSearchPages(dir, projectDir, parts.sprintFieldId, (page) => builder.addIssues(page));
  return { data: builder.build(), meta };
}

/**
 * Hands each search page's raw issues of a snapshot's project to `onIssues`, in page order, after
 * checking the files as the reader does: what `capture --update` merges with, one page at a time.
 */
export async function forEachSnapshotIssuePage(dir: string, projectKey: string, onIssues: (issues: JiraIssue[]) => void): Promise<RawProjectParts> {
  const { parts, projectDir } = await readProjectParts(dir, projectKey);
  await readSearchPages(dir, projectDir, parts.sprintFieldId, onIssues);
  return parts;
}

export interface SnapshotCounts {
  issues: number;
  searchPages: number;
  versions: number;
  boards: number;
  sprints: number;
}

/** Reads and checks every file of a snapshot's project, holding no more than a page: its counts. */
export async function countSnapshotProject(dir: string, projectKey: string): Promise<SnapshotCounts> {
  const keys = new Set<string>();
  let searchPages = 0;
  const parts = await forEachSnapshotIssuePage(dir, projectKey, (issues) => {
    searchPages++;
    for (const issue of issues) keys.add(issue.key);
  });
  return {
    issues: keys.size,
    searchPages,
    versions: parts.versions.length,
    boards: parts.boards.length,
    sprints: parts.sprintsByBoard.reduce((n, b) => n + b.sprints.length, 0),
  };
}
