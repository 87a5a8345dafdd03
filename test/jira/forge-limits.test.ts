/**
 * What the Jira client owes a Forge resolver: the consent error reaches Forge as @forge/api threw
 * it (so Forge asks the user to allow the app), and a 429 storm ends in RATE_LIMITED within the
 * resolver's 25 s. The resolvers run on the real client and Forge transport, with a typed fake
 * of `requestJira` and a fake clock.
 */
import { NeedsAuthenticationError } from '@forge/api';
import { createJiraClient, RESOLVER_JIRA_BUDGET_MS } from '../../src/jira/client';
import { isConsentError } from '../../src/jira/errors';
import { createForgeTransport, type ForgeResponseLike, type RequestJira } from '../../src/jira/forge-transport';
import type { RetryPolicy } from '../../src/jira/retry';
import { createResolverHandlers } from '../../src/resolvers';
import { viewerJiraFromClient } from '../../src/resolvers/jira-viewer';
import type { ResolverServices } from '../../src/resolvers/ports';
import { memoryConfigStore } from '../../src/storage/config-store';

/** Forge stops a resolver after this long. */
const FORGE_RESOLVER_LIMIT_MS = 25_000;

function fakeClock() {
  let now = Date.UTC(2026, 0, 5, 9, 0, 0);
  const policy: Partial<RetryPolicy> = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    random: () => 0.5,
  };
  return { policy, now: () => now };
}

function services(requestJira: RequestJira, retry: Partial<RetryPolicy>, logged: string[]): ResolverServices {
  return {
    // As src/index.ts wires it: one client per invocation, with the resolver's budget.
    jiraForViewer: () => viewerJiraFromClient(createJiraClient(createForgeTransport({ requestJira }), { retry: { ...retry, budgetMs: RESOLVER_JIRA_BUDGET_MS } })),
    store: memoryConfigStore(),
    now: () => new Date('2026-01-05T09:00:00.000Z'),
    logError: (m) => logged.push(m),
  };
}

const issuePanel = { extension: { type: 'jira:issuePanel', issue: { key: 'ACME-1' }, project: { key: 'ACME' } }, accountId: 'user-1' };

describe('the consent error', () => {
  const consentNeeded = (calls: { n: number }): RequestJira => async () => {
    calls.n++;
    // What @forge/api's requestJira throws when the proxy answers NEEDS_AUTHENTICATION_ERR.
    throw new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key');
  };

  test('is recognised by its name', () => {
    expect(isConsentError(new NeedsAuthenticationError('Authentication Required', 'k'))).toBe(true);
    expect(isConsentError(new Error('socket hang up'))).toBe(false);
  });

  test('leaves the client as thrown: not wrapped, not retried', async () => {
    const calls = { n: 0 };
    const client = createJiraClient(createForgeTransport({ requestJira: consentNeeded(calls) }), { retry: fakeClock().policy });
    const failure = await client.project('ACME').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NeedsAuthenticationError);
    expect((failure as Error).name).toBe('NEEDS_AUTHENTICATION_ERR');
    expect(calls.n).toBe(1);
  });

  test('leaves the resolver, so Forge asks the user to allow access (no "Jira failed" envelope)', async () => {
    const calls = { n: 0 };
    const logged: string[] = [];
    const handlers = createResolverHandlers(services(consentNeeded(calls), fakeClock().policy, logged));
    await expect(handlers['chain/issue']({ payload: {}, context: issuePanel })).rejects.toBeInstanceOf(NeedsAuthenticationError);
    expect(calls.n).toBe(1);
  });
});

describe('a resolver under a 429 storm', () => {
  test('answers RATE_LIMITED within the 25 s Forge gives it', async () => {
    const clock = fakeClock();
    const start = clock.now();
    let calls = 0;
    const storm: RequestJira = async () => {
      calls++;
      const response: ForgeResponseLike = {
        status: 429,
        headers: { get: (name) => (name.toLowerCase() === 'retry-after' ? '7' : null) },
        text: async () => '{"errorMessages":["Rate limit exceeded."]}',
      };
      return response;
    };
    const logged: string[] = [];
    const handlers = createResolverHandlers(services(storm, { ...clock.policy, maxAttempts: 1000 }, logged));
    const answer = await handlers['chain/issue']({ payload: {}, context: issuePanel });
    expect(answer).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(clock.now() - start).toBeLessThan(FORGE_RESOLVER_LIMIT_MS);
    expect(calls).toBeGreaterThan(1); // it did retry while time allowed
    expect(logged).toEqual([expect.stringMatching(/^\[chain\/issue\] RATE_LIMITED/)]);
  });
});
