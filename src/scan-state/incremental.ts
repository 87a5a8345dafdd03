/**
 * Incremental rescans, pure. After a complete scan the job keeps the project's issues (the
 * "issue base", in buckets by issue id) and the sprints of each board; a rescan then reads only
 * what can have changed and merges it in:
 *
 * - the issues updated since the base's scan started, less an overlap for Jira's search lag
 *   (src/jira/scan.ts changedSinceJql, shared with `capture --update`), with the ids of the
 *   issues that events named passed as `reconcileIssues`;
 * - the ids of issues that events said were deleted or moved to another project ("gone");
 * - on a reconciliation (daily) one approximate count of the project's issues, and only when it
 *   differs from the issues the rescan would hold, every issue id (`fields: ["id"]`, 5,000 a
 *   page): what no event reported is dropped, and what Jira lists that the rescan lacks is read;
 * - versions and boards in full, each known board's active and future sprints, and the whole
 *   list of a board whose active or future sprint left that list (closed or deleted since), or
 *   of a board not seen before; every board in full on a periodic sprint pass.
 *
 * What Jira computes at read time and copies into an unchanged issue (its parent's summary,
 * status and type; its sprints' names and states) is brought up to date from the changed issues
 * and the sprints read, as `capture --update` does for snapshots. A full scan runs when there is
 * no base, and periodically, so anything the increments cannot see is corrected within a week.
 */
import type { IssueRecord, SprintRecord } from '../core/model';
import type { IncrementalRun, ScanReason } from './scan-machine';

/** The sprints one board lists, as SprintRecords (its own origin board when Jira gives one). */
export interface BoardSprints {
  boardId: number;
  sprints: SprintRecord[];
}

export const ISSUE_BASE_SCHEMA = 1;

/** The head of a project's issue base: what the last complete scan left, and when. */
export interface IssueBaseHead {
  schema: typeof ISSUE_BASE_SCHEMA;
  projectKey: string;
  /** Epoch ms when the scan that produced this base started (changes after it are read next time). */
  scanStartedAt: number;
  /** Epoch ms when the last full scan started. */
  fullScanAt: number;
  /** Epoch ms when the set of issues was last checked against Jira's (a full scan, or a reconciliation: a count, and ids when it differed). */
  reconciledAt: number;
  /** Epoch ms of the last pass over every board's whole sprint list. */
  sprintPassAt: number;
  /** Incremental rescans since the last sprint pass. */
  rescansSinceSprintPass: number;
  issueCount: number;
  /** The run that wrote each bucket (bucket i lives under that run's key). */
  bucketWriters: string[];
  sprintFieldId: string | null;
  /** Each board's sprints, in the board list's order. */
  boards: BoardSprints[];
}

export interface RescanPolicy {
  /** A full scan at least this often. */
  fullScanEveryMs: number;
  /** A key reconciliation at least this often (and on every scheduled refresh). */
  reconcileEveryMs: number;
  /** Every board's whole sprint list at least this often… */
  sprintPassEveryMs: number;
  /** …or after this many rescans. */
  sprintPassEveryRescans: number;
}

const DAY = 86_400_000;
export const DEFAULT_RESCAN_POLICY: RescanPolicy = {
  fullScanEveryMs: 7 * DAY,
  reconcileEveryMs: DAY,
  sprintPassEveryMs: 7 * DAY,
  sprintPassEveryRescans: 20,
};

/** Issues named by events since the base was written; ids are Jira's (numeric strings). */
export interface PendingEvents {
  /** Increases with every event recorded. */
  seq: number;
  /** Issues created or updated (reconciled with the search), with the event's seq. */
  touched: { id: string; seq: number }[];
  /** Issues deleted or moved to another project. */
  gone: { id: string; seq: number }[];
  /** Seq of the last event dropped because the lists were full (a reconciliation is then due). */
  overflowSeq: number | null;
}

export const NO_EVENTS: PendingEvents = { seq: 0, touched: [], gone: [], overflowSeq: null };
/** Events kept per project before the oldest are dropped (and a reconciliation forced). */
export const MAX_PENDING_EVENTS = 1000;
/** Jira's limit for `reconcileIssues` on POST /rest/api/3/search/jql. */
const MAX_RECONCILE_ISSUES = 50;

export interface IssueChange {
  issueId: string;
  /** Deleted, or moved to another project: it leaves this project's stored set. */
  gone: boolean;
}

