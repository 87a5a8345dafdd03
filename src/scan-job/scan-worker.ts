/**
 * The scan job: the chunked scan run by an async-events consumer, the debounced rescan
 * after issue events, and the daily refresh. Every Jira and storage call goes through the ports
 * in ScanWorkerDeps (Jira as the app, KVS, the queue, the clock), so tests drive it in process.
 *
 * One consumer invocation: take the run's lease → read metadata (first invocation) → read the
 * issues while the budget allows — a full scan the project's highest key, then its key ranges'
 * search pages of 100, a few ranges in flight; a rescan the changed issues' search pages —
 * storing each page before advancing the run → either finish (assemble, analyse, store the result and the day's
 * history) or release the lease and re-enqueue itself. The transitions are
 * src/scan-state/scan-machine.ts's.
 */
import { z } from 'zod';
import { analyze } from '../core/analyze';
import type { PlanningConfig } from '../core/config';
import { todayUtc } from '../core/dates';
import { LEVELS, type Level } from '../core/levels';
import type { IssueRecord, ProjectData, SprintRecord } from '../core/model';
import { isProjectKey } from '../core/project-key';
import { BULK_FETCH_SIZE, type JiraClient } from '../jira/client';
import { inStep, JiraBadRequestError, JiraNotFoundError, JiraRateLimitError, JiraResponseError } from '../jira/errors';
import { planKeyRanges, readHighestKey, readKeyRange } from '../jira/key-ranges';
import { readInParallel } from '../jira/parallel-reads';
import { siteUrlFromSelf, toIssueRecord, toProjectData, toSprintRecords, typesIndex } from '../jira/project-data';
import { changedSinceJql, projectCountJql, projectJql, readIdPage, readProjectMetadata, searchFieldsFor, SEARCH_PAGE_SIZE } from '../jira/scan';
import { enqueueOnSite, pumpSiteQueue, recordPortfolioSummary, syncPortfolio, type PortfolioJobContext, type PortfolioJobDeps } from './portfolio-job';
import { toStoredHealth } from './stored-health';
import type { HistoryStore } from '../storage/history-store';
import type { ScanMeta, ScanStateStore } from '../storage/scan-state-store';
import type { ScanResultStore } from '../storage/scan-result-store';
import { DEFAULT_DEBOUNCE, onCheck, onIssueEvent, onScanComplete, type DebounceConfig } from '../scan-state/debounce';
import {
  applyIssueChanges,
  bucketCountFor,
  clearTaken,
  DEFAULT_RESCAN_POLICY,
  ISSUE_BASE_SCHEMA,
  MAX_UNHELD_READS,
  mergeOpenSprints,
  needsRebucketing,
  planRescan,
  recordEvent,
  sprintsOfBoards,
  toBuckets,
  unheldIds,
  type BoardSprints,
  type IssueBaseHead,
  type IssueChange,
  type RescanPolicy,
} from '../scan-state/incremental';
import { encodeIssue } from '../scan-state/issue-codec';
import {
  BOARDS_PER_BATCH,
  boardBatchDone,
  counted,
  DEFAULT_BUDGET,
  DEFAULT_REQUESTS_IN_FLIGHT,
  failed,
  isStalled,
  idPageDone,
  leaseDecision,
  listedIds,
  mayFinish,
  mayReadAnotherPage,
  metaDone,
  metaRead,
  needsCount,
  pageDone,
  rangePageDone,
  rangesPlanned,
  rangesToRead,
  releaseLease,
  startRun,
  takeLease,
  type ScanBudget,
  type ScanReason,
  type ScanRun,
} from '../scan-state/scan-machine';

/** The queue the consumer listens on (manifest.yml: consumer → queue). */
export const SCAN_QUEUE = 'planning-levels-scan';

const projectKeySchema = z.string().refine((k) => isProjectKey(k), 'a Jira project key');
const scanEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('scan'), projectKey: projectKeySchema, runId: z.string().regex(/^[a-z0-9]{1,40}$/) }),
  z.object({ type: z.literal('check'), projectKey: projectKeySchema }),
  // Rescans every known project, REFRESH_BATCH a invocation, in key order after `after`.
  z.object({ type: z.literal('refresh-all'), reason: z.enum(['scheduled', 'config']).optional(), after: projectKeySchema.optional() }),
  // Applies the analysed-projects setting to the site's projects (src/scan-job/portfolio-job.ts).
  z.object({ type: z.literal('portfolio-sync') }),
]);

/** Known projects one refresh-all invocation starts scans for before it hands the rest to the next. */
export const REFRESH_BATCH = 50;
export type ScanEvent = z.infer<typeof scanEventSchema>;

