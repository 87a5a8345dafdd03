/**
 * The hourly points budget shared by every function instance (src/jira/shared-budget.ts, src/storage/points-ledger.ts): the
 * lease rule, the chain in storage under races, and several limiters — each with its own memory,
 * as Forge's instances have — spending one site's quota at once on a virtual clock.
 */
import { decideLease, type LeaseRequest } from '../../src/jira/shared-budget';
import { sharedPointsLedger } from '../../src/storage/points-ledger';
import { AHEAD_MARGIN, createRateLimiter, viewerPacing, type RateLimiter } from '../../src/jira/rate-limiter';
import { paceKeys } from '../../src/storage/keys';
import { kvsKeyValueStore, MemoryKeyValueStore, type KeyValueStore, type KvsLike } from '../../src/storage/key-value';
import { prng } from '../../dev/prng';
import { virtualClock } from '../helpers/virtual-clock';
import { slow } from '../helpers/slow-store';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 30, 21, 0, 0);
const ok = (headers: Record<string, string> = {}, status = 200) => ({ status, header: (name: string) => headers[name] ?? null });

const request = (over: Partial<LeaseRequest> = {}): LeaseRequest => ({
  hourStart: START,
  hourEnd: START + HOUR,
  need: 101,
  want: 500,
  quota: 10_000,
  spreadBelow: 0.2,
  floor: 0,
  now: START,
  ...over,
});
const lease = (total: number, nextAt = 0, quota = 10_000) => ({ total, quota, nextAt, at: START });

describe('the lease rule', () => {
  test('grants what is wanted while more than a fifth of the quota stays left, then up to the fifth', () => {
    expect(decideLease(lease(0), request())).toEqual({ kind: 'grant', points: 500, next: lease(500) });
    expect(decideLease(lease(7_700), request())).toMatchObject({ kind: 'grant', points: 300, next: { total: 8_000 } });
  });

  test('in the last fifth: small leases, each after the previous one\'s share of the time left', () => {
    const first = decideLease(lease(8_000), request({ now: START + HOUR / 2 }));
    // 2,000 left over 30 minutes: a lease of 250 points (an eighth of the fifth) moves the next by 250/2000 of them.
    expect(first).toEqual({ kind: 'grant', points: 250, next: { total: 8_250, quota: 10_000, nextAt: START + HOUR / 2 + 225_000, at: START + HOUR / 2 } });
    expect(decideLease(lease(8_250, START + HOUR / 2 + 225_000), request({ now: START + HOUR / 2 + 1 }))).toEqual({ kind: 'wait', until: START + HOUR / 2 + 225_000 });
  });

  test('a spent hour waits for the next; a request dearer than the whole quota goes at the start of an hour', () => {
    expect(decideLease(lease(9_950), request())).toEqual({ kind: 'wait', until: START + HOUR });
    expect(decideLease(lease(0), request({ need: 12_000, want: 12_000 }))).toMatchObject({ kind: 'grant', points: 12_000 });
  });

  test('points spent ahead of the ledger are recorded even when the hour has no room; leases leave the margin to them', () => {
    // The hour spent up to its margin of 300: a lease waits, a record of 120 points spent ahead is written, and nothing more.
    expect(decideLease(lease(9_700), request({ margin: 300 }))).toEqual({ kind: 'wait', until: START + HOUR });
    expect(decideLease(lease(9_700), request({ margin: 300, need: 1, owed: 120 }))).toEqual({ kind: 'grant', points: 120, next: lease(9_820) });
    // In the spread, before the next slot: the same.
    expect(decideLease(lease(8_500, START + 60_000), request({ need: 1, owed: 40 }))).toEqual({ kind: 'grant', points: 40, next: lease(8_540, START + 60_000) });
    // With room, what is owed comes with the lease.
    expect(decideLease(lease(1_000), request({ need: 1, want: 254, owed: 107 }))).toMatchObject({ kind: 'grant', points: 254, next: { total: 1_254 } });
    expect(decideLease(lease(1_000), request({ need: 1, want: 50, owed: 107 }))).toMatchObject({ kind: 'grant', points: 107 });
    // A record never counts as the hour's first request dearer than the quota.
    expect(decideLease(lease(0), request({ quota: 100, need: 1, want: 1, owed: 150 }))).toMatchObject({ kind: 'grant', points: 150 });
  });

  test("the site's count lifts the ledger's, and the lowest quota anyone has seen wins", () => {
    expect(decideLease(lease(1_000), request({ floor: 5_000 }))).toMatchObject({ kind: 'grant', next: { total: 5_500 } });
    expect(decideLease(lease(1_000, 0, 4_000), request())).toMatchObject({ kind: 'grant', points: 500, next: { total: 1_500, quota: 4_000 } });
    expect(decideLease(lease(3_000, 0, 4_000), request())).toMatchObject({ kind: 'grant', points: 200, next: { total: 3_200 } });
  });
});