/** Records one event; the lists stay bounded (the oldest entries go, and a reconciliation is forced). */
export function recordEvent(pending: PendingEvents, change: IssueChange): PendingEvents {
  const seq = pending.seq + 1;
  const entry = { id: change.issueId, seq };
  let touched = pending.touched.filter((e) => e.id !== change.issueId);
  let gone = pending.gone.filter((e) => e.id !== change.issueId);
  if (change.gone) gone.push(entry);
  else touched.push(entry);
  let overflowSeq = pending.overflowSeq;
  if (touched.length + gone.length > MAX_PENDING_EVENTS) {
    overflowSeq = seq;
    if (touched.length > 0) touched = touched.slice(1);
    else gone = gone.slice(1);
  }
  return { seq, touched, gone, overflowSeq };
}

/** What a finished rescan leaves: the events it took (seq ≤ takenSeq) are covered. */
export function clearTaken(pending: PendingEvents, takenSeq: number): PendingEvents {
  return {
    seq: pending.seq,
    touched: pending.touched.filter((e) => e.seq > takenSeq),
    gone: pending.gone.filter((e) => e.seq > takenSeq),
    overflowSeq: pending.overflowSeq !== null && pending.overflowSeq > takenSeq ? pending.overflowSeq : null,
  };
}

export interface PlannedRun {
  /** How an incremental run reads the project; undefined: a full scan (no base yet, or the periodic one). */
  incremental: IncrementalRun | undefined;
  /** The events this run covers (seq ≤ eventSeq), cleared when it completes. */
  eventSeq: number;
}

/** How a new run of the project reads it. */
export function planRescan(head: IssueBaseHead | null, pending: PendingEvents, reason: ScanReason, now: number, policy: RescanPolicy = DEFAULT_RESCAN_POLICY): PlannedRun {
  if (head === null || now - head.fullScanAt >= policy.fullScanEveryMs || now < head.scanStartedAt) return { incremental: undefined, eventSeq: pending.seq };
  const reconcileIssues = pending.touched
    .slice(-MAX_RECONCILE_ISSUES)
    .map((e) => Number(e.id))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  return {
    incremental: {
      baseStartedAt: head.scanStartedAt,
      reconcile: reason === 'scheduled' || pending.overflowSeq !== null || now - head.reconciledAt >= policy.reconcileEveryMs,
      sprintPass: now - head.sprintPassAt >= policy.sprintPassEveryMs || head.rescansSinceSprintPass + 1 >= policy.sprintPassEveryRescans,
      reconcileIssues,
      gone: pending.gone.map((e) => e.id),
    },
    eventSeq: pending.seq,
  };
}

/** Buckets for a base of `issues` issues (each well under a KVS value, about 400 issues). */
export function bucketCountFor(issues: number): number {
  return Math.max(1, Math.ceil(issues / 400));
}

/** Whether a base of `buckets` buckets should be cut again for `issues` issues (it grew or shrank a lot). */
export function needsRebucketing(buckets: number, issues: number): boolean {
  const wanted = bucketCountFor(issues);
  return wanted > 2 * buckets || wanted * 4 < buckets;
}

/** The bucket of an issue id (FNV-1a of the id: ids are sequential, the hash spreads them). */
export function bucketOfIssue(issueId: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < issueId.length; i++) {
    h ^= issueId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % buckets;
}

/** The issues cut into `buckets` buckets by id. */
export function toBuckets(issues: Iterable<IssueRecord>, buckets: number): IssueRecord[][] {
  const out: IssueRecord[][] = Array.from({ length: buckets }, () => []);
  for (const issue of issues) out[bucketOfIssue(issue.id, buckets)]!.push(issue);
  for (const b of out) b.sort((x, y) => compareIssueKeys(x.key, y.key));
  return out;
}

/** Jira's `ORDER BY key` within a project: by the number after the dash (ACME-9 before ACME-10). */
export function compareIssueKeys(a: string, b: string): number {
  const da = a.lastIndexOf('-');
  const db = b.lastIndexOf('-');
  const pa = a.slice(0, da);
  const pb = b.slice(0, db);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return Number(a.slice(da + 1)) - Number(b.slice(db + 1));
}

/**
 * A board's sprints after a rescan that read only its active and future sprints: the stored
 * closed sprints stay, the listed ones replace or join them. Null when a stored active or
 * future sprint is no longer listed (it closed or was deleted since): then the board's whole
 * list is read instead.
 */
export function mergeOpenSprints(stored: readonly SprintRecord[], open: readonly SprintRecord[]): SprintRecord[] | null {
  const fresh = new Map(open.map((s) => [s.id, s]));
  if (stored.some((s) => s.state !== 'closed' && !fresh.has(s.id))) return null;
  const out: SprintRecord[] = [];
  const seen = new Set<number>();
  for (const s of stored) {
    out.push(fresh.get(s.id) ?? s);
    seen.add(s.id);
  }
  for (const s of open) if (!seen.has(s.id)) out.push(s);
  return out;
}

