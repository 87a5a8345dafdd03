/**
 * Runtime schemas of the Jira Cloud REST responses the app reads.
 *
 * They describe only what the app relies on (Jira sends much more; unknown keys are dropped),
 * and they are the single boundary check for every source of Jira data: the live client,
 * the snapshot reader and the emulator's own fixtures.
 * Shapes follow Atlassian's OpenAPI documents (platform v3 and Jira Software agile 1.0).
 */
import { z } from 'zod';
import { isCalendarDate, isRealTimestamp } from '../core/dates';

const nullish = <T extends z.ZodTypeAny>(schema: T) => schema.nullish();

/** GET /rest/api/3/issuetype (array of IssueTypeDetails). */
const issueTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  subtask: z.boolean().optional(),
  hierarchyLevel: z.number().int().optional(),
});
export const issueTypesSchema = z.array(issueTypeSchema);
export type JiraIssueType = z.infer<typeof issueTypeSchema>;

/** GET /rest/api/3/field (array of FieldDetails). */
const fieldSchema = z.object({
  id: z.string(),
  key: z.string().optional(),
  name: z.string().optional(),
  custom: z.boolean().optional(),
  schema: z
    .object({
      type: z.string().optional(),
      items: z.string().optional(),
      custom: z.string().optional(),
      customId: z.number().optional(),
    })
    .optional(),
});
export const fieldsSchema = z.array(fieldSchema);
export type JiraField = z.infer<typeof fieldSchema>;

/** The custom field type Jira Software uses for the sprint field. */
const SPRINT_FIELD_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';

/** GET /rest/api/3/project/{key} (Project). */
export const projectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  self: z.string().optional(),
  /** software, business, service_desk, product_discovery (the portfolio's default is the software ones). */
  projectTypeKey: z.string().optional(),
  projectCategory: z.object({ id: z.string(), name: z.string() }).optional(),
});
export type JiraProject = z.infer<typeof projectSchema>;

const isoDate = z.string().refine(isCalendarDate, 'expected a calendar date YYYY-MM-DD');
/** Jira timestamps: 2025-04-03T10:00:00.000+0000 or 2025-03-03T09:00:00.000Z. */
const TIMESTAMP_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const isoDateTime = z
  .string()
  .regex(TIMESTAMP_WITH_OFFSET, 'expected an ISO-8601 timestamp with an offset')
  .refine(isRealTimestamp, 'expected a real date and time');

/** GET /rest/api/3/project/{key}/versions (array of Version). */
const versionSchema = z.object({
  id: z.string(),
  name: z.string(),
  released: z.boolean().optional(),
  archived: z.boolean().optional(),
  releaseDate: nullish(isoDate),
  startDate: nullish(isoDate),
  overdue: z.boolean().optional(),
  projectId: z.number().optional(),
});
export const versionsSchema = z.array(versionSchema);
export type JiraVersion = z.infer<typeof versionSchema>;

/** Paging envelope of the agile API (startAt / maxResults / isLast / values). */
const agilePage = <T extends z.ZodTypeAny>(value: T) =>
  z.object({
    startAt: z.number().int().nonnegative().optional(),
    maxResults: z.number().int().nonnegative().optional(),
    total: z.number().int().nonnegative().optional(),
    isLast: z.boolean().optional(),
    values: z.array(value),
  });

/** GET /rest/agile/1.0/board?projectKeyOrId=KEY */
const boardSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
});
export const boardPageSchema = agilePage(boardSchema);

/** GET /rest/api/3/project/search: Jira's PageBean (startAt / maxResults / total / isLast / values; self and nextPage ignored). */
export const projectSearchPageSchema = agilePage(projectSchema);
export type JiraBoard = z.infer<typeof boardSchema>;

/** GET /rest/agile/1.0/board/{boardId}: one board the user may view (an admin without that permission sees it as private). */
export const boardDetailSchema = boardSchema.extend({ isPrivate: z.boolean().optional() });

