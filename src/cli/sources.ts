/**
 * Where the command line gets a project's data: a snapshot folder or a live site (any Jira
 * Cloud site, or the local emulator), read through the same Jira client the app uses.
 */
import { stat } from 'node:fs/promises';
import type { ProjectData } from '../core/model';
import { createJiraClient, type JiraClient, type JiraClientOptions } from '../jira/client';
import { JiraError } from '../jira/errors';
import { checkSiteUrl, createNodeTransport } from '../jira/node-transport';
import { toProjectData } from '../jira/project-data';
import type { RetryPolicy } from '../jira/retry';
import { scanProject, type ScanProgress } from '../jira/scan';
import type { JiraTransport } from '../jira/transport';
import { listProjects, readMeta, readSnapshotProjectData, UnknownProjectError } from '../snapshot/reader';
import { UsageError } from './errors';
import type { ProjectSelection, SourceOptions } from './options';
import { registerInputError } from './run';

// A site that refuses, fails or answers nonsense is bad input, as a malformed snapshot is: exit 2.
registerInputError(JiraError);

export interface LoadedProject {
  data: ProjectData;
  /** When the data was captured (snapshot meta.json), if known: the default as-of date. */
  capturedAt?: string;
}

export interface SiteEnv {
  JIRA_EMAIL?: string | undefined;
  JIRA_API_TOKEN?: string | undefined;
}

export interface SiteClientOptions extends Omit<JiraClientOptions, 'retry'> {
  env?: SiteEnv;
  retry?: Partial<RetryPolicy>;
  /** Counts HTTP requests sent (retries included). */
  onRequest?: () => void;
  timeoutMs?: number;
}

/** Status lines (progress, retries) for a person watching: only when stderr is a terminal, or DEBUG is set. */
export function statusLine(text: string): void {
  if (process.stderr.isTTY || process.env.DEBUG) process.stderr.write(`${text}\n`);
}

/** The Jira client for --site: basic auth from JIRA_EMAIL and JIRA_API_TOKEN. */
export function createSiteClient(site: string, options: SiteClientOptions = {}): JiraClient {
  const checked = checkSiteUrl(site);
  if (!checked.ok) throw new UsageError(`--site ${checked.error}`);
  const env = options.env ?? process.env;
  const email = env.JIRA_EMAIL?.trim();
  const apiToken = env.JIRA_API_TOKEN?.trim();
  if (!email || !apiToken) {
    throw new UsageError('--site needs credentials: set JIRA_EMAIL (your Atlassian account email) and JIRA_API_TOKEN (an API token from id.atlassian.com)');
  }
  const base = createNodeTransport({ baseUrl: checked.url, email, apiToken, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  const transport: JiraTransport = options.onRequest
    ? {
        siteUrl: checked.url,
        request: (request) => {
          options.onRequest?.();
          return base.request(request);
        },
      }
    : base;
  return createJiraClient(transport, {
    retry: {
      onRetry: (info) => statusLine(`  retrying ${info.endpoint} in ${(info.delayMs / 1000).toFixed(1)} s (${info.reason}, attempt ${info.attempt})`),
      ...options.retry,
    },
    ...(options.record ? { record: options.record } : {}),
  });
}

export function progressLine(projectKey: string): (p: ScanProgress) => void {
  return (p) => {
    if (p.phase === 'issues') statusLine(`  ${projectKey}: ${p.issues} issues read (${p.pages} search page${p.pages === 1 ? '' : 's'})`);
  };
}

/** The projects a command reads: their keys (checked to exist) and how to load each. */
export interface ProjectSource {
  /** In the order the selection gave them (`--all`: by key). */
  keys: string[];
  /** The snapshot's capture time (meta.json), if known: the default as-of date. */
  capturedAt?: string;
  load(projectKey: string): Promise<LoadedProject>;
}

async function checkSnapshotFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `snapshot ${dir} does not exist` : `snapshot ${dir} cannot be read (${code ?? (error as Error).message})`);
  }
  if (!info.isDirectory()) throw new UsageError(`snapshot ${dir} is not a folder (a snapshot is a folder with meta.json, issuetypes.json, fields.json and projects/)`);
}

function unknownKeys(asked: readonly string[], known: readonly string[]): string[] {
  return asked.filter((k) => !known.includes(k));
}

async function openSnapshot(dir: string, selection: ProjectSelection): Promise<ProjectSource> {
  await checkSnapshotFolder(dir);
  const known = await listProjects(dir);
  const has = known.length > 0 ? `it has ${known.join(', ')}` : 'it has no projects/ folder';
  let keys: string[];
  if (selection.kind === 'all') {
    if (known.length === 0) throw new UnknownProjectError(`snapshot ${dir} has no projects (${has})`);
    keys = known;
  } else {
    keys = selection.kind === 'project' ? [selection.key] : selection.keys;
    const unknown = unknownKeys(keys, known);
    if (unknown.length > 0) {
      throw new UnknownProjectError(`snapshot ${dir} has no project${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (${has})`);
    }
  }
  const meta = await readMeta(dir);
  return {
    keys,
    ...(meta?.capturedAt ? { capturedAt: meta.capturedAt } : {}),
    async load(projectKey) {
      // The command line's reports (text, --json, the portfolio) never show an issue's assignee or creation time.
      const { data } = await readSnapshotProjectData(dir, projectKey, { listFields: false });
      return { data, ...(meta?.capturedAt ? { capturedAt: meta.capturedAt } : {}) };
    },
  };
}

async function openSite(site: string, selection: ProjectSelection, siteOptions: SiteClientOptions): Promise<ProjectSource> {
  const client = createSiteClient(site, siteOptions);
  let keys: string[];
  if (selection.kind === 'all') {
    keys = (await client.projects()).map((p) => p.key).sort();
    if (keys.length === 0) throw new UsageError(`${client.siteUrl ?? site} lists no project these credentials may browse`);
  } else if (selection.kind === 'projects') {
    // Check every key before the long scans: an unknown key fails at once, naming it.
    for (const key of selection.keys) await client.project(key);
    keys = selection.keys;
  } else {
    keys = [selection.key];
  }
  return {
    keys,
    async load(projectKey) {
      return { data: toProjectData(await scanProject(client, projectKey, { onProgress: progressLine(projectKey) })) };
    },
  };
}

/** Opens the snapshot folder or the site of `options` for the selected projects; bad input fails here. */
export async function openSource(options: SourceOptions, selection: ProjectSelection, siteOptions: SiteClientOptions = {}): Promise<ProjectSource> {
  if (options.snapshot !== undefined) return openSnapshot(options.snapshot, selection);
  if (options.site !== undefined) return openSite(options.site, selection, siteOptions);
  throw new UsageError('give exactly one of --snapshot and --site');
}
