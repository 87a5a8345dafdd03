import { JiraNetworkError, JiraRateLimitError, JiraUnavailableError } from '../../src/jira/errors';
import { backoffDelay, parseRetryAfter, withRetry, type RetryPolicy } from '../../src/jira/retry';
import { jiraPath, type JiraRequest, type JiraResponse, type JiraTransport } from '../../src/jira/transport';

/** A fake clock: sleeping advances it, nothing waits. */
function fakeClock(start = Date.UTC(2025, 3, 1, 12, 0, 0)) {
  let now = start;
  const sleeps: number[] = [];
  const policy: Partial<RetryPolicy> = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
  return { policy, sleeps, now: () => now };
}

function response(status: number, headers: Record<string, string> = {}, json: unknown = {}): JiraResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, header: (name) => lower[name.toLowerCase()] ?? null, json, text: JSON.stringify(json) };
}

/** A transport that plays a script of responses (or network failures), one per request. */
function scripted(script: (JiraResponse | 'network')[]): JiraTransport & { calls: number } {
  const transport = {
    calls: 0,
    siteUrl: 'https://example.atlassian.net',
    async request(_request: JiraRequest): Promise<JiraResponse> {
      const next = script[transport.calls++];
      if (next === undefined) throw new Error('script exhausted');
      if (next === 'network') throw new JiraNetworkError('cannot reach https://example.atlassian.net (ECONNRESET)');
      return next;
    },
  };
  return transport;
}

const GET: JiraRequest = { method: 'GET', path: jiraPath`/rest/api/3/project/${'TINY'}` };

