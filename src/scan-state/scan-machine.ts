/**
 * The chunked scan as a pure state machine. A project too large for one resolver call is read
 * by an async-events consumer, one invocation at a time, each within a time budget:
 *
 *   full run:        meta ──► issues (the highest key, then key ranges of search pages of
 *                    100, a few ranges in flight) ──► finish
 *   incremental run: meta ──► issues (changed issues, one search page after another)
 *                    ──► finish [──► ids (the reconciliation) ──► finish]
 *
 * meta is the project, versions and the board list, then the boards' sprints, one batch of boards
 * after another. A full run reads every issue; an incremental run (src/scan-state/incremental.ts)
 * reads only those updated since the stored base's scan started. When it reconciles, its finish
 * step first asks Jira to count the project's issues (one approximate count, 1 point): equal to
 * the number it would store, it finishes; otherwise it lists the issue ids (the `ids` phase) and
 * finishes again with them. A full run of an older app (no `ranges`) reads search pages, as
 * incremental runs do.
 *
 * Every id page and search page is stored under its number and then the state advances (the
 * page count + 1, the next token). An invocation that dies between the two leaves the old state:
 * the next one reads the same page with the same token and overwrites the same key, so nothing is
 * duplicated or lost. A full run first learns the highest key and plans its key ranges
 * (src/jira/key-ranges.ts); then page p of range r is stored under (r, p) and the range's state
 * advances (pages p, the number of its last key, done after its last page). Ranges advance
 * independently; an invocation that dies loses at most the page each range had in flight: the
 * next reads the range on from its last stored key (a new search, `key > "P-N"`: no token to
 * expire) into the same page key, so nothing is counted twice. A lease in the state keeps two invocations from working on
 * one run at once; a dead invocation's lease expires (or its own retry, same event id, takes it).
 *
 * No I/O here: src/scan-job/scan-worker.ts applies these transitions against Jira and storage.
 */

export const SCAN_STATE_SCHEMA = 1;

export type ScanReason = 'manual' | 'first-view' | 'scheduled' | 'issue-events' | 'watchdog' | 'config' | 'portfolio';
type ScanPhase = 'meta' | 'issues' | 'ids' | 'finish';

/** How an incremental run reads the project (absent for a full run). */
export interface IncrementalRun {
  baseStartedAt: number;
  reconcile: boolean;
  sprintPass: boolean;
  reconcileIssues: number[];
  gone: string[];
}

interface ScanLease {
  /** Who holds it: the async event's id (a platform retry of the same event has the same id). */
  owner: string;
  /** Epoch ms after which the lease is void. */
  until: number;
}

export interface ScanRun {
  schema: typeof SCAN_STATE_SCHEMA;
  projectKey: string;
  runId: string;
  reason: ScanReason;
  phase: ScanPhase;
  /** Epoch ms. */
  startedAt: number;
  updatedAt: number;
  /** The token of the next search page to read; null before the first page. */
  nextPageToken: string | null;
  pagesDone: number;
  issuesDone: number;
  /** Boards of the project, once the metadata is read (null before; absent in runs of an older app). */
  boardsTotal?: number | null;
  /** Boards whose sprints are stored, in BOARDS_PER_BATCH batches. */
  boardsDone?: number;
  boardBatches?: number;
  /** Issues the project holds, when known (from the last complete scan): for the progress bar. */
  expectedIssues: number | null;
  lease: ScanLease | null;
  invocations: number;
  /** Consecutive failed invocations (reset by progress). */
  failures: number;
  lastError: string | null;
  /** Set for an incremental run (absent: a full scan, as runs of an older app are). */
  incremental?: IncrementalRun;
  /** Id pages stored (incremental runs that reconcile). */
  idPagesDone?: number;
  /**
   * A reconciling rescan's count: the issues Jira counted in the project, and those the rescan
   * would store without listing ids. Unequal, the run lists the ids.
   */
  reconcileCount?: { counted: number | null; held: number };
  /** The issue events this run covers (src/scan-state/incremental.ts PendingEvents seq). */
  eventSeq?: number;
  /** A full run that reads by key ranges (absent: search pages one after another, as runs of an older app). */
  ranges?: RangeProgress;
  /**
   * A full run an older app started by ids and bulk fetches: the scan job drops it and starts the
   * scan again (its chunks, up to `chunks`, are deleted with it).
   */
  bulk?: { chunks: number | null };
}

/** How far a full run's key ranges are. */
interface RangeProgress {
  /** Key numbers a range covers (src/jira/key-ranges.ts KeyRangePlan); null before the highest key is read. */
  span: number | null;
  /** Each range's progress, in key order; empty before the plan (and for a project without issues). */
  read: RangeRead[];
}

