/**
 * The one rate limiter for a site: every Jira call of the process goes through it (the client
 * wraps its transport with `withPacing`). It spends two budgets, as Jira Cloud counts them
 * ("Rate limiting"; "Build an app that respects rate limits"):
 *
 *   - requests per second, a token bucket per endpoint (method + path template): Jira's burst
 *     limit is per tenant, endpoint and method, 100 requests a second for GET and POST;
 *   - points per hour (./points.ts), in UTC hours as Jira resets them. The hourly quota is
 *     the configured one (65,000 for an app in the global pool) or the one the site announces
 *     (`RateLimit-Policy: "…";q=N;w=3600`), whichever is lower.
 *
 * It reads what the site says on every answer and slows down before a 429 comes: `RateLimit`
 * (`r=` remaining points, `t=` seconds to the reset) and `X-RateLimit-NearLimit: true` move its
 * count up to the site's; once less than a fifth of the hour's points remain, the rest are
 * spread evenly over what is left of the hour instead of spent at once. A 429 pauses every call
 * until its `Retry-After` (or `X-RateLimit-Reset`) has passed; `RateLimit-Reason:
 * jira-quota-*` also marks the hour spent.
 *
 * A wait longer than the caller may wait fails at once with JiraRateLimitError (a
 * resolver keeps its 20 s Jira budget and answers RATE_LIMITED).
 *
 * With a `ledger` (./shared-budget.ts over src/storage/points-ledger.ts; on Forge, where every
 * function instance has its own memory) the hour's points are not counted here but leased from
 * the site's ledger in storage: the limiter spends its lease request by request and leases more
 * when it runs out, each lease twice the last (from a 256th of the quota up to a 16th), so a
 * resolver that makes three calls holds few points and a scan makes few storage calls. The
 * requests per second, the pause after a 429 and the reading of the headers stay per instance;
 * what the site says of the hour's points (`RateLimit` r=, `X-RateLimit-NearLimit`, a quota 429)
 * raises the ledger's count on the next lease.
 *
 * A viewer's calls (`acquire(…, { ahead: true })`, the resolvers' clients through `viewerPacing`)
 * do not wait for that lease: while the instance has no sign that the hour is nearly spent (no
 * lease of this hour yet, or its last lease left more than the last fifth), such a call spends up
 * to `aheadShare` of the quota ahead of the ledger and the lease that pays for it is taken at the
 * same time, in the background. So a fresh resolver instance sends its first Jira request with no
 * storage call before it. What was spent ahead goes to the ledger as `owed`, recorded even when
 * the hour has no room left; leases stop short of the quota by `AHEAD_MARGIN` allowances, the
 * room for the instances that spend ahead without knowing the hour is nearly spent. Below that
 * margin, `viewerShare` of the quota is leased to viewer calls only, so pages keep answering
 * while scans spend the rest of the hour. `settled()` waits until every point spent is in the
 * ledger: a resolver awaits it before it answers, since Forge may freeze or drop the instance
 * once it has.
 */
import { JiraRateLimitError } from './errors';
import type { PointsLedger } from './shared-budget';
import { chargedPoints, estimatePoints } from './points';
import { describeRequest, encodePath, type JiraRequest, type JiraResponse, type JiraTransport } from './transport';

export interface PacingPolicy {
  /**
   * Steady requests per second per endpoint (Jira's published default for GET and POST: 100, what
   * the Forge app passes); lowered to a site's `X-RateLimit-Limit` when it sends one. Default:
   * none until the site sends one.
   */
  requestsPerSecond: number;
  /** Points per UTC hour; Infinity when the traffic is not under the points quota (API tokens). */
  pointsPerHour: number;
  /** Below this share of the hour's points left, the rest is spread over the rest of the hour. */
  spreadBelow: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The site's points ledger shared by every instance (./shared-budget.ts); none: this limiter counts the hour alone. */
  ledger?: PointsLedger;
  /**
   * With a ledger: the share of the hour's quota that calls marked `ahead` (a viewer's) may spend
   * before the lease that pays for them is written. Default 0: every call waits for its lease.
   */
  aheadShare: number;
  /** With a ledger: the share of the hour's quota (below the margin for calls ahead) leased to viewer calls only. Default 0. */
  viewerShare: number;
}

