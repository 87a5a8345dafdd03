/**
 * Writes a site snapshot (DESIGN.md's offline format) from the raw responses a scan receives,
 * so each file holds exactly what Jira sent. Responses are written as they arrive, page by page,
 * into a staging folder beside DIR (a 100k-issue capture never holds the site in memory); only a
 * scan that completed is installed into DIR, and a failed one leaves DIR as it was.
 *
 * Installing replaces the shared files (meta.json, issuetypes.json, fields.json), the project's
 * folder and its boards' sprint folders; other projects a DIR holds stay.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { RecordedResponse } from '../jira/client';
import { isProjectKey } from '../core/project-key';
import { pageFileName } from './reader';

export interface SnapshotMetaFile {
  baseUrl: string;
  capturedAt: string;
}

function text(json: unknown): string {
  return `${JSON.stringify(json, null, 1)}\n`;
}

/** The agile pages of a listing, as one page (boards.json holds every board of the project). */
function mergeAgilePages(pages: unknown[]): unknown {
  if (pages.length === 1) return pages[0];
  const values = pages.flatMap((p) => ((p as { values?: unknown[] }).values ?? []));
  return { startAt: 0, maxResults: values.length, total: values.length, isLast: true, values };
}

/** Board ids a boards.json lists; [] when it is absent or unreadable. */
function boardIdsIn(path: string): number[] {
  try {
    const values = (JSON.parse(readFileSync(path, 'utf8')) as { values?: { id?: unknown }[] }).values ?? [];
    return values.map((b) => b.id).filter((id): id is number => typeof id === 'number');
  } catch {
    return [];
  }
}

export class SnapshotStage {
  private readonly boardPages: { page: number; json: unknown }[] = [];
  private readonly boardIds = new Set<number>();
  private readonly written = new Set<string>();

  private constructor(
    readonly outDir: string,
    readonly projectKey: string,
    private readonly stageDir: string,
  ) {}

  /** A staging folder beside `outDir` (same file system, so installing is a rename). */
  static async open(outDir: string, projectKey: string): Promise<SnapshotStage> {
    if (!isProjectKey(projectKey)) throw new Error(`"${projectKey}" is not a Jira project key`);
    const target = resolve(outDir);
    await mkdir(dirname(target), { recursive: true });
    const stageDir = await mkdtemp(join(dirname(target), `.${basename(target)}.capture-`));
    return new SnapshotStage(target, projectKey, stageDir);
  }

  /** The staging folder: a complete snapshot once `finish` ran (what `install` moves into DIR). */
  get dir(): string {
    return this.stageDir;
  }

  /** Writes one file of the snapshot now. */
  write(relative: string, json: unknown): void {
    const path = join(this.stageDir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text(json));
    this.written.add(relative);
  }

  /** Writes one response where the format puts it (board pages are merged at the end). */
  record(response: RecordedResponse): void {
    const projectDir = join('projects', this.projectKey);
    switch (response.kind) {
      case 'issueTypes':
        return this.write('issuetypes.json', response.json);
      case 'fields':
        return this.write('fields.json', response.json);
      case 'project':
        return this.write(join(projectDir, 'project.json'), response.json);
      case 'versions':
        return this.write(join(projectDir, 'versions.json'), response.json);
      case 'boards':
        this.boardPages.push({ page: response.page, json: response.json });
        for (const board of (response.json as { values?: { id?: unknown }[] }).values ?? []) {
          if (typeof board.id === 'number') this.boardIds.add(board.id);
        }
        return;
      case 'sprints':
        return this.write(join('boards', String(response.boardId), pageFileName('sprints', response.page)), response.json);
      case 'search':
        return this.write(join(projectDir, pageFileName('search', response.page)), response.json);
    }
  }

  /** Writes meta.json and boards.json: the staging folder is then a whole snapshot of the project. */
  finish(meta: SnapshotMetaFile): void {
    this.write('meta.json', meta);
    const pages = [...this.boardPages].sort((a, b) => a.page - b.page).map((p) => p.json);
    this.write(join('projects', this.projectKey, 'boards.json'), mergeAgilePages(pages.length > 0 ? pages : [{ startAt: 0, maxResults: 50, total: 0, isLast: true, values: [] }]));
  }

  /** Moves the finished snapshot into DIR; returns the files written, sorted. */
  async install(): Promise<string[]> {
    const out = this.outDir;
    if (!existsSync(out)) {
      await rename(this.stageDir, out);
      return [...this.written].sort();
    }
    const aside = await mkdtemp(join(dirname(out), `.${basename(out)}.old-`));
    let n = 0;
    const replace = async (relative: string) => {
      const target = join(out, relative);
      if (existsSync(target)) await rename(target, join(aside, String(n++)));
      const staged = join(this.stageDir, relative);
      if (existsSync(staged)) {
        await mkdir(dirname(target), { recursive: true });
        await rename(staged, target);
      }
    };
    const projectDir = join('projects', this.projectKey);
    const oldBoards = boardIdsIn(join(out, projectDir, 'boards.json'));
    for (const file of ['meta.json', 'issuetypes.json', 'fields.json']) await replace(file);
    await replace(projectDir);
    // Sprint folders of this project's boards: the new ones replace the old; boards the project
    // no longer has go, unless another project of DIR still lists them.
    const otherProjects = (await readdir(join(out, 'projects')).catch(() => [] as string[])).filter((k) => k !== this.projectKey);
    const stillListed = new Set(otherProjects.flatMap((k) => boardIdsIn(join(out, 'projects', k, 'boards.json'))));
    for (const id of new Set([...oldBoards, ...this.boardIds])) {
      if (!this.boardIds.has(id) && stillListed.has(id)) continue;
      await replace(join('boards', String(id)));
    }
    await rm(aside, { recursive: true, force: true });
    await rm(this.stageDir, { recursive: true, force: true });
    return [...this.written].sort();
  }

  /** Removes the staging folder (a failed capture): DIR is untouched. */
  async discard(): Promise<void> {
    await rm(this.stageDir, { recursive: true, force: true });
  }
}