/** One key range's progress: pages 1..pages are stored, the last of them ending with key number `last`. */
interface RangeRead {
  pages: number;
  /** The number of the last key stored (null before any issue of the range). */
  last: number | null;
  /** The range's last page is stored. */
  done: boolean;
}

export interface ScanBudget {
  /** Wall time one invocation may spend before it re-enqueues itself (Forge allows up to 900 s). */
  timeBudgetMs: number;
  /** At most this many search pages per invocation. */
  maxPagesPerInvocation: number;
  /** Time kept free at the end of an invocation for storing state and re-enqueueing. */
  reserveMs: number;
  /** Failed invocations in a row before the run is abandoned. */
  maxFailures: number;
  /** Key ranges a full run reads at once, and boards whose sprints it reads at once (default DEFAULT_REQUESTS_IN_FLIGHT). */
  requestsInFlight?: number;
}

/** Requests in flight by default: 4 at 40 ms a request is 100 a second, Jira's burst limit per endpoint. */
export const DEFAULT_REQUESTS_IN_FLIGHT = 4;

export const DEFAULT_BUDGET: ScanBudget = {
  timeBudgetMs: 600_000,
  maxPagesPerInvocation: 400,
  reserveMs: 60_000,
  maxFailures: 5,
};

export function startRun(
  projectKey: string,
  runId: string,
  reason: ScanReason,
  now: number,
  expectedIssues: number | null,
  planned?: { incremental?: IncrementalRun; eventSeq: number; keyRanges?: boolean },
): ScanRun {
  // Only a full run reads by key ranges; an incremental run reads the changed issues' search pages.
  const keyRanges = planned?.incremental === undefined && planned?.keyRanges === true;
  return {
    ...(planned?.incremental !== undefined ? { incremental: planned.incremental, idPagesDone: 0 } : {}),
    ...(keyRanges ? { ranges: { span: null, read: [] } } : {}),
    ...(planned !== undefined ? { eventSeq: planned.eventSeq } : {}),
    schema: SCAN_STATE_SCHEMA,
    projectKey,
    runId,
    reason,
    phase: 'meta',
    startedAt: now,
    updatedAt: now,
    nextPageToken: null,
    pagesDone: 0,
    issuesDone: 0,
    boardsTotal: null,
    boardsDone: 0,
    boardBatches: 0,
    expectedIssues,
    lease: null,
    invocations: 0,
    failures: 0,
    lastError: null,
  };
}

export type LeaseDecision = { kind: 'take' } | { kind: 'wait'; retryAfterMs: number };

/** Free, expired, or held by this same event (a platform retry after the invocation died): take it. */
export function leaseDecision(run: ScanRun, owner: string, now: number): LeaseDecision {
  const lease = run.lease;
  if (lease === null || lease.until <= now || lease.owner === owner) return { kind: 'take' };
  return { kind: 'wait', retryAfterMs: lease.until - now };
}

export function takeLease(run: ScanRun, owner: string, now: number, budget: ScanBudget): ScanRun {
  return { ...run, lease: { owner, until: now + budget.timeBudgetMs + budget.reserveMs }, invocations: run.invocations + 1, updatedAt: now };
}

export function releaseLease(run: ScanRun, now: number): ScanRun {
  return { ...run, lease: null, updatedAt: now };
}

/** Boards whose sprints one metadata step reads and stores under one key. */
export const BOARDS_PER_BATCH = 25;

/** Project, versions, issue types and the board list are stored: the boards' sprints follow. */
export function metaRead(run: ScanRun, boardsTotal: number, now: number): ScanRun {
  if (run.phase !== 'meta') throw new Error(`scan ${run.runId}: metadata read in phase ${run.phase}`);
  return { ...run, boardsTotal, boardsDone: 0, boardBatches: 0, failures: 0, lastError: null, updatedAt: now };
}

/** The sprints of the next `boards` boards are stored as batch boardBatches + 1. */
export function boardBatchDone(run: ScanRun, boards: number, now: number): ScanRun {
  if (run.phase !== 'meta' || run.boardsTotal == null) throw new Error(`scan ${run.runId}: a batch of boards stored before the board list`);
  return { ...run, boardsDone: (run.boardsDone ?? 0) + boards, boardBatches: (run.boardBatches ?? 0) + 1, failures: 0, lastError: null, updatedAt: now };
}

/** Every board's sprints are stored: the issues follow (key ranges or search pages). */
export function metaDone(run: ScanRun, now: number): ScanRun {
  if (run.phase !== 'meta') throw new Error(`scan ${run.runId}: metadata read in phase ${run.phase}`);
  if (run.boardsTotal == null || (run.boardsDone ?? 0) < run.boardsTotal) throw new Error(`scan ${run.runId}: the issues phase started before every board was read`);
  return { ...run, phase: 'issues', failures: 0, lastError: null, updatedAt: now };
}

