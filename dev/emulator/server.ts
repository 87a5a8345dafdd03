/**
 * A local emulator of the Jira Cloud REST API, serving a snapshot folder on 127.0.0.1 with
 * Jira's semantics: the endpoints the app calls, Jira's paging (nextPageToken/isLast for
 * search, startAt/maxResults/isLast for the agile API, with Jira's caps), field filtering, a
 * bounded JQL subset, Jira's error shape, Jira's rate limits when asked (an hourly points quota
 * and a per-endpoint burst limit, with Jira's rate-limit headers) — and test controls: injected 429s (with
 * Retry-After), 5xx, slow and malformed responses, dropped connections, request counters,
 * required credentials and users who may not browse some issues or projects.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chargedPoints } from '../../src/jira/points';
import { JqlError, matches, parseJql, sortSubjects, statusCategoryOf, type JqlQuery } from './jql';
import { loadStore, toStoredIssue, type EmulatorStore, type Json, type JsonObject, type StoredIssue, type StoredProject } from './store';

type Operation =
  | 'issuetype'
  | 'field'
  | 'project'
  | 'projectSearch'
  | 'versions'
  | 'boards'
  | 'board'
  | 'sprints'
  | 'search'
  | 'count'
  | 'issue'
  | 'bulkfetch'
  | 'mypermissions'
  | 'permissionsCheck'
  | 'projectCategory'
  | 'unknown';

interface FaultRule {
  /** rate-limit: 429 with Retry-After; server-error: 5xx; slow: delay, then the normal answer; malformed: 200 with a broken body; reset: drop the connection. */
  kind: 'rate-limit' | 'server-error' | 'slow' | 'malformed' | 'reset';
  /** Only these operations (default: all). */
  operations?: Operation[];
  /** Fires on the matching requests n (1-based) with (n - 1 - phase) mod every < burst. Default every 1, burst 1, phase 0: always. */
  every?: number;
  burst?: number;
  phase?: number;
  /** Stops after firing this many times. */
  times?: number;
  /** rate-limit: Retry-After in seconds (default 1), or as an HTTP date this many seconds ahead. */
  retryAfterSeconds?: number;
  retryAfterFormat?: 'seconds' | 'http-date' | 'none';
  /** server-error: the status (default 500). */
  status?: number;
  /** slow: the delay (default 200 ms). */
  delayMs?: number;
  /** malformed: a truncated JSON body, or valid JSON of the wrong shape (default truncated). */
  body?: 'truncated' | 'wrong-shape';
}

interface EmulatedUser {
  /** Issue keys this user may not browse: absent from their searches, 404 on GET issue. */
  hiddenIssues?: string[];
  /** Project keys this user may not browse: 404 for the project, absent from searches. */
  hiddenProjects?: string[];
  /** Board ids this user may not view (the board's filter is not shared with them): 404 for the board and its sprints, absent from board lists. */
  hiddenBoards?: number[];
  /** Permission keys mypermissions reports as missing. */
  deniedPermissions?: string[];
}

export interface EmulatorOptions {
  snapshotDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  faults?: FaultRule[];
  /** When set, only these basic-auth credentials are accepted (others get 401). */
  credentials?: { email: string; apiToken: string };
  /** Per-user restrictions, by the basic-auth user name (the email). */
  users?: Record<string, EmulatedUser>;
  /** Logs one line per request (the CLI sets it). */
  log?: (line: string) => void;
  /** The clock that stamps edits and keeps the rate limits' hours and seconds (default: Date.now). */
  now?: () => number;
  /** Jira's rate limits (see EmulatedRateLimits); none when absent. */
  rateLimits?: EmulatedRateLimits;
}

/**
 * Jira Cloud's rate limits for app traffic ("Rate limiting"): an hourly points quota that
 * resets at the top of each UTC hour, points counted as src/jira/points.ts counts them, and a
 * burst limit per endpoint (method + operation). Every answer then carries
 * `RateLimit-Policy: "tenant-app-quota";q=N;w=3600` and `RateLimit: "tenant-app-quota";t=S`
 * (with `r=` remaining points once more than 80% are spent) and, under a fifth left,
 * `X-RateLimit-NearLimit: true`. A spent quota answers 429 with `Retry-After` (seconds to the
 * next hour), `X-RateLimit-Reset` and `RateLimit-Reason: jira-quota-tenant-based`; a burst over
 * the limit answers 429 with `Retry-After: 1` and `RateLimit-Reason: jira-burst-based`.
 */
interface EmulatedRateLimits {
  pointsPerHour?: number;
  requestsPerSecond?: number;
}

interface EmulatorCounters {
  /** Every request received. */
  requests: number;
  /** Requests answered by an injected fault. */
  faults: number;
  byOperation: Record<Operation, number>;
  /** Points charged (rate limits on: as Jira counts them), in all and by UTC hour (ISO start of the hour). */
  points: number;
  pointsByHour: Record<string, number>;
  /** Requests answered 429 by the emulated rate limits (not by injected faults). */
  rateLimited: number;
}

/**
 * Changes to the served site, as people would make them in Jira (for tests and the bench). Each
 * change stamps the issue's `updated` with the emulator's clock, as Jira does.
 */
interface SiteEditor {
  /** Merges `fields` into the issue's fields. */
  editIssue(key: string, fields: JsonObject): void;
  /** Adds an issue to a project (its `updated` and `created` stamped now). */
  createIssue(projectKey: string, issue: { id: string; key: string; fields: JsonObject }): void;
  deleteIssue(key: string): void;
  /** Moves an issue to another project under a new key, as Jira's move does. */
  moveIssue(key: string, toProjectKey: string, newKey: string): void;
  /** Replaces a project's versions (the issues' fixVersions then show their names, flags and dates as they are now). */
  setVersions(projectKey: string, versions: Json[]): void;
  /** Replaces the site's issue types (the issues' copies then show them as they are now). */
  setIssueTypes(issueTypes: Json[]): void;
  /** Replaces a board's sprints (the issues' sprint fields then show their names and states as they are now). */
  setSprints(boardId: number, sprints: JsonObject[]): void;
  /** The issue JSON as served (a copy), or undefined. */
  issue(key: string): JsonObject | undefined;
}

