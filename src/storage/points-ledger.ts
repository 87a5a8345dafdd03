/**
 * The site's hourly points, shared by every instance of the app's functions.
 *
 * On Forge each function instance (a resolver call, a consumer invocation of the site queue, the
 * daily trigger) has its own memory, so a limiter that counts the hour's points in memory lets
 * N instances spend N times the site's quota together. The ledger keeps the hour's count in
 * storage instead, as one append-only chain of leases per UTC hour:
 *
 *   pace:HOUR:000001, pace:HOUR:000002, …   each { total, quota, nextAt, at }
 *
 * Lease n + 1 is written set-if-absent (KVS `keyPolicy: 'FAIL_IF_EXISTS'`, atomic) from lease n:
 * its `total` is lease n's plus the points it grants. Two instances that extend the chain from the
 * same lease race for the same key, and only one write lands; the other reads the winner's lease
 * and tries again from there. So the chain is a linearisable counter: no two instances take the
 * same points, and the chain's last `total` bounds what all of them may spend in the hour. An
 * instance spends its lease in memory (the limiter's per-request pacing) and comes back for
 * another only when it runs out — a handful of storage calls per lease, never one per request.
 *
 * `pace:HOUR:tail` is a hint (last write wins) copying a recent lease, read before each lease so
 * an instance starts near the end of the chain rather than where it last was; a stale hint costs
 * one refused write and one read per lease it lags, and an instance that lost a race waits a
 * random moment before the next try. Every key expires two hours after it is written (KVS TTL).
 *
 * What a lease may be is the rule of src/jira/shared-budget.ts, which every instance applies to
 * the chain's last lease.
 */
import { z } from 'zod';
import { decideLease, type Decision, type Lease, type PointsLedger } from '../jira/shared-budget';
import { paceKeys } from './keys';
import type { KeyValueStore } from './key-value';

/** What the ledger needs of storage: reads, and writes with a TTL, one of them set-if-absent. */
export type LedgerStore = Pick<KeyValueStore, 'get' | 'set' | 'setIfAbsent'>;

/** Leases outlive their hour by one more (a clock a little off still finds them), then KVS drops them. */
const LEASE_TTL_SECONDS = 2 * 3600;
/**
 * After a refused write an instance waits a random part of this (doubling with each refusal in a
 * row, up to 16 times) before it tries again: instances that ran out of points at the same moment
 * stop colliding on every lease that follows.
 */
const BACKOFF_MS = 20;
/** A chain this much longer than an instance's view in one call means something is wrong. */
const MAX_STEPS = 1000;

const leaseSchema = z.object({
  /** Points leased in the hour so far, all instances together. */
  total: z.number().nonnegative(),
  /** The hour's quota as the instance that wrote this lease knew it (the lowest seen wins). */
  quota: z.number().positive(),
  /** In the spread-out last fifth: the earliest time (epoch ms) the next lease may be taken. */
  nextAt: z.number(),
  /** When it was written (epoch ms). */
  at: z.number(),
});
const tailSchema = leaseSchema.extend({ n: z.number().int().positive() });

function parse(value: unknown, what: string): Lease | undefined {
  if (value === undefined) return undefined;
  const parsed = leaseSchema.safeParse(value);
  if (!parsed.success) throw new Error(`points ledger: ${what} is not a lease: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export interface LedgerOptions {
  log?: (message: string) => void;
  /** Waits between refused writes (the limiter's sleep). Default: none. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The ledger over the app's storage (Forge: KVS; locally the runtime's store, with KVS's semantics). */
export function sharedPointsLedger(store: LedgerStore, options: LedgerOptions = {}): PointsLedger {
  const log = options.log ?? (() => undefined);
  const random = options.random ?? Math.random;
  let calls = 0;
  /** The last lease of the chain this instance knows of. */
  let known: { hourStart: number; n: number; lease: Lease } | undefined;

  async function get(key: string): Promise<unknown> {
    calls++;
    return store.get<unknown>(key);
  }

  /**
   * Where this instance starts: the later of the hint and the lease it saw last in the hour, else
   * the chain's start. The hint is read every time: while others lease too, it is one read
   * instead of a refused write and a read for each lease this instance missed.
   */
  async function start(hourStart: number): Promise<{ n: number; lease: Lease }> {
    const mine = known?.hourStart === hourStart ? known : undefined;
    const hint = await get(paceKeys.tail(hourStart));
    const parsed = hint === undefined ? undefined : tailSchema.safeParse(hint);
    if (parsed !== undefined && !parsed.success) log(`[pacing] ignored a malformed ledger hint: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const hinted = parsed?.success ? { n: parsed.data.n, lease: leaseSchema.parse(parsed.data) } : undefined;
    const best = hinted !== undefined && hinted.n > (mine?.n ?? 0) ? hinted : (mine ?? { n: 0, lease: { total: 0, quota: Number.MAX_SAFE_INTEGER, nextAt: 0, at: 0 } });
    known = { hourStart, ...best };
    return best;
  }

  /** Appends the lease `decide` makes from the chain's last one; returns what was written, or why not. */
  async function append(hourStart: number, decide: (last: Lease) => Decision): Promise<{ written: Lease; points: number } | { waitUntil: number; last: Lease }> {
    let { n, lease } = await start(hourStart);
    for (let step = 0; step < MAX_STEPS; step++) {
      const decision = decide(lease);
      if (decision.kind === 'wait') return { waitUntil: decision.until, last: lease };
      calls++;
      if (await store.setIfAbsent(paceKeys.lease(hourStart, n + 1), decision.next, { ttlSeconds: LEASE_TTL_SECONDS })) {
        known = { hourStart, n: n + 1, lease: decision.next };
        calls++;
        await store.set(paceKeys.tail(hourStart), { n: n + 1, ...decision.next }, { ttlSeconds: LEASE_TTL_SECONDS });
        return { written: decision.next, points: decision.points };
      }
      // Another instance took lease n + 1 first: go on from its lease, a moment later.
      if (options.sleep) await options.sleep(Math.ceil(random() * BACKOFF_MS * 2 ** Math.min(step, 4)));
      const taken = parse(await get(paceKeys.lease(hourStart, n + 1)), paceKeys.lease(hourStart, n + 1));
      if (taken === undefined) throw new Error(`points ledger: ${paceKeys.lease(hourStart, n + 1)} was refused as taken but reads as absent`);
      n += 1;
      lease = taken;
      known = { hourStart, n, lease };
    }
    throw new Error(`points ledger: the chain of ${paceKeys.hour(hourStart)} grew by ${MAX_STEPS} leases while this instance tried to add one`);
  }

  return {
    async lease(request) {
      const out = await append(request.hourStart, (last) => decideLease(last, request));
      if ('written' in out) return { granted: out.points, total: out.written.total, quota: out.written.quota };
      return { granted: 0, retryAt: out.waitUntil, total: out.last.total, quota: out.last.quota };
    },
    async giveBack(hourStart, points, now) {
      if (points <= 0 || known?.hourStart !== hourStart) return;
      await append(hourStart, (last) => ({ kind: 'grant', points: 0, next: { ...last, total: Math.max(0, last.total - points), at: now } }));
    },
    storageCalls: () => calls,
  };
}
