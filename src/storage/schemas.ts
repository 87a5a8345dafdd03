/**
 * The stored documents' formats: one zod schema per document, owned by storage and separate from
 * the resolver DTOs (src/contract/resolvers.ts). The DTOs are what the UI is sent; these are what
 * KVS holds. The resolvers map stored → DTO when answering (src/resolvers/stored-dto.ts), so a
 * change to the UI's shapes never changes stored data, and a document written by an earlier
 * version of the app is still read. Every read parses with these schemas; a document that does
 * not parse is logged and read as missing by its store.
 */
import { z } from 'zod';
import { DIAGNOSIS_IDS } from '../core/diagnosis';
import { FINDING_KINDS } from '../core/findings';
import { HISTORY_SCHEMA } from '../core/history';
import { LEVELS } from '../core/levels';
import { SCAN_STATE_SCHEMA } from '../scan-state/scan-machine';

const level = z.union(LEVELS.map((l) => z.literal(l)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<5>]);
const count = z.number().int().nonnegative();
/** One value per level. */
const perLevel = <T extends z.ZodType>(schema: T) => z.object({ 1: schema, 2: schema, 3: schema, 4: schema, 5: schema });

// ---------------------------------------------------------------------------------------------
// A scan's result (src/storage/scan-result-store.ts, src/storage/finding-index.ts)

/** A sprint a finding's message names, with the board it was created on when known. */
const sprintMentionSchema = z.object({ id: z.number().int(), name: z.string(), boardId: z.number().int().optional() });

/**
 * A finding as stored: the core's finding, its subject's label, and for a sprint its board and
 * whether it is closed. Keys and ids only: links are built when answering.
 */
const storedFindingSchema = z.object({
  kind: z.enum(FINDING_KINDS),
  level,
  message: z.string(),
  issueKey: z.string().optional(),
  sprintId: z.number().int().optional(),
  versionId: z.string().optional(),
  relatedKeys: z.array(z.string()).optional(),
  relatedSprints: z.array(sprintMentionSchema).optional(),
  /** "ACME-12", a sprint's or version's name, "Roadmap (level 2)". */
  subjectLabel: z.string(),
  /** A sprint's board. */
  boardId: z.number().int().optional(),
  sprintClosed: z.boolean().optional(),
  /** The subject issue's assignee (display name), null when unassigned; for the findings table. */
  assignee: z.string().nullable().optional(),
  /** The subject issue's status as of the scan. */
  status: z.object({ name: z.string(), category: z.enum(['new', 'indeterminate', 'done', 'undefined']) }).optional(),
  /** When the subject issue was created (Jira's timestamp as written). */
  created: z.string().optional(),
});
export type StoredFinding = z.infer<typeof storedFindingSchema>;

const levelHealthSchema = z.object({
  level,
  name: z.string(),
  cadence: z.string(),
  score: z.number(),
  items: count,
  findings: count,
  absent: z.boolean(),
});

const diagnosisSchema = z.object({
  id: z.enum(DIAGNOSIS_IDS),
  text: z.string(),
  symptom: z.string(),
  cause: z.string(),
  evidence: z.array(z.string()),
});

/** The project's health as a scan stores it (no site address: links are built when answering). */
export const storedProjectHealthSchema = z.object({
  project: z.object({ id: z.string(), key: z.string(), name: z.string() }),
  asOf: z.string(),
  /** When the analysis ran (ISO-8601). */
  computedAt: z.string(),
  levels: z.array(levelHealthSchema),
  weakestLevel: level,
  diagnosis: z.array(diagnosisSchema),
  findings: z.array(storedFindingSchema),
  /** Each board's sprint cadence (src/core/board-cadence.ts); absent in results stored before it. */
  boards: z
    .array(
      z.object({
        boardId: z.number().int(),
        boardName: z.string(),
        sprints: count,
        medianLengthDays: z.number(),
        offLength: count,
        overruns: count,
        gaps: count,
        longestGapDays: z.number().nullable(),
        activeSprint: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      }),
    )
    .optional(),
  /** `untracedKeys`: the sprint work that does not trace to the vision (key order, capped); absent in results stored before it. */
  traceability: z.object({ sprintWork: count, tracedToVision: count, untracedKeys: z.array(z.string()).optional() }),
});
export type StoredProjectHealth = z.infer<typeof storedProjectHealthSchema>;

/**
 * `res:KEY:sum`. Schema 1 (no `chunkStarts`: every chunk held exactly 200 findings) is still
 * read; `health` of either may carry fields of the DTO it once was (`siteUrl`, a finding's
 * `url`): they are dropped on read.
 */
export const resultSummarySchema = z.object({
  schema: z.union([z.literal(1), z.literal(2)]),
  projectKey: z.string(),
  runId: z.string(),
  /** `findings` holds only the first findings of each level. */
  health: storedProjectHealthSchema,
  findingTotals: perLevel(count),
  /** Per level, the offset of the first finding of each chunk. */
  chunkStarts: perLevel(z.array(count)).optional(),
  issueCount: z.number(),
  /** Wall time of the scan that produced it, from its start to its end. */
  scanDurationMs: z.number(),
  searchPages: z.number(),
  /** Buckets of the findings-by-issue index (absent in results stored before the index existed). */
  indexBuckets: z.number().int().positive().optional(),
});

