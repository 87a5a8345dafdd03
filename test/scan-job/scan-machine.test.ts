import { FRESH, onCheck, onIssueEvent, onScanComplete, type DebounceConfig } from '../../src/scan-state/debounce';
import {
  boardBatchDone, counted, failed, idPageDone, isStalled, leaseDecision, listedIds, mayFinish, mayReadAnotherPage, metaDone, metaRead, needsCount, pageDone, progressOf, rangePageDone, rangesPlanned, rangesToRead, releaseLease, startRun, takeLease, type ScanBudget,
} from '../../src/scan-state/scan-machine';

const budget: ScanBudget = { timeBudgetMs: 10_000, maxPagesPerInvocation: 5, reserveMs: 1_000, maxFailures: 3 };

describe('scan state machine', () => {
  test('meta → issues page by page → finish, counting issues and keeping the next token', () => {
    let run = startRun('BIG', 'r1', 'manual', 0, 250);
    expect(() => pageDone(run, { issues: 1, nextPageToken: 'a', isLast: false }, 1)).toThrow(/phase meta/);
    expect(() => boardBatchDone(run, 25, 1)).toThrow(/before the board list/);
    run = metaRead(run, 30, 1);
    run = boardBatchDone(run, 25, 1);
    expect(() => metaDone(run, 1)).toThrow(/before every board was read/);
    run = boardBatchDone(run, 5, 1);
    expect(run).toMatchObject({ boardsTotal: 30, boardsDone: 30, boardBatches: 2 });
    run = metaDone(run, 1);
    run = pageDone(run, { issues: 100, nextPageToken: 't2', isLast: false }, 2);
    expect(run).toMatchObject({ phase: 'issues', pagesDone: 1, issuesDone: 100, nextPageToken: 't2' });
    expect(progressOf(run).fraction).toBeCloseTo(0.4);
    run = pageDone(run, { issues: 100, nextPageToken: 't3', isLast: false }, 3);
    run = pageDone(run, { issues: 50, nextPageToken: null, isLast: true }, 4);
    expect(run).toMatchObject({ phase: 'finish', pagesDone: 3, issuesDone: 250, nextPageToken: null });
    expect(progressOf(run).fraction).toBe(1);
  });

  test('a full run by key ranges: the plan, then each range page by page, side by side, each page once', () => {
    let run = metaDone(metaRead(startRun('BIG', 'r1', 'first-view', 0, null, { eventSeq: 0, keyRanges: true }), 0, 0), 0);
    expect(run).toMatchObject({ phase: 'issues', ranges: { span: null, read: [] } });
    expect(rangesToRead(run)).toEqual([]);
    expect(() => pageDone(run, { issues: 100, nextPageToken: null, isLast: true }, 1)).toThrow(/reads key ranges/);
    expect(() => rangePageDone(run, 0, { issues: 100, last: 100, isLast: false }, 1)).toThrow(/phase issues/);
    run = rangesPlanned(run, { span: 2500, count: 3 }, 1);
    expect(() => rangesPlanned(run, { span: 2500, count: 3 }, 1)).toThrow(/a second time/);
    expect(rangesToRead(run)).toEqual([0, 1, 2]);
    // Range 1 advances before range 0; each keeps its last key number.
    run = rangePageDone(run, 1, { issues: 100, last: 2600, isLast: false }, 2);
    run = rangePageDone(run, 0, { issues: 100, last: 100, isLast: false }, 2);
    run = rangePageDone(run, 1, { issues: 40, last: 2650, isLast: true }, 3);
    expect(run.ranges!.read).toEqual([
      { pages: 1, last: 100, done: false },
      { pages: 2, last: 2650, done: true },
      { pages: 0, last: null, done: false },
    ]);
    expect(rangesToRead(run)).toEqual([0, 2]);
    expect(() => rangePageDone(run, 1, { issues: 1, last: 2700, isLast: true }, 4)).toThrow(/read to its end already/);
    expect(() => rangePageDone(run, 3, { issues: 1, last: 9000, isLast: true }, 4)).toThrow(/not one of its 3/);
    expect(() => rangePageDone(run, 0, { issues: 1, last: 90, isLast: false }, 4)).toThrow(/went back from key number 100 to 90/);
    // An empty page keeps the range's last key.
    run = rangePageDone(run, 2, { issues: 0, last: null, isLast: false }, 4);
    expect(run.ranges!.read[2]).toEqual({ pages: 1, last: null, done: false });
    run = rangePageDone(run, 0, { issues: 60, last: 170, isLast: true }, 5);
    expect(run.phase).toBe('issues');
    run = rangePageDone(run, 2, { issues: 3, last: 7512, isLast: true }, 6);
    expect(run).toMatchObject({ phase: 'finish', pagesDone: 6, issuesDone: 303 });
    expect(rangesToRead(run)).toEqual([]);
  });

  test('a full run of a project without issues plans no ranges and finishes; a rescan never reads key ranges', () => {
    const empty = metaDone(metaRead(startRun('BIG', 'r1', 'first-view', 0, null, { eventSeq: 0, keyRanges: true }), 0, 0), 0);
    expect(rangesPlanned(empty, { span: 100, count: 0 }, 1)).toMatchObject({ phase: 'finish', ranges: { span: 100, read: [] } });
    const incremental = { baseStartedAt: 0, reconcile: false, sprintPass: false, reconcileIssues: [], gone: [] };
    const rescan = startRun('BIG', 'r2', 'issue-events', 0, 10, { incremental, eventSeq: 0, keyRanges: true });
    expect(rescan.ranges).toBeUndefined();
    expect(metaDone(metaRead(rescan, 0, 0), 0).phase).toBe('issues');
  });

  test('a rescan that reconciles counts before it finishes: equal, it finishes; unequal, it lists the ids once, then finishes', () => {
    const incremental = { baseStartedAt: 0, reconcile: true, sprintPass: false, reconcileIssues: [], gone: [] };
    let run = metaDone(metaRead(startRun('BIG', 'r1', 'scheduled', 0, 250, { incremental, eventSeq: 0 }), 0, 0), 0);
    expect(needsCount(run)).toBe(false); // not before the changed issues are read
    run = pageDone(run, { issues: 3, nextPageToken: null, isLast: true }, 1);
    expect(run.phase).toBe('finish');
    expect(needsCount(run)).toBe(true);
    const equal = counted(run, { counted: 250, held: 250 }, 2);
    expect(equal).toMatchObject({ phase: 'finish', reconcileCount: { counted: 250, held: 250 } });
    expect([needsCount(equal), listedIds(equal)]).toEqual([false, false]);
    expect(() => counted(equal, { counted: 250, held: 250 }, 3)).toThrow(/does not count/);
    // A delete no event reported (or a count that lags): the ids, then finish with them.
    let listing = counted(run, { counted: 249, held: 250 }, 2);
    expect(listing).toMatchObject({ phase: 'ids', nextPageToken: null, reconcileCount: { counted: 249, held: 250 } });
    expect(progressOf(listing).phase).toBe('issues');
    listing = idPageDone(listing, { nextPageToken: 'k2', isLast: false }, 3);
    expect(listing.phase).toBe('ids');
    listing = idPageDone(listing, { nextPageToken: null, isLast: true }, 3);
    expect(listing).toMatchObject({ phase: 'finish', idPagesDone: 2 });
    expect([needsCount(listing), listedIds(listing)]).toEqual([false, true]);
    // Jira gave no count: the ids.
    expect(counted(run, { counted: null, held: 250 }, 2).phase).toBe('ids');
    // A rescan that does not reconcile never counts.
    const plain = pageDone(metaDone(metaRead(startRun('BIG', 'r2', 'issue-events', 0, 250, { incremental: { ...incremental, reconcile: false }, eventSeq: 0 }), 0, 0), 0), { issues: 1, nextPageToken: null, isLast: true }, 1);
    expect([plain.phase, needsCount(plain), listedIds(plain)]).toEqual(['finish', false, false]);
  });

  test('a page that promises more without a new token is an error, not a loop', () => {
    let run = metaDone(metaRead(startRun('BIG', 'r1', 'manual', 0, null), 0, 0), 0);
    run = pageDone(run, { issues: 100, nextPageToken: 't2', isLast: false }, 1);
    expect(() => pageDone(run, { issues: 100, nextPageToken: 't2', isLast: false }, 2)).toThrow(/same nextPageToken/);
    expect(() => pageDone(run, { issues: 100, nextPageToken: null, isLast: false }, 2)).toThrow(/no nextPageToken/);
    expect(progressOf(run).fraction).toBeNull();
  });

  test('the lease: free or expired is taken; a live one held by another event waits; the same event (a retry) takes over', () => {
    const run = takeLease(startRun('BIG', 'r1', 'manual', 0, null), 'evt1', 1000, budget);
    expect(run.lease).toEqual({ owner: 'evt1', until: 1000 + 11_000 });
    expect(run.invocations).toBe(1);
    expect(leaseDecision(run, 'evt2', 5000)).toEqual({ kind: 'wait', retryAfterMs: 7000 });
    expect(leaseDecision(run, 'evt1', 5000)).toEqual({ kind: 'take' });
    expect(leaseDecision(run, 'evt2', 12_000)).toEqual({ kind: 'take' });
    expect(leaseDecision(releaseLease(run, 6000), 'evt2', 6000)).toEqual({ kind: 'take' });
  });

  test('an invocation reads another page only under the page cap and with room for two more of its slowest page', () => {
    const clock = { startedAt: 0, now: 0, pagesThisInvocation: 0, slowestPageMs: 0 };
    expect(mayReadAnotherPage(clock, budget)).toBe(true);
    expect(mayReadAnotherPage({ ...clock, pagesThisInvocation: 5 }, budget)).toBe(false);
    expect(mayReadAnotherPage({ ...clock, now: 7000, slowestPageMs: 900 }, budget)).toBe(true); // 7000 + 1800 + 1000 < 10000
    expect(mayReadAnotherPage({ ...clock, now: 7000, slowestPageMs: 1000 }, budget)).toBe(false); // = 10000
    expect(mayFinish({ ...clock, now: 3000 }, budget, 10)).toBe(true);
    expect(mayFinish({ ...clock, now: 4500 }, budget, 10)).toBe(false);
    expect(mayFinish({ ...clock, now: 9000 }, budget, 0)).toBe(true);
  });

  test('failures back off, then give up; progress resets the count', () => {
    let run = metaDone(metaRead(startRun('BIG', 'r1', 'manual', 0, null), 0, 0), 0);
    const first = failed(run, 'boom', 10, budget);
    expect(first).toMatchObject({ giveUp: false, retryAfterSeconds: 30, run: { failures: 1, lastError: 'boom', lease: null } });
    const second = failed(first.run, 'boom', 20, budget);
    expect(second).toMatchObject({ giveUp: false, retryAfterSeconds: 60 });
    expect(failed(second.run, 'boom', 30, budget).giveUp).toBe(true);
    run = pageDone(second.run, { issues: 1, nextPageToken: null, isLast: true }, 40);
    expect(run.failures).toBe(0);
  });

  test('stalled: no live lease and no progress for the grace period', () => {
    const run = takeLease(startRun('BIG', 'r1', 'manual', 0, null), 'evt1', 0, budget);
    expect(isStalled(run, 5000, 1000)).toBe(false); // lease still live
    expect(isStalled(run, 11_500, 20_000)).toBe(false); // lease expired, but recent progress
    expect(isStalled(run, 30_000, 20_000)).toBe(true);
  });
});