export interface PageOutcome {
  /** Issues on the page. */
  issues: number;
  nextPageToken: string | null;
  isLast: boolean;
}

/** The state after search page `pagesDone + 1` was stored. */
export function pageDone(run: ScanRun, page: PageOutcome, now: number): ScanRun {
  if (run.phase !== 'issues' || run.ranges !== undefined) throw new Error(`scan ${run.runId}: a search page stored in phase ${run.phase}${run.ranges !== undefined ? ' of a run that reads key ranges' : ''}`);
  if (!page.isLast && (page.nextPageToken === null || page.nextPageToken === run.nextPageToken)) {
    throw new Error(`scan ${run.runId}: page ${run.pagesDone + 1} says more pages follow but gave ${page.nextPageToken === null ? 'no' : 'the same'} nextPageToken`);
  }
  return {
    ...run,
    phase: page.isLast ? 'finish' : 'issues',
    nextPageToken: page.isLast ? null : page.nextPageToken,
    pagesDone: run.pagesDone + 1,
    issuesDone: run.issuesDone + page.issues,
    failures: 0,
    lastError: null,
    updatedAt: now,
  };
}

/** The state after id page `idPagesDone + 1` was stored (a rescan's reconciliation); the token of the next is kept as for search pages. */
export function idPageDone(run: ScanRun, page: Omit<PageOutcome, 'issues'>, now: number): ScanRun {
  if (run.phase !== 'ids') throw new Error(`scan ${run.runId}: an id page stored in phase ${run.phase}`);
  if (!page.isLast && (page.nextPageToken === null || page.nextPageToken === run.nextPageToken)) {
    throw new Error(`scan ${run.runId}: id page ${(run.idPagesDone ?? 0) + 1} says more pages follow but gave ${page.nextPageToken === null ? 'no' : 'the same'} nextPageToken`);
  }
  return {
    ...run,
    phase: page.isLast ? 'finish' : 'ids',
    nextPageToken: page.isLast ? null : page.nextPageToken,
    idPagesDone: (run.idPagesDone ?? 0) + 1,
    failures: 0,
    lastError: null,
    updatedAt: now,
  };
}

/**
 * Whether a run in its finish step must first count the project's issues: a rescan that
 * reconciles, has not counted yet, and has listed no ids (a run of an older app may have).
 */
export function needsCount(run: ScanRun): boolean {
  return run.phase === 'finish' && run.bulk === undefined && run.incremental?.reconcile === true && run.reconcileCount === undefined && (run.idPagesDone ?? 0) === 0;
}

/**
 * The state after the count: Jira counts as many issues as the rescan would store (`held`) —
 * nothing left the project that no event reported — and the run finishes; or not (or Jira gave no
 * count: null), and it lists the project's ids first (the `ids` phase, then finish again).
 */
export function counted(run: ScanRun, count: { counted: number | null; held: number }, now: number): ScanRun {
  if (!needsCount(run)) throw new Error(`scan ${run.runId}: a count in phase ${run.phase} of a run that does not count`);
  return { ...run, reconcileCount: { ...count }, phase: count.counted === count.held ? 'finish' : 'ids', nextPageToken: null, failures: 0, lastError: null, updatedAt: now };
}

/** Whether a rescan that reconciles drops the stored issues whose ids Jira did not list. */
export function listedIds(run: ScanRun): boolean {
  return run.bulk === undefined && run.incremental?.reconcile === true && (run.idPagesDone ?? 0) > 0;
}

/** The run's key ranges are planned (src/jira/key-ranges.ts): `count` ranges of `span` key numbers; none finishes the run. */
export function rangesPlanned(run: ScanRun, plan: { span: number; count: number }, now: number): ScanRun {
  if (run.phase !== 'issues' || run.ranges === undefined || run.ranges.span !== null) throw new Error(`scan ${run.runId}: key ranges planned in phase ${run.phase}${run.ranges?.span != null ? ' a second time' : ''}`);
  if (!Number.isSafeInteger(plan.span) || plan.span < 1 || !Number.isSafeInteger(plan.count) || plan.count < 0) throw new Error(`scan ${run.runId}: ${plan.count} ranges of ${plan.span} keys is no plan`);
  const read = Array.from({ length: plan.count }, (): RangeRead => ({ pages: 0, last: null, done: false }));
  return { ...run, phase: plan.count === 0 ? 'finish' : 'issues', ranges: { span: plan.span, read }, failures: 0, lastError: null, updatedAt: now };
}

/** The key ranges of a full run still to read (0-based, in key order): none before the plan. */
export function rangesToRead(run: ScanRun): number[] {
  return (run.ranges?.read ?? []).flatMap((r, i) => (r.done ? [] : [i]));
}

