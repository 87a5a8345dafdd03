/**
 * Retries for reads: a 429 waits as long as its Retry-After says (seconds or an HTTP date),
 * plus jitter; 5xx and network failures back off exponentially with full jitter. Attempts
 * are bounded, and so is the longest wait. Every call the client makes is a read (search is a
 * POST, but it changes nothing), so every call may be retried.
 */
import { JiraNetworkError, JiraRateLimitError, JiraUnavailableError } from './errors';
import { describeRequest, type JiraRequest, type JiraResponse, type JiraTransport } from './transport';

export interface RetryPolicy {
  /** Total attempts per request, the first included. */
  maxAttempts: number;
  /** First backoff step for 5xx/network failures; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of one backoff step. */
  maxDelayMs: number;
  /** A 429 asking to wait longer than this fails at once rather than stall the caller. */
  maxRetryAfterMs: number;
  /** Clock and sleep, injectable so tests do not wait. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter source. */
  random: () => number;
  /** Told about each retry (for logs and progress). */
  onRetry?: (info: RetryInfo) => void;
  /**
   * The time this client may spend, from its creation (by `now`): a retry whose wait would end
   * past it fails at once with the error the last attempt would give, so a caller with a hard
   * limit (a Forge resolver: 25 s) answers RATE_LIMITED or JIRA_ERROR instead of being killed.
   * Undefined: no limit.
   */
  budgetMs?: number;
}

interface RetryInfo {
  endpoint: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

const RETRIED_STATUSES = new Set([500, 502, 503, 504]);

/** Backoff before attempt `attempt + 1` (attempt counts from 1): full jitter over an exponential cap. */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, attempt: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + policy.random() * (cap / 2));
}

/** The transport, with retries of 429, 5xx and network failures. */
export function withRetry(transport: JiraTransport, overrides: Partial<RetryPolicy> = {}): JiraTransport {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  const site = transport.siteUrl ?? 'Jira';
  const deadline = policy.budgetMs === undefined ? Number.POSITIVE_INFINITY : policy.now() + policy.budgetMs;
  /** Whether waiting `delayMs` more still ends within the budget. */
  const fits = (delayMs: number) => policy.now() + delayMs <= deadline;
  const outOfTime = () => `; the ${Math.round((policy.budgetMs ?? 0) / 1000)} s this call may take are spent`;
  return {
    ...(transport.siteUrl !== undefined ? { siteUrl: transport.siteUrl } : {}),
    async request(request: JiraRequest): Promise<JiraResponse> {
      const endpoint = describeRequest(request);
      for (let attempt = 1; ; attempt++) {
        const last = attempt >= policy.maxAttempts;
        let response: JiraResponse;
        try {
          response = await transport.request(request);
        } catch (error) {
          if (!(error instanceof JiraNetworkError)) throw error;
          const delayMs = backoffDelay(policy, attempt);
          if (last || !fits(delayMs)) {
            throw new JiraUnavailableError(`${error.message} after ${attempt} attempt${attempt === 1 ? '' : 's'} (${endpoint})${last ? '' : outOfTime()}`, endpoint, undefined, { cause: error });
          }
          policy.onRetry?.({ endpoint, attempt, delayMs, reason: error.message });
          await policy.sleep(delayMs);
          continue;
        }
        if (response.status === 429) {
          const asked = parseRetryAfter(response.header('Retry-After'), policy.now());
          if (asked !== undefined && asked > policy.maxRetryAfterMs) {
            throw new JiraRateLimitError(
              `${site} is rate-limiting requests and asks to wait ${Math.ceil(asked / 1000)} s, longer than the ${Math.round(policy.maxRetryAfterMs / 1000)} s allowed (${endpoint}); try again later`,
              endpoint,
              asked,
            );
          }
          // Honour Retry-After, spreading clients out by up to a fifth more; without one, back off.
          const delayMs = asked !== undefined ? Math.round(asked * (1 + 0.2 * policy.random())) : backoffDelay(policy, attempt);
          if (last || !fits(delayMs)) {
            throw new JiraRateLimitError(
              `${site} is still rate-limiting requests after ${attempt} attempt${attempt === 1 ? '' : 's'} (${endpoint})${last ? '' : outOfTime()}; try again later`,
              endpoint,
            );
          }
          policy.onRetry?.({ endpoint, attempt, delayMs, reason: 'HTTP 429' });
          await policy.sleep(delayMs);
          continue;
        }
        if (RETRIED_STATUSES.has(response.status)) {
          const delayMs = backoffDelay(policy, attempt);
          if (last || !fits(delayMs)) {
            throw new JiraUnavailableError(
              `${site} answered HTTP ${response.status} to ${endpoint} ${attempt} time${attempt === 1 ? '' : 's'}${last ? '' : outOfTime()}; Jira may be down, try again later`,
              endpoint,
              response.status,
            );
          }
          policy.onRetry?.({ endpoint, attempt, delayMs, reason: `HTTP ${response.status}` });
          await policy.sleep(delayMs);
          continue;
        }
        // A 200 whose body is not JSON was cut short on the way (a proxy, a reset): read it again.
        // After the last attempt the client reports the body, naming the endpoint.
        if (response.status === 200 && response.json === undefined) {
          const delayMs = backoffDelay(policy, attempt);
          if (last || !fits(delayMs)) return response;
          policy.onRetry?.({ endpoint, attempt, delayMs, reason: 'a body that is not JSON' });
          await policy.sleep(delayMs);
          continue;
        }
        return response;
      }
    },
  };
}