describe('Retry-After', () => {
  test('reads seconds and HTTP dates', () => {
    const now = Date.UTC(2025, 3, 1, 12, 0, 0);
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 7000).toUTCString(), now)).toBe(7000);
    expect(parseRetryAfter(new Date(now - 7000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  test('a 429 waits as long as Retry-After says, plus jitter, then succeeds', async () => {
    const clock = fakeClock();
    const transport = scripted([response(429, { 'Retry-After': '3' }), response(429, { 'Retry-After': new Date(clock.now() + 3000 + 10_000).toUTCString() }), response(200)]);
    const result = await withRetry(transport, clock.policy).request(GET);
    expect(result.status).toBe(200);
    expect(transport.calls).toBe(3);
    // jitter 0.5 → a tenth more than asked
    expect(clock.sleeps[0]).toBe(3300);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(10_000);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(12_000);
  });

  test('jitter spreads the waits between the asked time and a fifth more', async () => {
    for (const random of [0, 0.999]) {
      const clock = fakeClock();
      await withRetry(scripted([response(429, { 'Retry-After': '10' }), response(200)]), { ...clock.policy, random: () => random }).request(GET);
      expect(clock.sleeps[0]).toBeGreaterThanOrEqual(10_000);
      expect(clock.sleeps[0]).toBeLessThanOrEqual(12_000);
    }
  });

  test('a 429 asking for longer than allowed fails at once', async () => {
    const clock = fakeClock();
    const transport = scripted([response(429, { 'Retry-After': '3600' })]);
    await expect(withRetry(transport, { ...clock.policy, maxRetryAfterMs: 60_000 }).request(GET)).rejects.toThrow(JiraRateLimitError);
    expect(clock.sleeps).toEqual([]);
  });

  test('a 429 that persists gives up after the allowed attempts', async () => {
    const clock = fakeClock();
    const transport = scripted(Array.from({ length: 10 }, () => response(429, { 'Retry-After': '1' })));
    const attempt = withRetry(transport, { ...clock.policy, maxAttempts: 4 }).request(GET);
    await expect(attempt).rejects.toThrow(/still rate-limiting requests after 4 attempts \(GET \/rest\/api\/3\/project\/TINY\)/);
    expect(transport.calls).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
  });
});

describe('5xx and network failures', () => {
  test('back off exponentially, then succeed', async () => {
    const clock = fakeClock();
    const transport = scripted([response(500), 'network', response(503), response(200)]);
    const result = await withRetry(transport, { ...clock.policy, baseDelayMs: 100, maxDelayMs: 10_000 }).request(GET);
    expect(result.status).toBe(200);
    // caps 100, 200, 400 with full jitter at 0.5 → three quarters of each cap
    expect(clock.sleeps).toEqual([75, 150, 300]);
  });

  test('backoff is capped', () => {
    const policy = { baseDelayMs: 250, maxDelayMs: 1000, random: () => 0.999 };
    expect(backoffDelay(policy, 10)).toBeLessThanOrEqual(1000);
    expect(backoffDelay({ ...policy, random: () => 0 }, 10)).toBe(500);
  });

  test('give up after the allowed attempts with JiraUnavailableError', async () => {
    const clock = fakeClock();
    const transport = scripted(Array.from({ length: 10 }, () => response(502)));
    await expect(withRetry(transport, { ...clock.policy, maxAttempts: 3 }).request(GET)).rejects.toThrow(JiraUnavailableError);
    expect(transport.calls).toBe(3);
    const down = scripted(['network', 'network']);
    await expect(withRetry(down, { ...clock.policy, maxAttempts: 2 }).request(GET)).rejects.toThrow(/cannot reach .*ECONNRESET.* after 2 attempts/);
  });

  test('other statuses are answered at once', async () => {
    for (const status of [200, 400, 401, 403, 404]) {
      const clock = fakeClock();
      const transport = scripted([response(status)]);
      expect((await withRetry(transport, clock.policy).request(GET)).status).toBe(status);
      expect(transport.calls).toBe(1);
      expect(clock.sleeps).toEqual([]);
    }
  });

  test('retries are reported', async () => {
    const clock = fakeClock();
    const seen: string[] = [];
    await withRetry(scripted([response(500), response(200)]), { ...clock.policy, onRetry: (i) => seen.push(`${i.endpoint} ${i.reason} ${i.attempt}`) }).request(GET);
    expect(seen).toEqual(['GET /rest/api/3/project/TINY HTTP 500 1']);
  });
});

describe('a 200 whose body is not JSON', () => {
  const cut = (): JiraResponse => ({ status: 200, header: () => null, json: undefined, text: '{"issues":[{"id":"1' });

  test('is read again, like a network failure, and then succeeds', async () => {
    const clock = fakeClock();
    const transport = scripted([cut(), cut(), response(200, {}, { ok: true })]);
    const result = await withRetry(transport, clock.policy).request(GET);
    expect(result.json).toEqual({ ok: true });
    expect(transport.calls).toBe(3);
    expect(clock.sleeps).toEqual([backoffDelay({ baseDelayMs: 250, maxDelayMs: 20_000, random: () => 0.5 }, 1), backoffDelay({ baseDelayMs: 250, maxDelayMs: 20_000, random: () => 0.5 }, 2)]);
  });

  test('one bad body in twelve does not make a series of reads give up', async () => {
    const clock = fakeClock();
    const script: JiraResponse[] = [];
    for (let i = 1; i <= 24; i++) script.push(i % 12 === 0 ? cut() : response(200, {}, { page: i }));
    const transport = scripted([...script, response(200, {}, { page: 'last' }), response(200, {}, { page: 'last' })]);
    const retrying = withRetry(transport, clock.policy);
    for (let page = 0; page < 24; page++) expect((await retrying.request(GET)).json).not.toBeUndefined();
  });

  test('after the last attempt it is handed on as it came (the client then names the endpoint)', async () => {
    const transport = scripted([cut(), cut(), cut()]);
    const result = await withRetry(transport, { ...fakeClock().policy, maxAttempts: 3 }).request(GET);
    expect(result.json).toBeUndefined();
    expect(transport.calls).toBe(3);
  });
});

describe('the time budget', () => {
  test('a 429 storm fails with JiraRateLimitError before the budget is spent, not after the attempts', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const storm = scripted(Array.from({ length: 100 }, () => response(429, { 'Retry-After': '8' })));
    const request = withRetry(storm, { ...clock.policy, maxAttempts: 100, budgetMs: 20_000 }).request(GET);
    await expect(request).rejects.toThrow(JiraRateLimitError);
    await expect(request).rejects.toThrow(/20 s this call may take are spent/);
    expect(clock.now() - start).toBeLessThanOrEqual(20_000);
    expect(storm.calls).toBe(3); // waits of 8.8 s: two fit in 20 s, a third would not
  });

  test('the budget is shared by every request of the client', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const script: JiraResponse[] = [];
    for (let i = 0; i < 50; i++) script.push(response(429, { 'Retry-After': '4' }), response(200, {}, { i }));
    const retrying = withRetry(scripted(script), { ...clock.policy, budgetMs: 20_000 });
    let answered = 0;
    await expect(
      (async () => {
        for (;;) {
          await retrying.request(GET);
          answered++;
        }
      })(),
    ).rejects.toThrow(JiraRateLimitError);
    expect(answered).toBe(4); // 4 waits of 4.4 s; a fifth would end past 20 s
    expect(clock.now() - start).toBeLessThanOrEqual(20_000);
  });

  test('5xx and network failures stop retrying when the next wait would not fit', async () => {
    const clock = fakeClock();
    const failing = scripted(Array.from({ length: 20 }, () => 'network' as const));
    await expect(withRetry(failing, { ...clock.policy, maxAttempts: 20, baseDelayMs: 1000, budgetMs: 5000 }).request(GET)).rejects.toThrow(
      JiraUnavailableError,
    );
    expect(failing.calls).toBe(3); // waits of 750 and 1500 ms fit in 5 s; the next (3000) would not
  });
});
