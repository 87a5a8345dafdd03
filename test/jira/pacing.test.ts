/**
 * The site's rate limiter: points per hour and requests per second, the site's rate-limit
 * headers, and a scan under an emulated hourly quota (on a fake clock: nothing here waits).
 */
import { rm } from 'node:fs/promises';
import { startEmulator } from '../../dev/emulator/server';
import { createJiraClient, RESOLVER_JIRA_BUDGET_MS } from '../../src/jira/client';
import { JiraRateLimitError } from '../../src/jira/errors';
import { createNodeTransport } from '../../src/jira/node-transport';
import { chargedPoints, estimatePoints } from '../../src/jira/points';
import { createRateLimiter } from '../../src/jira/rate-limiter';
import { scanProject } from '../../src/jira/scan';
import { writeSyntheticSnapshot } from '../emulator/helpers';

const HOUR = 3_600_000;

/** A clock that moves only when someone sleeps (concurrent sleeps overlap, as real ones do). */
function fakeClock(start = Date.UTC(2026, 2, 10, 10, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    sleep: (ms: number) => {
      const until = now + ms;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          now = Math.max(now, until);
          resolve();
        }),
      );
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const ok = (headers: Record<string, string> = {}, status = 200) => ({ status, header: (name: string) => headers[name] ?? null });

describe('the points model', () => {
  test('a read costs 1 point plus 1 per issue or project and 2 per permission', () => {
    expect(chargedPoints('POST', '/rest/api/3/search/jql', 200, { issues: [{}, {}, {}] })).toBe(4);
    expect(chargedPoints('POST', '/rest/api/3/issue/bulkfetch', 200, { issues: new Array(100).fill({}), issueErrors: [] })).toBe(101);
    expect(chargedPoints('GET', '/rest/api/3/project/search', 200, { values: [{}, {}] })).toBe(3);
    expect(chargedPoints('GET', '/rest/api/3/mypermissions', 200, { permissions: { A: {}, B: {} } })).toBe(5);
    expect(chargedPoints('GET', '/rest/api/3/project/SYN/versions', 200, [{}, {}])).toBe(1);
    expect(chargedPoints('GET', '/rest/api/3/issue/SYN-1', 200, {})).toBe(2);
    expect(chargedPoints('POST', '/rest/api/3/search/jql', 400, undefined)).toBe(1);
  });

  test('an approximate count returns no issue objects: 1 point however many it counts, estimated so', () => {
    expect(chargedPoints('POST', '/rest/api/3/search/approximate-count', 200, { count: 100_000 })).toBe(1);
    expect(estimatePoints({ method: 'POST', path: '/rest/api/3/search/approximate-count' })).toBe(1);
    // Against an id-only page of 5,000 ids: 5,001.
    expect(chargedPoints('POST', '/rest/api/3/search/jql', 200, { issues: new Array(5000).fill({ id: '1' }) })).toBe(5001);
  });

  test('the estimate before sending covers the most a request can cost', () => {
    expect(estimatePoints({ method: 'POST', path: '/rest/api/3/search/jql', maxResults: 5000 })).toBe(5001);
    expect(estimatePoints({ method: 'POST', path: '/rest/api/3/issue/bulkfetch', bulkIds: 37 })).toBe(38);
    expect(estimatePoints({ method: 'GET', path: '/rest/agile/1.0/board/7/sprint' })).toBe(1);
  });
});