describe('the chain in storage', () => {
  test('ledgers racing for the same lease never take the same points; each lost race costs one read', async () => {
    const store = new MemoryKeyValueStore();
    const kv = slow(store);
    const ledgers = Array.from({ length: 5 }, () => sharedPointsLedger(kv));
    const granted = await Promise.all(ledgers.flatMap((ledger) => [1, 2, 3].map(async () => ledger.lease(request({ want: 400 })))));
    const sum = granted.reduce((n, answer) => n + answer.granted, 0);
    // 15 leases of 400: the chain holds them all, one after another, and the hint names its end.
    expect(sum).toBe(6_000);
    const chain = [];
    for (let n = 1; ; n++) {
      const value = await store.get<{ total: number }>(paceKeys.lease(START, n));
      if (value === undefined) break;
      chain.push(value.total);
    }
    expect(chain).toEqual(Array.from({ length: 15 }, (_, i) => 400 * (i + 1)));
    expect(store.counts.refused).toBeGreaterThan(0);
    expect(await store.get(paceKeys.tail(START))).toMatchObject({ total: expect.any(Number) });
  });

  test('a new instance starts from the hint and catches up a stale one; points given back return to the hour', async () => {
    const store = new MemoryKeyValueStore();
    const first = sharedPointsLedger(store);
    await first.lease(request({ want: 1_000 }));
    const hint = await store.get(paceKeys.tail(START));
    await first.lease(request({ want: 1_000 }));
    await first.lease(request({ want: 1_000 }));
    await store.set(paceKeys.tail(START), hint); // a hint two leases behind
    const late = sharedPointsLedger(store);
    expect(await late.lease(request({ want: 1_000 }))).toEqual({ granted: 1_000, total: 4_000, quota: 10_000 });
    expect(late.storageCalls()).toBe(1 + 2 * 2 + 2); // the hint; two refused writes and their reads; the write and the hint
    await late.giveBack(START, 600, START);
    expect(await first.lease(request({ want: 1_000 }))).toMatchObject({ granted: 1_000, total: 4_400 });
  });

  test('every key expires two hours after it is written, and the Forge adapter asks KVS for that TTL', async () => {
    const clock = virtualClock(START);
    const store = new MemoryKeyValueStore({ now: clock.now });
    await sharedPointsLedger(store).lease(request());
    expect(store.size('pace:').keys).toBe(2);
    await clock.sleep(2 * HOUR);
    expect(await store.get(paceKeys.lease(START, 1))).toBeUndefined();
    expect(await store.keys('pace:')).toEqual([]);

    const calls: unknown[] = [];
    const kvs: KvsLike = {
      get: async () => undefined,
      set: async (key, _value, options) => void calls.push([key, options]),
      delete: async () => undefined,
      query: () => {
        throw new Error('not used');
      },
    };
    await sharedPointsLedger(kvsKeyValueStore(kvs)).lease(request());
    expect(calls).toEqual([
      [paceKeys.lease(START, 1), { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 7200, unit: 'SECONDS' } }],
      [paceKeys.tail(START), { keyPolicy: 'OVERRIDE', ttl: { value: 7200, unit: 'SECONDS' } }],
    ]);
  });
});

/** A store that writes down each call's key in `log` (shared with what the test logs of its Jira requests). */
function logged(kv: KeyValueStore, log: string[]): KeyValueStore {
  return {
    get: (key) => (log.push(`kvs ${key}`), kv.get(key)),
    set: (key, value, options) => (log.push(`kvs ${key}`), kv.set(key, value, options)),
    setIfAbsent: (key, value, options) => (log.push(`kvs ${key}`), kv.setIfAbsent(key, value, options)),
    delete: (key) => (log.push(`kvs ${key}`), kv.delete(key)),
    keys: (prefix) => (log.push(`kvs ${prefix}*`), kv.keys(prefix)),
  };
}