/** The project's sprints from each board's list, in board order, each sprint once (as a full scan assembles them). */
export function sprintsOfBoards(boards: readonly BoardSprints[]): SprintRecord[] {
  const byId = new Map<number, SprintRecord>();
  for (const board of boards) for (const s of board.sprints) if (!byId.has(s.id)) byId.set(s.id, s);
  return [...byId.values()];
}

export interface IssueChanges {
  /** Issues read because they changed, in the order read (a later copy of an issue wins). */
  changed: readonly IssueRecord[];
  /** Ids that events said were deleted or moved away. */
  gone: readonly string[];
  /** Every issue id the project has now (a reconciliation), or null when none ran. */
  liveIds: ReadonlySet<string> | null;
  /** The project's sprints as read now. */
  sprints: readonly SprintRecord[];
}

/**
 * Ids Jira listed for the project that a rescan holds no issue for, and that no event said were
 * gone: issues the app began to see without an edit (a permission change), or that came in after
 * the changed-issue search. In ascending id order.
 */
export function unheldIds(liveIds: ReadonlySet<string>, held: readonly IssueRecord[], gone: readonly string[]): string[] {
  const known = new Set<string>(gone);
  for (const issue of held) known.add(issue.id);
  return [...liveIds].filter((id) => !known.has(id)).sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Unheld issues a rescan reads itself (ten bulk fetches); past that the next scan is a full one. */
export const MAX_UNHELD_READS = 1000;

/** An unchanged issue's copies of its parent and its sprints, brought up to date (the same object when nothing changed). */
function refreshEmbedded(issue: IssueRecord, changedByKey: ReadonlyMap<string, IssueRecord>, sprints: ReadonlyMap<number, SprintRecord>): IssueRecord {
  let out = issue;
  const parent = issue.parent === null ? undefined : changedByKey.get(issue.parent.key);
  if (parent !== undefined && issue.parent !== null) {
    const p = issue.parent;
    if (p.summary !== parent.summary || p.issueTypeName !== parent.issueTypeName || p.hierarchyLevel !== parent.hierarchyLevel || p.statusName !== parent.statusName || p.statusCategory !== parent.statusCategory) {
      out = { ...out, parent: { key: p.key, summary: parent.summary, issueTypeName: parent.issueTypeName, hierarchyLevel: parent.hierarchyLevel, statusName: parent.statusName, statusCategory: parent.statusCategory } };
    }
  }
  let sprintsChanged = false;
  const refs = issue.sprints.map((ref) => {
    const fresh = sprints.get(ref.id);
    if (fresh === undefined) return ref;
    // A ref without a name of its own (named "Sprint <id>" when read) keeps it, as Jira's entry would.
    const name = ref.name === `Sprint ${ref.id}` ? ref.name : fresh.name;
    const state = ref.state === undefined ? undefined : fresh.state;
    if (name === ref.name && state === ref.state) return ref;
    sprintsChanged = true;
    return { ...ref, name, ...(state === undefined ? {} : { state }) };
  });
  if (sprintsChanged) out = { ...out, sprints: refs };
  return out;
}

/**
 * The stored issues (by id) after a rescan: gone ids out, changed issues in, with a
 * reconciliation only the ids Jira still has, copies of parents and sprints refreshed.
 * Returns the issues in Jira's key order.
 */
export function applyIssueChanges(base: ReadonlyMap<string, IssueRecord>, changes: IssueChanges): IssueRecord[] {
  const byId = new Map(base);
  for (const id of changes.gone) byId.delete(id);
  const changedById = new Map<string, IssueRecord>();
  for (const issue of changes.changed) changedById.set(issue.id, issue);
  for (const [id, issue] of changedById) byId.set(id, issue);
  if (changes.liveIds !== null) {
    for (const id of [...byId.keys()]) if (!changes.liveIds.has(id)) byId.delete(id);
  }
  const changedByKey = new Map([...changedById.values()].map((i) => [i.key, i]));
  const sprints = new Map(changes.sprints.map((s) => [s.id, s]));
  const out: IssueRecord[] = [];
  for (const [id, issue] of byId) out.push(changedById.has(id) ? issue : refreshEmbedded(issue, changedByKey, sprints));
  return out.sort((a, b) => compareIssueKeys(a.key, b.key));
}
