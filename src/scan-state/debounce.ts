/**
 * Freshness of a project's stored result, and the debounce of rescans after issue events. Pure.
 *
 * Every issue created, updated or deleted marks the stored result stale. A rescan starts once
 * the project has been quiet for `quietMs` (a bulk edit of 1,000 issues causes one rescan, not
 * 1,000), or at the latest `maxWaitMs` after the first unanswered event (a project that never
 * goes quiet is still rescanned). At most one delayed check is pending per project, so a burst
 * of events pushes at most one queue event.
 */

export interface Freshness {
  /** Epoch ms of the first event not yet covered by a scan; null when the stored result is current. */
  staleSince: number | null;
  /** Epoch ms of the latest issue event. */
  lastEventAt: number | null;
  /** Epoch ms when the pending delayed check fires; null when none is pending. */
  checkAt: number | null;
}

export interface DebounceConfig {
  quietMs: number;
  maxWaitMs: number;
}

export const DEFAULT_DEBOUNCE: DebounceConfig = { quietMs: 5 * 60_000, maxWaitMs: 60 * 60_000 };

export const FRESH: Freshness = { staleSince: null, lastEventAt: null, checkAt: null };

/** The queue's longest delay (Forge async events: 15 minutes). */
const MAX_QUEUE_DELAY_MS = 900_000;

export interface EventOutcome {
  freshness: Freshness;
  /** Push a delayed check this many seconds from now; null when one is already pending. */
  scheduleCheckInSeconds: number | null;
}

export function onIssueEvent(state: Freshness, now: number, config: DebounceConfig = DEFAULT_DEBOUNCE): EventOutcome {
  const staleSince = state.staleSince ?? now;
  const pending = state.checkAt !== null && state.checkAt > now - 60_000; // a check "in flight" a minute late is still pending
  if (pending) return { freshness: { ...state, staleSince, lastEventAt: now }, scheduleCheckInSeconds: null };
  const delayMs = Math.min(config.quietMs, MAX_QUEUE_DELAY_MS);
  return { freshness: { staleSince, lastEventAt: now, checkAt: now + delayMs }, scheduleCheckInSeconds: Math.ceil(delayMs / 1000) };
}

export type CheckDecision =
  | { kind: 'rescan'; freshness: Freshness }
  | { kind: 'wait'; freshness: Freshness; checkInSeconds: number }
  | { kind: 'nothing'; freshness: Freshness };

/** A delayed check fired: rescan when quiet long enough (or waited too long), else check again later. */
export function onCheck(state: Freshness, now: number, config: DebounceConfig = DEFAULT_DEBOUNCE): CheckDecision {
  if (state.staleSince === null || state.lastEventAt === null) return { kind: 'nothing', freshness: { ...state, checkAt: null } };
  const quietFor = now - state.lastEventAt;
  const waited = now - state.staleSince;
  if (quietFor >= config.quietMs || waited >= config.maxWaitMs) return { kind: 'rescan', freshness: { ...state, checkAt: null } };
  const untilQuiet = config.quietMs - quietFor;
  const untilMax = config.maxWaitMs - waited;
  const delayMs = Math.max(1000, Math.min(untilQuiet, untilMax, MAX_QUEUE_DELAY_MS));
  return { kind: 'wait', freshness: { ...state, checkAt: now + delayMs }, checkInSeconds: Math.ceil(delayMs / 1000) };
}

/**
 * A scan that started at `scanStartedAt` completed at `now`: events before its start are covered
 * by it. An event that came while it ran leaves the result stale, and gets its delayed check
 * (the check that fired during the scan found it running and could not start another).
 */
export function onScanComplete(state: Freshness, scanStartedAt: number, now: number, config: DebounceConfig = DEFAULT_DEBOUNCE): EventOutcome {
  if (state.lastEventAt === null || state.lastEventAt < scanStartedAt) {
    return { freshness: { ...state, staleSince: null }, scheduleCheckInSeconds: null };
  }
  const stale: Freshness = { ...state, staleSince: state.lastEventAt };
  const pending = state.checkAt !== null && state.checkAt > now - 60_000;
  if (pending) return { freshness: stale, scheduleCheckInSeconds: null };
  const delayMs = Math.max(1000, Math.min(config.quietMs - (now - state.lastEventAt), MAX_QUEUE_DELAY_MS));
  return { freshness: { ...stale, checkAt: now + delayMs }, scheduleCheckInSeconds: Math.ceil(delayMs / 1000) };
}