export interface RunningEmulator {
  url: string;
  port: number;
  counters: EmulatorCounters;
  site: SiteEditor;
  /** Replaces the fault rules (their counts start again). */
  setFaults(rules: FaultRule[]): void;
  resetCounters(): void;
  close(): Promise<void>;
}

const SEARCH_CAP_WITH_FIELDS = 100;
const SEARCH_CAP_IDS_ONLY = 5000;
const AGILE_CAP = 50;
const PROJECT_SEARCH_CAP = 100;
const MAX_BODY = 1 << 20;
const UNBOUNDED_JQL = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function emptyCounters(): EmulatorCounters {
  return {
    requests: 0,
    faults: 0,
    byOperation: { issuetype: 0, field: 0, project: 0, projectSearch: 0, versions: 0, boards: 0, board: 0, sprints: 0, search: 0, count: 0, issue: 0, bulkfetch: 0, mypermissions: 0, permissionsCheck: 0, projectCategory: 0, unknown: 0 },
    points: 0,
    pointsByHour: {},
    rateLimited: 0,
  };
}

/** A path segment decoded; a malformed % escape is the client's error (400), as Jira answers it. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `The request path has a malformed escape: "${segment.slice(0, 40)}".`);
  }
}

function route(method: string, path: string): { operation: Operation; params: string[] } {
  const seg = path.split('/').slice(1).map(decodeSegment);
  const is = (...parts: (string | null)[]) => parts.length === seg.length && parts.every((p, i) => p === null || p === seg[i]);
  if (method === 'GET' && is('rest', 'api', '3', 'issuetype')) return { operation: 'issuetype', params: [] };
  if (method === 'GET' && is('rest', 'api', '3', 'field')) return { operation: 'field', params: [] };
  if (method === 'GET' && is('rest', 'api', '3', 'project', 'search')) return { operation: 'projectSearch', params: [] };
  if (method === 'GET' && is('rest', 'api', '3', 'project', null)) return { operation: 'project', params: [seg[4]!] };
  if (method === 'GET' && is('rest', 'api', '3', 'project', null, 'versions')) return { operation: 'versions', params: [seg[4]!] };
  if (method === 'GET' && is('rest', 'agile', '1.0', 'board')) return { operation: 'boards', params: [] };
  if (method === 'GET' && is('rest', 'agile', '1.0', 'board', null, 'sprint')) return { operation: 'sprints', params: [seg[4]!] };
  if (method === 'GET' && is('rest', 'agile', '1.0', 'board', null)) return { operation: 'board', params: [seg[4]!] };
  if ((method === 'POST' || method === 'GET') && is('rest', 'api', '3', 'search', 'jql')) return { operation: 'search', params: [] };
  if (method === 'POST' && is('rest', 'api', '3', 'search', 'approximate-count')) return { operation: 'count', params: [] };
  if (method === 'POST' && is('rest', 'api', '3', 'issue', 'bulkfetch')) return { operation: 'bulkfetch', params: [] };
  if (method === 'GET' && is('rest', 'api', '3', 'issue', null)) return { operation: 'issue', params: [seg[4]!] };
  if (method === 'GET' && is('rest', 'api', '3', 'mypermissions')) return { operation: 'mypermissions', params: [] };
  if (method === 'POST' && is('rest', 'api', '3', 'permissions', 'check')) return { operation: 'permissionsCheck', params: [] };
  if (method === 'GET' && is('rest', 'api', '3', 'projectCategory')) return { operation: 'projectCategory', params: [] };
  return { operation: 'unknown', params: [] };
}

/** Jira's `fields` parameter: comma-separated, possibly repeated; returns a filter over an issue's fields. */
function fieldFilter(requested: string[], defaultAll: boolean): { idsOnly: boolean; pick: (fields: JsonObject) => JsonObject | undefined } {
  const names = requested.flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f !== '');
  const list = names.length === 0 ? (defaultAll ? ['*all'] : ['id']) : names;
  const all = list.includes('*all') || list.includes('*navigable');
  const include = new Set(list.filter((f) => !f.startsWith('-') && !f.startsWith('*')));
  const exclude = new Set(list.filter((f) => f.startsWith('-')).map((f) => f.slice(1)));
  const idsOnly = !all && [...include].every((f) => f === 'id' || f === 'key');
  return {
    idsOnly,
    pick(fields) {
      if (idsOnly) return undefined;
      const out: JsonObject = {};
      for (const [name, value] of Object.entries(fields)) {
        if ((all || include.has(name)) && !exclude.has(name)) out[name] = value;
      }
      return out;
    },
  };
}

/**
 * An issue as Jira answers it. Jira embeds the parent's summary, status, priority and issue type
 * as they are now, whoever changed last: the embedded copy is refreshed from the parent when the
 * site holds it (so editing an epic changes what its children's searches show, as on a site).
 */
