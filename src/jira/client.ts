/**
 * The Jira client: the app's only way to Jira. Every response is checked against its schema
 * (src/jira/schemas.ts) at this boundary; failures become the typed errors of ./errors.
 */
import type { z } from 'zod';
import { isIssueKey, isProjectKey } from '../core/project-key';
import {
  JiraAuthError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraResponseError,
  JiraUnavailableError,
} from './errors';
import pLimit from 'p-limit';
import { createRateLimiter, siteRateLimiter, withPacing, type RateLimiter } from './rate-limiter';
import { withRetry, type RetryPolicy } from './retry';
import {
  boardDetailSchema,
  boardPageSchema,
  bulkIssueErrorsSchema,
  bulkPermissionGrantsSchema,
  projectCategoriesSchema,
  describeZodError,
  errorCollectionSchema,
  fieldsSchema,
  idPageSchema,
  issueSchema,
  issueTypesSchema,
  keyPageSchema,
  approximateCountSchema,
  myPermissionsSchema,
  parseSearchPage,
  parseWith,
  projectSchema,
  projectSearchPageSchema,
  sprintFieldSchema,
  sprintPageSchema,
  versionsSchema,
  type JiraBoard,
  type JiraField,
  type JiraIssue,
  type JiraIssueType,
  type JiraProject,
  type JiraSearchPage,
  type JiraSprint,
  type JiraVersion,
  type ParseResult,
} from './schemas';
import { describeRequest, jiraPath, type JiraRequest, type JiraResponse, type JiraTransport } from './transport';

interface SearchRequest {
  jql: string;
  fields: readonly string[];
  nextPageToken?: string;
  maxResults?: number;
  /** Issue ids Jira reads strongly consistent for this search (at most 50; the same list on every page). */
  reconcileIssues?: readonly number[];
}

/** One raw response, as Jira sent it: what `capture` writes to a snapshot. */
export type RecordedResponse =
  | { kind: 'issueTypes'; json: unknown }
  | { kind: 'fields'; json: unknown }
  | { kind: 'project'; projectKey: string; json: unknown }
  | { kind: 'versions'; projectKey: string; json: unknown }
  | { kind: 'boards'; projectKey: string; page: number; json: unknown }
  | { kind: 'sprints'; boardId: number; page: number; json: unknown }
  | { kind: 'search'; jql: string; page: number; json: unknown };