describe("a viewer's calls ahead of the ledger", () => {
  const QUOTA = 65_000;
  const AHEAD = 1 / 512; // 126 points of 65,000
  const fresh = (kv: KeyValueStore, clock: ReturnType<typeof virtualClock>) =>
    createRateLimiter({ pointsPerHour: QUOTA, requestsPerSecond: 100, aheadShare: AHEAD, ledger: sharedPointsLedger(kv), now: clock.now, sleep: clock.sleep });

  test('a fresh instance sends its first viewer request before any storage call; the lease is written meanwhile and settled() waits for it', async () => {
    const clock = virtualClock(START);
    const store = new MemoryKeyValueStore({ now: clock.now });
    const log: string[] = [];
    const limiter = fresh(slow(logged(store, log)), clock);
    const viewer = viewerPacing(limiter);
    await viewer.acquire('GET /rest/api/3/issue/{}', 2);
    log.push('jira GET issue');
    // The panel's next round: the children's search and an ancestor, as the first answer arrives.
    await Promise.all([viewer.acquire('POST /rest/api/3/search/jql', 101), viewer.acquire('GET /rest/api/3/issue/{}', 2)]);
    log.push('jira search, GET issue');
    expect(log[0]).toBe('jira GET issue');
    expect(limiter.stats().spentAhead).toBe(105);
    await limiter.settled();
    // Everything spent is in the ledger now: the lease paid what went ahead.
    const tail = await store.get<{ total: number }>(paceKeys.tail(START));
    expect(tail!.total).toBeGreaterThanOrEqual(105);
    expect(limiter.stats().leased).toBe(tail!.total);
    expect(log.filter((l) => l.startsWith('kvs'))).toEqual([`kvs ${paceKeys.tail(START)}`, `kvs ${paceKeys.lease(START, 1)}`, `kvs ${paceKeys.tail(START)}`]);
  });

  test("the app's calls, and a viewer's beyond the allowance, wait for their lease", async () => {
    const clock = virtualClock(START);
    const log: string[] = [];
    const kv = slow(logged(new MemoryKeyValueStore({ now: clock.now }), log));
    await fresh(kv, clock).acquire('GET /rest/api/3/project/{}', 2);
    log.push('jira app');
    expect(log.indexOf('jira app')).toBe(3); // the hint, the lease, the hint: 3 calls before the request
    log.length = 0;
    await viewerPacing(fresh(kv, clock)).acquire('POST /rest/api/3/issue/bulkfetch', 1 + 100 + 100);
    log.push('jira viewer');
    expect(log.indexOf('jira viewer')).toBeGreaterThan(0);
  });

  test("once a lease shows the app's part of the hour leased, viewer calls wait for their lease again, from the viewers' slice", async () => {
    const clock = virtualClock(START);
    const store = new MemoryKeyValueStore({ now: clock.now });
    // Other instances leased all the app may: the quota less the viewers' slice (a 32nd) and the margin (16 allowances).
    const appPart = QUOTA - Math.floor(QUOTA / 32) - AHEAD_MARGIN * Math.floor(QUOTA * AHEAD);
    await sharedPointsLedger(store).lease(request({ quota: QUOTA, want: appPart, need: appPart }));
    const limiter = createRateLimiter({ pointsPerHour: QUOTA, requestsPerSecond: 100, aheadShare: AHEAD, viewerShare: 1 / 32, ledger: sharedPointsLedger(store), now: clock.now, sleep: clock.sleep });
    const viewer = viewerPacing(limiter);
    await viewer.acquire('GET /rest/api/3/issue/{}', 2); // ahead: this instance knew nothing of the hour
    expect(limiter.stats().storageCalls).toBe(0);
    await limiter.settled();
    const calls = limiter.stats().storageCalls;
    // Its lease recorded what it owed and no more; the next call leases first, what it needs, from the slice.
    expect(limiter.stats().leased).toBe(2);
    await viewer.acquire('POST /rest/api/3/search/jql', 101);
    expect(limiter.stats().storageCalls).toBeGreaterThan(calls);
    expect(limiter.stats().leased).toBe(103);
    expect(limiter.stats().spentAhead).toBe(2);
    // The app's calls of the same hour get nothing from the slice.
    const app = createRateLimiter({ pointsPerHour: QUOTA, aheadShare: AHEAD, viewerShare: 1 / 32, ledger: sharedPointsLedger(store), now: clock.now, sleep: clock.sleep });
    await expect(app.acquire('POST /rest/api/3/search/jql', 101, 20_000)).rejects.toThrow(/leave no room/);
  });

  test('a background lease that fails is paid by settled(), or settled() says it could not be', async () => {
    const clock = virtualClock(START);
    const store = new MemoryKeyValueStore({ now: clock.now });
    let failing = 1;
    const flaky: KeyValueStore = {
      ...store,
      get: (key) => store.get(key),
      set: (key, value, options) => store.set(key, value, options),
      setIfAbsent: async (key, value, options) => {
        if (failing-- > 0) throw new Error('KVS is unavailable');
        return store.setIfAbsent(key, value, options);
      },
      delete: (key) => store.delete(key),
      keys: (prefix) => store.keys(prefix),
    };
    const limiter = fresh(flaky, clock);
    await viewerPacing(limiter).acquire('GET /rest/api/3/issue/{}', 2);
    await limiter.settled();
    expect((await store.get<{ total: number }>(paceKeys.tail(START)))!.total).toBeGreaterThanOrEqual(2);

    failing = 10;
    const broken = fresh(flaky, clock);
    await viewerPacing(broken).acquire('GET /rest/api/3/issue/{}', 2);
    await expect(broken.settled()).rejects.toThrow('KVS is unavailable');
  });
});

