/**
 * npm run capture -- --site URL --project KEY --out DIR
 * Scans a project of a live site (or the emulator) and writes it as a snapshot, so it can be
 * analysed offline (report --snapshot DIR) and shared as a reproducible case.
 */
import { parseArgs } from 'node:util';
import { isProjectKey } from '../core/project-key';
import type { RecordedResponse } from '../jira/client';
import { toProjectData } from '../jira/project-data';
import { scanProject } from '../jira/scan';
import { readSnapshotProject } from '../snapshot/reader';
import { writeSnapshot } from '../snapshot/writer';
import { UsageError } from './errors';
import { wantsHelp } from './options';
import { runCli } from './run';
import { createSiteClient, progressLine, type SiteClientOptions } from './sources';

export const CAPTURE_USAGE = 'usage: npm run capture -- --site https://NAME.atlassian.net --project KEY --out DIR';

export interface CaptureSummary {
  outDir: string;
  projectKey: string;
  issues: number;
  searchPages: number;
  versions: number;
  boards: number;
  sprints: number;
  requests: number;
  files: string[];
}

export async function capture(site: string, projectKey: string, outDir: string, options: SiteClientOptions = {}): Promise<CaptureSummary> {
  const recorded: RecordedResponse[] = [];
  let requests = 0;
  const client = createSiteClient(site, {
    ...options,
    record: (r) => recorded.push(r),
    onRequest: () => {
      requests++;
      options.onRequest?.();
    },
  });
  const capturedAt = new Date().toISOString();
  const raw = await scanProject(client, projectKey, { onProgress: progressLine(projectKey) });
  const written = await writeSnapshot(outDir, { projectKey, meta: { baseUrl: client.siteUrl ?? site, capturedAt }, responses: recorded });

  // Read it back: the snapshot must give the data the scan gave.
  const back = await readSnapshotProject(outDir, projectKey);
  if (JSON.stringify(toProjectData(back.raw)) !== JSON.stringify(toProjectData(raw))) {
    throw new Error(`the snapshot written to ${outDir} does not read back as the data scanned; please report this`);
  }
  return {
    outDir,
    projectKey,
    issues: raw.issues.length,
    searchPages: recorded.filter((r) => r.kind === 'search').length,
    versions: raw.versions.length,
    boards: raw.boards.length,
    sprints: raw.sprintsByBoard.reduce((n, b) => n + b.sprints.length, 0),
    requests,
    files: written.files,
  };
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
      options: { site: { type: 'string' }, project: { type: 'string' }, out: { type: 'string' } },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${CAPTURE_USAGE}`);
  }
  if (values.site === undefined || values.project === undefined || values.out === undefined) {
    throw new UsageError(`--site, --project and --out are required; ${CAPTURE_USAGE}`);
  }
  const project = values.project.trim().toUpperCase();
  if (!isProjectKey(project)) throw new UsageError(`--project "${values.project}" is not a Jira project key (capital letters, digits and _, like TINY)`);
  const s = await capture(values.site, project, values.out);
  out(
    `Captured ${s.projectKey} from ${values.site} into ${s.outDir}: ${s.issues} issues in ${s.searchPages} search page${s.searchPages === 1 ? '' : 's'}, ` +
      `${plural(s.versions, 'version')}, ${plural(s.boards, 'board')}, ${plural(s.sprints, 'sprint')} (${plural(s.requests, 'request')}).\n` +
      `Analyse it offline: npm run report -- --snapshot ${s.outDir} --project ${s.projectKey}\n`,
  );
}

if (require.main === module) runCli(captureMain, 'capture');