/** `res:KEY:runs`: the runs whose chunks may exist. */
export const resultRunsSchema = z.array(z.object({ runId: z.string(), chunks: perLevel(count), index: count.optional() }));
export type ResultRun = z.infer<typeof resultRunsSchema>[number];

/** `res:KEY:RUN:f:L:NNNN`: one chunk of a level's findings. */
export const findingsChunkSchema = z.array(storedFindingSchema);

/** `res:KEY:RUN:i:NNNN`: the findings about each issue of one bucket of the index. */
export const indexBucketSchema = z.record(z.string(), z.array(storedFindingSchema));
export type IndexBucket = z.infer<typeof indexBucketSchema>;


// ---------------------------------------------------------------------------------------------
// Scan state (src/storage/scan-state-store.ts). The run and the metadata are the scan job's own
// records: only what storage relies on is checked, the rest passes through.

/** `scan:KEY:run` */
export const scanRunSchema = z.looseObject({
  schema: z.literal(SCAN_STATE_SCHEMA),
  projectKey: z.string(),
  runId: z.string(),
  phase: z.enum(['meta', 'issues', 'ids', 'finish']),
  pagesDone: count,
  boardBatches: count.optional(),
  /** A full run reading key ranges (absent: search pages): each range's stored pages are deleted by it. */
  ranges: z.object({ span: count.nullable(), read: z.array(z.object({ pages: count, last: count.nullable(), done: z.boolean() })) }).optional(),
  /** A full run an older app started by ids and bulk fetches (dropped and started again). */
  bulk: z.looseObject({ chunks: count.nullable() }).optional(),
});

/** `scan:KEY:fresh` */
export const freshnessSchema = z.object({
  staleSince: z.number().nullable(),
  lastEventAt: z.number().nullable(),
  checkAt: z.number().nullable(),
});

const sprintRecordSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(['closed', 'active', 'future']),
  boardId: z.number().int(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  completeDate: z.string().nullable(),
});
const boardSprintsSchema = z.object({ boardId: z.number().int(), sprints: z.array(sprintRecordSchema) });

/** `scan:KEY:r:RUN:b:NNNNNN`: the sprints of one batch of boards, board by board. */
export const boardBatchSchema = z.array(boardSprintsSchema);
/** A batch of boards as an older app wrote it: their sprints in one list. */
export const olderBoardBatchSchema = z.array(sprintRecordSchema);

/** `scan:KEY:r:RUN:k:NNNNNN`: a page of the project's issue ids (a full run's, or a rescan's reconciliation). */
export const idPageSchema = z.array(z.string());

/** `scan:KEY:base`: the issue base's head (src/scan-state/incremental.ts IssueBaseHead). */
export const issueBaseHeadSchema = z.object({
  schema: z.literal(1),
  projectKey: z.string(),
  scanStartedAt: z.number(),
  fullScanAt: z.number(),
  reconciledAt: z.number(),
  sprintPassAt: z.number(),
  rescansSinceSprintPass: count,
  issueCount: count,
  bucketWriters: z.array(z.string().regex(/^[a-z0-9]{1,40}$/)).min(1),
  sprintFieldId: z.string().nullable(),
  boards: z.array(boardSprintsSchema),
});

const eventEntrySchema = z.object({ id: z.string(), seq: z.number() });
/** `scan:KEY:ev`: issues events named since the base was written. */
export const pendingEventsSchema = z.object({
  seq: z.number(),
  touched: z.array(eventEntrySchema),
  gone: z.array(eventEntrySchema),
  overflowSeq: z.number().nullable(),
});

/** `scan:KEY:r:RUN:meta` */
export const scanMetaSchema = z.looseObject({
  project: z.looseObject({ id: z.string(), key: z.string(), name: z.string() }),
  versions: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  boards: z.array(z.looseObject({ id: z.number().int(), name: z.string() })),
  sprints: z.array(z.looseObject({ id: z.number().int() })),
  issueTypes: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  sprintFieldId: z.string().nullable(),
});

// ---------------------------------------------------------------------------------------------
// Config (src/storage/config-store.ts)

/** `cfg:SCOPE:head`: the current version number. */
export const configHeadSchema = count;

/** `cfg:SCOPE:v:N`: one saved version (the document is validated before it is written, and again when applied). */
export const configVersionSchema = z.object({
  version: z.number().int().positive(),
  action: z.enum(['save', 'reset', 'restore']),
  config: z.record(z.string(), z.unknown()),
  savedBy: z.string(),
  savedAt: z.string(),
  restoredFrom: z.number().int().positive().optional(),
});

// ---------------------------------------------------------------------------------------------
// History (src/storage/history-store.ts)

/** `hist:KEY`: per day the five scores; per version its release-date changes. */
export const historySchema = z.object({
  schema: z.literal(HISTORY_SCHEMA),
  days: z.array(z.tuple([z.string(), z.number(), z.number(), z.number(), z.number(), z.number()])),
  versions: z.record(
    z.string(),
    z.object({ name: z.string(), lastSeenOpen: z.string(), changes: z.array(z.tuple([z.string(), z.string().nullable()])) }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Documents of any size (src/storage/documents.ts)

/** The head under a document's key: the document itself, or where its parts are. */
export const documentHeadSchema = z.union([
  z.object({ inline: z.unknown() }).refine((head) => 'inline' in head, 'a head holds its document'),
  z.object({ parts: count, generation: z.string().regex(/^[a-z0-9]{1,40}$/) }),
]);

/** The message of a failed parse, for the log line. */
export function whyUnreadable(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