/**
 * `instances` limiters, each with its own memory, each running `workers` calls at once, spend
 * `work` points each (requests estimated at 101 points, answered at `charge(i)`): when each
 * point was spent, by UTC hour, and the limiters' stats.
 */
async function spendAtOnce(instances: RateLimiter[], workers: number, work: number, charge: (i: number) => number, clock: ReturnType<typeof virtualClock>, spent?: (points: number) => void) {
  const spentByHour = new Map<number, number>();
  let requests = 0;
  await Promise.all(
    instances.flatMap((limiter) => {
      let left = work;
      return Array.from({ length: workers }, async () => {
        while (left > 0) {
          left -= 101;
          await limiter.acquire('POST /rest/api/3/search/jql', 101);
          const charged = charge(requests++);
          const hour = Math.floor(clock.now() / HOUR);
          spentByHour.set(hour, (spentByHour.get(hour) ?? 0) + charged);
          spent?.(charged);
          limiter.settle(101, charged, ok());
          await clock.sleep(40); // the request's round trip
        }
      });
    }),
  );
  return { spentByHour, requests };
}

describe('several instances spending one site budget at once', () => {
  /** The global pool's hourly points. */
  const QUOTA = 65_000;

  test('six instances never spend more than the hour\'s quota together, and all finish later, with few storage calls', async () => {
    const clock = virtualClock(START);
    const store = new MemoryKeyValueStore({ now: clock.now });
    const random = prng(7);
    const kv = slow(store);
    const instances = Array.from({ length: 6 }, () => createRateLimiter({ pointsPerHour: QUOTA, requestsPerSecond: 100, ledger: sharedPointsLedger(kv, { sleep: clock.sleep, random }), now: clock.now, sleep: clock.sleep }));
    // 6 × 30,000 points is nearly three hours of the quota; answers cost 60 to 101 of the 101 reserved.
    const { spentByHour, requests } = await spendAtOnce(instances, 2, 30_000, (i) => 60 + ((i * 37) % 42), clock);
    const total = [...spentByHour.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2 * QUOTA);
    for (const points of spentByHour.values()) expect(points).toBeLessThanOrEqual(QUOTA);
    expect(spentByHour.size).toBeGreaterThanOrEqual(3);
    expect(clock.now() - START).toBeGreaterThan(2 * HOUR);
    const storageCalls = instances.reduce((n, limiter) => n + limiter.stats().storageCalls, 0);
    // About 0.4 (a hint read, a lease write and a hint write per lease of up to 4,062 points, and the races at the start of each hour).
    expect(storageCalls / requests).toBeLessThan(0.5);
  });

  test('fresh resolver instances spending ahead of the ledger beside six scans keep every hour within the quota', async () => {
    const clock = virtualClock(START);
    const store = new MemoryKeyValueStore({ now: clock.now });
    const random = prng(11);
    const kv = slow(store);
    const AHEAD = 1 / 512;
    // Scans' storage calls let the event loop turn (they interleave); a viewer's answer at once (on the virtual clock, a
    // turn of the loop lets the scans' sleeps move time on, which would stretch a panel over minutes).
    const instance = (store: KeyValueStore) => createRateLimiter({ pointsPerHour: QUOTA, requestsPerSecond: 100, aheadShare: AHEAD, viewerShare: 1 / 32, ledger: sharedPointsLedger(store, { sleep: clock.sleep, random }), now: clock.now, sleep: clock.sleep });
    const scans = Array.from({ length: 6 }, () => instance(kv));
    const spentByHour = new Map<number, number>();
    const spend = (points: number) => {
      const hour = Math.floor(clock.now() / HOUR);
      spentByHour.set(hour, (spentByHour.get(hour) ?? 0) + points);
    };
    let scansDone = false;
    let viewers = 0;
    let viewersAhead = 0;
    let viewersRefused = 0;
    // A new resolver instance every minute (cold starts), each an issue panel: 2, then 101 and 2 at once, then 2 and 2 points.
    const views = (async () => {
      while (!scansDone) {
        const limiter = instance(store);
        const viewer = viewerPacing(limiter);
        viewers++;
        const call = async (points: number) => {
          await viewer.acquire('GET /x', points, 20_000);
          spend(points);
          limiter.settle(points, points, ok());
          await clock.sleep(40);
        };
        try {
          await call(2);
          await Promise.all([call(101), call(2)]);
          await call(2);
          await call(2);
        } catch {
          viewersRefused++; // RATE_LIMITED: the hour is spent
        }
        await limiter.settled();
        if (limiter.stats().spentAhead > 0) viewersAhead++;
        await clock.sleep(60_000);
      }
    })();
    const work = (async () => {
      await spendAtOnce(scans, 2, 30_000, () => 101, clock, spend);
      scansDone = true;
    })();
    await Promise.all([work, views]);
    for (const points of spentByHour.values()) expect(points).toBeLessThanOrEqual(QUOTA);
    expect(spentByHour.size).toBeGreaterThanOrEqual(3);
    expect(viewers).toBeGreaterThan(60);
    // Every one of them sent its first request before any storage call, and the viewers' slice kept the pages answering.
    expect(viewersAhead).toBe(viewers);
    expect(viewersRefused).toBeLessThan(viewers / 10);
  });

  test('the margin the leases leave holds what 16 fresh instances spend ahead at once in a spent hour', async () => {
    const clock = virtualClock(START);
    const store = new MemoryKeyValueStore({ now: clock.now });
    const AHEAD = 1 / 512;
    const allowance = Math.floor(QUOTA * AHEAD);
    // Every lease the app and the viewers may take is taken: only the margin is left.
    await sharedPointsLedger(store).lease(request({ quota: QUOTA, need: QUOTA - AHEAD_MARGIN * allowance, want: QUOTA - AHEAD_MARGIN * allowance }));
    const instances = Array.from({ length: AHEAD_MARGIN }, () => createRateLimiter({ pointsPerHour: QUOTA, aheadShare: AHEAD, viewerShare: 1 / 32, ledger: sharedPointsLedger(slow(store)), now: clock.now, sleep: clock.sleep }));
    await Promise.all(instances.map((limiter) => viewerPacing(limiter).acquire('POST /rest/api/3/search/jql', allowance)));
    await Promise.all(instances.map((limiter) => limiter.settled()));
    let last = { total: 0 };
    for (let n = 1; ; n++) {
      const lease = await store.get<{ total: number }>(paceKeys.lease(START, n));
      if (lease === undefined) break;
      last = lease;
    }
    // All of it recorded (the chain's last lease), none over the quota; and each instance now knows the hour is spent.
    expect(last.total).toBe(QUOTA - AHEAD_MARGIN * allowance + AHEAD_MARGIN * allowance);
    expect(last.total).toBeLessThanOrEqual(QUOTA);
    await expect(viewerPacing(instances[0]!).acquire('GET /rest/api/3/issue/{}', 2, 20_000)).rejects.toThrow(/leave no room/);
  });

  test('without the ledger, the same instances each count their own hour and together spend several quotas in it', async () => {
    const clock = virtualClock(START);
    const instances = Array.from({ length: 6 }, () => createRateLimiter({ pointsPerHour: QUOTA, now: clock.now, sleep: clock.sleep }));
    const { spentByHour } = await spendAtOnce(instances, 2, 30_000, () => 101, clock);
    expect(Math.max(...spentByHour.values())).toBeGreaterThan(2 * QUOTA);
  });

  test("a site that says it is nearly spent stops every instance, not only the one that read it", async () => {
    const clock = virtualClock(START);
    const kv = new MemoryKeyValueStore({ now: clock.now });
    const [a, b] = [0, 1].map(() => createRateLimiter({ pointsPerHour: QUOTA, requestsPerSecond: 100, ledger: sharedPointsLedger(kv), now: clock.now, sleep: clock.sleep })) as [RateLimiter, RateLimiter];
    await a.acquire('GET /x', 2);
    a.settle(2, 2, ok({ RateLimit: '"tenant-app-quota";r=100;t=3000' }));
    // a's lease is spent down; its next lease carries the site's count into the ledger.
    while (a.stats().leased - a.stats().points > 0) {
      await a.acquire('GET /x', 1);
      a.settle(1, 1, ok());
    }
    const t0 = clock.now();
    await a.acquire('GET /x', 1);
    await b.acquire('POST /rest/api/3/search/jql', 101);
    expect(clock.now() - t0).toBeGreaterThan(10 * 60_000);
  });
});
