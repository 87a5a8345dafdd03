/**
 * A local host that runs the app's Forge functions as Forge does, strictly enough that a path
 * that would fail on a real site fails here too:
 *
 * - every invocation has Forge's time limit (resolvers 25 s, the consumer 900 s, the product
 *   trigger 55 s, the scheduled trigger its manifest timeout), multiplied by `timeScale` to match
 *   the emulator's latency; past it the invocation is dead: its answer is lost and each later
 *   Jira or storage call of it throws, as when Forge stops a function;
 * - queue events reach the consumer in the @forge/events v2 envelope (`body`, `queueName`,
 *   `jobId`, `eventId`), after their delay; an invocation that dies is delivered again with the
 *   same ids, as the platform retries it;
 * - Jira is called through a `requestJira`-like transport: relative routes only (an absolute URL
 *   is refused), no site URL in the client (it exists only in the resolver context), and answers
 *   whose `self` links are in the API gateway's form (`https://api.atlassian.com/ex/jira/<cloudId>/…`);
 * - a user who has not allowed the app gets @forge/api's consent error (NEEDS_AUTHENTICATION_ERR)
 *   from their first asUser request;
 * - storage is KVS-like: `query` lags behind writes (`queryLag`), and a chosen write can fail;
 * - each invocation runs in a function instance of its own while it runs, as on Forge: an idle
 *   instance is reused (a warm start), invocations at once get separate instances, and an
 *   instance whose invocation was stopped is thrown away. An instance's memory is its own — its
 *   rate limiter above all (the app's `instancePacing`, the same as on Forge), which leases the
 *   hour's Jira points from the ledger in the shared storage — so `drain({ concurrency })` runs
 *   several consumers at once as Forge runs the site queue's scans;
 * - with a virtual clock (`clock` and `sleep`), Forge's time limits count on that clock: an
 *   invocation that waits past its limit is stopped at its next Jira or storage call, and its
 *   answer is lost.
 *
 * The functions are the app's own (src/forge/*: the resolver definitions, consumeAsyncEvent,
 * issueEventsHandler, dailyRefreshHandler) over the one composition root (src/app/compose.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { NeedsAuthenticationError, type Route } from '@forge/api';
import { appJiraBudgetMs, composeApp, instancePacing, type App, type AppPorts } from '../../src/app/compose';
import { dailyRefreshHandler } from '../../src/forge/daily-refresh';
import { issueEventsHandler } from '../../src/forge/issue-events';
import { consumeAsyncEvent } from '../../src/forge/scan-consumer';
import { createJiraClient, RESOLVER_JIRA_BUDGET_MS, type JiraClient } from '../../src/jira/client';
import { createForgeTransport, type ForgeResponseLike, type RequestJira } from '../../src/jira/forge-transport';
import { viewerPacing, type RateLimiter } from '../../src/jira/rate-limiter';
import { createResolverHandlers, type ResolverHandlers } from '../../src/resolvers';
import { viewerJiraFromClient } from '../../src/resolvers/jira-viewer';
import type { ViewerJira } from '../../src/resolvers/ports';
import type { ResolverKey } from '../../src/contract/resolvers';
import { SCAN_QUEUE, type ScanEvent } from '../../src/scan-job/scan-worker';
import { MemoryKeyValueStore, type KeyValueStore } from '../../src/storage/key-value';

/** Forge's per-invocation limits (developer.atlassian.com/platform/forge/limits-invocation). */
const FORGE_LIMITS_MS = {
  resolver: 25_000,
  consumer: 900_000,
  trigger: 55_000,
  /** manifest.yml: daily-refresh timeoutSeconds. */
  scheduledTrigger: 60_000,
} as const;

export type InvocationKind = keyof typeof FORGE_LIMITS_MS;

/** What Forge does to a function past its limit: it stops, and its answer is lost. */
export class InvocationTimedOut extends Error {
  constructor(kind: InvocationKind, limitMs: number) {
    super(`the ${kind} invocation ran past Forge's limit of ${Math.round(limitMs)} ms and was stopped`);
    this.name = 'InvocationTimedOut';
  }
}

/** A function instance: what an invocation keeps in memory (on Forge, module state such as the rate limiter). */
interface FunctionInstance {
  id: number;
  pacing: RateLimiter;
  busy: boolean;
}

interface Invocation {
  kind: InvocationKind;
  accountId: string | undefined;
  limitMs: number;
  dead: boolean;
  instance: FunctionInstance;
  /** With a virtual clock: when the invocation's limit passes, on that clock. */
  deadline?: number;
}

