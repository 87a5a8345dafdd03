/**
 * Where the command line gets a project's data: a snapshot folder or a live site (any Jira
 * Cloud site, or the local emulator), read through the same Jira client the app uses.
 */
import type { ProjectData } from '../core/model';
import { createJiraClient, type JiraClient, type JiraClientOptions } from '../jira/client';
import { JiraError } from '../jira/errors';
import { checkSiteUrl, createNodeTransport } from '../jira/node-transport';
import { toProjectData, type RawProject } from '../jira/project-data';
import type { RetryPolicy } from '../jira/retry';
import { scanProject, type ScanProgress } from '../jira/scan';
import type { JiraTransport } from '../jira/transport';
import { readSnapshotProjectData } from '../snapshot/reader';
import { UsageError } from './errors';
import type { SourceOptions } from './options';
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

export async function scanSite(site: string, projectKey: string, options: SiteClientOptions = {}): Promise<RawProject> {
  const client = createSiteClient(site, options);
  return scanProject(client, projectKey, { onProgress: progressLine(projectKey) });
}

export async function loadProject(options: SourceOptions, siteOptions: SiteClientOptions = {}): Promise<LoadedProject> {
  if (options.snapshot !== undefined) {
    const { data, meta } = await readSnapshotProjectData(options.snapshot, options.project);
    return { data, ...(meta?.capturedAt ? { capturedAt: meta.capturedAt } : {}) };
  }
  if (options.site !== undefined) {
    return { data: toProjectData(await scanSite(options.site, options.project, siteOptions)) };
  }
  throw new UsageError('give exactly one of --snapshot and --site');
}