/** The site's versions and issue types as they are now, by id (Jira computes their copies in issues when it answers). */
interface SiteNow {
  versionById: (id: string) => JsonObject | undefined;
  issueTypeById: (id: string) => JsonObject | undefined;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An issue type's copy as Jira shows it now: the keys the copy carries, from the type as listed (the same object when nothing changed). */
function issueTypeNow(copy: Json | undefined, siteNow: SiteNow): Json | undefined {
  if (!isObject(copy)) return copy;
  const now = siteNow.issueTypeById(String(copy.id));
  if (now === undefined || Object.keys(copy).every((k) => now[k] === undefined || now[k] === copy[k])) return copy;
  const out: JsonObject = { ...copy };
  for (const k of Object.keys(copy)) if (now[k] !== undefined) out[k] = now[k]!;
  return out;
}

/**
 * A fixVersions entry as Jira shows it now: name and flags from the version; an entry carrying
 * the flags (`released`), as Jira's do, has a description and releaseDate exactly when the version
 * has them (the same object when nothing changed).
 */
function versionEntryNow(entry: Json, siteNow: SiteNow): Json {
  if (!isObject(entry)) return entry;
  const now = siteNow.versionById(String(entry.id));
  if (now === undefined) return entry;
  const out: JsonObject = { ...entry };
  let changed = false;
  const full = 'released' in entry;
  for (const k of ['name', 'archived', 'released', 'description', 'releaseDate']) {
    const optional = k === 'description' || k === 'releaseDate';
    if (!(k in entry) && !(optional && full)) continue;
    const value = now[k];
    if (value !== undefined && value !== null) {
      if (value !== entry[k]) {
        out[k] = value;
        changed = true;
      }
    } else if (optional && k in entry) {
      delete out[k];
      changed = true;
    }
  }
  return changed ? out : entry;
}

function issueView(
  issue: StoredIssue,
  { idsOnly, pick }: ReturnType<typeof fieldFilter>,
  current: (key: string) => StoredIssue | undefined,
  sprintNow: { fieldId: string | undefined; byId: (id: number) => JsonObject | undefined },
  siteNow: SiteNow,
): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(issue.json)) {
    if (name !== 'fields') out[name] = value;
  }
  // Only ids or keys asked for: no fields, so nothing to refresh (an id page holds 5,000 of these).
  if (idsOnly) return out;
  let fields = (issue.json.fields as JsonObject | undefined) ?? {};
  const embedded = fields.parent as JsonObject | null | undefined;
  const parent = embedded && typeof embedded.key === 'string' ? current(embedded.key) : undefined;
  if (embedded && parent && embedded.fields !== null && typeof embedded.fields === 'object' && !Array.isArray(embedded.fields)) {
    const now = (parent.json.fields as JsonObject | undefined) ?? {};
    const refreshed: JsonObject = {};
    for (const name of Object.keys(embedded.fields)) refreshed[name] = now[name] ?? (embedded.fields as JsonObject)[name]!;
    fields = { ...fields, parent: { ...embedded, fields: refreshed } };
  }
  // Issue types and versions as they are now: an admin's rename, a version released or moved,
  // shows in every issue without changing its `updated`.
  const type = issueTypeNow(fields.issuetype, siteNow);
  if (type !== fields.issuetype) fields = { ...fields, issuetype: type! };
  const parentNow = fields.parent;
  if (isObject(parentNow) && isObject(parentNow.fields)) {
    const parentType = issueTypeNow(parentNow.fields.issuetype, siteNow);
    if (parentType !== parentNow.fields.issuetype) fields = { ...fields, parent: { ...parentNow, fields: { ...parentNow.fields, issuetype: parentType! } } };
  }
  if (Array.isArray(fields.fixVersions) && fields.fixVersions.length > 0) {
    const versions = fields.fixVersions.map((v) => versionEntryNow(v, siteNow));
    if (versions.some((v, i) => v !== (fields.fixVersions as Json[])[i])) fields = { ...fields, fixVersions: versions };
  }
  // Jira computes the sprint field when it answers: a sprint renamed, started or closed shows so in every issue.
  const entries = sprintNow.fieldId === undefined ? undefined : fields[sprintNow.fieldId];
  if (Array.isArray(entries) && entries.length > 0) {
    let changed = false;
    const refreshed = entries.map((entry) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || typeof entry.id !== 'number') return entry;
      const now = sprintNow.byId(entry.id);
      if (now === undefined) return entry;
      // Name, state and goal as the sprint has them; its dates exactly when it has them (a sprint
      // started since shows its start and end, one closed since its completeDate).
      const out: JsonObject = { ...entry };
      for (const k of ['name', 'state', 'goal', 'startDate', 'endDate', 'completeDate']) {
        const value = now[k];
        if (value !== undefined && value !== null) {
          if (value !== entry[k]) {
            out[k] = value;
            changed = true;
          }
        } else if (k !== 'name' && k !== 'state' && k !== 'goal' && k in entry) {
          delete out[k];
          changed = true;
        }
      }
      return out;
    });
    if (changed) fields = { ...fields, [sprintNow.fieldId!]: refreshed };
  }
  const picked = pick(fields);
  if (picked !== undefined) out.fields = picked;
  return out;
}

function intParam(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `The '${name}' parameter must be a non-negative integer.`);
  return n;
}

function encodeToken(jql: string, offset: number): string {
  return Buffer.from(JSON.stringify({ jql, offset })).toString('base64url');
}
function decodeToken(token: string, jql: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { jql?: unknown; offset?: unknown };
    if (parsed.jql === jql && typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through: answered as Jira does, 400 below
  }
  throw new HttpError(400, 'The provided next page token is invalid or expired.');
}