export interface ScanWorkerDeps {
  /** Jira as the app (the consumer has no viewing user). */
  jira: JiraClient;
  states: ScanStateStore;
  results: ScanResultStore;
  history: HistoryStore;
  loadConfig(projectKey: string): Promise<PlanningConfig>;
  enqueue(event: ScanEvent, delaySeconds: number): Promise<void>;
  now(): number;
  newRunId(): string;
  log(message: string): void;
  budget?: ScanBudget;
  debounce?: DebounceConfig;
  /** A run without progress for this long is re-enqueued by the watchdog (default: 2 × budget). */
  stallGraceMs?: number;
  /** When rescans reconcile, pass over every sprint, or scan in full (default DEFAULT_RESCAN_POLICY). */
  rescanPolicy?: RescanPolicy;
  /** The portfolio (summaries, index, site-wide queue); absent, scans store no portfolio summary. */
  portfolio?: PortfolioJobDeps;
  /**
   * How a full scan reads the issues: 'key-ranges' (the default: the highest key, then key ranges,
   * the budget's requestsInFlight at a time) or 'search-pages' (pages of 100 one after another, as
   * an older app did and a run it stored still does: the bench's baseline).
   */
  fullScanReads?: 'key-ranges' | 'search-pages';
}

/** The scan job's ports as the portfolio's jobs see them. */
function portfolioContext(deps: ScanWorkerDeps): PortfolioJobContext {
  return {
    portfolio: deps.portfolio,
    jira: deps.jira,
    results: deps.results,
    history: deps.history,
    states: deps.states,
    now: () => deps.now(),
    log: (message) => deps.log(message),
    maxFailures: budgetOf(deps).maxFailures,
    start: (projectKey, reason) => startScan(deps, projectKey, reason ?? 'portfolio'),
  };
}

function budgetOf(deps: ScanWorkerDeps): ScanBudget {
  return deps.budget ?? DEFAULT_BUDGET;
}
function graceOf(deps: ScanWorkerDeps): number {
  const b = budgetOf(deps);
  return deps.stallGraceMs ?? b.timeBudgetMs + b.reserveMs + 60_000;
}

export type StartOutcome = { kind: 'started'; run: ScanRun } | { kind: 'running'; run: ScanRun } | { kind: 'resumed'; run: ScanRun };

/**
 * Starts a scan unless one is running; a stalled run (its invocation died and nothing retried it)
 * or a run that gave up is resumed or replaced.
 */
export async function startScan(deps: ScanWorkerDeps, projectKey: string, reason: ScanReason): Promise<StartOutcome> {
  const now = deps.now();
  const existing = await deps.states.getRun(projectKey);
  const budget = budgetOf(deps);
  if (existing !== null && existing.failures < budget.maxFailures) {
    if (!isStalled(existing, now, graceOf(deps))) return { kind: 'running', run: existing };
    await deps.enqueue({ type: 'scan', projectKey, runId: existing.runId }, 0);
    deps.log(`[scan] ${projectKey}: run ${existing.runId} stalled at page ${existing.pagesDone}; re-enqueued`);
    return { kind: 'resumed', run: existing };
  }
  if (existing !== null) await deps.states.deleteRunData(existing);
  const previous = await deps.results.summary(projectKey);
  // After a complete scan, a rescan reads only what can have changed (src/scan-state/incremental.ts).
  const head = await deps.states.getBaseHead(projectKey);
  const planned = planRescan(head, await deps.states.getEvents(projectKey), reason, now, deps.rescanPolicy ?? DEFAULT_RESCAN_POLICY);
  const run = startRun(projectKey, deps.newRunId(), reason, now, head?.issueCount ?? previous?.issueCount ?? null, { ...planned, keyRanges: (deps.fullScanReads ?? 'key-ranges') === 'key-ranges' });
  await deps.states.putRun(run);
  await deps.states.remember(projectKey);
  await deps.enqueue({ type: 'scan', projectKey, runId: run.runId }, 0);
  return { kind: 'started', run };
}


/** Project, issue types, fields, versions and the board list: the metadata but the boards' sprints. */
async function readMeta(jira: JiraClient, projectKey: string): Promise<ScanMeta> {
  const project = await inStep(`reading project ${projectKey}`, () => jira.project(projectKey));
  const { issueTypes, versions, boards, sprintFieldId } = await readProjectMetadata(jira, projectKey);
  const siteUrl = jira.siteUrl ?? siteUrlFromSelf(project.self);
  const shell = toProjectData({ siteUrl, issueTypes, sprintFieldId, project, versions, boards, sprintsByBoard: [], issues: [] });
  return {
    project: shell.project,
    siteUrl: shell.siteUrl,
    versions: shell.versions,
    boards: shell.boards,
    sprints: [],
    issueTypes,
    sprintFieldId: sprintFieldId ?? null,
  };
}

/**
 * The sprints of a batch of boards, `inFlight` boards at a time, in the batch's order. A rescan
 * reads a known board's active and future sprints only, unless one it stored as active or future
 * left that list (closed or deleted since) or it passes over every sprint; a board it does not
 * know is read whole.
 */