export interface JiraClient {
  /** The site's base URL when known (Node transport); undefined inside Forge. */
  readonly siteUrl: string | undefined;
  issueTypes(): Promise<JiraIssueType[]>;
  fields(): Promise<JiraField[]>;
  project(projectKey: string): Promise<JiraProject>;
  /** Every project the credentials may browse (all pages of the paged project search), by key. */
  projects(): Promise<JiraProject[]>;
  versions(projectKey: string): Promise<JiraVersion[]>;
  /** Every board of the project (all pages). */
  boards(projectKey: string): Promise<JiraBoard[]>;
  /**
   * Every sprint of the board (all pages), or only those in `states`; [] for a board without
   * sprints (Jira answers a kanban board's sprints with 400).
   */
  sprints(boardId: number, states?: readonly JiraSprint['state'][]): Promise<JiraSprint[]>;
  /** One board; JiraNotFoundError when it does not exist or the user may not view it. */
  board(boardId: number): Promise<{ id: number; name: string; isPrivate?: boolean }>;
  /** One page of POST /rest/api/3/search/jql, each issue's sprint field checked when `sprintFieldId` is given. */
  searchPage(request: SearchRequest, sprintFieldId?: string, page?: number): Promise<JiraSearchPage>;
  /**
   * One page of the keys a search finds (`fields: ["key"]`, so Jira pages up to 5,000 keys);
   * follow `nextPageToken` for the rest.
   */
  searchKeys(request: { jql: string; nextPageToken?: string; maxResults?: number }): Promise<{ keys: string[]; nextPageToken: string | undefined }>;
  /**
   * One page of the ids a search finds (`fields: ["id"]`, up to 5,000 a page, the default);
   * follow `nextPageToken` for the rest.
   */
  searchIds(request: { jql: string; nextPageToken?: string; maxResults?: number }): Promise<{ ids: string[]; nextPageToken: string | undefined }>;
  /**
   * POST /rest/api/3/issue/bulkfetch: up to 100 issues by id or key, with `fields` (each issue's
   * sprint field checked when `sprintFieldId` is given), in ascending id order. Issues that do
   * not exist or that the caller cannot browse are left out, as Jira leaves them out;
   * `failedIds` are those Jira could not read this time (its issueErrors).
   */
  bulkFetch(idsOrKeys: readonly string[], fields: readonly string[], sprintFieldId?: string): Promise<{ issues: JiraIssue[]; failedIds: string[] }>;
  /** POST /rest/api/3/search/approximate-count: about how many issues a bounded JQL finds (recent changes may lag). */
  approximateCount(jql: string): Promise<number>;
  /** One issue with the fields the core reads, its parent embedded (for the issue panel). */
  issueWithParent(issueKey: string, sprintFieldId?: string): Promise<JiraIssue>;
  /** Which of the permission keys the current user has (in the project, when given). */
  myPermissions(permissions: readonly string[], projectKey?: string): Promise<Record<string, boolean>>;
  /**
   * Of these project ids, those on which the current user has the project permission (optional:
   * the portfolio's; fakes of the rest of the app leave it out): one
   * POST /rest/api/3/permissions/check per PERMISSION_CHECK_PROJECTS ids (Jira's limit),
   * PERMISSION_CHECKS_IN_FLIGHT at a time (a site of 10,000 projects: 10 requests, 3 rounds).
   */
  projectsWithPermission?(permission: string, projectIds: readonly string[]): Promise<Set<string>>;
  /** GET /rest/api/3/projectCategory: the site's project categories. */
  projectCategories?(): Promise<{ id: string; name: string }[]>;
}

/** Project ids one bulk permission check may carry (Jira answers 400 beyond). */
const PERMISSION_CHECK_PROJECTS = 1000;
/** Bulk permission checks sent at once (each paced by the site's rate limiter). */
const PERMISSION_CHECKS_IN_FLIGHT = 4;

export interface JiraClientOptions {
  /** Retry policy overrides (tests inject a fake clock). */
  retry?: Partial<RetryPolicy>;
  /** Receives every successful raw response (for `capture`). */
  record?: (response: RecordedResponse) => void;
  /**
   * The site's rate limiter (./rate-limiter.ts). Default: the process's limiter for the site,
   * shared by every client of it; a client on an injected retry clock (tests) gets its own
   * limiter on that clock, whose waits pass in virtual time when no `now` is injected.
   */
  pacing?: RateLimiter;
}

/** The limiter of a client that was given none (see JiraClientOptions.pacing). */
function defaultPacing(baseTransport: JiraTransport, retry: Partial<RetryPolicy> | undefined): RateLimiter {
  if (retry?.sleep === undefined) return siteRateLimiter(baseTransport.siteUrl ?? 'forge');
  if (retry.now !== undefined) return createRateLimiter({ now: retry.now, sleep: retry.sleep });
  let slept = 0;
  return createRateLimiter({
    now: () => Date.now() + slept,
    sleep: async (ms) => {
      slept += ms;
    },
  });
}

/**
 * Forge stops a resolver at 25 s. The Jira calls of one resolver invocation, retries and waits
 * included, get this much (one client per invocation), leaving time to build the answer: a
 * resolver under a 429 storm answers RATE_LIMITED instead of being killed.
 */
export const RESOLVER_JIRA_BUDGET_MS = 20_000;

