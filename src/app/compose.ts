/**
 * The one composition root: builds the app's stores, the scan worker and the resolver services
 * from a handful of ports. Forge binds the ports to @forge/kvs, @forge/events and requestJira
 * (src/forge/app.ts); the preview, the bench, the local Forge runtime and the tests bind them to
 * their own stand-ins — and all of them run the same wiring.
 */
import type { JiraClient } from '../jira/client';
import { sharedPointsLedger } from '../storage/points-ledger';
import { createRateLimiter, GLOBAL_POOL_POINTS_PER_HOUR, JIRA_REQUESTS_PER_SECOND, type PacingPolicy, type RateLimiter } from '../jira/rate-limiter';
import { effectiveConfig } from '../resolvers/load';
import type { ResolverServices, ViewerJira } from '../resolvers/ports';
import type { ScaleServices } from '../resolvers/scan';
import type { DebounceConfig } from '../scan-state/debounce';
import { DEFAULT_BUDGET, type ScanBudget } from '../scan-state/scan-machine';
import { handleQueueEvent, onIssueChanged, type ScanEvent, type ScanWorkerDeps } from '../scan-job/scan-worker';
import { VersionedConfigStore, type ConfigStore } from '../storage/config-store';
import { KvHistoryStore } from '../storage/history-store';
import type { KeyValueStore } from '../storage/key-value';
import { KvScanResultStore } from '../storage/scan-result-store';
import { KvScanStateStore } from '../storage/scan-state-store';
import { changesOfIssueEvent } from '../scan-state/issue-events';
import { PortfolioStore } from '../storage/portfolio-store';

export interface AppPorts {
  /** Key-value storage (Forge: @forge/kvs). */
  kv: KeyValueStore;
  /** Jira as the app: the consumer and the triggers have no viewing user. */
  jiraAsApp(): JiraClient;
  /** Jira as the person who made the resolver call. */
  jiraForViewer(): ViewerJira;
  /** Pushes one event on the scan queue (Forge: Queue.push), delayed by at most 900 s. */
  enqueue(event: ScanEvent, delaySeconds: number): Promise<void>;
  /** Epoch ms. */
  now(): number;
  log(message: string): void;
  newRunId?(): string;
  budget?: ScanBudget;
  debounce?: DebounceConfig;
  stallGraceMs?: number;
  /** Scans the site-wide queue runs at once (default src/scan-job/portfolio-job.ts's SITE_CONCURRENCY). */
  siteConcurrency?: number;
  /** Resolves when the instance's Jira points are in the shared ledger (its limiter's `settled`); resolvers await it before answering. */
  pacingSettled?(): Promise<void>;
}

export interface App {
  /** What the resolvers are built on (src/resolvers: createResolverHandlers / registerResolvers). */
  services: ResolverServices;
  config: ConfigStore;
  scale: ScaleServices;
  worker(): ScanWorkerDeps;
  /** The scan consumer: one queue event's body; `owner` names the invocation (job and event id). */
  consume(body: unknown, owner: string): ReturnType<typeof handleQueueEvent>;
  /** The issue-events trigger: an avi:jira:*:issue event. */
  issueChanged(event: unknown): Promise<'ignored' | 'marked' | 'scheduled'>;
  /** The daily trigger: one event; the consumer fans out over the known projects in batches. */
  dailyRefresh(): Promise<void>;
}

/**
 * The share of the hour's quota a resolver instance's viewer calls may spend before the lease
 * that pays for them is written (126 points of 65,000: a whole issue panel, about 110): their
 * first Jira request waits for no storage call. Leases stop 16 such allowances short of the quota.
 */
const VIEWER_AHEAD_SHARE = 1 / 512;
/** The share of the hour's quota below that margin leased to viewer calls only (2,031 of 65,000): pages answer while scans spend the rest. */
const VIEWER_SLICE_SHARE = 1 / 32;