describe('the rate limiter', () => {
  test('spends requests per second per endpoint as a token bucket', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 10, now: clock.now, sleep: clock.sleep });
    const t0 = clock.now();
    for (let i = 0; i < 30; i++) {
      await limiter.acquire('GET /rest/api/3/field', 1);
      limiter.settle(1, 1, ok());
    }
    // 10 at once (the bucket), then 10 a second: 20 more take 2 s.
    expect(clock.now() - t0).toBe(2000);
    // Another endpoint has its own bucket.
    await limiter.acquire('GET /rest/api/3/issuetype', 1);
    expect(clock.now() - t0).toBe(2000);
  });

  test("without a configured rate, follows the site's X-RateLimit-Limit", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    const t0 = clock.now();
    for (let i = 0; i < 50; i++) {
      await limiter.acquire('GET /rest/api/3/field', 1);
      limiter.settle(1, 1, ok());
    }
    expect(clock.now()).toBe(t0);
    limiter.settle(0, 0, ok({ 'X-RateLimit-Limit': '10' }));
    for (let i = 0; i < 30; i++) {
      await limiter.acquire('GET /rest/api/3/field', 1);
      limiter.settle(1, 1, ok());
    }
    expect(clock.now() - t0).toBeGreaterThanOrEqual(2000);
  });

  test('never spends more points in a UTC hour than the quota, and spreads the last fifth over the hour', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ pointsPerHour: 1000, now: clock.now, sleep: clock.sleep });
    const spentAt: number[] = [];
    for (let i = 0; i < 20; i++) {
      await limiter.acquire('POST /rest/api/3/search/jql', 100);
      spentAt.push(clock.now());
      limiter.settle(100, 100, ok());
    }
    const hourOf = (t: number) => Math.floor(t / HOUR);
    const perHour = new Map<number, number>();
    for (const t of spentAt) perHour.set(hourOf(t), (perHour.get(hourOf(t)) ?? 0) + 100);
    expect(Math.max(...perHour.values())).toBeLessThanOrEqual(1000);
    expect(perHour.size).toBe(2);
    // The first 800 points go at once; the last two requests of the hour wait, spread over it.
    expect(spentAt.slice(0, 8).every((t) => t === spentAt[0])).toBe(true);
    expect(spentAt[8]! - spentAt[0]!).toBe(0);
    expect(spentAt[9]! - spentAt[8]!).toBeGreaterThan(10 * 60_000);
    expect(limiter.stats().maxPointsInAnHour).toBeLessThanOrEqual(1000);
  });

  test("reads the site's quota, its count and its near-limit flag, and slows down before a 429", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    await limiter.acquire('GET /x', 1);
    limiter.settle(1, 1, ok({ 'RateLimit-Policy': '"tenant-app-quota";q=5000;w=3600', RateLimit: '"tenant-app-quota";r=300;t=1200' }));
    expect(limiter.stats().quota).toBe(5000);
    // 300 points left, 20 minutes to the reset: a 101-point request waits for the spread, not a 429.
    const t0 = clock.now();
    await limiter.acquire('POST /rest/api/3/search/jql', 101);
    limiter.settle(101, 101, ok());
    await limiter.acquire('POST /rest/api/3/search/jql', 101);
    expect(clock.now() - t0).toBeGreaterThan(60_000);
    // Past the announced reset, the hour starts afresh.
    limiter.settle(101, 101, ok());
    await limiter.acquire('POST /rest/api/3/search/jql', 101);
    expect(clock.now()).toBeLessThanOrEqual(t0 + 1200_000 + 1);

    const near = createRateLimiter({ pointsPerHour: 1000, now: clock.now, sleep: clock.sleep });
    await near.acquire('GET /x', 1);
    near.settle(1, 1, ok({ 'X-RateLimit-NearLimit': 'true' }));
    const t1 = clock.now();
    await near.acquire('GET /x', 100);
    near.settle(100, 100, ok());
    await near.acquire('GET /x', 100);
    expect(clock.now()).toBeGreaterThan(t1);
  });

  test('a 429 pauses every call until its Retry-After; a quota 429 until the reset', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    await limiter.acquire('GET /a', 1);
    limiter.settle(1, 1, ok({ 'Retry-After': '7', 'RateLimit-Reason': 'jira-burst-based' }, 429));
    const t0 = clock.now();
    await limiter.acquire('GET /b', 1);
    expect(clock.now() - t0).toBe(7000);
    limiter.settle(1, 1, ok({ 'Retry-After': '1800', 'RateLimit-Reason': 'jira-quota-tenant-based', 'X-RateLimit-Reset': '2026-03-10T11:00Z' }, 429));
    await limiter.acquire('GET /c', 1);
    expect(new Date(clock.now()).toISOString()).toBe('2026-03-10T11:00:00.000Z');
    expect(limiter.stats().rateLimited).toBe(2);
  });

  test('a wait longer than the caller may wait fails at once with JiraRateLimitError', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ pointsPerHour: 100, now: clock.now, sleep: clock.sleep });
    await limiter.acquire('GET /a', 100);
    limiter.settle(100, 100, ok());
    const t0 = clock.now();
    await expect(limiter.acquire('GET /a', 10, RESOLVER_JIRA_BUDGET_MS)).rejects.toThrow(JiraRateLimitError);
    expect(clock.now()).toBe(t0);
  });
});

describe('under an emulated hourly quota', () => {
  test('a scan that needs twice the quota finishes later, never fails and never exceeds the quota', async () => {
    const dir = await writeSyntheticSnapshot(3000, 40);
    const clock = fakeClock();
    const free = await startEmulator({ snapshotDir: dir, now: clock.now, rateLimits: {} });
    let needed: number;
    let expected: unknown;
    try {
      expected = await scanProject(createJiraClient(createNodeTransport({ baseUrl: free.url }), { retry: { now: clock.now, sleep: clock.sleep } }), 'SYN');
      needed = free.counters.points;
    } finally {
      await free.close();
    }
    const quota = Math.ceil(needed / 2);
    const emulator = await startEmulator({ snapshotDir: dir, now: clock.now, rateLimits: { pointsPerHour: quota } });
    try {
      const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
      const client = createJiraClient(createNodeTransport({ baseUrl: emulator.url }), { retry: { now: clock.now, sleep: clock.sleep, maxAttempts: 1 }, pacing: limiter });
      const started = clock.now();
      const raw = await scanProject(client, 'SYN');
      expect({ ...raw, siteUrl: 'same' }).toEqual({ ...(expected as object), siteUrl: 'same' });
      expect(clock.now() - started).toBeGreaterThan(HOUR / 2);
      expect(Object.keys(emulator.counters.pointsByHour).length).toBeGreaterThanOrEqual(2);
      expect(emulator.counters.rateLimited).toBe(0);
      for (const points of Object.values(emulator.counters.pointsByHour)) expect(points).toBeLessThanOrEqual(quota);
      expect(limiter.stats().quota).toBe(quota);
    } finally {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a resolver whose wait would pass its 20 s budget answers RATE_LIMITED at once', async () => {
    const dir = await writeSyntheticSnapshot(20, 5);
    const clock = fakeClock();
    const emulator = await startEmulator({ snapshotDir: dir, now: clock.now, rateLimits: { pointsPerHour: 4 } });
    try {
      const client = createJiraClient(createNodeTransport({ baseUrl: emulator.url }), {
        retry: { now: clock.now, sleep: clock.sleep, budgetMs: RESOLVER_JIRA_BUDGET_MS },
        pacing: createRateLimiter({ now: clock.now, sleep: clock.sleep }),
      });
      await client.project('SYN');
      await client.project('SYN');
      const t0 = clock.now();
      await expect(client.project('SYN')).rejects.toThrow(JiraRateLimitError);
      expect(clock.now() - t0).toBeLessThan(RESOLVER_JIRA_BUDGET_MS);
      expect(emulator.counters.rateLimited).toBe(0);
    } finally {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
