/**
 * The app on Forge: composeApp's ports bound to Forge — Forge key-value storage, the scan queue
 * of @forge/events, Jira through requestJira as the app or as the viewing user.
 */
import { Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { composeApp, type App } from '../app/compose';
import { createJiraClient, RESOLVER_JIRA_BUDGET_MS } from '../jira/client';
import { createForgeTransport } from '../jira/forge-transport';
import { GLOBAL_POOL_POINTS_PER_HOUR, JIRA_REQUESTS_PER_SECOND, siteRateLimiter } from '../jira/rate-limiter';
import { viewerJiraFromClient } from '../resolvers/jira-viewer';
import { DEFAULT_BUDGET } from '../scan-state/scan-machine';
import { SCAN_QUEUE } from '../scan-job/scan-worker';
import { kvsKeyValueStore } from '../storage/key-value';

/** The consumer function's timeout (manifest.yml: timeoutSeconds 900); each invocation stops well before it. */
const FORGE_BUDGET = { ...DEFAULT_BUDGET, timeBudgetMs: 600_000, reserveMs: 120_000 };

let app: App | undefined;

/** The installation's site: one limiter for the app's and the viewers' calls, at the global pool's hourly points. */
const pacing = () => siteRateLimiter('forge', { pointsPerHour: GLOBAL_POOL_POINTS_PER_HOUR, requestsPerSecond: JIRA_REQUESTS_PER_SECOND });

export function forgeApp(): App {
  if (app) return app;
  const queue = new Queue({ key: SCAN_QUEUE });
  app = composeApp({
    kv: kvsKeyValueStore(kvs),
    jiraAsApp: () => createJiraClient(createForgeTransport({ as: 'app' }), { pacing: pacing() }),
    // One client per resolver invocation, with the resolver's Jira budget (a longer wait answers RATE_LIMITED).
    jiraForViewer: () => viewerJiraFromClient(createJiraClient(createForgeTransport({ as: 'user' }), { pacing: pacing(), retry: { budgetMs: RESOLVER_JIRA_BUDGET_MS } })),
    enqueue: async (event, delaySeconds) => {
      await queue.push({
        body: event,
        ...(delaySeconds > 0 ? { delayInSeconds: Math.min(900, Math.ceil(delaySeconds)) } : {}),
        // One invocation per project at a time.
        ...(event.type === 'scan' ? { concurrency: { key: `scan-${event.projectKey}`, limit: 1 } } : {}),
      });
    },
    now: () => Date.now(),
    log: (message) => console.error(message),
    budget: FORGE_BUDGET,
  });
  return app;
}