export interface ForgeRuntimeOptions {
  /** Where Jira (the emulator) listens, e.g. http://127.0.0.1:8080. The app never sees it. */
  jiraBaseUrl: string;
  /** The site URL as the resolver context carries it. */
  siteUrl: string;
  cloudId?: string;
  /** Storage (default: KVS in memory with `queryLag`). */
  kv?: KeyValueStore;
  queryLag?: number;
  /** Forge's limits are multiplied by this (an emulator at 4 ms a request standing for Jira's 40: 0.1). */
  timeScale?: number;
  /** Whether an account has allowed the app (its asUser requests); default: everyone has. */
  consented?: (accountId: string) => boolean;
  /** The clock starts here (epoch ms); default now. */
  startAt?: number;
  /** The app's clock instead of real time from `startAt` (the preview's demo clock); `drain` then cannot skip delays. */
  clock?: () => number;
  /**
   * The app's timers on `clock` (a virtual clock's sleep): the rate limiters' and the Jira
   * retries' waits, and Forge's time limits, then count on `clock` instead of real time.
   */
  sleep?: (ms: number) => Promise<void>;
  /**
   * With a virtual clock: runs a Jira request with that clock held still (a request of no
   * latency), so that an instance sleeping meanwhile does not move time under a request in flight.
   */
  hold?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * The hourly points the app is configured for (default the global pool's 65,000, as on Forge).
   * A test against a scaled-down emulated quota passes that quota: an instance learns a lower
   * one only from the site's answers, and its first lease is taken before any.
   */
  pointsPerHour?: number;
  /**
   * How queue events reach the consumer: 'drain' (default) when a test calls `drain()`, or
   * 'realtime': each event after its delay plus `deliveryDelayMs` on a real timer, one
   * invocation at a time (the manifest's concurrency of 1), a failed one delivered again after
   * `retryDelayMs` with the same ids, at most `maxRetries` times.
   */
  delivery?: { mode: 'drain' } | { mode: 'realtime'; deliveryDelayMs: number; retryDelayMs?: number; maxRetries?: number };
  /** The Jira a resolver's user sees, by account (e.g. a member without ADMINISTER); default as Jira answers. */
  viewerFor?: (accountId: string, jira: ViewerJira) => ViewerJira;
  /** Headers of every request to `jiraBaseUrl` (a real site's basic auth); the app never sees them. */
  jiraHeaders?: Record<string, string>;
  log?: (message: string) => void;
  /** Overrides of the app's ports (budget, debounce, run ids). */
  ports?: Partial<Pick<AppPorts, 'budget' | 'debounce' | 'stallGraceMs' | 'newRunId'>>;
}

interface PendingEvent {
  body: ScanEvent;
  jobId: string;
  eventId: string;
  due: number;
  seq: number;
}

export interface DeliveryRecord {
  eventId: string;
  type: ScanEvent['type'];
  outcome: 'done' | 'timed-out' | 'failed';
  error?: string;
}

/**
 * A store whose `keys` (kvs.query) sees a write only after `lag` later operations, over any
 * store (the preview's file-backed one): each write notes whether its key existed before, and a
 * listing reports a key as it was before the writes still inside the window.
 */
export function laggingQuery(kv: KeyValueStore, lag: number): KeyValueStore {
  let ops = 0;
  let recent: { key: string; existedBefore: boolean; at: number }[] = [];
  const write = async <R>(key: string, apply: () => Promise<R>): Promise<R> => {
    const existedBefore = (await kv.get(key)) !== undefined;
    const out = await apply();
    recent.push({ key, existedBefore, at: ++ops });
    return out;
  };
  return {
    get: (key) => (ops++, kv.get(key)),
    set: (key, value, options) => write(key, () => kv.set(key, value, options)),
    setIfAbsent: (key, value, options) => write(key, () => kv.setIfAbsent(key, value, options)),
    delete: (key) => write(key, () => kv.delete(key)),
    async keys(prefix) {
      ops++;
      recent = recent.filter((w) => w.at > ops - lag);
      const listed = new Set(await kv.keys(prefix));
      const seen = new Set<string>();
      for (const w of recent) {
        if (seen.has(w.key) || !w.key.startsWith(prefix)) continue;
        seen.add(w.key);
        if (w.existedBefore) listed.add(w.key);
        else listed.delete(w.key);
      }
      return [...listed].sort();
    },
  };
}

export class ForgeRuntime {
  readonly app: App;
  readonly kv: KeyValueStore;
  /** Jira requests made through requestJira, by principal. */
  readonly requests = { asUser: 0, asApp: 0 };
  private readonly invocations = new AsyncLocalStorage<Invocation>();
  private readonly handlers: ResolverHandlers;
  private readonly cloudId: string;
  private readonly gateway: string;
  private pending: PendingEvent[] = [];
  private seq = 0;
  private offset = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly log: (message: string) => void;
  private readonly pool: FunctionInstance[] = [];
  private outside: FunctionInstance | undefined;