async function readBoardBatch(jira: JiraClient, boards: ScanMeta['boards'], stored: ReadonlyMap<number, readonly SprintRecord[]> | null, inFlight: number): Promise<BoardSprints[]> {
  const recordsOf = (boardId: number, listed: Awaited<ReturnType<JiraClient['sprints']>>) => [...toSprintRecords([{ boardId, sprints: listed }]).values()];
  const readBoard = async (board: ScanMeta['boards'][number]): Promise<BoardSprints> => {
    const known = stored?.get(board.id);
    if (known !== undefined) {
      const open = await inStep(`reading the active and future sprints of board ${board.id} (${board.name})`, () => jira.sprints(board.id, ['active', 'future']));
      const merged = mergeOpenSprints(known, recordsOf(board.id, open));
      if (merged !== null) return { boardId: board.id, sprints: merged };
    }
    return { boardId: board.id, sprints: recordsOf(board.id, await inStep(`reading the sprints of board ${board.id} (${board.name})`, () => jira.sprints(board.id))) };
  };
  const out = new Array<BoardSprints>(boards.length);
  await readInParallel({
    items: boards.map((_, i) => i),
    inFlight,
    read: (i) => readBoard(boards[i]!),
    onRead: (i, read) => {
      out[i] = read;
    },
  });
  return out;
}

/** The stored pages as one project, each issue once (a page re-read after a failure replaced itself), each sprint once. */
function assemble(meta: ScanMeta, boards: readonly BoardSprints[], issues: IssueRecord[]): ProjectData {
  const sprints = sprintsOfBoards([{ boardId: -1, sprints: meta.sprints }, ...boards]);
  return { project: meta.project, siteUrl: meta.siteUrl, versions: meta.versions, boards: meta.boards, sprints, issues };
}

/** Each issue once, in the pages' order (a page re-read after a failure replaced itself). */
function issuesOfPages(pages: readonly (readonly IssueRecord[])[]): IssueRecord[] {
  const byId = new Map<string, IssueRecord>();
  for (const page of pages) for (const issue of page) byId.set(issue.id, issue);
  return [...byId.values()];
}