/** The state after page `pages + 1` of key range `index` was stored (`last`: its last key's number, null when it held none). */
export function rangePageDone(run: ScanRun, index: number, page: { issues: number; last: number | null; isLast: boolean }, now: number): ScanRun {
  const ranges = run.ranges;
  if (run.phase !== 'issues' || ranges === undefined || ranges.span === null) throw new Error(`scan ${run.runId}: a key range's page stored in phase ${run.phase}${ranges === undefined ? ' of a run that reads search pages' : ''}`);
  const range = ranges.read[index];
  if (range === undefined) throw new Error(`scan ${run.runId}: range ${index} is not one of its ${ranges.read.length}`);
  if (range.done) throw new Error(`scan ${run.runId}: range ${index} was read to its end already`);
  if (page.last !== null && range.last !== null && page.last <= range.last) throw new Error(`scan ${run.runId}: range ${index} went back from key number ${range.last} to ${page.last}`);
  const read = ranges.read.map((r, i) => (i === index ? { pages: r.pages + 1, last: page.last ?? r.last, done: page.isLast } : r));
  return {
    ...run,
    phase: read.every((r) => r.done) ? 'finish' : 'issues',
    ranges: { ...ranges, read },
    pagesDone: run.pagesDone + 1,
    issuesDone: run.issuesDone + page.issues,
    failures: 0,
    lastError: null,
    updatedAt: now,
  };
}

export interface InvocationClock {
  /** When this invocation started (epoch ms). */
  startedAt: number;
  now: number;
  pagesThisInvocation: number;
  /** The slowest page read so far in this invocation (0 before the first). */
  slowestPageMs: number;
}

/** Whether to read one more page: under the page cap, and room for two more of the slowest page plus the reserve. */
export function mayReadAnotherPage(clock: InvocationClock, budget: ScanBudget): boolean {
  if (clock.pagesThisInvocation >= budget.maxPagesPerInvocation) return false;
  const elapsed = clock.now - clock.startedAt;
  return elapsed + 2 * clock.slowestPageMs + budget.reserveMs < budget.timeBudgetMs;
}

/** Whether the finish step (assemble, analyse, store) may start in this invocation. */
export function mayFinish(clock: InvocationClock, budget: ScanBudget, pagesToLoad: number): boolean {
  const elapsed = clock.now - clock.startedAt;
  // Loading a stored page costs far less than reading it from Jira; keep half the budget for it.
  return elapsed + budget.reserveMs < budget.timeBudgetMs / 2 || pagesToLoad === 0;
}

export type FailureOutcome = { run: ScanRun; giveUp: false; retryAfterSeconds: number } | { run: ScanRun; giveUp: true };

/** A failed invocation: retry with backoff (30 s, 60 s, 120 s …, at most 900 s, the queue's longest delay), or give up. */
export function failed(run: ScanRun, message: string, now: number, budget: ScanBudget): FailureOutcome {
  const failures = run.failures + 1;
  const next: ScanRun = { ...run, failures, lastError: message.slice(0, 500), lease: null, updatedAt: now };
  if (failures >= budget.maxFailures) return { run: next, giveUp: true };
  return { run: next, giveUp: false, retryAfterSeconds: Math.min(900, 30 * 2 ** (failures - 1)) };
}

/**
 * A run nobody is working on: no live lease and no progress for `graceMs` (its invocation was
 * killed and the platform did not retry it). The status resolver and the daily trigger re-enqueue it.
 */
export function isStalled(run: ScanRun, now: number, graceMs: number): boolean {
  const leaseLive = run.lease !== null && run.lease.until > now;
  return !leaseLive && now - run.updatedAt > graceMs;
}

export interface ScanProgressView {
  /** A rescan's reconciliation (phase ids) shows as reading issues. */
  phase: Exclude<ScanPhase, 'ids'>;
  issuesScanned: number;
  pagesScanned: number;
  /** 0..1 when the project's size is known, else null. */
  fraction: number | null;
  /** The project's size as the previous complete scan counted it, else null. */
  expectedIssues: number | null;
  startedAt: string;
}

export function progressOf(run: ScanRun): ScanProgressView {
  const fraction =
    run.phase === 'finish' ? 1 : run.incremental === undefined && run.expectedIssues !== null && run.expectedIssues > 0 ? Math.min(0.99, run.issuesDone / run.expectedIssues) : null;
  return {
    phase: run.phase === 'ids' ? 'issues' : run.phase,
    issuesScanned: run.issuesDone,
    pagesScanned: run.pagesDone,
    fraction,
    expectedIssues: run.expectedIssues,
    startedAt: new Date(run.startedAt).toISOString(),
  };
}