const PERMISSION_NAMES: Record<string, string> = {
  BROWSE_PROJECTS: 'Browse Projects',
  ADMINISTER_PROJECTS: 'Administer Projects',
  ADMINISTER: 'Administer Jira',
  EDIT_ISSUES: 'Edit Issues',
  CREATE_ISSUES: 'Create Issues',
  MANAGE_SPRINTS_PERMISSION: 'Manage sprints',
  SCHEDULE_ISSUES: 'Schedule Issues',
};
const GLOBAL_PERMISSIONS = new Set(['ADMINISTER']);

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const store: EmulatorStore = await loadStore(options.snapshotDir);
  let counters = emptyCounters();
  let rules: { rule: FaultRule; seen: number; fired: number }[] = [];
  const setFaults = (next: FaultRule[]) => {
    rules = next.map((rule) => ({ rule, seen: 0, fired: 0 }));
  };
  setFaults(options.faults ?? []);

  const userOf = (req: IncomingMessage): { name: string | undefined; ok: boolean } => {
    const header = req.headers.authorization;
    const decoded = header?.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : undefined;
    const colon = decoded?.indexOf(':') ?? -1;
    const name = decoded !== undefined && colon >= 0 ? decoded.slice(0, colon) : undefined;
    if (options.credentials === undefined) return { name, ok: true };
    return { name, ok: decoded === `${options.credentials.email}:${options.credentials.apiToken}` };
  };

  function visibleProject(key: string, user: EmulatedUser): boolean {
    return !(user.hiddenProjects ?? []).includes(key);
  }
  function visibleIssue(issue: StoredIssue, user: EmulatedUser): boolean {
    return visibleProject(issue.projectKey, user) && !(user.hiddenIssues ?? []).includes(issue.key);
  }
  /** A board is visible to a user who may browse one of its projects, unless it is hidden from them. */
  function visibleBoard(board: { id: number; projectKeys: string[] }, user: EmulatedUser): boolean {
    return board.projectKeys.some((k) => visibleProject(k, user)) && !(user.hiddenBoards ?? []).includes(board.id);
  }
  function findProject(idOrKey: string, user: EmulatedUser) {
    const project = store.projects.get(idOrKey) ?? [...store.projects.values()].find((p) => p.id === idOrKey);
    if (project === undefined || !visibleProject(project.key, user)) {
      throw new HttpError(404, `No project could be found with key '${idOrKey}'.`);
    }
    return project;
  }

  /**
   * POST /rest/api/3/permissions/check (BulkPermissionsRequestBean → BulkPermissionGrants): of the
   * project ids asked for each project permission, those the user may see and is not denied.
   * Issues are not emulated (always []); global permissions are granted unless denied.
   */
  function permissionsCheck(body: unknown, user: EmulatedUser): JsonObject {
    const request = (typeof body === 'object' && body !== null ? body : {}) as { globalPermissions?: unknown; projectPermissions?: unknown };
    const entries = Array.isArray(request.projectPermissions) ? (request.projectPermissions as unknown[]) : [];
    const denied = new Set(user.deniedPermissions ?? []);
    const grants = new Map<string, Set<number>>();
    for (const entry of entries) {
      const { permissions, projects } = (entry ?? {}) as { permissions?: unknown; projects?: unknown };
      if (!Array.isArray(permissions) || permissions.length === 0) throw new HttpError(400, 'projectPermissions needs at least one permission.');
      if (!Array.isArray(projects) || projects.length === 0) throw new HttpError(400, 'projectPermissions is provided without at least one project or issue.');
      for (const permission of permissions) {
        if (typeof permission !== 'string' || !Object.hasOwn(PERMISSION_NAMES, permission)) throw new HttpError(400, `The permission key '${String(permission)}' is not valid.`);
        const granted = grants.get(permission) ?? new Set<number>();
        grants.set(permission, granted);
        if (denied.has(permission)) continue;
        for (const id of projects) {
          const project = [...store.projects.values()].find((p) => p.id === String(id));
          if (project !== undefined && visibleProject(project.key, user)) granted.add(Number(id));
        }
      }
    }
    const globals = Array.isArray(request.globalPermissions) ? (request.globalPermissions as unknown[]).filter((g): g is string => typeof g === 'string' && !denied.has(g)) : [];
    return {
      globalPermissions: globals,
      projectPermissions: [...grants].map(([permission, projects]) => ({ permission, issues: [], projects: [...projects].sort((a, b) => a - b) })),
    };
  }

  /** The emulator's own address, for the `self` and `nextPage` links Jira puts in its pages (set once listening). */
  let baseUrl = '';
  const searchCache = new Map<string, StoredIssue[]>();
  // The issues by key, for embedding parents as they are now; rebuilt after an edit.
  let byKey: Map<string, StoredIssue> | undefined;
  const current = (key: string) => (byKey ??= new Map(store.issues.map((i) => [i.key, i]))).get(key);
  // The issues by id, for bulk fetches; rebuilt after an edit.
  let byId: Map<string, StoredIssue> | undefined;
  const issueById = (id: string) => (byId ??= new Map(store.issues.map((i) => [String(i.json.id), i]))).get(id);
  // The sprints of every board by id, for the sprint fields as they are now; rebuilt after an edit.
  let sprintsById: Map<number, JsonObject> | undefined;
  const sprintFieldId = store.fields
    .map((f) => (f !== null && typeof f === 'object' && !Array.isArray(f) ? f : {}))
    .find((f) => {
      const schema = f.schema;
      return schema !== null && typeof schema === 'object' && !Array.isArray(schema) && schema.custom === 'com.pyxis.greenhopper.jira:gh-sprint';
    })?.id;
  const sprintNow = {
    fieldId: typeof sprintFieldId === 'string' ? sprintFieldId : undefined,
    byId: (id: number) => {
      if (sprintsById === undefined) {
        sprintsById = new Map();
        for (const board of store.boards.values()) for (const s of board.sprints ?? []) if (typeof s.id === 'number' && !sprintsById.has(s.id)) sprintsById.set(s.id, s);
      }
      return sprintsById.get(id);
    },
  };
  // The site's versions and issue types by id, for their copies in issues as they are now; rebuilt after an edit.
  let versionsById: Map<string, JsonObject> | undefined;
  let issueTypesById: Map<string, JsonObject> | undefined;
  const byIdOf = (list: Json[]) => new Map(list.filter(isObject).map((o) => [String(o.id), o]));
  const siteNow: SiteNow = {
    versionById: (id) => (versionsById ??= byIdOf([...store.projects.values()].flatMap((p) => p.versions))).get(id),
    issueTypeById: (id) => (issueTypesById ??= byIdOf(store.issueTypes)).get(id),
  };
  const clock = options.now ?? Date.now;
  /** Jira's timestamp form: 2025-04-09T10:00:00.000+0000. */
  const stamp = () => new Date(clock()).toISOString().replace('Z', '+0000');
  const indexOfIssue = (key: string) => {
    const at = store.issues.findIndex((i) => i.key === key);
    if (at < 0) throw new Error(`the emulated site has no issue ${key}`);
    return at;
  };
  const projectOf = (key: string) => {
    const project = store.projects.get(key);
    if (project === undefined) throw new Error(`the emulated site has no project ${key}`);
    return project;
  };
  const site: SiteEditor = {
    editIssue(key, fields) {
      const at = indexOfIssue(key);
      const old = store.issues[at]!;
      const json = structuredClone(old.json);
      json.fields = { ...(json.fields as JsonObject), ...fields, updated: stamp() };
      store.issues[at] = toStoredIssue(json, old.projectKey, old.projectId);
      searchCache.clear();
      byKey = undefined;
      byId = undefined;
    },
    createIssue(projectKey, issue) {
      const project = projectOf(projectKey);
      const now = stamp();
      const json: JsonObject = { id: issue.id, key: issue.key, fields: { ...issue.fields, created: now, updated: now } };
      store.issues.push(toStoredIssue(json, project.key, project.id));
      searchCache.clear();
      byKey = undefined;
      byId = undefined;
    },
    deleteIssue(key) {
      store.issues.splice(indexOfIssue(key), 1);
      searchCache.clear();
      byKey = undefined;
      byId = undefined;
    },
    moveIssue(key, toProjectKey, newKey) {
      const at = indexOfIssue(key);
      const project = projectOf(toProjectKey);
      const json = structuredClone(store.issues[at]!.json);
      json.key = newKey;
      // Jira answers the issue's project as it is now (the synthetic sites' issues carry it).
      const fields = json.fields as JsonObject;
      json.fields = { ...fields, ...(fields.project !== undefined ? { project: { id: project.id, key: project.key } } : {}), updated: stamp() };
      store.issues[at] = toStoredIssue(json, project.key, project.id);
      searchCache.clear();
      byKey = undefined;
      byId = undefined;
    },
    setVersions(projectKey, versions) {
      projectOf(projectKey).versions = structuredClone(versions);
      versionsById = undefined;
    },
    setIssueTypes(issueTypes) {
      store.issueTypes = structuredClone(issueTypes);
      issueTypesById = undefined;
    },
    setSprints(boardId, sprints) {
      const board = store.boards.get(boardId);
      if (board === undefined) throw new Error(`the emulated site has no board ${boardId}`);
      board.sprints = structuredClone(sprints);
      sprintsById = undefined;
      searchCache.clear();
    },
    issue(key) {
      const found = store.issues.find((i) => i.key === key);
      return found === undefined ? undefined : structuredClone(found.json);
    },
  };

  /** The issues a JQL finds for the user, in its order (cached per JQL and user: the snapshot never changes while served). */
  function found(jql: string, query: JqlQuery, visible: () => StoredIssue[], user: EmulatedUser): StoredIssue[] {
    const cacheKey = JSON.stringify([jql, user.hiddenIssues ?? [], user.hiddenProjects ?? []]);
    let result = searchCache.get(cacheKey);
    if (result === undefined) {
      result = sortSubjects(visible().filter((i) => matches(query, i)), query.orderBy);
      if (searchCache.size >= 64) searchCache.clear();
      searchCache.set(cacheKey, result);
    }
    return result;
  }

  /**
   * POST /rest/api/3/search/approximate-count (JQLCountRequestBean → JQLCountResultsBean):
   * { count } of a bounded JQL — at least one search restriction, an ORDER BY alone is not one —
   * as the user sees it (issue by issue, as their searches). It counts what the search finds, the
   * same store and cache: this emulator's search has no index lag, so neither has its count.
   * Charged 1 point (src/jira/points.ts): it returns no issue objects.
   */
  function count(body: JsonObject | undefined, user: EmulatedUser): JsonObject {
    const extra = Object.keys(body ?? {}).find((k) => k !== 'jql');
    if (extra !== undefined) throw new HttpError(400, `Unrecognized field "${extra}".`);
    const { query, visible, jql } = parseChecked(body?.jql, user);
    if (query.clauses.length === 0 && query.times.length === 0) throw new HttpError(400, UNBOUNDED_JQL);
    return { count: found(jql, query, visible, user).length };
  }

  function parseChecked(jqlInput: unknown, user: EmulatedUser): { jql: string; query: JqlQuery; visible: () => StoredIssue[] } {
    if (typeof jqlInput !== 'string' || jqlInput.trim() === '') throw new HttpError(400, UNBOUNDED_JQL);
    let query: JqlQuery;
    try {
      query = parseJql(jqlInput);
    } catch (error) {
      if (error instanceof JqlError) throw new HttpError(400, error.message);
      throw error;
    }
    // The issues the user may browse, filtered only when needed (a cached search's next page does not).
    let visibleIssues: StoredIssue[] | undefined;
    const visible = () => (visibleIssues ??= store.issues.filter((i) => visibleIssue(i, user)));
    for (const clause of query.clauses) {
      for (const value of clause.values) {
        if (clause.field === 'project' && ![...store.projects.values()].some((p) => (p.key === value.toUpperCase() || p.id === value) && visibleProject(p.key, user))) {
          throw new HttpError(400, `The value '${value}' does not exist for the field 'project'.`);
        }
        if (clause.field === 'key' && !visible().some((i) => i.key === value.toUpperCase() || i.id === value)) {
          throw new HttpError(400, `An issue with key '${value}' does not exist for field 'key'.`);
        }
        if (clause.field === 'statusCategory') {
          try {
            statusCategoryOf(value);
          } catch (error) {
            throw new HttpError(400, (error as Error).message);
          }
        }
      }
    }
    // A key range's bound names a project and a number: the project must exist (the issue need not).
    for (const range of query.keyRanges) {
      if (![...store.projects.values()].some((p) => p.key === range.projectKey && visibleProject(p.key, user))) {
        throw new HttpError(400, `An issue with key '${range.projectKey}-${range.number}' does not exist for field 'key'.`);
      }
    }
    return { jql: jqlInput, query, visible };
  }

  function search(input: { jql: unknown; fields: string[]; maxResults: unknown; nextPageToken: unknown }, user: EmulatedUser): JsonObject {
    const { query, visible, jql } = parseChecked(input.jql, user);
    const filter = fieldFilter(input.fields, false);
    const cap = filter.idsOnly ? SEARCH_CAP_IDS_ONLY : SEARCH_CAP_WITH_FIELDS;
    const maxResults = Math.min(Math.max(intParam(input.maxResults, 'maxResults', 50), 1), cap);
    const offset = input.nextPageToken === undefined || input.nextPageToken === null ? 0 : decodeToken(String(input.nextPageToken), jql);
    const all = found(jql, query, visible, user);
    const page = all.slice(offset, offset + maxResults);
    const isLast = offset + page.length >= all.length;
    return {
      issues: page.map((i) => issueView(i, filter, current, sprintNow, siteNow)),
      ...(isLast ? {} : { nextPageToken: encodeToken(jql, offset + page.length) }),
      isLast,
    };
  }

  /**
   * POST /rest/api/3/issue/bulkfetch (BulkFetchIssueRequestBean → BulkIssueResults): up to 100
   * ids or keys; the issues the user may browse, in ascending id order, with `fields` (default
   * *navigable); ids or keys that match nothing are left out, as Jira leaves them out.
   */
  function bulkFetch(body: JsonObject | undefined, user: EmulatedUser): JsonObject {
    const allowed = new Set(['expand', 'fields', 'fieldsByKeys', 'issueIdsOrKeys', 'properties']);
    const extra = Object.keys(body ?? {}).find((k) => !allowed.has(k));
    if (extra !== undefined) throw new HttpError(400, `Unrecognized field "${extra}".`);
    const requested = body?.issueIdsOrKeys;
    if (!Array.isArray(requested) || !requested.every((v) => typeof v === 'string')) throw new HttpError(400, 'issueIdsOrKeys must be an array of issue ids or keys.');
    if (requested.length === 0) throw new HttpError(400, 'At least one issue ID or key is required.');
    if (requested.length > 100) throw new HttpError(400, 'A maximum of 100 issue IDs or keys can be requested.');
    const fields = body?.fields;
    if (fields !== undefined && !(Array.isArray(fields) && fields.every((f) => typeof f === 'string'))) throw new HttpError(400, "The 'fields' property must be an array of strings.");
    const filter = fieldFilter((fields as string[] | undefined) ?? [], true);
    const found = new Map<string, StoredIssue>();
    for (const idOrKey of requested as string[]) {
      const issue = issueById(idOrKey) ?? current(idOrKey.toUpperCase());
      if (issue !== undefined && visibleIssue(issue, user)) found.set(String(issue.json.id), issue);
    }
    const issues = [...found.values()].sort((a, b) => Number(a.json.id) - Number(b.json.id));
    return { issues: issues.map((i) => issueView(i, filter, current, sprintNow, siteNow)), issueErrors: [] };
  }

  function agilePage(values: Json[], query: URLSearchParams, withTotal: boolean): JsonObject {
    const startAt = intParam(query.get('startAt'), 'startAt', 0);
    const maxResults = Math.min(Math.max(intParam(query.get('maxResults'), 'maxResults', AGILE_CAP), 1), AGILE_CAP);
    const slice = values.slice(startAt, startAt + maxResults);
    return {
      maxResults,
      startAt,
      ...(withTotal ? { total: values.length } : {}),
      isLast: startAt + slice.length >= values.length,
      values: slice,
    };
  }

  /** GET /rest/api/3/project/search: Jira's PageBean of the projects the user may browse (orderBy key or name, ± prefix). */
  function projectSearch(query: URLSearchParams, user: EmulatedUser, path: string): JsonObject {
    const startAt = intParam(query.get('startAt'), 'startAt', 0);
    const maxResults = Math.min(Math.max(intParam(query.get('maxResults'), 'maxResults', 50), 1), PROJECT_SEARCH_CAP);
    const orderBy = query.get('orderBy') ?? 'key';
    const match = /^([+-]?)(key|name)$/.exec(orderBy);
    if (match === null) throw new HttpError(400, `The orderBy parameter '${orderBy}' is not supported.`);
    const action = query.get('action') ?? 'view';
    if (!['view', 'browse', 'edit', 'create'].includes(action)) throw new HttpError(400, `The action parameter '${action}' is not valid.`);
    const field = match[2] as 'key' | 'name';
    const nameOf = (p: StoredProject) => (field === 'key' ? p.key : typeof p.json.name === 'string' ? p.json.name : p.key);
    const visible = [...store.projects.values()]
      .filter((p) => visibleProject(p.key, user))
      .sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0) * (match[1] === '-' ? -1 : 1));
    const values = visible.slice(startAt, startAt + maxResults).map((p) => p.json);
    const isLast = startAt + values.length >= visible.length;
    const base = `${baseUrl}${path}`;
    const pageUrl = (at: number) => `${base}?startAt=${at}&maxResults=${maxResults}`;
    return {
      self: pageUrl(startAt),
      ...(isLast ? {} : { nextPage: pageUrl(startAt + values.length) }),
      maxResults,
      startAt,
      total: visible.length,
      isLast,
      values,
    };
  }

  function answer(operation: Operation, params: string[], query: URLSearchParams, body: JsonObject | undefined, user: EmulatedUser, path: string): Json {
    switch (operation) {
      case 'issuetype':
        return store.issueTypes;
      case 'field':
        return store.fields;
      case 'project':
        return findProject(params[0]!, user).json;
      case 'projectSearch':
        return projectSearch(query, user, path);
      case 'versions':
        return findProject(params[0]!, user).versions;
      case 'boards': {
        const projectKeyOrId = query.get('projectKeyOrId');
        let boards = [...store.boards.values()];
        if (projectKeyOrId !== null) {
          const project = findProject(projectKeyOrId, user);
          boards = project.boardIds.map((id) => store.boards.get(id)!);
        }
        boards = boards.filter((b) => visibleBoard(b, user));
        return agilePage(boards.map((b) => b.json), query, true);
      }
      case 'board': {
        const id = Number(params[0]);
        const board = Number.isSafeInteger(id) ? store.boards.get(id) : undefined;
        if (board === undefined || !visibleBoard(board, user)) throw new HttpError(404, 'Board does not exist or you do not have permission to see it.');
        return board.json;
      }
      case 'sprints': {
        const id = Number(params[0]);
        const board = Number.isInteger(id) ? store.boards.get(id) : undefined;
        if (board === undefined || !visibleBoard(board, user)) {
          throw new HttpError(404, 'Board does not exist or you do not have permission to see it.');
        }
        if (board.sprints === null && board.type !== 'scrum') throw new HttpError(400, 'The board does not support sprints');
        // ?state=active,future: only sprints in those states (Jira's values: future, active, closed).
        const states = query.get('state');
        if (states !== null) {
          const wanted = states.split(',').map((v) => v.trim());
          const bad = wanted.find((v) => !['future', 'active', 'closed'].includes(v));
          if (bad !== undefined) throw new HttpError(400, `The sprint state '${bad}' is not valid. Valid values: future, active, closed.`);
          return agilePage((board.sprints ?? []).filter((s) => wanted.includes(String(s.state))), query, false);
        }
        return agilePage(board.sprints ?? [], query, false);
      }
      case 'search':
        if (body !== undefined) {
          const fields = body.fields;
          if (fields !== undefined && !(Array.isArray(fields) && fields.every((f) => typeof f === 'string'))) {
            throw new HttpError(400, "The 'fields' property must be an array of strings.");
          }
          // reconcileIssues (SearchAndReconcileRequestBean): at most 50 issue ids read strongly consistent. This
          // emulator's search is always consistent, so a valid list changes nothing; an invalid one is refused.
          const reconcile = body.reconcileIssues;
          if (reconcile !== undefined && reconcile !== null) {
            if (!Array.isArray(reconcile) || !reconcile.every((id) => typeof id === 'number' && Number.isSafeInteger(id))) {
              throw new HttpError(400, "The 'reconcileIssues' property must be an array of issue ids (integers).");
            }
            if (reconcile.length > 50) throw new HttpError(400, "The 'reconcileIssues' property accepts at most 50 issue ids.");
          }
          return search({ jql: body.jql, fields: (fields as string[] | undefined) ?? [], maxResults: body.maxResults, nextPageToken: body.nextPageToken }, user);
        }
        return search({ jql: query.get('jql') ?? undefined, fields: query.getAll('fields'), maxResults: query.get('maxResults') ?? undefined, nextPageToken: query.get('nextPageToken') ?? undefined }, user);
      case 'count':
        return count(body, user);
      case 'bulkfetch':
        return bulkFetch(body, user);
      case 'issue': {
        const idOrKey = params[0]!;
        const issue = store.issues.find((i) => i.key === idOrKey || i.id === idOrKey);
        if (issue === undefined || !visibleIssue(issue, user)) throw new HttpError(404, 'Issue does not exist or you do not have permission to see it.');
        return issueView(issue, fieldFilter(query.getAll('fields'), true), current, sprintNow, siteNow);
      }
      case 'mypermissions': {
        const keys = (query.get('permissions') ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
        if (keys.length === 0) throw new HttpError(400, 'The permissions parameter is required.');
        const unknown = keys.find((k) => !Object.hasOwn(PERMISSION_NAMES, k));
        if (unknown !== undefined) throw new HttpError(400, `The permission key '${unknown}' is not valid.`);
        const projectKey = query.get('projectKey');
        if (projectKey !== null) findProject(projectKey, user);
        const permissions: JsonObject = {};
        for (const key of keys) {
          permissions[key] = {
            id: String(Object.keys(PERMISSION_NAMES).indexOf(key) + 10),
            key,
            name: PERMISSION_NAMES[key]!,
            type: GLOBAL_PERMISSIONS.has(key) ? 'GLOBAL' : 'PROJECT',
            description: `Emulated permission ${PERMISSION_NAMES[key]!}.`,
            havePermission: !(user.deniedPermissions ?? []).includes(key),
          };
        }
        return { permissions };
      }
      case 'permissionsCheck':
        return permissionsCheck(body, user);
      case 'projectCategory': {
        // The categories the site's projects carry (the snapshot has no list of its own), by id.
        const byId = new Map<string, JsonObject>();
        for (const project of store.projects.values()) {
          const category = (project.json as { projectCategory?: { id?: unknown; name?: unknown; description?: unknown } }).projectCategory;
          if (category && typeof category.id === 'string' && typeof category.name === 'string') {
            byId.set(category.id, { self: `${baseUrl}/rest/api/3/projectCategory/${category.id}`, id: category.id, name: category.name, description: typeof category.description === 'string' ? category.description : '' });
          }
        }
        return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
      }
      case 'unknown':
        throw new HttpError(404, `null for uri: ${path}`);
    }
  }

  // The emulated rate limits: this UTC hour's points, and a token bucket per endpoint.
  const limits = options.rateLimits;
  let hourStart = Number.NEGATIVE_INFINITY;
  let hourPoints = 0;
  const buckets = new Map<string, { tokens: number; at: number }>();
  function rollHour(now: number): void {
    const start = Math.floor(now / 3_600_000) * 3_600_000;
    if (start !== hourStart) {
      hourStart = start;
      hourPoints = 0;
    }
  }
  /** The rate-limit headers of an answer, as Jira sends them (none without emulated limits). */
  function limitHeaders(now: number): Record<string, string> {
    if (limits === undefined) return {};
    const headers: Record<string, string> = {};
    if (limits.requestsPerSecond !== undefined) headers['X-RateLimit-Limit'] = String(limits.requestsPerSecond);
    const quota = limits.pointsPerHour;
    if (quota !== undefined) {
      rollHour(now);
      const left = Math.max(0, quota - hourPoints);
      const reset = Math.ceil((hourStart + 3_600_000 - now) / 1000);
      headers['RateLimit-Policy'] = `"tenant-app-quota";q=${quota};w=3600`;
      headers.RateLimit = `"tenant-app-quota";${hourPoints > quota * 0.8 ? `r=${left};` : ''}t=${reset}`;
      if (left < quota * 0.2) headers['X-RateLimit-NearLimit'] = 'true';
    }
    return headers;
  }
  /** A 429 of the emulated limits, or undefined when the request may be answered. */
  function overLimit(operation: Operation, now: number): { reason: string; retryAfterSeconds: number; reset: number } | undefined {
    if (limits === undefined) return undefined;
    if (limits.pointsPerHour !== undefined) {
      rollHour(now);
      if (hourPoints >= limits.pointsPerHour) {
        const reset = hourStart + 3_600_000;
        return { reason: 'jira-quota-tenant-based', retryAfterSeconds: Math.ceil((reset - now) / 1000), reset };
      }
    }
    const rps = limits.requestsPerSecond;
    if (rps !== undefined) {
      let b = buckets.get(operation);
      if (b === undefined) buckets.set(operation, (b = { tokens: rps, at: now }));
      b.tokens = Math.min(rps, b.tokens + ((now - b.at) / 1000) * rps);
      b.at = now;
      if (b.tokens < 1) return { reason: 'jira-burst-based', retryAfterSeconds: 1, reset: now + 1000 };
      b.tokens -= 1;
    }
    return undefined;
  }
  function charge(method: string, path: string, status: number, json: unknown, now: number): void {
    const points = chargedPoints(method, path, status, json);
    counters.points += points;
    rollHour(now);
    hourPoints += points;
    const hour = new Date(hourStart).toISOString();
    counters.pointsByHour[hour] = (counters.pointsByHour[hour] ?? 0) + points;
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...limitHeaders(clock()), ...headers });
    res.end(body);
  }
  const errorBody = (message: string) => JSON.stringify({ errorMessages: [message], errors: {} });

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new HttpError(413, 'Request body too large.');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    let routed: { operation: Operation; params: string[] };
    let badPath: HttpError | undefined;
    try {
      routed = route(method, url.pathname);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      routed = { operation: 'unknown', params: [] };
      badPath = error;
    }
    const { operation, params } = routed;
    counters.requests++;
    counters.byOperation[operation]++;
    options.log?.(`${method} ${url.pathname}${url.search}`);

    // The whole request is read first, so any answer (fault or not) leaves the connection reusable.
    let bodyText = '';
    try {
      bodyText = await readBody(req);
    } catch (error) {
      if (error instanceof HttpError) {
        send(res, error.status, errorBody(error.message));
        return;
      }
      throw error;
    }

    if (badPath !== undefined) {
      send(res, badPath.status, errorBody(badPath.message));
      return;
    }
    const auth = userOf(req);
    if (!auth.ok) {
      send(res, 401, errorBody('Client must be authenticated to access this resource.'));
      return;
    }
    const users = options.users ?? {};
    const user = (auth.name !== undefined && Object.hasOwn(users, auth.name) ? users[auth.name] : undefined) ?? {};

    const limited = overLimit(operation, clock());
    if (limited !== undefined) {
      counters.rateLimited++;
      send(res, 429, errorBody('Rate limit exceeded'), {
        'Retry-After': String(limited.retryAfterSeconds),
        'X-RateLimit-Reset': new Date(limited.reset).toISOString().slice(0, 16) + 'Z',
        'RateLimit-Reason': limited.reason,
      });
      return;
    }

    let malformed: FaultRule | undefined;
    for (const entry of rules) {
      const { rule } = entry;
      if (rule.operations !== undefined && !rule.operations.includes(operation)) continue;
      entry.seen++;
      const every = rule.every ?? 1;
      const k = entry.seen - 1 - (rule.phase ?? 0);
      const fires = k >= 0 && k % every < (rule.burst ?? 1) && (rule.times === undefined || entry.fired < rule.times);
      if (!fires) continue;
      entry.fired++;
      if (rule.kind === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 200));
        continue;
      }
      counters.faults++;
      if (rule.kind === 'rate-limit') {
        const seconds = rule.retryAfterSeconds ?? 1;
        const format = rule.retryAfterFormat ?? 'seconds';
        const headers: Record<string, string> =
          format === 'none' ? {} : { 'Retry-After': format === 'seconds' ? String(seconds) : new Date(Date.now() + seconds * 1000).toUTCString() };
        send(res, 429, errorBody('Rate limit exceeded.'), headers);
        return;
      }
      if (rule.kind === 'server-error') {
        send(res, rule.status ?? 500, errorBody('Internal server error (emulated).'));
        return;
      }
      if (rule.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      malformed = rule;
      break;
    }

    try {
      let body: JsonObject | undefined;
      if (method === 'POST') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(bodyText);
        } catch {
          throw new HttpError(400, 'Unexpected character in the request body: it is not JSON.');
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'The request body must be a JSON object.');
        body = parsed as JsonObject;
      }
      const answered = answer(operation, params, url.searchParams, body, user, url.pathname);
      if (limits !== undefined) charge(method, url.pathname, 200, answered, clock());
      const result = JSON.stringify(answered);
      if (malformed !== undefined) {
        const broken = malformed.body === 'wrong-shape' ? JSON.stringify({ unexpected: 'emulated malformed body' }) : result.slice(0, Math.max(1, Math.floor(result.length / 2)));
        send(res, 200, broken);
        return;
      }
      send(res, 200, result);
    } catch (error) {
      if (error instanceof HttpError) {
        if (limits !== undefined) charge(method, url.pathname, error.status, undefined, clock());
        send(res, error.status, errorBody(error.message));
        return;
      }
      throw error;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`emulator: ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) send(res, 500, errorBody('Emulator failure; see its log.'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get counters() {
      return counters;
    },
    site,
    setFaults,
    resetCounters() {
      counters = emptyCounters();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
