/**
 * Every storage key the app writes, and every check on the parts they are built from, in one
 * place. The layout:
 *
 *   cfg:SCOPE:head                      the config's current version (a number; read with get)
 *   cfg:SCOPE:v:0000000007              each saved config version (written set-if-absent)
 *   res:KEY:sum                         the stored result's summary (a document)
 *   res:KEY:runs                        runs whose findings chunks may exist (to delete by known keys)
 *   res:KEY:RUN:f:L:0000                findings of level L, cut by bytes
 *   res:KEY:RUN:i:0000                  the findings by issue key, one bucket a key (src/storage/finding-index.ts)
 *   hist:KEY                            score and release-date history (a document)
 *   scan:KEY:run                        the running scan (src/scan-job/scan-machine.ts)
 *   scan:KEY:fresh                      freshness and debounce of the stored result
 *   scan:KEY:r:RUN:meta                 a run's metadata (a document)
 *   scan:KEY:r:RUN:b:000001             a run's boards with their sprints, one batch of boards a key (documents)
 *   scan:KEY:r:RUN:p:000001             a run's search pages (documents)
 *   scan:KEY:r:RUN:k:000001             a rescan's pages of the project's issue ids (documents)
 *   scan:KEY:r:RUN:g:0001:000001        a full run's key range 1, its search page 1 (documents)
 *   scan:KEY:base                       the issue base's head: what the last complete scan left (a document)
 *   scan:KEY:ib:RUN:0000                bucket n of the issue base, as the run RUN wrote it (documents)
 *   scan:KEY:ev                         issues events named since the base was written
 *   scan:idx:KEY                        the projects ever scanned (read with get; listed by the daily refresh)
 *   scan:stale:KEY                      present while KEY's stored result is stale (listed by the global page)
 *   pf:p:KEY                            a project's portfolio summary (src/storage/portfolio-store.ts)
 *   pf:c:0003:GEN                       chunk 3 of the portfolio's summaries, generation GEN (the index names the current one)
 *   pf:idx:head / pf:idx:v:0000000007   the portfolio index: its current version (get) and each version (set-if-absent)
 *   pf:i:0003:GEN                       part 3 of a large portfolio index's entries, generation GEN (the index's head names the current one)
 *   pf:set:head / pf:set:v:0000000007   the analysed-projects setting, versioned the same way
 *   pf:q:head / pf:q:v:0000000007       the site-wide queue of first scans, versioned the same way
 *   KEY#GEN#0000                        the parts of a large document of generation GEN
 *   pace:HOUR:000001                    lease n of the site's Jira points in UTC hour HOUR (yyyymmddhh; set-if-absent, 2 h TTL)
 *   pace:HOUR:tail                      the last lease of the hour an instance saw (a hint; 2 h TTL) (src/storage/points-ledger.ts)
 *
 * SCOPE is `site` or `project:KEY`; KEY a Jira project key; RUN a scan run id.
 */
import { isProjectKey } from '../core/project-key';

/** KVS keys: at most 500 characters of [a-zA-Z0-9:._\s-#], not only blanks. */
const KVS_KEY = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]{1,500}$/;

export function checkStorageKey(key: string): string {
  if (!KVS_KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  return key;
}

/** A scan run id: lower-case letters and digits, at most 40. */
const RUN_ID_PATTERN = /^[a-z0-9]{1,40}$/;

function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID_PATTERN.test(value);
}

function checkProjectKey(projectKey: string): string {
  if (!isProjectKey(projectKey)) throw new Error(`invalid project key ${JSON.stringify(projectKey)}`);
  return projectKey;
}