/** The issue fields the core needs; the sprint field's id is added per site. */
export const CORE_ISSUE_FIELDS = ['summary', 'issuetype', 'status', 'updated', 'created', 'duedate', 'fixVersions', 'parent'] as const;

const BOARD_PAGE_SIZE = 50;
/** Keys a key-only search asks for at once (Jira's cap for searches without fields is 5,000). */
const KEY_PAGE_SIZE = 1000;
/** Ids an id-only search asks for at once: Jira's cap. */
export const ID_PAGE_SIZE = 5000;
/** Issues one bulk fetch asks for: Jira's cap. */
export const BULK_FETCH_SIZE = 100;
const SPRINT_PAGE_SIZE = 50;
/** Jira's cap for GET /rest/api/3/project/search. */
const PROJECT_PAGE_SIZE = 100;
/** A paged listing longer than this is a loop, not data. */
const MAX_PAGES = 10_000;

function errorMessagesOf(json: unknown): string[] {
  const parsed = errorCollectionSchema.safeParse(json);
  if (!parsed.success) return [];
  return [...(parsed.data.errorMessages ?? []), ...Object.entries(parsed.data.errors ?? {}).map(([k, v]) => `${k}: ${v}`)];
}

export function createJiraClient(baseTransport: JiraTransport, options: JiraClientOptions = {}): JiraClient {
  // Every attempt, retries included, is paced; a paced wait counts against the retry budget.
  const pacing = options.pacing ?? defaultPacing(baseTransport, options.retry);
  const clock = options.retry?.now ?? (() => Date.now());
  const startedAt = clock();
  const budgetMs = options.retry?.budgetMs;
  const transport = withRetry(
    withPacing(baseTransport, pacing, () => (budgetMs === undefined ? undefined : Math.max(0, startedAt + budgetMs - clock()))),
    options.retry,
  );
  const site = baseTransport.siteUrl ?? 'Jira';
  const record = options.record ?? (() => undefined);

  /** Sends a request; any status other than 200 becomes a typed error (404/400 described by `what`). */
  async function send(request: JiraRequest, what: { notFound?: string; forbidden?: string } = {}): Promise<JiraResponse> {
    const endpoint = describeRequest(request);
    const response = await transport.request(request);
    if (response.status === 200) return response;
    const detail = errorMessagesOf(response.json);
    const said = detail.length > 0 ? `: ${detail.join('; ')}` : '';
    switch (response.status) {
      case 401:
        throw new JiraAuthError(
          `${site} did not accept the credentials (HTTP 401 to ${endpoint}); check JIRA_EMAIL and JIRA_API_TOKEN (an API token from id.atlassian.com)`,
          endpoint,
        );
      case 403:
        throw new JiraForbiddenError(`${what.forbidden ?? 'you do not have permission for this'} (HTTP 403 to ${endpoint})${said}`, endpoint);
      case 404:
        throw new JiraNotFoundError(`${what.notFound ?? 'not found'} (HTTP 404 to ${endpoint})`, endpoint);
      case 400:
        throw new JiraBadRequestError(`${site} rejected ${endpoint} (HTTP 400)${said}`, endpoint, detail);
      default:
        if (response.status >= 500) throw new JiraUnavailableError(`${site} answered HTTP ${response.status} to ${endpoint}`, endpoint, response.status);
        throw new JiraResponseError(`${site} answered HTTP ${response.status} to ${endpoint}${said}`, endpoint, response.status);
    }
  }

  function check<T>(request: JiraRequest, response: JiraResponse, result: ParseResult<T>): T {
    const endpoint = describeRequest(request);
    if (response.json === undefined) {
      const preview = response.text.slice(0, 60).replace(/\s+/g, ' ');
      throw new JiraResponseError(`${site} sent a body that is not JSON to ${endpoint} ("${preview}${response.text.length > 60 ? '…' : ''}")`, endpoint, response.status);
    }
    if (!result.ok) throw new JiraResponseError(`${site} sent an unexpected response to ${endpoint}: ${result.error}`, endpoint, response.status);
    return result.value;
  }

  async function getChecked<T>(request: JiraRequest, schema: z.ZodType<T>, what?: { notFound?: string; forbidden?: string }): Promise<{ value: T; json: unknown }> {
    const response = await send(request, what);
    return { value: check(request, response, parseWith(schema, response.json)), json: response.json };
  }

  function requireProjectKey(key: string): void {
    if (!isProjectKey(key)) throw new Error(`"${key}" is not a Jira project key`);
  }

  const projectWhat = (key: string) => ({
    notFound: `project ${key} does not exist on ${site}, or you cannot browse it`,
    forbidden: `you cannot browse project ${key}`,
  });

  return {
    siteUrl: baseTransport.siteUrl,

    async issueTypes() {
      const { value, json } = await getChecked({ method: 'GET', path: jiraPath`/rest/api/3/issuetype` }, issueTypesSchema);
      record({ kind: 'issueTypes', json });
      return value;
    },

    async fields() {
      const { value, json } = await getChecked({ method: 'GET', path: jiraPath`/rest/api/3/field` }, fieldsSchema);
      record({ kind: 'fields', json });
      return value;
    },

    async board(boardId) {
      if (!Number.isSafeInteger(boardId) || boardId <= 0) throw new Error(`${boardId} is not a board id`);
      const { value } = await getChecked({ method: 'GET', path: jiraPath`/rest/agile/1.0/board/${String(boardId)}` }, boardDetailSchema, { notFound: `board ${boardId} does not exist, or you may not view it` });
      return value;
    },

    async project(projectKey) {
      requireProjectKey(projectKey);
      const { value, json } = await getChecked({ method: 'GET', path: jiraPath`/rest/api/3/project/${projectKey}` }, projectSchema, projectWhat(projectKey));
      record({ kind: 'project', projectKey, json });
      return value;
    },

    async projects() {
      const projects: JiraProject[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const request: JiraRequest = {
          method: 'GET',
          path: jiraPath`/rest/api/3/project/search`,
          query: { startAt: projects.length, maxResults: PROJECT_PAGE_SIZE, orderBy: 'key', action: 'browse' },
        };
        const { value } = await getChecked(request, projectSearchPageSchema);
        projects.push(...value.values);
        if (value.isLast !== false || value.values.length === 0) return projects;
      }
      throw new JiraResponseError(`${site} listed more than ${MAX_PAGES} pages of projects`, 'GET /rest/api/3/project/search');
    },

    async versions(projectKey) {
      requireProjectKey(projectKey);
      const { value, json } = await getChecked(
        { method: 'GET', path: jiraPath`/rest/api/3/project/${projectKey}/versions` },
        versionsSchema,
        projectWhat(projectKey),
      );
      record({ kind: 'versions', projectKey, json });
      return value;
    },

    async boards(projectKey) {
      requireProjectKey(projectKey);
      const boards: JiraBoard[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const request: JiraRequest = {
          method: 'GET',
          path: jiraPath`/rest/agile/1.0/board`,
          query: { projectKeyOrId: projectKey, startAt: boards.length, maxResults: BOARD_PAGE_SIZE },
        };
        const { value, json } = await getChecked(request, boardPageSchema, projectWhat(projectKey));
        record({ kind: 'boards', projectKey, page, json });
        boards.push(...value.values);
        if (value.isLast !== false || value.values.length === 0) return boards;
      }
      throw new JiraResponseError(`${site} listed more than ${MAX_PAGES} pages of boards for ${projectKey}`, 'GET /rest/agile/1.0/board');
    },

    async sprints(boardId, states) {
      if (!Number.isSafeInteger(boardId)) throw new Error(`${boardId} is not a board id`);
      const state = states !== undefined && states.length > 0 ? { state: states.join(',') } : {};
      const sprints: JiraSprint[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const request: JiraRequest = {
          method: 'GET',
          path: jiraPath`/rest/agile/1.0/board/${boardId}/sprint`,
          query: { startAt: sprints.length, maxResults: SPRINT_PAGE_SIZE, ...state },
        };
        let checked: { value: z.infer<typeof sprintPageSchema>; json: unknown };
        try {
          checked = await getChecked(request, sprintPageSchema, { notFound: `board ${boardId} does not exist on ${site}, or you cannot see it` });
        } catch (error) {
          // Jira answers 400 for the sprints of a board that has none (kanban, simple).
          if (page === 1 && error instanceof JiraBadRequestError) return [];
          throw error;
        }
        // A snapshot holds a board's whole list: a list filtered by state is not recorded.
        if (states === undefined) record({ kind: 'sprints', boardId, page, json: checked.json });
        sprints.push(...checked.value.values);
        if (checked.value.isLast !== false || checked.value.values.length === 0) return sprints;
      }
      throw new JiraResponseError(`${site} listed more than ${MAX_PAGES} pages of sprints for board ${boardId}`, `GET /rest/agile/1.0/board/${boardId}/sprint`);
    },

    async searchPage(search, sprintFieldId, page = 1) {
      const request: JiraRequest = {
        method: 'POST',
        path: jiraPath`/rest/api/3/search/jql`,
        body: {
          jql: search.jql,
          fields: [...search.fields],
          maxResults: search.maxResults ?? 100,
          ...(search.nextPageToken !== undefined ? { nextPageToken: search.nextPageToken } : {}),
          ...(search.reconcileIssues !== undefined && search.reconcileIssues.length > 0 ? { reconcileIssues: [...search.reconcileIssues] } : {}),
        },
      };
      const response = await send(request);
      const value = check(request, response, parseSearchPage(response.json, sprintFieldId));
      record({ kind: 'search', jql: search.jql, page, json: response.json });
      return value;
    },

    async searchKeys(search) {
      const request: JiraRequest = {
        method: 'POST',
        path: jiraPath`/rest/api/3/search/jql`,
        body: {
          jql: search.jql,
          fields: ['key'],
          maxResults: search.maxResults ?? KEY_PAGE_SIZE,
          ...(search.nextPageToken !== undefined ? { nextPageToken: search.nextPageToken } : {}),
        },
      };
      const response = await send(request);
      const page = check(request, response, parseWith(keyPageSchema, response.json));
      const next = page.nextPageToken ?? undefined;
      return { keys: page.issues.map((i) => i.key), nextPageToken: page.isLast === true ? undefined : next };
    },

    async searchIds(search) {
      const request: JiraRequest = {
        method: 'POST',
        path: jiraPath`/rest/api/3/search/jql`,
        body: {
          jql: search.jql,
          fields: ['id'],
          maxResults: search.maxResults ?? ID_PAGE_SIZE,
          ...(search.nextPageToken !== undefined ? { nextPageToken: search.nextPageToken } : {}),
        },
      };
      const response = await send(request);
      const page = check(request, response, parseWith(idPageSchema, response.json));
      const next = page.nextPageToken ?? undefined;
      return { ids: page.issues.map((i) => i.id), nextPageToken: page.isLast === true ? undefined : next };
    },

    async bulkFetch(idsOrKeys, fields, sprintFieldId) {
      if (idsOrKeys.length === 0 || idsOrKeys.length > BULK_FETCH_SIZE) throw new Error(`a bulk fetch reads 1 to ${BULK_FETCH_SIZE} issues (got ${idsOrKeys.length})`);
      const request: JiraRequest = {
        method: 'POST',
        path: jiraPath`/rest/api/3/issue/bulkfetch`,
        body: { issueIdsOrKeys: [...idsOrKeys], fields: [...fields] },
      };
      const response = await send(request);
      const page = check(request, response, parseSearchPage(response.json, sprintFieldId));
      const errors = check(request, response, parseWith(bulkIssueErrorsSchema, response.json));
      return { issues: page.issues, failedIds: (errors.issueErrors ?? []).flatMap((e) => (e.id !== undefined ? [e.id] : [])) };
    },

    async approximateCount(jql) {
      const { value } = await getChecked({ method: 'POST', path: jiraPath`/rest/api/3/search/approximate-count`, body: { jql } }, approximateCountSchema);
      return value.count;
    },

    async issueWithParent(issueKey, sprintFieldId) {
      if (!isIssueKey(issueKey)) throw new Error(`"${issueKey}" is not a Jira issue key`);
      const fields = [...CORE_ISSUE_FIELDS, 'project', ...(sprintFieldId !== undefined ? [sprintFieldId] : [])];
      const request: JiraRequest = { method: 'GET', path: jiraPath`/rest/api/3/issue/${issueKey}`, query: { fields: fields.join(',') } };
      const response = await send(request, { notFound: `issue ${issueKey} does not exist on ${site}, or you cannot browse it`, forbidden: `you cannot browse issue ${issueKey}` });
      const issue = check(request, response, parseWith(issueSchema, response.json));
      const sprints = sprintFieldId === undefined ? undefined : sprintFieldSchema.safeParse(issue.fields[sprintFieldId]);
      if (sprints !== undefined && !sprints.success) {
        throw new JiraResponseError(
          `${site} sent an unexpected response to ${describeRequest(request)}: fields.${sprintFieldId}: ${describeZodError(sprints.error)}`,
          describeRequest(request),
          response.status,
        );
      }
      return issue;
    },

    async myPermissions(permissions, projectKey) {
      if (permissions.length === 0 || !permissions.every((p) => /^[A-Z_]+$/.test(p))) {
        throw new Error(`permission keys must be upper-case words like BROWSE_PROJECTS (got ${permissions.join(',')})`);
      }
      if (projectKey !== undefined) requireProjectKey(projectKey);
      const { value } = await getChecked(
        {
          method: 'GET',
          path: jiraPath`/rest/api/3/mypermissions`,
          query: { permissions: permissions.join(','), ...(projectKey !== undefined ? { projectKey } : {}) },
        },
        myPermissionsSchema,
        projectKey !== undefined ? projectWhat(projectKey) : {},
      );
      const result: Record<string, boolean> = {};
      for (const key of permissions) result[key] = value.permissions[key]?.havePermission ?? false;
      return result;
    },

    async projectsWithPermission(permission, projectIds) {
      if (!/^[A-Z_]+$/.test(permission)) throw new Error(`a permission key is an upper-case word like BROWSE_PROJECTS (got ${permission})`);
      const ids = [...new Set(projectIds)].filter((id) => /^\d{1,18}$/.test(id));
      const granted = new Set<string>();
      const limit = pLimit(PERMISSION_CHECKS_IN_FLIGHT);
      const batches = Array.from({ length: Math.ceil(ids.length / PERMISSION_CHECK_PROJECTS) }, (_, b) => ids.slice(b * PERMISSION_CHECK_PROJECTS, (b + 1) * PERMISSION_CHECK_PROJECTS).map(Number));
      await Promise.all(batches.map((projects) => limit(async () => {
        const { value } = await getChecked(
          { method: 'POST', path: jiraPath`/rest/api/3/permissions/check`, body: { projectPermissions: [{ permissions: [permission], projects }] } },
          bulkPermissionGrantsSchema,
        );
        for (const grant of value.projectPermissions) if (grant.permission === permission) for (const id of grant.projects) granted.add(String(id));
      })));
      return granted;
    },

    async projectCategories() {
      const { value } = await getChecked({ method: 'GET', path: jiraPath`/rest/api/3/projectCategory` }, projectCategoriesSchema);
      return value.map((c) => ({ id: c.id, name: c.name }));
    },
  };
}