  constructor(private readonly options: ForgeRuntimeOptions) {
    this.cloudId = options.cloudId ?? '00000000-0000-4000-8000-000000000001';
    this.gateway = `https://api.atlassian.com/ex/jira/${this.cloudId}`;
    this.offset = (options.startAt ?? Date.now()) - Date.now();
    const lag = options.queryLag ?? 5;
    this.kv = this.guardKv(options.kv ? (lag > 0 ? laggingQuery(options.kv, lag) : options.kv) : new MemoryKeyValueStore({ queryLag: lag, now: () => this.now() }));
    const log = options.log ?? ((message: string) => console.error(message));
    this.log = log;
    this.app = composeApp({
      kv: this.kv,
      jiraAsApp: () => this.jira('app'),
      jiraForViewer: () => {
        const jira = viewerJiraFromClient(this.jira('user'), (m) => log(`visibility: ${m}`));
        const accountId = this.invocations.getStore()?.accountId;
        return accountId !== undefined && options.viewerFor ? options.viewerFor(accountId, jira) : jira;
      },
      enqueue: async (event, delaySeconds) => this.push(event, delaySeconds),
      // As on Forge: a resolver answers once the points its viewer calls spent ahead are in the ledger.
      pacingSettled: () => this.invocations.getStore()?.instance.pacing.settled() ?? Promise.resolve(),
      now: this.now,
      log,
      ...options.ports,
    });
    this.handlers = createResolverHandlers(this.app.services);
  }

  /** The clock the app sees: real time plus the delays skipped by `drain`. */
  now = (): number => (this.options.clock ? this.options.clock() + this.offset : Date.now() + this.offset);

  /** Events waiting in the queue. */
  get queued(): number {
    return this.pending.length;
  }

  private limit(kind: InvocationKind): number {
    return FORGE_LIMITS_MS[kind] * (this.options.timeScale ?? 1);
  }

  /** Function instances started so far (concurrent invocations run in separate ones). */
  get instances(): number {
    return this.pool.length;
  }

  private newInstance(): FunctionInstance {
    const sleep = this.options.sleep;
    const pointsPerHour = this.options.pointsPerHour;
    // Waits on real timers count on real time (the preview's demo clock may stand still); a virtual clock's on that clock.
    const timers = sleep ? { now: this.now, sleep } : { now: () => Date.now() };
    return { id: this.pool.length + 1, pacing: instancePacing(this.kv, this.log, { ...timers, ...(pointsPerHour ? { pointsPerHour } : {}) }), busy: false };
  }

  /** An idle instance (a warm start) or a new one (a cold start), taken for one invocation. */
  private takeInstance(): FunctionInstance {
    let instance = this.pool.find((i) => !i.busy);
    if (instance === undefined) {
      instance = this.newInstance();
      this.pool.push(instance);
    }
    instance.busy = true;
    return instance;
  }

  /** What each live instance's rate limiter has spent, leased and waited (an instance that was stopped took its figures with it). */
  pacingStats(): ReturnType<RateLimiter['stats']>[] {
    return this.pool.map((instance) => instance.pacing.stats());
  }

  /** With `sleep`, Forge's limits count on the app's clock (a virtual one), not on real timers. */
  private get virtualTime(): boolean {
    return this.options.sleep !== undefined;
  }