export function checkRunId(runId: string): string {
  if (!isRunId(runId)) throw new Error(`invalid scan run id ${JSON.stringify(runId)}`);
  return runId;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export type ConfigScopeRef = { kind: 'site' } | { kind: 'project'; projectKey: string };

export function scopeId(scope: ConfigScopeRef): string {
  return scope.kind === 'site' ? 'site' : `project:${checkProjectKey(scope.projectKey)}`;
}

export const configKeys = {
  head: (scope: ConfigScopeRef) => `cfg:${scopeId(scope)}:head`,
  version: (scope: ConfigScopeRef, version: number) => `cfg:${scopeId(scope)}:v:${pad(version, 10)}`,
};

export const resultKeys = {
  summary: (projectKey: string) => `res:${checkProjectKey(projectKey)}:sum`,
  runs: (projectKey: string) => `res:${checkProjectKey(projectKey)}:runs`,
  chunk: (projectKey: string, runId: string, level: number, n: number) => `res:${checkProjectKey(projectKey)}:${checkRunId(runId)}:f:${level}:${pad(n, 4)}`,
  indexBucket: (projectKey: string, runId: string, n: number) => `res:${checkProjectKey(projectKey)}:${checkRunId(runId)}:i:${pad(n, 4)}`,
};

export const historyKey = (projectKey: string) => `hist:${checkProjectKey(projectKey)}`;

const KNOWN_PREFIX = 'scan:idx:';
const STALE_PREFIX = 'scan:stale:';

export const scanKeys = {
  run: (projectKey: string) => `scan:${checkProjectKey(projectKey)}:run`,
  freshness: (projectKey: string) => `scan:${checkProjectKey(projectKey)}:fresh`,
  meta: (projectKey: string, runId: string) => `scan:${checkProjectKey(projectKey)}:r:${checkRunId(runId)}:meta`,
  boards: (projectKey: string, runId: string, batch: number) => `scan:${checkProjectKey(projectKey)}:r:${checkRunId(runId)}:b:${pad(batch, 6)}`,
  page: (projectKey: string, runId: string, page: number) => `scan:${checkProjectKey(projectKey)}:r:${checkRunId(runId)}:p:${pad(page, 6)}`,
  rangePage: (projectKey: string, runId: string, range: number, page: number) => `scan:${checkProjectKey(projectKey)}:r:${checkRunId(runId)}:g:${pad(range, 4)}:${pad(page, 6)}`,
  idPage: (projectKey: string, runId: string, page: number) => `scan:${checkProjectKey(projectKey)}:r:${checkRunId(runId)}:k:${pad(page, 6)}`,
  baseHead: (projectKey: string) => `scan:${checkProjectKey(projectKey)}:base`,
  baseBucket: (projectKey: string, runId: string, bucket: number) => `scan:${checkProjectKey(projectKey)}:ib:${checkRunId(runId)}:${pad(bucket, 4)}`,
  events: (projectKey: string) => `scan:${checkProjectKey(projectKey)}:ev`,
  known: (projectKey: string) => `${KNOWN_PREFIX}${checkProjectKey(projectKey)}`,
  knownPrefix: KNOWN_PREFIX,
  /** Present while the project's stored result is stale (listed by the global page in one query). */
  stale: (projectKey: string) => `${STALE_PREFIX}${checkProjectKey(projectKey)}`,
  stalePrefix: STALE_PREFIX,
  /** The project key of a `stale` key, or null. */
  staleProject: (key: string): string | null => {
    const projectKey = key.startsWith(STALE_PREFIX) ? key.slice(STALE_PREFIX.length) : '';
    return isProjectKey(projectKey) ? projectKey : null;
  },
  /** The project key of a `known` key, or null. */
  knownProject: (key: string): string | null => {
    const projectKey = key.startsWith(KNOWN_PREFIX) ? key.slice(KNOWN_PREFIX.length) : '';
    return isProjectKey(projectKey) ? projectKey : null;
  },
};

/** A document versioned by a head key: `NAME:head` (a number, read with get) and `NAME:v:0000000007` (set-if-absent). */
export type VersionedName = 'pf:idx' | 'pf:set' | 'pf:q';
export const versionedKeys = {
  head: (name: VersionedName) => `${name}:head`,
  version: (name: VersionedName, version: number) => `${name}:v:${pad(version, 10)}`,
};

export const portfolioKeys = {
  project: (projectKey: string) => `pf:p:${checkProjectKey(projectKey)}`,
  chunk: (id: number, generation: string) => checkStorageKey(`pf:c:${pad(id, 4)}:${generation}`),
  indexPart: (id: number, generation: string) => checkStorageKey(`pf:i:${pad(id, 4)}:${generation}`),
  index: 'pf:idx' as const,
  settings: 'pf:set' as const,
  queue: 'pf:q' as const,
};

export const documentPartKey = (key: string, generation: string, index: number) => `${checkStorageKey(key)}#${generation}#${pad(index, 4)}`;

/** The shared hourly points ledger (src/storage/points-ledger.ts): one append-only chain of leases per UTC hour. */
export const paceKeys = {
  /** `2026113021`: the UTC hour of `hourStart` (epoch ms). */
  hour: (hourStart: number) => new Date(hourStart).toISOString().slice(0, 13).replace(/[-T]/g, ''),
  lease: (hourStart: number, n: number) => `pace:${paceKeys.hour(hourStart)}:${pad(n, 6)}`,
  tail: (hourStart: number) => `pace:${paceKeys.hour(hourStart)}:tail`,
};