const sprintStateSchema = z.enum(['closed', 'active', 'future']);

/** GET /rest/agile/1.0/board/{id}/sprint */
const sprintSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: sprintStateSchema,
  originBoardId: z.number().int().optional(),
  startDate: nullish(isoDateTime),
  endDate: nullish(isoDateTime),
  completeDate: nullish(isoDateTime),
  goal: nullish(z.string()),
});
export const sprintPageSchema = agilePage(sprintSchema);
export type JiraSprint = z.infer<typeof sprintSchema>;

/** One entry of an issue's sprint field, as Jira Cloud returns it in v3 search results. */
const sprintFieldEntrySchema = z.object({
  id: z.number().int(),
  name: z.string().optional(),
  state: sprintStateSchema.optional(),
  boardId: z.number().int().optional(),
  startDate: nullish(isoDateTime),
  endDate: nullish(isoDateTime),
  completeDate: nullish(isoDateTime),
});
export const sprintFieldSchema = z.array(sprintFieldEntrySchema).nullish();
export type JiraSprintFieldEntry = z.infer<typeof sprintFieldEntrySchema>;

const statusSchema = z.object({
  name: z.string(),
  statusCategory: z.object({ key: z.string() }),
});

const embeddedIssueTypeSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  subtask: z.boolean().optional(),
  hierarchyLevel: z.number().int().optional(),
});

/** The parent object Jira embeds in a child's fields (key, summary, status, issue type). */
const parentSchema = z.object({
  id: z.string().optional(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string().optional(),
      status: statusSchema.optional(),
      issuetype: embeddedIssueTypeSchema.optional(),
    })
    .optional(),
});
export type JiraParent = z.infer<typeof parentSchema>;

/** A fix version as an issue embeds it (the issue panel shows its release date and whether it shipped). */
const fixVersionSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  released: z.boolean().optional(),
  archived: z.boolean().optional(),
  releaseDate: nullish(isoDate),
});

/** The assignee as an issue embeds it (a user: only the name is read). */
const assigneeSchema = z.object({ accountId: z.string().optional(), displayName: z.string().optional() });

/** The issue fields the app requests. The sprint field is checked separately by its site id. */
const issueFieldsSchema = z.looseObject({
  summary: z.string(),
  issuetype: embeddedIssueTypeSchema,
  status: statusSchema,
  updated: isoDateTime,
  created: isoDateTime.optional(),
  duedate: nullish(isoDate),
  fixVersions: z.array(fixVersionSchema).nullish(),
  parent: parentSchema.nullish(),
  /** Read by lists (the findings table), never by the rules; absent when the search did not ask for it. */
  assignee: assigneeSchema.nullish(),
  project: z.object({ id: z.string().optional(), key: z.string() }).optional(),
});

export const issueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: issueFieldsSchema,
});
export type JiraIssue = z.infer<typeof issueSchema>;

/** POST /rest/api/3/search/jql */
export const searchPageSchema = z.object({
  issues: z.array(issueSchema),
  nextPageToken: nullish(z.string()),
  isLast: z.boolean().optional(),
});
export type JiraSearchPage = z.infer<typeof searchPageSchema>;

/** POST /rest/api/3/search/jql with `fields: ["key"]`: issues carry id and key (their `fields`, if any, are not read). */
export const keyPageSchema = z.object({
  issues: z.array(z.looseObject({ key: z.string() })),
  nextPageToken: nullish(z.string()),
  isLast: z.boolean().optional(),
});

/** POST /rest/api/3/search/jql with `fields: ["id"]`: Jira pages up to 5,000 ids. */
export const idPageSchema = z.object({
  issues: z.array(z.looseObject({ id: z.string() })),
  nextPageToken: nullish(z.string()),
  isLast: z.boolean().optional(),
});