/**
 * The rate limiter of one Forge function instance (src/forge/app.ts keeps one per instance; the
 * local runtime one per instance it models): Jira's 100 requests a second per endpoint, and the
 * global pool's points per hour leased from the ledger every instance shares in `kv`; viewer
 * calls (`viewerPacing`) spend `VIEWER_AHEAD_SHARE` of the quota ahead of their lease.
 */
export function instancePacing(kv: KeyValueStore, log: (message: string) => void, policy: Partial<Pick<PacingPolicy, 'now' | 'sleep' | 'pointsPerHour' | 'aheadShare' | 'viewerShare'>> = {}): RateLimiter {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return createRateLimiter({
    pointsPerHour: GLOBAL_POOL_POINTS_PER_HOUR,
    requestsPerSecond: JIRA_REQUESTS_PER_SECOND,
    aheadShare: VIEWER_AHEAD_SHARE,
    viewerShare: VIEWER_SLICE_SHARE,
    ledger: sharedPointsLedger(kv, { log, sleep }),
    ...policy,
    sleep,
  });
}

/**
 * How long the app's Jira calls of one invocation may wait for the rate limits, retries
 * included: what the scan's time budget leaves before its reserve. A longer wait (the hour's
 * points spent) fails at once, and the scan worker re-queues the run for later instead of
 * sleeping until Forge stops the function.
 */
export function appJiraBudgetMs(budget: ScanBudget = DEFAULT_BUDGET): number {
  return Math.max(0, budget.timeBudgetMs - budget.reserveMs);
}

function newRunId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

export function composeApp(ports: AppPorts): App {
  const { kv, log } = ports;
  const config = new VersionedConfigStore(kv, log);
  const states = new KvScanStateStore(kv, log);
  const results = new KvScanResultStore(kv, log);
  const history = new KvHistoryStore(kv, log);
  const portfolio = new PortfolioStore(kv, log);
  const worker = (): ScanWorkerDeps => ({
    jira: ports.jiraAsApp(),
    states,
    results,
    history,
    loadConfig: (projectKey) => effectiveConfig(config, projectKey, log),
    enqueue: (event, delaySeconds) => ports.enqueue(event, delaySeconds),
    now: () => ports.now(),
    newRunId: ports.newRunId ?? newRunId,
    log,
    ...(ports.budget ? { budget: ports.budget } : {}),
    ...(ports.debounce ? { debounce: ports.debounce } : {}),
    ...(ports.stallGraceMs !== undefined ? { stallGraceMs: ports.stallGraceMs } : {}),
    portfolio: { store: portfolio, ...(ports.siteConcurrency !== undefined ? { siteConcurrency: ports.siteConcurrency } : {}) },
  });
  const scale: ScaleServices = { states, results, history, worker };
  const services: ResolverServices = {
    jiraForViewer: () => ports.jiraForViewer(),
    store: config,
    now: () => new Date(ports.now()),
    logError: log,
    scale,
    portfolio: { store: portfolio, states, requestSync: () => ports.enqueue({ type: 'portfolio-sync' }, 0) },
    ...(ports.pacingSettled ? { untilAccounted: () => ports.pacingSettled!() } : {}),
  };
  return {
    services,
    config,
    scale,
    worker,
    consume: (body, owner) => handleQueueEvent(worker(), body, owner),
    async issueChanged(event) {
      // A move to another project touches two projects: the issue leaves one and joins the other.
      const changes = changesOfIssueEvent(event);
      if (changes.length === 0) {
        log('[trigger] ignored an issue event without a project key');
        return 'ignored';
      }
      const outcomes = [];
      for (const { projectKey, change } of changes) outcomes.push(await onIssueChanged(worker(), projectKey, change));
      return outcomes.includes('scheduled') ? 'scheduled' : outcomes.includes('marked') ? 'marked' : 'ignored';
    },
    async dailyRefresh() {
      await ports.enqueue({ type: 'portfolio-sync' }, 0);
      await ports.enqueue({ type: 'refresh-all', reason: 'scheduled' }, 0);
    },
  };
}