/** How the caller of `acquire` may spend. */
interface AcquireOptions {
  /** A viewer's call: it may spend the instance's allowance ahead of the ledger (see `aheadShare`). */
  ahead?: boolean;
}

const HOUR_MS = 3_600_000;

/** Jira's steady-state burst limit for GET and POST, per tenant, endpoint and method. */
export const JIRA_REQUESTS_PER_SECOND = 100;
/** The hourly points of an app in Jira's global pool (Tier 1), the default for Forge apps. */
export const GLOBAL_POOL_POINTS_PER_HOUR = 65_000;

/** With a ledger: the first lease of an hour is this share of the quota, and no lease is larger than MAX_LEASE_SHARE. */
const MIN_LEASE_SHARE = 1 / 256;
const MAX_LEASE_SHARE = 1 / 16;
/** Leases stop this many allowances (`aheadShare`) short of the quota: room for the points spent ahead of the ledger. */
export const AHEAD_MARGIN = 16;

const DEFAULT_POLICY: PacingPolicy = {
  requestsPerSecond: Number.POSITIVE_INFINITY,
  pointsPerHour: Number.POSITIVE_INFINITY,
  spreadBelow: 0.2,
  aheadShare: 0,
  viewerShare: 0,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What the limiter has spent and waited (for the bench and tests). */
interface PacingStats {
  requests: number;
  /** Points counted from the answers, over all hours. */
  points: number;
  /** The most points counted in one UTC hour. */
  maxPointsInAnHour: number;
  /** Time spent waiting for a budget (summed over calls waiting at once). */
  waitedMs: number;
  /** 429s seen. */
  rateLimited: number;
  /** The hourly quota in force (the lower of the configured and the announced one). */
  quota: number;
  /** With a ledger: points leased from it, over all hours, and its storage calls. */
  leased: number;
  storageCalls: number;
  /** With a ledger: points spent ahead of their lease (viewer calls that did not wait for storage). */
  spentAhead: number;
}

export interface RateLimiter {
  /**
   * Waits until `points` may be spent on `endpoint`, then reserves them. Fails with
   * JiraRateLimitError when the wait would last longer than `maxWaitMs`.
   */
  acquire(endpoint: string, points: number, maxWaitMs?: number, options?: AcquireOptions): Promise<void>;
  /** Replaces a reservation with the points the answer cost and reads the site's rate-limit headers. */
  settle(reserved: number, charged: number, response: Pick<JiraResponse, 'status' | 'header'>): void;
  stats(): PacingStats;
  /**
   * Resolves when every point this instance spent is in the ledger (no lease in flight, nothing
   * spent ahead and unpaid); rejects when the ledger cannot be written. Without a ledger: at once.
   */
  settled(): Promise<void>;
}

/** `"policy";q=65000;w=3600` or `"policy";r=12;t=300`: the named numbers of a structured RateLimit header. */
function structuredParams(value: string | null): Map<string, number> {
  const out = new Map<string, number>();
  if (value === null) return out;
  for (const part of value.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const n = Number(part.slice(eq + 1).trim());
    if (Number.isFinite(n)) out.set(part.slice(0, eq).trim(), n);
  }
  return out;
}

function header(response: Pick<JiraResponse, 'header'>, ...names: string[]): string | null {
  for (const name of names) {
    const value = response.header(name);
    if (value !== null) return value;
  }
  return null;
}

export function createRateLimiter(overrides: Partial<PacingPolicy> = {}): RateLimiter {
  const policy: PacingPolicy = { ...DEFAULT_POLICY, ...overrides };
  let quota = policy.pointsPerHour;
  let hourStart = Math.floor(policy.now() / HOUR_MS) * HOUR_MS;
  let hourEnd = hourStart + HOUR_MS;
  let used = 0;
  let pausedUntil = 0;
  /** When the next call may spend points while the hour's last fifth is spread out. */
  let nextSpreadSlot = 0;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const stats: PacingStats = { requests: 0, points: 0, maxPointsInAnHour: 0, waitedMs: 0, rateLimited: 0, quota, leased: 0, storageCalls: 0, spentAhead: 0 };
  const ledger = policy.ledger;
  /** With a ledger: the points of this hour's leases not yet spent (below 0: answers cost more than reserved). */
  let lease = 0;
  /** The next lease's size (doubles with each lease of the hour). */
  let leaseSize = 0;
  /** The points the site says are spent this hour (its headers), which the next lease lifts the ledger to. */
  let siteFloor = 0;
  /** The lease being taken, which every call of this instance waits for instead of taking its own. */
  let leasing: Promise<number> | undefined;
  /** Whether calls may spend ahead of the ledger this hour: no lease yet, or the last one left more than the last fifth. */
  let mayGoAhead = true;
  /** Why the last lease taken in the background failed (reported by `settled`). */
  let backgroundError: unknown;

  function roll(now: number): void {
    if (now < hourEnd) return;
    hourStart = Math.floor(now / HOUR_MS) * HOUR_MS;
    hourEnd = hourStart + HOUR_MS;
    used = 0;
    nextSpreadSlot = 0;
    lease = 0;
    leaseSize = 0;
    siteFloor = 0;
    mayGoAhead = true;
  }

  /** The points calls marked `ahead` may owe the ledger at once (0: none). */
  function allowance(): number {
    return ledger === undefined || !Number.isFinite(quota) ? 0 : Math.floor(quota * policy.aheadShare);
  }

  /**
   * Leases at least `need` points from the ledger (what this instance owes it, spent ahead, among
   * them: granted whatever the hour has left); resolves to 0 when granted, else to how long to wait.
   */
  async function topUp(shared: PointsLedger, need: number, now: number, viewer: boolean): Promise<number> {
    const owed = Math.max(0, -lease);
    const margin = Math.ceil(quota * policy.aheadShare * AHEAD_MARGIN);
    const slice = Math.floor(quota * policy.viewerShare);
    const min = Math.max(1, Math.ceil(quota * MIN_LEASE_SHARE));
    leaseSize = Math.min(Math.max(leaseSize * 2, min), Math.max(min, Math.floor(quota * MAX_LEASE_SHARE)));
    const window = hourStart;
    const answer = await shared.lease({
      hourStart: window,
      hourEnd,
      need,
      want: Math.max(need, leaseSize),
      quota,
      spreadBelow: policy.spreadBelow,
      floor: siteFloor,
      now,
      owed,
      margin,
      slice,
      viewer,
    });
    stats.storageCalls = shared.storageCalls();
    if (answer.quota < quota) quota = stats.quota = answer.quota;
    if (window !== hourStart) return 0; // the hour rolled while the lease was taken: its points are spent
    // The app's part of the hour is leased (only the viewers' slice and the margin are left): from now on every call waits for its lease.
    if (answer.granted <= owed || answer.total >= answer.quota - margin - slice) mayGoAhead = false;
    if (answer.granted > 0) {
      lease += answer.granted;
      stats.leased += answer.granted;
      return 0;
    }
    return Math.max(1, ('retryAt' in answer ? answer.retryAt : hourEnd) - policy.now());
  }

  function bucket(endpoint: string, now: number) {
    let b = buckets.get(endpoint);
    if (b === undefined) {
      b = { tokens: policy.requestsPerSecond, at: now };
      buckets.set(endpoint, b);
    }
    const rps = policy.requestsPerSecond;
    b.tokens = Number.isFinite(rps) ? Math.min(rps, b.tokens + ((now - b.at) / 1000) * rps) : Number.POSITIVE_INFINITY;
    b.at = now;
    return b;
  }

  /** How long a call must wait before spending `points` now (0: at once). */
  function waitFor(endpoint: string, points: number, now: number): number {
    let wait = Math.max(0, pausedUntil - now);
    const b = bucket(endpoint, now);
    if (b.tokens < 1) wait = Math.max(wait, Math.ceil(((1 - b.tokens) / policy.requestsPerSecond) * 1000));
    if (Number.isFinite(quota) && ledger === undefined) {
      const left = quota - used;
      // A call dearer than a whole hour's quota goes at the start of an hour rather than never.
      if (points > left && used > 0) {
        wait = Math.max(wait, hourEnd - now);
      } else if (left - points < quota * policy.spreadBelow) {
        wait = Math.max(wait, nextSpreadSlot - now);
      }
    }
    return wait;
  }

  function take(endpoint: string, points: number, now: number): void {
    bucket(endpoint, now).tokens -= 1;
    if (ledger !== undefined && Number.isFinite(quota)) lease -= points;
    else if (Number.isFinite(quota)) {
      const left = quota - used;
      if (left - points < quota * policy.spreadBelow) {
        // Spread what is left of the hour: this call's share of the time left.
        nextSpreadSlot = now + Math.ceil(((hourEnd - now) * points) / Math.max(points, left));
      }
    }
    used += points;
  }

  /** Starts the lease every call of this instance waits for, unless one is under way. */
  function startLease(shared: PointsLedger, need: number, now: number, viewer: boolean, afterTurn = false): Promise<number> {
    // Behind a request that goes ahead, the lease starts on the event loop's next turn: once the request is on its way.
    leasing ??= (afterTurn ? new Promise<void>((resolve) => setImmediate(resolve)).then(() => topUp(shared, need, now, viewer)) : topUp(shared, need, now, viewer)).finally(() => {
      leasing = undefined;
    });
    return leasing;
  }

  return {
    async acquire(endpoint, points, maxWaitMs, options) {
      let waited = 0;
      for (;;) {
        const now = policy.now();
        roll(now);
        let wait = waitFor(endpoint, points, now);
        if (wait <= 0 && ledger !== undefined && Number.isFinite(quota) && lease < points && options?.ahead === true && mayGoAhead && lease - points >= -allowance()) {
          // A viewer's call goes now; the lease that pays for it is taken meanwhile.
          take(endpoint, points, now);
          stats.spentAhead += points;
          startLease(ledger, 1, now, true, true).catch((error: unknown) => {
            backgroundError = error;
          });
          return;
        }
        if (wait <= 0 && ledger !== undefined && Number.isFinite(quota) && lease < points) {
          // One lease at a time per instance; the others wait for it and look again.
          wait = await startLease(ledger, points - lease, now, options?.ahead === true);
          if (wait <= 0) continue;
        }
        if (wait <= 0) {
          take(endpoint, points, now);
          return;
        }
        if (maxWaitMs !== undefined && waited + wait > maxWaitMs) {
          throw new JiraRateLimitError(
            `Jira's rate limits leave no room for ${endpoint} for ${Math.ceil(wait / 1000)} s, longer than this call may wait; try again later`,
            endpoint,
            wait,
          );
        }
        stats.waitedMs += wait;
        waited += wait;
        await policy.sleep(wait);
      }
    },

    settle(reserved, charged, response) {
      const now = policy.now();
      roll(now);
      used = Math.max(0, used - reserved + charged);
      if (ledger !== undefined) lease += reserved - charged;
      stats.requests++;
      stats.points += charged;
      stats.maxPointsInAnHour = Math.max(stats.maxPointsInAnHour, used);

      const burst = Number(header(response, 'X-RateLimit-Limit'));
      if (Number.isFinite(burst) && burst > 0 && burst < policy.requestsPerSecond) {
        policy.requestsPerSecond = burst;
        for (const b of buckets.values()) b.tokens = Math.min(b.tokens, burst);
      }
      const announced = structuredParams(header(response, 'RateLimit-Policy', 'Beta-RateLimit-Policy')).get('q');
      if (announced !== undefined && announced > 0 && announced < quota) quota = announced;
      stats.quota = quota;
      const state = structuredParams(header(response, 'RateLimit', 'Beta-RateLimit'));
      const remaining = state.get('r');
      const resetSeconds = state.get('t');
      if (resetSeconds !== undefined && resetSeconds >= 0 && resetSeconds <= 3600) hourEnd = now + resetSeconds * 1000;
      if (remaining !== undefined && Number.isFinite(quota)) {
        used = Math.max(used, quota - remaining);
        siteFloor = Math.max(siteFloor, quota - remaining);
      }
      // The site says less than a fifth is left: believe it over our own count.
      if (header(response, 'X-RateLimit-NearLimit') === 'true' && Number.isFinite(quota)) {
        used = Math.max(used, quota * (1 - policy.spreadBelow));
        siteFloor = Math.max(siteFloor, quota * (1 - policy.spreadBelow));
      }

      if (response.status === 429) {
        stats.rateLimited++;
        const retryAfter = Number(header(response, 'Retry-After'));
        const reset = Date.parse(header(response, 'X-RateLimit-Reset') ?? '');
        let until = now + (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000);
        if (!Number.isNaN(reset) && reset > until) until = reset;
        pausedUntil = Math.max(pausedUntil, until);
        if ((header(response, 'RateLimit-Reason') ?? '').startsWith('jira-quota-') && Number.isFinite(quota)) {
          used = quota;
          siteFloor = quota;
          lease = Math.min(lease, 0);
        }
      }
    },

    stats: () => ({ ...stats }),

    async settled() {
      if (ledger === undefined) return;
      for (let attempt = 0; attempt < 3; attempt++) {
        while (leasing !== undefined) await leasing.catch(() => undefined);
        roll(policy.now());
        if (lease >= 0 || !Number.isFinite(quota)) return;
        // Spent ahead and not yet paid (the background lease failed): pay now, or say why not.
        const failure = backgroundError;
        backgroundError = undefined;
        try {
          await startLease(ledger, 1, policy.now(), true);
        } catch (error) {
          throw failure ?? error;
        }
      }
      if (lease < 0) throw new Error(`${-lease} points spent ahead of the points ledger could not be written to it`);
    },
  };
}

/** The limiter as a viewer's client uses it: its calls may spend ahead of the ledger (`aheadShare`). */
export function viewerPacing(limiter: RateLimiter): RateLimiter {
  return { ...limiter, acquire: (endpoint, points, maxWaitMs) => limiter.acquire(endpoint, points, maxWaitMs, { ahead: true }) };
}

/** The budget bucket of a request: its method and path template (Jira's burst limits are per endpoint). */
function endpointOf(request: JiraRequest): string {
  return `${request.method} ${request.path.literals.join('{}')}`;
}

function numberIn(source: unknown, name: string): number | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The points a request may cost, from what it asks for. */
function estimateOf(request: JiraRequest, path: string): number {
  const body = request.body as Record<string, unknown> | undefined;
  const ids = body?.issueIdsOrKeys;
  const permissions = request.query?.permissions;
  return estimatePoints({
    method: request.method,
    path,
    maxResults: numberIn(body, 'maxResults') ?? numberIn(request.query, 'maxResults'),
    bulkIds: Array.isArray(ids) ? ids.length : undefined,
    permissionKeys: typeof permissions === 'string' ? permissions.split(',').length : undefined,
  });
}

/** The transport, with every request paced by `limiter`; `maxWaitMs()` bounds each wait (undefined: none). */
export function withPacing(transport: JiraTransport, limiter: RateLimiter, maxWaitMs: () => number | undefined = () => undefined): JiraTransport {
  return {
    ...(transport.siteUrl !== undefined ? { siteUrl: transport.siteUrl } : {}),
    async request(request) {
      const path = encodePath(request.path);
      const reserved = estimateOf(request, path);
      try {
        await limiter.acquire(endpointOf(request), reserved, maxWaitMs());
      } catch (error) {
        if (error instanceof JiraRateLimitError) throw new JiraRateLimitError(`${error.message} (${describeRequest(request)})`, describeRequest(request), error.retryAfterMs);
        throw error;
      }
      let response: JiraResponse;
      try {
        response = await transport.request(request);
      } catch (error) {
        limiter.settle(reserved, 0, { status: 0, header: () => null });
        throw error;
      }
      limiter.settle(reserved, chargedPoints(request.method, path, response.status, response.json), response);
      return response;
    },
  };
}

const siteLimiters = new Map<string, RateLimiter>();

/**
 * The process's limiter for a site (by its URL; inside Forge, where the transport knows no URL,
 * the one site the installation belongs to): every client of the site shares it.
 */
export function siteRateLimiter(site: string): RateLimiter {
  let limiter = siteLimiters.get(site);
  if (limiter === undefined) {
    limiter = createRateLimiter();
    siteLimiters.set(site, limiter);
  }
  return limiter;
}
