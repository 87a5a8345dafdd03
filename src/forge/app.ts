/**
 * The app on Forge: composeApp's ports bound to Forge — Forge key-value storage, the scan queue
 * of @forge/events, Jira through requestJira as the app or as the viewing user.
 */
import { Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { appJiraBudgetMs, composeApp, instancePacing, type App } from '../app/compose';
import { createJiraClient, RESOLVER_JIRA_BUDGET_MS } from '../jira/client';
import { createForgeTransport } from '../jira/forge-transport';
import { viewerPacing, type RateLimiter } from '../jira/rate-limiter';
import { viewerJiraFromClient } from '../resolvers/jira-viewer';
import { DEFAULT_BUDGET } from '../scan-state/scan-machine';
import { SCAN_QUEUE } from '../scan-job/scan-worker';
import { kvsKeyValueStore } from '../storage/key-value';

/** The consumer function's timeout (manifest.yml: timeoutSeconds 900); each invocation stops well before it. */
const FORGE_BUDGET = { ...DEFAULT_BUDGET, timeBudgetMs: 600_000, reserveMs: 120_000 };

let app: App | undefined;
let limiter: RateLimiter | undefined;

const kv = kvsKeyValueStore(kvs);
const log = (message: string) => console.error(message);

/**
 * This instance's limiter for the installation's site, for the app's and the viewers' calls: the
 * hour's points are leased from the ledger in KVS that every instance of every function shares.
 */
const pacing = () => (limiter ??= instancePacing(kv, log));

export function forgeApp(): App {
  if (app) return app;
  const queue = new Queue({ key: SCAN_QUEUE });
  app = composeApp({
    kv,
    // One client per invocation; a wait for the rate limits past the invocation's budget re-queues the scan.
    jiraAsApp: () => createJiraClient(createForgeTransport({ as: 'app' }), { pacing: pacing(), retry: { budgetMs: appJiraBudgetMs(FORGE_BUDGET) } }),
    // One client per resolver invocation, with the resolver's Jira budget (a longer wait answers RATE_LIMITED);
    // its calls spend ahead of the ledger, and the resolver answers once they are written to it.
    jiraForViewer: () => viewerJiraFromClient(createJiraClient(createForgeTransport({ as: 'user' }), { pacing: viewerPacing(pacing()), retry: { budgetMs: RESOLVER_JIRA_BUDGET_MS } })),
    pacingSettled: () => limiter?.settled() ?? Promise.resolve(),
    enqueue: async (event, delaySeconds) => {
      await queue.push({
        body: event,
        ...(delaySeconds > 0 ? { delayInSeconds: Math.min(900, Math.ceil(delaySeconds)) } : {}),
        // One invocation per project at a time.
        ...(event.type === 'scan' ? { concurrency: { key: `scan-${event.projectKey}`, limit: 1 } } : {}),
      });
    },
    now: () => Date.now(),
    log,
    budget: FORGE_BUDGET,
  });
  return app;
}