  /** Runs `work` as one invocation of `kind` within its limit, in a function instance of its own. */
  private async invoke<T>(kind: InvocationKind, accountId: string | undefined, work: () => Promise<T>): Promise<T> {
    const instance = this.takeInstance();
    const limitMs = this.limit(kind);
    const invocation: Invocation = { kind, accountId, limitMs, dead: false, instance, ...(this.virtualTime ? { deadline: this.now() + limitMs } : {}) };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (this.virtualTime) return;
      timer = setTimeout(() => {
        invocation.dead = true;
        reject(new InvocationTimedOut(kind, invocation.limitMs));
      }, invocation.limitMs);
    });
    try {
      const out = await Promise.race([this.invocations.run(invocation, work), timeout]);
      if (invocation.deadline !== undefined && this.now() > invocation.deadline) invocation.dead = true;
      if (invocation.dead) throw new InvocationTimedOut(kind, limitMs);
      return out;
    } catch (error) {
      if (error instanceof InvocationTimedOut) invocation.dead = true;
      throw error;
    } finally {
      clearTimeout(timer);
      // Forge throws away an instance whose function it stopped, with all it held in memory.
      if (invocation.dead) this.pool.splice(this.pool.indexOf(instance), 1, { ...this.newInstance(), id: instance.id });
      else instance.busy = false;
    }
  }

  private alive(): Invocation | undefined {
    const invocation = this.invocations.getStore();
    if (invocation?.deadline !== undefined && this.now() > invocation.deadline) invocation.dead = true;
    if (invocation?.dead) throw new InvocationTimedOut(invocation.kind, invocation.limitMs);
    return invocation;
  }

  private guardKv(kv: KeyValueStore): KeyValueStore {
    const guard =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        this.alive();
        return fn(...args);
      };
    return {
      get: guard((key) => kv.get(key)),
      set: guard((key, value, options) => kv.set(key, value, options)),
      setIfAbsent: guard((key, value, options) => kv.setIfAbsent(key, value, options)),
      delete: guard((key) => kv.delete(key)),
      keys: guard((prefix) => kv.keys(prefix)),
    };
  }

  /** `api.asUser().requestJira` / `api.asApp().requestJira` against the emulator. */
  private requestJira(as: 'user' | 'app'): RequestJira {
    return async (url: Route, init) => {
      const invocation = this.alive();
      const path = url.value;
      if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`requestJira takes a relative route, not ${JSON.stringify(path)}`);
      if (as === 'user') {
        const accountId = invocation?.accountId;
        if (accountId === undefined) throw new Error('asUser() outside a user invocation: there is no user to act as');
        if (!(this.options.consented?.(accountId) ?? true)) {
          throw new NeedsAuthenticationError('Authentication required', 'atlassian-token-service-key', { isExpectedError: true });
        }
        this.requests.asUser++;
      } else {
        this.requests.asApp++;
      }
      const headers = this.options.jiraHeaders ? { ...this.options.jiraHeaders, ...(init?.headers as Record<string, string> | undefined) } : init?.headers;
      const hold = this.options.hold ?? ((work) => work());
      const { response, body } = await hold(async () => {
        const answered = await fetch(`${this.options.jiraBaseUrl.replace(/\/+$/, '')}${path}`, { ...init, ...(headers ? { headers } : {}) });
        return { response: answered, body: await answered.text() };
      });
      const text = this.throughGateway(body);
      this.alive();
      const answer: ForgeResponseLike = { status: response.status, headers: response.headers, text: async () => text };
      return answer;
    };
  }

  /** Jira's links as an app sees them: every `self` (and paging link) through the API gateway. */
  private throughGateway(text: string): string {
    return text
      .split(this.options.jiraBaseUrl.replace(/\/+$/, ''))
      .join(this.gateway)
      .replace(/"self"\s*:\s*"https?:\/\/[^"/]+(\/rest\/[^"]*)"/g, (_, path: string) => `"self":"${this.gateway}${path}"`);
  }

  /**
   * A Jira client as the app or (inside a resolver invocation) as its user: what the app's code
   * gets, wired as src/forge/app.ts wires it — the instance's rate limiter, the resolver's Jira
   * budget for a user, the scan's for the app. Outside an invocation (a test's own calls) the
   * client has an instance of its own.
   */
  jira(as: 'user' | 'app'): JiraClient {
    const instance = this.invocations.getStore()?.instance ?? (this.outside ??= this.newInstance());
    const budgetMs = as === 'user' ? RESOLVER_JIRA_BUDGET_MS : appJiraBudgetMs(this.options.ports?.budget);
    const sleep = this.options.sleep;
    return createJiraClient(createForgeTransport({ as, requestJira: this.requestJira(as) }), {
      pacing: as === 'user' ? viewerPacing(instance.pacing) : instance.pacing,
      retry: { budgetMs, ...(sleep ? { now: this.now, sleep } : {}) },
    });
  }

  /** A resolver call as the bridge makes it: the function's answer, or the runtime's error (a timeout, the consent error). */
  async resolve<K extends ResolverKey>(key: K, payload: unknown, context: { accountId: string; extension: Record<string, unknown>; siteUrl?: string; moduleKey?: string; localId?: string }) {
    const forgeContext = { localId: `local-${key}`, ...context, cloudId: this.cloudId, siteUrl: context.siteUrl ?? this.options.siteUrl };
    return this.invoke('resolver', context.accountId, () => this.handlers[key]({ payload, context: forgeContext }));
  }

  /** The product trigger's function with an avi:jira:*:issue event. */
  issueEvent(event: unknown): Promise<void> {
    return this.invoke('trigger', undefined, () => issueEventsHandler(() => this.app)(event));
  }

  /** The scheduled trigger's function. */
  scheduledTrigger(): Promise<{ statusCode: 204 }> {
    return this.invoke('scheduledTrigger', undefined, () => dailyRefreshHandler(() => this.app)());
  }

  private push(body: ScanEvent, delaySeconds: number): void {
    if (delaySeconds > 900) throw new Error(`Forge delays an event by at most 900 s, not ${delaySeconds}`);
    const seq = ++this.seq;
    const event = { body, jobId: `job-${seq}`, eventId: `event-${seq}`, due: this.now() + delaySeconds * 1000, seq };
    const delivery = this.options.delivery;
    if (delivery?.mode === 'realtime') {
      if (!this.closed) this.later(event, delaySeconds * 1000 + delivery.deliveryDelayMs, 0);
    } else {
      this.pending.push(event);
    }
  }

  /** Real-time delivery: the event after `delayMs`, behind the invocation running now. */
  private later(event: PendingEvent, delayMs: number, retries: number): void {
    const delivery = this.options.delivery;
    if (delivery?.mode !== 'realtime') return;
    this.pending.push(event);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.chain = this.chain.then(async () => {
        if (this.closed) return;
        const record = await this.deliver(event);
        this.pending = this.pending.filter((p) => p !== event);
        this.log(`scan queue: ${record.eventId} ${record.type} ${record.outcome}${record.error ? `: ${record.error}` : ''}`);
        if (record.outcome !== 'done' && retries < (delivery.maxRetries ?? 1)) this.later(event, delivery.retryDelayMs ?? 5000, retries + 1);
      });
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** One consumer invocation of an event, in the v2 envelope. */
  private async deliver(event: PendingEvent): Promise<DeliveryRecord> {
    const envelope = { queueName: SCAN_QUEUE, jobId: event.jobId, eventId: event.eventId, body: event.body };
    try {
      await this.invoke('consumer', undefined, () => consumeAsyncEvent(this.app, envelope));
      return { eventId: event.eventId, type: event.body.type, outcome: 'done' };
    } catch (error) {
      const timedOut = error instanceof InvocationTimedOut;
      return { eventId: event.eventId, type: event.body.type, outcome: timedOut ? 'timed-out' : 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Stops real-time delivery: drops what waits, lets the running invocation finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending = [];
    await this.chain;
  }

  /**
   * Delivers queued events to the consumer until none is left, in the order they are due; a
   * delay moves the clock instead of sleeping. An invocation that dies (past its limit) is
   * delivered again with the same ids. `concurrency` consumers run at once (the site queue's
   * scans on Forge), each in its own function instance; while some run, an event not yet due
   * waits for one of them to end.
   */
  async drain(maxInvocations = 10_000, options: { concurrency?: number } = {}): Promise<DeliveryRecord[]> {
    if (this.options.delivery?.mode === 'realtime') throw new Error('drain() is for drain delivery; real-time delivery runs events on their timers');
    const concurrency = Math.max(1, options.concurrency ?? 1);
    const out: DeliveryRecord[] = [];
    const running = new Set<Promise<void>>();
    let started = 0;
    for (;;) {
      this.pending.sort((a, b) => a.due - b.due || a.seq - b.seq);
      while (running.size < concurrency && this.pending.length > 0) {
        const event = this.pending[0]!;
        if (event.due > this.now()) {
          if (running.size > 0) break;
          this.offset += event.due - this.now();
        }
        if (started >= maxInvocations) throw new Error(`the queue ran ${maxInvocations} invocations and still has events: a loop?`);
        this.pending.shift();
        started++;
        const delivery: Promise<void> = this.deliver(event).then((record) => {
          out.push(record);
          // The platform retries a consumer that died or threw: the same event, the same ids.
          if (record.outcome !== 'done') this.pending.push({ ...event, due: this.now() + 1000, seq: ++this.seq });
          running.delete(delivery);
        });
        running.add(delivery);
      }
      if (running.size === 0 && this.pending.length === 0) return out;
      if (running.size > 0) await Promise.race(running);
    }
  }
}