describe('debounce of rescans after issue events', () => {
  const config: DebounceConfig = { quietMs: 300_000, maxWaitMs: 3_600_000 };

  test('the first event marks stale and schedules one check; a burst schedules nothing more', () => {
    const first = onIssueEvent(FRESH, 1_000, config);
    expect(first).toEqual({ freshness: { staleSince: 1_000, lastEventAt: 1_000, checkAt: 301_000 }, scheduleCheckInSeconds: 300 });
    let state = first.freshness;
    for (let t = 2_000; t < 200_000; t += 1_000) {
      const next = onIssueEvent(state, t, config);
      expect(next.scheduleCheckInSeconds).toBeNull();
      state = next.freshness;
    }
    expect(state).toEqual({ staleSince: 1_000, lastEventAt: 199_000, checkAt: 301_000 });
  });

  test('the check rescans once quiet, else waits until the quiet period ends', () => {
    const state = { staleSince: 1_000, lastEventAt: 199_000, checkAt: 301_000 };
    const early = onCheck(state, 301_000, config);
    expect(early).toEqual({ kind: 'wait', freshness: { ...state, checkAt: 499_000 }, checkInSeconds: 198 });
    expect(onCheck(early.freshness, 499_000, config)).toEqual({ kind: 'rescan', freshness: { ...state, checkAt: null } });
  });

  test('a project that never goes quiet is rescanned after the longest wait', () => {
    const state = { staleSince: 0, lastEventAt: 3_599_000, checkAt: 3_600_000 };
    expect(onCheck(state, 3_600_000, config).kind).toBe('rescan');
  });

  test('a check with nothing stale does nothing; a complete scan clears staleness unless events came during it', () => {
    expect(onCheck(FRESH, 5, config)).toEqual({ kind: 'nothing', freshness: FRESH });
    expect(onScanComplete({ staleSince: 10, lastEventAt: 20, checkAt: null }, 30, 100)).toEqual({ freshness: { staleSince: null, lastEventAt: 20, checkAt: null }, scheduleCheckInSeconds: null });
    expect(onScanComplete({ staleSince: 10, lastEventAt: 40, checkAt: 500 }, 30, 100)).toEqual({ freshness: { staleSince: 40, lastEventAt: 40, checkAt: 500 }, scheduleCheckInSeconds: null });
    // The check that fired during the scan is spent: the event still gets one, a quiet period after it.
    expect(onScanComplete({ staleSince: 10, lastEventAt: 40_000, checkAt: null }, 30, 100_000, { quietMs: 300_000, maxWaitMs: 3_600_000 })).toEqual({
      freshness: { staleSince: 40_000, lastEventAt: 40_000, checkAt: 340_000 },
      scheduleCheckInSeconds: 240,
    });
  });
});