export type InvocationOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'busy'; retryAfterSeconds: number }
  | { kind: 'continued'; pages: number }
  | { kind: 'complete'; pages: number; issues: number }
  | { kind: 'retrying'; error: string; retryAfterSeconds: number }
  /** The site's hourly points are spent for now: the run goes on later, and this is no failure. */
  | { kind: 'paced'; pages: number; retryAfterSeconds: number }
  | { kind: 'gave-up'; error: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One consumer invocation for a `scan` event. `owner` identifies the event (a platform retry of
 * the same event carries the same id and may take over its dead predecessor's lease at once).
 */
async function runScanInvocation(deps: ScanWorkerDeps, event: { projectKey: string; runId: string }, owner: string): Promise<InvocationOutcome> {
  const budget = budgetOf(deps);
  const startedAt = deps.now();
  const { projectKey, runId } = event;
  const stored = await deps.states.getRun(projectKey);
  if (stored === null || stored.runId !== runId) return { kind: 'ignored', reason: 'no such run (finished or replaced)' };
  if (stored.failures >= budget.maxFailures) return { kind: 'ignored', reason: 'the run gave up' };
  const lease = leaseDecision(stored, owner, startedAt);
  if (lease.kind === 'wait') {
    const retryAfterSeconds = Math.max(1, Math.ceil(lease.retryAfterMs / 1000));
    await deps.enqueue({ type: 'scan', projectKey, runId }, Math.min(900, retryAfterSeconds));
    return { kind: 'busy', retryAfterSeconds };
  }
  let run = takeLease(stored, owner, startedAt, budget);
  await deps.states.putRun(run);

  let pages = 0;
  const clock = (slowestPageMs: number) => ({ startedAt, now: deps.now(), pagesThisInvocation: pages, slowestPageMs });
  const fieldsOf = async () => {
    const meta = await deps.states.getMeta(projectKey, runId);
    if (meta === null) throw new Error(`scan ${runId} of ${projectKey}: its metadata is missing from storage`);
    const sprintFieldId = meta.sprintFieldId ?? undefined;
    return { typesById: typesIndex(meta.issueTypes), sprintFieldId, fields: searchFieldsFor(sprintFieldId) };
  };

  /** Every issue id of the project, 5,000 a page (only `id` is requested): a rescan's reconciliation. */
  const readIdPages = async () => {
    const jql = projectJql(projectKey);
    let slowest = 0;
    while (run.phase === 'ids' && mayReadAnotherPage(clock(slowest), budget)) {
      const t0 = deps.now();
      const pageNo = (run.idPagesDone ?? 0) + 1;
      const page = await readIdPage(deps.jira, projectKey, jql, run.nextPageToken, pageNo);
      await deps.states.putIdPage(projectKey, runId, pageNo, page.ids);
      run = idPageDone(run, { nextPageToken: page.nextPageToken ?? null, isLast: page.nextPageToken === undefined }, deps.now());
      await deps.states.putRun(run);
      pages++;
      slowest = Math.max(slowest, deps.now() - t0);
    }
  };

  /**
   * A full run's issues by key ranges (../jira/key-ranges.ts, shared with the CLI's scan): the
   * highest key first, which plans the ranges; then the ranges, `requestsInFlight` at a time,
   * each read on from its last stored key, page by page: each page stored under its range and
   * number, then counted. When the budget says so, no page starts; those in flight are stored.
   */
  const readRanges = async () => {
    const { typesById, sprintFieldId, fields } = await fieldsOf();
    const inFlight = budget.requestsInFlight ?? DEFAULT_REQUESTS_IN_FLIGHT;
    let slowest = 0;
    if (run.ranges?.span === null) {
      if (!mayReadAnotherPage(clock(slowest), budget)) return;
      const t0 = deps.now();
      pages++;
      run = rangesPlanned(run, planKeyRanges(await readHighestKey(deps.jira, projectKey), inFlight), deps.now());
      await deps.states.putRun(run);
      slowest = deps.now() - t0;
    }
    const span = run.ranges?.span;
    if (span === null || span === undefined) return;
    const plan = { span, count: run.ranges!.read.length };
    let stop = false;
    const mayRead = () => {
      if (stop || !mayReadAnotherPage(clock(slowest), budget)) {
        stop = true;
        return false;
      }
      pages++;
      return true;
    };
    // The state is written one write after another, each time the latest (ranges advance side by side).
    let saved = Promise.resolve();
    const save = () => (saved = saved.then(() => deps.states.putRun(run)));
    try {
      await readInParallel({
        items: rangesToRead(run),
        inFlight,
        mayStart: () => !stop,
        read: async (index) => {
          let t0 = deps.now();
          // A range that fails stops the others after the page each has in flight.
          await readKeyRange(deps.jira, projectKey, {
            plan,
            index,
            after: run.ranges!.read[index]!.last,
            fields,
            sprintFieldId,
            mayRead: () => {
              t0 = deps.now();
              return mayRead();
            },
            onPage: async (page) => {
              slowest = Math.max(slowest, deps.now() - t0);
              const records = page.issues.map((issue) => toIssueRecord(issue, { sprintFieldId }, typesById));
              await deps.states.putRangePage(projectKey, runId, index, run.ranges!.read[index]!.pages + 1, records);
              run = rangePageDone(run, index, { issues: records.length, last: page.last, isLast: page.isLast }, deps.now());
              await save();
            },
          }).catch((error: unknown) => {
            stop = true;
            throw error;
          });
        },
        onRead: () => undefined,
      });
    } finally {
      await saved;
    }
  };

  /** Search pages one after another: a rescan's changed issues (or a full run of an older app). */
  const readSearchPages = async () => {
    const { typesById, sprintFieldId, fields } = await fieldsOf();
    // A rescan reads the issues updated since the stored base's scan started, the issues events named reconciled.
    const inc = run.incremental;
    const jql = inc === undefined ? projectJql(projectKey) : changedSinceJql(projectKey, inc.baseStartedAt).jql;
    const reconcileIssues = inc !== undefined && inc.reconcileIssues.length > 0 ? { reconcileIssues: inc.reconcileIssues } : {};
    let slowest = 0;
    while (run.phase === 'issues' && mayReadAnotherPage(clock(slowest), budget)) {
      const t0 = deps.now();
      const pageNo: number = run.pagesDone + 1;
      const token: string | null = run.nextPageToken;
      const page = await inStep(`reading ${inc === undefined ? 'search' : 'changed-issue'} page ${pageNo} of ${projectKey} (${run.issuesDone} issues read)`, () =>
        deps.jira.searchPage({ jql, fields, maxResults: SEARCH_PAGE_SIZE, ...reconcileIssues, ...(token !== null ? { nextPageToken: token } : {}) }, sprintFieldId, pageNo),
      );
      const records = page.issues.map((issue) => toIssueRecord(issue, { sprintFieldId }, typesById));
      await deps.states.putPage(projectKey, runId, pageNo, records);
      const next = page.nextPageToken ?? null;
      const isLast = !(page.isLast === false || (page.isLast === undefined && next !== null));
      run = pageDone(run, { issues: records.length, nextPageToken: next, isLast }, deps.now());
      await deps.states.putRun(run);
      pages++;
      slowest = Math.max(slowest, deps.now() - t0);
    }
  };

  try {
    if (run.bulk !== undefined) {
      // A first scan an older app started by ids and bulk fetches: dropped with its data, and started again by key ranges.
      await deps.states.deleteRun(projectKey);
      await deps.states.deleteRunData(run);
      const restarted = await startScan(deps, projectKey, run.reason);
      deps.log(`[scan] ${projectKey}: run ${runId} of an older app (ids and bulk fetches) dropped; run ${restarted.run.runId} reads by key ranges`);
      return { kind: 'ignored', reason: 'a scan of an older app, started again' };
    }
    if (run.phase === 'meta') {
      // The board list first, then the boards' sprints a batch at a time, each batch stored before
      // the run advances: a project with thousands of boards is read over several invocations.
      let meta = run.boardsTotal == null ? null : await deps.states.getMeta(projectKey, runId);
      if (meta === null) {
        meta = await readMeta(deps.jira, projectKey);
        await deps.states.putMeta(projectKey, runId, meta);
        run = metaRead(run, meta.boards.length, deps.now());
        await deps.states.putRun(run);
      }
      let slowest = 0;
      let stored: Map<number, readonly SprintRecord[]> | null = null;
      if (run.incremental !== undefined && !run.incremental.sprintPass && (run.boardsDone ?? 0) < meta.boards.length) {
        const head = await deps.states.getBaseHead(projectKey);
        stored = new Map((head?.boards ?? []).map((b) => [b.boardId, b.sprints]));
      }
      while ((run.boardsDone ?? 0) < meta.boards.length && mayReadAnotherPage({ startedAt, now: deps.now(), pagesThisInvocation: pages, slowestPageMs: slowest }, budget)) {
        const t0 = deps.now();
        const from = run.boardsDone ?? 0;
        const batch = meta.boards.slice(from, from + BOARDS_PER_BATCH);
        await deps.states.putBoardBatch(projectKey, runId, (run.boardBatches ?? 0) + 1, await readBoardBatch(deps.jira, batch, stored, budget.requestsInFlight ?? DEFAULT_REQUESTS_IN_FLIGHT));
        run = boardBatchDone(run, batch.length, deps.now());
        await deps.states.putRun(run);
        pages++;
        slowest = Math.max(slowest, deps.now() - t0);
      }
      if ((run.boardsDone ?? 0) >= meta.boards.length) {
        run = metaDone(run, deps.now());
        await deps.states.putRun(run);
      }
    }
    // A full run: issues (key ranges) → finish; a rescan: issues (search pages) → finish, and
    // when it reconciles and Jira's count differs from what it would store, ids → finish.
    // Each step reads while the budget allows and leaves the phase it reached.
    for (;;) {
      for (let from = run.phase; run.phase === 'ids' || run.phase === 'issues'; from = run.phase) {
        if (run.phase === 'ids') await readIdPages();
        else if (run.ranges !== undefined) await readRanges();
        else await readSearchPages();
        if (run.phase === from) break; // the budget ran out in this phase
      }
      if (run.phase !== 'finish' || !mayFinish({ startedAt, now: deps.now(), pagesThisInvocation: pages, slowestPageMs: 0 }, budget, run.pagesDone)) break;
      const finished = await finishRun(deps, run);
      if (finished.kind === 'complete') return { kind: 'complete', pages, issues: finished.issues };
      // The count differed: the ids follow (once: the run has counted now).
      run = finished.run;
      pages++;
    }
    run = releaseLease(run, deps.now());
    await deps.states.putRun(run);
    await deps.enqueue({ type: 'scan', projectKey, runId }, 0);
    return { kind: 'continued', pages };
  } catch (error) {
    if (error instanceof JiraRateLimitError && error.retryAfterMs !== undefined) {
      // The rate limiter would wait longer than this invocation may run (the hour's points are
      // spent): hand the run back and come back when they are, without counting a failure.
      const retryAfterSeconds = Math.min(900, Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
      run = releaseLease(run, deps.now());
      await deps.states.putRun(run);
      deps.log(`[scan] ${projectKey}: run ${runId} paused for Jira's rate limits; goes on in ${retryAfterSeconds} s`);
      await deps.enqueue({ type: 'scan', projectKey, runId }, retryAfterSeconds);
      return { kind: 'paced', pages, retryAfterSeconds };
    }
    const message = messageOf(error);
    const outcome = failed(run, message, deps.now(), budget);
    await deps.states.putRun(outcome.run);
    if (outcome.giveUp) {
      deps.log(`[scan] ${projectKey}: run ${runId} gave up after ${outcome.run.failures} failures: ${message}`);
      await pumpSiteQueue(portfolioContext(deps), projectKey);
      return { kind: 'gave-up', error: message };
    }
    deps.log(`[scan] ${projectKey}: run ${runId} failed at page ${run.pagesDone + 1} (${message}); retry in ${outcome.retryAfterSeconds} s`);
    await deps.enqueue({ type: 'scan', projectKey, runId }, outcome.retryAfterSeconds);
    return { kind: 'retrying', error: message, retryAfterSeconds: outcome.retryAfterSeconds };
  }
}

/**
 * Assembles, analyses and stores the result and the day's history; then the run is gone.
 * Idempotent. A rescan that reconciles first counts the project's issues in Jira: when the count
 * differs from the issues it would store, nothing is stored and the run goes on to list the ids;
 * with the ids, it drops the stored issues Jira no longer lists and reads those it lists but the
 * rescan lacks (a few bulk fetches; past MAX_UNHELD_READS the next scan is a full one).
 */
async function finishRun(deps: ScanWorkerDeps, run: ScanRun): Promise<{ kind: 'complete'; issues: number } | { kind: 'list-ids'; run: ScanRun }> {
  const { projectKey, runId } = run;
  const meta = await deps.states.getMeta(projectKey, runId);
  if (meta === null) throw new Error(`scan ${runId} of ${projectKey}: its metadata is missing from storage`);
  const boards = (await deps.states.getBoardBatches(projectKey, runId, run.boardBatches ?? 0)).flat();
  const pages = run.ranges !== undefined ? await deps.states.getRangePages(projectKey, runId, run.ranges.read.map((r) => r.pages)) : await deps.states.getPages(projectKey, runId, run.pagesDone);
  const head = await deps.states.getBaseHead(projectKey);
  const inc = run.incremental;
  let baseBuckets: IssueRecord[][] | null = null;
  let issues: IssueRecord[];
  let fullScanDue = false;
  if (inc === undefined) {
    issues = issuesOfPages(pages);
  } else {
    if (head === null) throw new Error(`rescan ${runId} of ${projectKey}: the stored issues it builds on are gone; the next scan reads the project in full`);
    baseBuckets = await deps.states.getBaseBuckets(head);
    const base = new Map<string, IssueRecord>();
    for (const bucket of baseBuckets) for (const issue of bucket) base.set(issue.id, issue);
    const liveIds = listedIds(run) ? new Set((await deps.states.getIdPages(projectKey, runId, run.idPagesDone ?? 0)).flat()) : null;
    const changes = { changed: pages.flat(), gone: inc.gone, liveIds, sprints: sprintsOfBoards(boards) };
    issues = applyIssueChanges(base, changes);
    // Issues Jira listed that the rescan does not hold (the app sees them now without an edit to
    // them): read them, a few bulk fetches; too many, and the next scan reads the project in full.
    const unheld = liveIds === null ? [] : unheldIds(liveIds, issues, inc.gone);
    if (unheld.length > MAX_UNHELD_READS) {
      fullScanDue = true;
      deps.log(`[scan] ${projectKey}: rescan ${runId}: Jira lists ${unheld.length} issues the stored set lacks; the next scan reads the project in full`);
    } else if (unheld.length > 0) {
      issues = applyIssueChanges(base, { ...changes, changed: [...changes.changed, ...(await readUnheld(deps, projectKey, meta, unheld))] });
    }
    if (needsCount(run)) {
      // The reconciliation for 1 point: the issues created or moved in since the base came with the
      // changed-issue search (either sets `updated`), deletes and moves out with events; Jira
      // counting as many as this rescan holds means none left unreported (docs/design-notes.md).
      const count = await countIssues(deps, projectKey);
      const next = counted(run, { counted: count, held: issues.length }, deps.now());
      await deps.states.putRun(next);
      if (next.phase === 'ids') {
        deps.log(`[scan] ${projectKey}: rescan ${runId}: ${count === null ? 'no count' : `Jira counts ${count} issues`}, the rescan holds ${issues.length}; listing the ids`);
        return { kind: 'list-ids', run: next };
      }
      run = next;
    }
  }
  const data = assemble(meta, boards, issues);
  await storeBase(deps, run, head, baseBuckets, data, boards, meta.sprintFieldId, fullScanDue);
  const config = await deps.loadConfig(projectKey);
  const now = deps.now();
  const asOf = todayUtc(new Date(now));
  const report = analyze(data, config, asOf);
  const health = toStoredHealth(
    report,
    // Stored results hold keys and ids only: links are built when answering, from the viewer's site.
    { projectKey, data },
    new Date(now).toISOString(),
  );
  await deps.results.put({ projectKey, runId, issueCount: data.issues.length, scanDurationMs: now - run.startedAt, searchPages: run.pagesDone + (run.idPagesDone ?? 0) + (run.ranges !== undefined ? 1 : 0) }, health);
  const scores = Object.fromEntries(report.levels.map((l) => [l.level, l.score])) as Record<Level, number>;
  for (const level of LEVELS) scores[level] ??= 0;
  const history = await deps.history.record(projectKey, {
    date: asOf,
    scores,
    openVersions: data.versions.filter((v) => !v.released && !v.archived).map((v) => ({ id: v.id, name: v.name, releaseDate: v.releaseDate })),
  });
  await recordPortfolioSummary(portfolioContext(deps), report, data, history, health.computedAt);
  const fresh = onScanComplete(await deps.states.getFreshness(projectKey), run.startedAt, deps.now(), deps.debounce ?? DEFAULT_DEBOUNCE);
  await deps.states.putFreshness(projectKey, fresh.freshness);
  if (run.eventSeq !== undefined) await deps.states.putEvents(projectKey, clearTaken(await deps.states.getEvents(projectKey), run.eventSeq));
  await deps.states.deleteRun(projectKey);
  await deps.states.deleteRunData(run);
  // A change that came while this scan ran gets its rescan after it.
  if (fresh.scheduleCheckInSeconds !== null) await deps.enqueue({ type: 'check', projectKey }, fresh.scheduleCheckInSeconds);
  deps.log(
    `[scan] ${projectKey}: ${inc === undefined ? 'run' : 'rescan'} ${runId} complete: ${data.issues.length} issues, ` +
      `${run.ranges !== undefined ? `${run.pagesDone} search pages in ${run.ranges.read.length} key ranges` : `${run.pagesDone} search pages${inc?.reconcile === true ? `, ${reconciledBy(run)}` : ''}`}, ${run.invocations} invocations`,
  );
  await pumpSiteQueue(portfolioContext(deps), projectKey);
  return { kind: 'complete', issues: data.issues.length };
}

/**
 * Jira's approximate count of the project's issues, or null when Jira refuses to count (a 400 or
 * 404, or an answer of another shape): then the ids are listed, as before the count. A failure
 * that may pass (network, 5xx, 429) fails the invocation, which is retried.
 */
async function countIssues(deps: ScanWorkerDeps, projectKey: string): Promise<number | null> {
  const jql = projectCountJql(projectKey);
  try {
    return await inStep(`counting the issues of ${projectKey}`, () => deps.jira.approximateCount(jql));
  } catch (error) {
    if (!(error instanceof JiraBadRequestError || error instanceof JiraNotFoundError || error instanceof JiraResponseError)) throw error;
    deps.log(`[scan] ${projectKey}: ${error.message}; the issue ids are listed instead`);
    return null;
  }
}

/**
 * The issues of `ids` (at most MAX_UNHELD_READS) as the changed-issue search reads them, 100 a
 * bulk fetch; one now in another project (moved since its id was listed) is left out.
 */
async function readUnheld(deps: ScanWorkerDeps, projectKey: string, meta: ScanMeta, ids: readonly string[]): Promise<IssueRecord[]> {
  const sprintFieldId = meta.sprintFieldId ?? undefined;
  const fields = [...searchFieldsFor(sprintFieldId), 'project'];
  const typesById = typesIndex(meta.issueTypes);
  const out: IssueRecord[] = [];
  for (let at = 0; at < ids.length; at += BULK_FETCH_SIZE) {
    const chunk = ids.slice(at, at + BULK_FETCH_SIZE);
    const read = await inStep(`reading ${chunk.length} issues of ${projectKey} the stored set lacks`, () => deps.jira.bulkFetch(chunk, fields, sprintFieldId));
    if (read.failedIds.length > 0) deps.log(`[scan] ${projectKey}: Jira could not read ${read.failedIds.length} issues the stored set lacks (${read.failedIds.slice(0, 3).join(', ')}); the next reconciliation asks again`);
    for (const issue of read.issues) if (issue.fields.project === undefined || issue.fields.project.key === projectKey) out.push(toIssueRecord(issue, { sprintFieldId }, typesById));
  }
  return out;
}

/** How a rescan reconciled, for its log line: the count alone, or the ids after it. */
function reconciledBy(run: ScanRun): string {
  const c = run.reconcileCount;
  const count = c === undefined ? '' : `count ${c.counted ?? 'refused'} of ${c.held} held, `;
  return `${count}${run.idPagesDone ?? 0} id pages`;
}

/**
 * Keeps what a rescan builds on: the issues in buckets by id (only the buckets whose issues
 * changed are written, under this run's id), the boards' sprints, and when the project was
 * last scanned in full, reconciled and passed over sprint by sprint.
 */
async function storeBase(
  deps: ScanWorkerDeps,
  run: ScanRun,
  previous: IssueBaseHead | null,
  previousBuckets: IssueRecord[][] | null,
  data: ProjectData,
  boards: readonly BoardSprints[],
  sprintFieldId: string | null,
  fullScanDue = false,
): Promise<void> {
  const inc = run.incremental;
  const keep = previous !== null && previousBuckets !== null && !needsRebucketing(previous.bucketWriters.length, data.issues.length);
  const count = keep ? previous.bucketWriters.length : bucketCountFor(data.issues.length);
  const buckets = toBuckets(data.issues, count);
  const changed = new Map<number, IssueRecord[]>();
  buckets.forEach((bucket, i) => {
    const before = keep ? previousBuckets[i] : undefined;
    if (before === undefined || JSON.stringify(before.map(encodeIssue)) !== JSON.stringify(bucket.map(encodeIssue))) changed.set(i, bucket);
  });
  const at = run.startedAt;
  const head: IssueBaseHead = {
    schema: ISSUE_BASE_SCHEMA,
    projectKey: run.projectKey,
    scanStartedAt: at,
    // 0: the next run is a full scan (a rescan found more issues than it reads itself).
    fullScanAt: fullScanDue ? 0 : inc === undefined || previous === null ? at : previous.fullScanAt,
    reconciledAt: inc === undefined || inc.reconcile || previous === null ? at : previous.reconciledAt,
    sprintPassAt: inc === undefined || inc.sprintPass || previous === null ? at : previous.sprintPassAt,
    rescansSinceSprintPass: inc === undefined || inc.sprintPass || previous === null ? 0 : previous.rescansSinceSprintPass + 1,
    issueCount: data.issues.length,
    bucketWriters: buckets.map((_, i) => (changed.has(i) ? run.runId : previous!.bucketWriters[i]!)),
    sprintFieldId,
    boards: [...boards],
  };
  await deps.states.putBase(head, changed, previous);
}

/**
 * A product trigger saw an issue of the project created, updated or deleted (`change` names it:
 * the rescan reconciles it, or drops it from the stored set when it was deleted or moved away).
 */
export async function onIssueChanged(deps: ScanWorkerDeps, projectKey: string, change: IssueChange | null = null): Promise<'ignored' | 'marked' | 'scheduled'> {
  // Only projects someone has looked at are kept fresh (the page starts their first scan).
  if (!(await deps.states.isKnown(projectKey))) return 'ignored';
  if (change !== null) await deps.states.putEvents(projectKey, recordEvent(await deps.states.getEvents(projectKey), change));
  const outcome = onIssueEvent(await deps.states.getFreshness(projectKey), deps.now(), deps.debounce ?? DEFAULT_DEBOUNCE);
  await deps.states.putFreshness(projectKey, outcome.freshness);
  if (outcome.scheduleCheckInSeconds === null) return 'marked';
  await deps.enqueue({ type: 'check', projectKey }, outcome.scheduleCheckInSeconds);
  return 'scheduled';
}

/** The delayed check of the debounce fired. */
async function runCheck(deps: ScanWorkerDeps, projectKey: string): Promise<'rescan' | 'wait' | 'nothing'> {
  const decision = onCheck(await deps.states.getFreshness(projectKey), deps.now(), deps.debounce ?? DEFAULT_DEBOUNCE);
  await deps.states.putFreshness(projectKey, decision.freshness);
  if (decision.kind === 'wait') await deps.enqueue({ type: 'check', projectKey }, decision.checkInSeconds);
  if (decision.kind === 'rescan') await startScan(deps, projectKey, 'issue-events');
  return decision.kind;
}

/**
 * The daily refresh or a saved site config: rescan every known project (a running scan is left
 * alone; a stalled one resumed). One invocation starts REFRESH_BATCH projects in key order, then
 * pushes one event for the rest, so the fan-out never outgrows an invocation.
 */
async function refreshAll(deps: ScanWorkerDeps, reason: 'scheduled' | 'config' = 'scheduled', after?: string): Promise<StartOutcome[]> {
  const known = (await deps.states.knownProjects()).sort();
  const rest = after === undefined ? known : known.filter((k) => k > after);
  const batch = rest.slice(0, REFRESH_BATCH);
  const out: StartOutcome[] = [];
  // With the portfolio, the batch joins the site-wide queue (bounded concurrency) instead of starting at once.
  if (deps.portfolio !== undefined) await enqueueOnSite(portfolioContext(deps), batch, reason);
  else for (const projectKey of batch) out.push(await startScan(deps, projectKey, reason));
  if (rest.length > batch.length) await deps.enqueue({ type: 'refresh-all', reason, after: batch[batch.length - 1]! }, 0);
  return out;
}

/** The consumer's entry: validates the event body (a boundary) and dispatches. */
export async function handleQueueEvent(deps: ScanWorkerDeps, body: unknown, owner: string): Promise<InvocationOutcome | { kind: 'done'; detail: string }> {
  const parsed = scanEventSchema.safeParse(body);
  if (!parsed.success) {
    deps.log(`[scan] ignored a malformed queue event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return { kind: 'ignored', reason: 'malformed event' };
  }
  const event = parsed.data;
  switch (event.type) {
    case 'scan':
      return runScanInvocation(deps, event, owner);
    case 'check':
      return { kind: 'done', detail: await runCheck(deps, event.projectKey) };
    case 'refresh-all':
      return { kind: 'done', detail: (await refreshAll(deps, event.reason, event.after)).map((o) => `${o.run.projectKey}:${o.kind}`).join(' ') };
    case 'portfolio-sync': {
      const sync = await syncPortfolio(portfolioContext(deps));
      return { kind: 'done', detail: `${sync.members} projects; joined ${sync.joined.length}, left ${sync.left.length}, queued ${sync.queued.length}` };
    }
  }
}
