/**
 * Writes a site snapshot (DESIGN.md's offline format) from the raw responses a scan received,
 * so the file holds exactly what Jira sent. Called only after a scan completed: a failed scan
 * writes nothing.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordedResponse } from '../jira/client';
import { isProjectKey } from '../core/project-key';
import { pageFileName } from './reader';

export interface SnapshotContent {
  projectKey: string;
  meta: { baseUrl: string; capturedAt: string };
  responses: readonly RecordedResponse[];
}

export interface WrittenSnapshot {
  files: string[];
}

function text(json: unknown): string {
  return `${JSON.stringify(json, null, 1)}\n`;
}

async function clearPages(dir: string, prefix: 'search' | 'sprints'): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const page = new RegExp(`^${prefix}-\\d{3,}\\.json$`);
  await Promise.all(names.filter((n) => page.test(n)).map((n) => rm(join(dir, n))));
}

/** The agile pages of a listing, as one page (boards.json holds every board of the project). */
function mergeAgilePages(pages: unknown[]): unknown {
  if (pages.length === 1) return pages[0];
  const values = pages.flatMap((p) => ((p as { values?: unknown[] }).values ?? []));
  return { startAt: 0, maxResults: values.length, total: values.length, isLast: true, values };
}

export async function writeSnapshot(outDir: string, content: SnapshotContent): Promise<WrittenSnapshot> {
  const { projectKey, responses } = content;
  if (!isProjectKey(projectKey)) throw new Error(`"${projectKey}" is not a Jira project key`);
  const one = <K extends RecordedResponse['kind']>(kind: K) => {
    const found = responses.find((r) => r.kind === kind);
    if (found === undefined) throw new Error(`the scan recorded no ${kind} response`);
    return found.json;
  };
  const projectDir = join('projects', projectKey);
  const files = new Map<string, unknown>();
  files.set('meta.json', content.meta);
  files.set('issuetypes.json', one('issueTypes'));
  files.set('fields.json', one('fields'));
  files.set(join(projectDir, 'project.json'), one('project'));
  files.set(join(projectDir, 'versions.json'), one('versions'));
  const boardPages = responses.filter((r) => r.kind === 'boards').sort((a, b) => a.page - b.page).map((r) => r.json);
  files.set(join(projectDir, 'boards.json'), mergeAgilePages(boardPages));
  for (const r of responses) {
    if (r.kind === 'search') files.set(join(projectDir, pageFileName('search', r.page)), r.json);
    if (r.kind === 'sprints') files.set(join('boards', String(r.boardId), pageFileName('sprints', r.page)), r.json);
  }

  // Pages from an earlier capture would be read as more pages: clear them first.
  await clearPages(join(outDir, projectDir), 'search');
  const boardIds = new Set(responses.flatMap((r) => (r.kind === 'sprints' ? [r.boardId] : [])));
  for (const id of boardIds) await clearPages(join(outDir, 'boards', String(id)), 'sprints');

  for (const [relative, json] of files) {
    const path = join(outDir, relative);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text(json));
  }
  return { files: [...files.keys()].sort() };
}
