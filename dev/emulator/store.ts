/**
 * A snapshot folder loaded into memory for the emulator: the raw responses, served as they are,
 * after the snapshot reader has checked every file (a malformed snapshot fails at start).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listProjects, pageFileName, readSnapshotProject } from '../../src/snapshot/reader';
import type { JqlSubject } from './jql';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface StoredIssue extends JqlSubject {
  /** The issue object as the snapshot holds it (id, key, fields …). */
  json: JsonObject;
}

interface StoredBoard {
  id: number;
  type: string;
  json: JsonObject;
  projectKeys: string[];
  /** Raw sprint objects, or null when the snapshot has no sprint pages for the board. */
  sprints: JsonObject[] | null;
}

export interface StoredProject {
  key: string;
  id: string;
  json: JsonObject;
  versions: Json[];
  boardIds: number[];
}

export interface EmulatorStore {
  issueTypes: Json[];
  fields: Json[];
  projects: Map<string, StoredProject>;
  boards: Map<number, StoredBoard>;
  issues: StoredIssue[];
}

async function readJson(path: string): Promise<Json> {
  return JSON.parse(await readFile(path, 'utf8')) as Json;
}

async function readOptionalJson(path: string): Promise<Json | undefined> {
  try {
    return await readJson(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function readPages(dir: string, prefix: 'search' | 'sprints', listKey: 'issues' | 'values'): Promise<JsonObject[] | null> {
  const items: JsonObject[] = [];
  let found = false;
  for (let n = 1; ; n++) {
    let page: JsonObject;
    try {
      page = asObject(await readJson(join(dir, pageFileName(prefix, n))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found ? items : null;
      throw error;
    }
    found = true;
    items.push(...asArray(page[listKey]).map(asObject));
    const more = page.isLast === false || (page.isLast === undefined && typeof page.nextPageToken === 'string');
    if (!more) return items;
  }
}

/** An issue as the store keeps it: the JSON, and what JQL clauses read of it. */
export function toStoredIssue(issue: JsonObject, projectKey: string, projectId: string): StoredIssue {
  const fields = asObject(issue.fields);
  const parent = asObject(fields.parent);
  return {
    json: issue,
    id: str(issue.id) ?? '',
    key: str(issue.key) ?? '',
    projectKey,
    projectId,
    parentKey: str(parent.key),
    parentId: str(parent.id),
    statusCategoryKey: str(asObject(asObject(fields.status).statusCategory).key),
    created: str(fields.created),
    updated: str(fields.updated),
  };
}

export async function loadStore(snapshotDir: string): Promise<EmulatorStore> {
  const projectKeys = await listProjects(snapshotDir);
  // The reader checks every file each project touches; it throws SnapshotError naming the file.
  for (const key of projectKeys) await readSnapshotProject(snapshotDir, key);

  const store: EmulatorStore = {
    issueTypes: asArray(await readJson(join(snapshotDir, 'issuetypes.json'))),
    fields: asArray(await readJson(join(snapshotDir, 'fields.json'))),
    projects: new Map(),
    boards: new Map(),
    issues: [],
  };
  for (const key of projectKeys) {
    const dir = join(snapshotDir, 'projects', key);
    const json = asObject(await readJson(join(dir, 'project.json')));
    // A project without boards may come without boards.json (the reader accepts that too).
    const boardPage = asObject(await readOptionalJson(join(dir, 'boards.json')));
    const boardIds: number[] = [];
    for (const board of asArray(boardPage.values).map(asObject)) {
      const id = board.id as number;
      boardIds.push(id);
      const known = store.boards.get(id);
      if (known) {
        known.projectKeys.push(key);
        continue;
      }
      store.boards.set(id, {
        id,
        type: str(board.type) ?? 'scrum',
        json: board,
        projectKeys: [key],
        sprints: await readPages(join(snapshotDir, 'boards', String(id)), 'sprints', 'values'),
      });
    }
    const projectId = str(json.id) ?? '';
    store.projects.set(key, { key, id: projectId, json, versions: asArray(await readJson(join(dir, 'versions.json'))), boardIds });
    for (const issue of (await readPages(dir, 'search', 'issues')) ?? []) store.issues.push(toStoredIssue(issue, key, projectId));
  }
  return store;
}

