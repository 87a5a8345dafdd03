/**
 * Where the command line gets a project's data: a snapshot folder or a live site.
 */
import type { ProjectData } from '../core/model';
import { toProjectData } from '../jira/project-data';
import { readSnapshotProject } from '../snapshot/reader';
import { UsageError } from './errors';
import type { SourceOptions } from './options';

export interface LoadedProject {
  data: ProjectData;
  /** When the data was captured (snapshot meta.json), if known: the default as-of date. */
  capturedAt?: string;
}

export async function loadProject(options: SourceOptions): Promise<LoadedProject> {
  if (options.snapshot !== undefined) {
    const { raw, meta } = await readSnapshotProject(options.snapshot, options.project);
    return { data: toProjectData(raw), ...(meta?.capturedAt ? { capturedAt: meta.capturedAt } : {}) };
  }
  throw new UsageError('--site is not available in this build yet; capture a snapshot and use --snapshot');
}