/** The issueErrors of POST /rest/api/3/issue/bulkfetch (BulkIssueResults): issues Jira could not read this time. */
export const bulkIssueErrorsSchema = z.object({
  issueErrors: z.array(z.object({ id: z.string().optional(), errorMessage: z.string().optional() })).optional(),
});

/** POST /rest/api/3/search/approximate-count (JQLCountResultsBean). */
export const approximateCountSchema = z.object({ count: z.number().int().nonnegative() });

/** meta.json of a snapshot (not a Jira response). */
export const snapshotMetaSchema = z.object({
  baseUrl: z.string().optional(),
  capturedAt: isoDateTime.optional(),
});
export type SnapshotMeta = z.infer<typeof snapshotMetaSchema>;

/** Names the first problem of a failed parse in one line: "issues.3.fields.updated: expected …". */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${path}: ${issue.message}`;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<T>(schema: z.ZodType<T>, json: unknown): ParseResult<T> {
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: describeZodError(parsed.error) };
}

/** The id of the site's sprint field (it differs per site), or undefined when Jira Software is absent. */
export function findSprintFieldId(fields: readonly JiraField[]): string | undefined {
  return fields.find((f) => f.schema?.custom === SPRINT_FIELD_TYPE)?.id;
}

// ---------------------------------------------------------------------------------------------
// The search page's fast path. A report reads 100,000 issues; zod's check of them (it copies every
// object it checks) cost as much as JSON.parse and most of the garbage collection. These checks
// accept only what the schemas above accept, and return the page as parsed, uncopied; anything
// they do not accept goes through zod, which gives the verdict and names the problem. The
// property test in test/jira/search-page-fast-path.test.ts holds the two to the same verdicts.

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOptionalString = (v: unknown) => v === undefined || typeof v === 'string';
const isOptionalBoolean = (v: unknown) => v === undefined || typeof v === 'boolean';
const isOptionalInt = (v: unknown) => v === undefined || Number.isSafeInteger(v);
const isTimestamp = (v: unknown) => typeof v === 'string' && TIMESTAMP_WITH_OFFSET.test(v) && isRealTimestamp(v);
const isNullishTimestamp = (v: unknown) => v === undefined || v === null || isTimestamp(v);
const SPRINT_STATES = new Set<unknown>(sprintStateSchema.options);
/** Every item by index (Array#every skips holes; zod does not). */
function everyItem(items: readonly unknown[], check: (item: unknown) => boolean): boolean {
  for (let i = 0; i < items.length; i++) if (!check(items[i])) return false;
  return true;
}

function isIssueType(t: unknown): boolean {
  return isPlain(t) && isOptionalString(t.id) && typeof t.name === 'string' && isOptionalBoolean(t.subtask) && isOptionalInt(t.hierarchyLevel);
}
function isStatus(s: unknown): boolean {
  return isPlain(s) && typeof s.name === 'string' && isPlain(s.statusCategory) && typeof s.statusCategory.key === 'string';
}
function isParent(p: unknown): boolean {
  if (!isPlain(p) || !isOptionalString(p.id) || typeof p.key !== 'string') return false;
  const f = p.fields;
  return f === undefined || (isPlain(f) && isOptionalString(f.summary) && (f.status === undefined || isStatus(f.status)) && (f.issuetype === undefined || isIssueType(f.issuetype)));
}
function isSprintEntry(e: unknown): boolean {
  return (
    isPlain(e) && Number.isSafeInteger(e.id) && isOptionalString(e.name) && (e.state === undefined || SPRINT_STATES.has(e.state)) &&
    isOptionalInt(e.boardId) && isNullishTimestamp(e.startDate) && isNullishTimestamp(e.endDate) && isNullishTimestamp(e.completeDate)
  );
}
function isFixVersion(v: unknown): boolean {
  return (
    isPlain(v) && typeof v.id === 'string' && isOptionalString(v.name) && isOptionalBoolean(v.released) && isOptionalBoolean(v.archived) &&
    (v.releaseDate === undefined || v.releaseDate === null || (typeof v.releaseDate === 'string' && isCalendarDate(v.releaseDate)))
  );
}
function isIssue(issue: unknown, sprintFieldId: string | undefined): boolean {
  if (!isPlain(issue) || typeof issue.id !== 'string' || typeof issue.key !== 'string' || !isPlain(issue.fields)) return false;
  const f = issue.fields;
  const versions = f.fixVersions;
  const sprints = sprintFieldId === undefined ? undefined : f[sprintFieldId];
  return (
    typeof f.summary === 'string' && isIssueType(f.issuetype) && isStatus(f.status) && isTimestamp(f.updated) &&
    (f.created === undefined || isTimestamp(f.created)) &&
    (f.duedate === undefined || f.duedate === null || (typeof f.duedate === 'string' && isCalendarDate(f.duedate))) &&
    (versions === undefined || versions === null || (Array.isArray(versions) && everyItem(versions, isFixVersion))) &&
    (f.assignee === undefined || f.assignee === null || (isPlain(f.assignee) && isOptionalString(f.assignee.accountId) && isOptionalString(f.assignee.displayName))) &&
    (f.parent === undefined || f.parent === null || isParent(f.parent)) &&
    (f.project === undefined || (isPlain(f.project) && isOptionalString(f.project.id) && typeof f.project.key === 'string')) &&
    (sprints === undefined || sprints === null || (Array.isArray(sprints) && everyItem(sprints, isSprintEntry)))
  );
}

/** True when `json` is a search page the schemas accept (with the sprint field checked); false when zod must decide. */
export function isPlainSearchPage(json: unknown, sprintFieldId: string | undefined): json is JiraSearchPage {
  if (!isPlain(json) || !Array.isArray(json.issues) || !isOptionalBoolean(json.isLast)) return false;
  if (json.nextPageToken !== undefined && json.nextPageToken !== null && typeof json.nextPageToken !== 'string') return false;
  return everyItem(json.issues as unknown[], (issue) => isIssue(issue, sprintFieldId));
}

/** A search page, with each issue's sprint field (whose id differs per site) checked too. */
export function parseSearchPage(json: unknown, sprintFieldId: string | undefined): ParseResult<JiraSearchPage> {
  if (isPlainSearchPage(json, sprintFieldId)) return { ok: true, value: json };
  const page = parseWith(searchPageSchema, json);
  if (!page.ok || sprintFieldId === undefined) return page;
  for (const [index, issue] of page.value.issues.entries()) {
    const sprints = sprintFieldSchema.safeParse(issue.fields[sprintFieldId]);
    if (!sprints.success) {
      return { ok: false, error: `issues.${index}.fields.${sprintFieldId} (${issue.key}): ${describeZodError(sprints.error)}` };
    }
  }
  return page;
}

/** The sprint field entries of a checked issue. */
export function sprintEntriesOf(issue: JiraIssue, sprintFieldId: string | undefined): JiraSprintFieldEntry[] {
  if (sprintFieldId === undefined) return [];
  return (issue.fields[sprintFieldId] as JiraSprintFieldEntry[] | null | undefined) ?? [];
}

/** GET /rest/api/3/mypermissions (Permissions): each requested key with havePermission. */
export const myPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ key: z.string().optional(), havePermission: z.boolean() })),
});

/** POST /rest/api/3/permissions/check (BulkPermissionGrants). */
export const bulkPermissionGrantsSchema = z.object({
  globalPermissions: z.array(z.string()),
  projectPermissions: z.array(z.object({ permission: z.string(), projects: z.array(z.number().int()), issues: z.array(z.number().int()).optional() })),
});

/** GET /rest/api/3/projectCategory (array of ProjectCategory). */
export const projectCategoriesSchema = z.array(z.object({ id: z.string(), name: z.string(), description: z.string().optional() }));

/** Jira's error body (ErrorCollection): { errorMessages: [...], errors: { field: message } }. */
export const errorCollectionSchema = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
});
