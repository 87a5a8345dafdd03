/**
 * The hour's points as every function instance of the app shares them: the port the rate limiter
 * (./rate-limiter.ts) leases from, and the rule each lease follows. The ledger behind the port
 * keeps the hour's leases in the app's storage (src/storage/points-ledger.ts).
 *
 * An instance leases a slice of the hour's quota, spends it request by request in memory, and
 * comes back for more when it runs out. While more than a fifth of the quota is left, a lease is
 * what the instance asks for; in the last fifth (the limiter's spread, now for the site rather
 * than for one instance) each lease is small and moves `nextAt`, the earliest time the next lease
 * may be taken, by its share of the time left in the hour.
 *
 * The top of the quota is kept for the viewers. The app's leases (the scans') stop `slice` +
 * `margin` points short of it; a viewer's lease may take the slice, and never waits for the
 * spread's next slot (it takes what it needs and no more), so a page still answers while scans
 * have spent the rest of the hour. Points an instance spent ahead of
 * its lease (a viewer's allowance, see ./rate-limiter.ts) come with the lease as `owed`: they are
 * recorded whatever the hour has left, since Jira has counted them already; the `margin` is theirs.
 */

/** One lease of the hour, all instances together: what the ledger stores. */
export interface Lease {
  /** Points leased in the hour so far, all instances together. */
  total: number;
  /** The hour's quota as the instance that wrote this lease knew it (the lowest seen wins). */
  quota: number;
  /** In the spread-out last fifth: the earliest time (epoch ms) the next lease may be taken. */
  nextAt: number;
  /** When it was written (epoch ms). */
  at: number;
}

/** The last fifth of an hour goes in about this many leases. */
const SPREAD_LEASES = 8;

export interface LeaseRequest {
  /** The UTC hour's start (epoch ms): the window the points count in. */
  hourStart: number;
  /** When the hour's points reset (the spread is over the time up to it). */
  hourEnd: number;
  /** Points the caller must have to send its request now. */
  need: number;
  /** Points it would like, to spend without coming back (at least `need`). */
  want: number;
  /** The hour's quota as the caller knows it. */
  quota: number;
  /** Below this share of the quota left, leases are spread over the rest of the hour. */
  spreadBelow: number;
  /** The site says at least this many points are spent this hour (its RateLimit headers). */
  floor: number;
  now: number;
  /**
   * Points the caller already spent ahead of the ledger (part of `need`): granted whatever the
   * hour has left, so the ledger's total stays what was spent. Default 0.
   */
  owed?: number;
  /** Points at the top of the quota no lease takes: left for what instances spend ahead of the ledger. Default 0. */
  margin?: number;
  /** Points below the margin only a viewer's lease takes. Default 0. */
  slice?: number;
  /** A lease for a viewer's calls (it may take the slice). */
  viewer?: boolean;
}

type LeaseAnswer =
  /** `granted` points are the caller's to spend this hour; `total` the hour's leased points after it. */
  | { granted: number; total: number; quota: number }
  /** Nothing now: the hour is spent, or the spread's next slot is later. */
  | { granted: 0; retryAt: number; total: number; quota: number };

export interface PointsLedger {
  /** Takes at least `need` and at most `want` points of the hour, or says when to ask again. */
  lease(request: LeaseRequest): Promise<LeaseAnswer>;
  /** Gives unspent points of the hour back (an instance that stops spending). */
  giveBack(hourStart: number, points: number, now: number): Promise<void>;
  /** Storage calls made so far (for the bench and tests). */
  storageCalls(): number;
}

export type Decision = { kind: 'grant'; points: number; next: Lease } | { kind: 'wait'; until: number };

/** What lease n + 1 may be, given lease n (pure: the rule every instance applies). */
export function decideLease(last: Lease, request: LeaseRequest): Decision {
  const quota = Math.min(last.quota, request.quota);
  const base = Math.max(last.total, request.floor);
  const slice = Math.max(0, request.slice ?? 0);
  const viewerLeft = quota - Math.max(0, request.margin ?? 0) - base;
  const left = viewerLeft - slice;
  const reserve = quota * request.spreadBelow;
  const owed = Math.max(0, request.owed ?? 0);
  const need = Math.max(1, request.need, owed);
  const want = Math.max(need, request.want);
  const grant = (points: number, nextAt: number): Decision => ({ kind: 'grant', points, next: { total: base + points, quota, nextAt, at: request.now } });
  /**
   * No lease now by the app's rule (the hour's part for the app is leased, or the spread's next
   * slot is later): a viewer gets what it needs, and no more, while the slice has it; else what
   * was spent is recorded, and nothing more.
   */
  const refuse = (until: number): Decision => {
    if (request.viewer === true && need <= viewerLeft) return grant(need, last.nextAt);
    return owed > 0 ? grant(owed, last.nextAt) : { kind: 'wait', until };
  };
  if (need > left) {
    // A request dearer than a whole hour's quota goes at the start of an hour rather than never.
    return base === 0 && owed === 0 ? grant(need, last.nextAt) : refuse(request.hourEnd);
  }
  if (left - want >= reserve) return grant(want, last.nextAt);
  if (left - need >= reserve) return grant(Math.max(need, Math.floor(left - reserve)), last.nextAt);
  // The last fifth: small leases, each after the previous one's share of the time left.
  if (request.now < last.nextAt) return refuse(last.nextAt);
  const points = Math.min(left, Math.max(need, Math.min(want, Math.ceil(reserve / SPREAD_LEASES))));
  return grant(points, request.now + Math.ceil(((request.hourEnd - request.now) * points) / Math.max(points, left)));
}
