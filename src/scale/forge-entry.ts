/**
 * The Forge adapters of the scale path: the async-events consumer (chunked scans and debounce
 * checks), the product trigger for issue events, and the daily scheduled refresh. Each binds the
 * worker's ports to Forge (Jira as the app, KVS, the queue) and validates what Forge hands it.
 */
import { Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { isProjectKey } from '../core/project-key';
import { createJiraClient } from '../jira/client';
import { createForgeTransport } from '../jira/forge-transport';
import { effectiveConfig } from '../resolvers/load';
import type { ScaleServices } from '../resolvers/scan';
import { kvsConfigStore } from '../storage/config-store';
import { kvsHistoryStore } from '../storage/history-store';
import { kvsScanResultStore } from '../storage/scan-result-store';
import { kvsScanStateStore } from '../storage/scan-state-store';
import { DEFAULT_BUDGET } from './scan-machine';
import { handleQueueEvent, onIssueChanged, refreshAll, SCAN_QUEUE, type ScanEvent, type ScanWorkerDeps } from './scan-worker';

/** The consumer function's timeout (manifest.yml: timeoutSeconds 900); each invocation stops well before it. */
export const FORGE_BUDGET = { ...DEFAULT_BUDGET, timeBudgetMs: 600_000, reserveMs: 120_000 };

function newRunId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

export function forgeScaleServices(): ScaleServices {
  const states = kvsScanStateStore(kvs);
  const results = kvsScanResultStore(kvs);
  const history = kvsHistoryStore(kvs);
  const config = kvsConfigStore(kvs);
  const queue = new Queue({ key: SCAN_QUEUE });
  const log = (message: string) => console.error(message);
  const worker = (): ScanWorkerDeps => ({
    jira: createJiraClient(createForgeTransport({ as: 'app' })),
    states,
    results,
    history,
    loadConfig: (projectKey) => effectiveConfig(config, projectKey, log),
    enqueue: async (event: ScanEvent, delaySeconds: number) => {
      await queue.push({
        body: event,
        ...(delaySeconds > 0 ? { delayInSeconds: Math.min(900, Math.ceil(delaySeconds)) } : {}),
        // One invocation per project at a time.
        ...(event.type === 'scan' ? { concurrency: { key: `scan-${event.projectKey}`, limit: 1 } } : {}),
      });
    },
    now: () => Date.now(),
    newRunId,
    log,
    budget: FORGE_BUDGET,
  });
  return { states, results, history, worker };
}

const ids = z.looseObject({ eventId: z.string().optional(), jobId: z.string().optional() });
const consumerRequestSchema = z.looseObject({ payload: z.unknown().optional(), context: ids.optional() });

/**
 * The consumer (manifest: consumer → resolver method `scan-event`), with the request as
 * @forge/resolver passes it: `payload` is the pushed body, `context` carries the job and event ids.
 */
export async function consumeScanEvent(request: unknown): Promise<unknown> {
  const parsed = consumerRequestSchema.safeParse(request);
  const body = parsed.success ? parsed.data.payload : undefined;
  const context = parsed.success ? parsed.data.context : undefined;
  const owner = `${context?.jobId ?? 'job'}:${context?.eventId ?? newRunId()}`;
  const outcome = await handleQueueEvent(forgeScaleServices().worker(), body, owner);
  return outcome;
}

const issueEventSchema = z.looseObject({
  issue: z.looseObject({
    key: z.string().optional(),
    fields: z.looseObject({ project: z.looseObject({ key: z.string() }).optional() }).optional(),
  }),
});

/** The product trigger for avi:jira:created|updated|deleted:issue. */
export async function onIssueEvent(event: unknown): Promise<void> {
  const parsed = issueEventSchema.safeParse(event);
  const projectKey = parsed.success ? (parsed.data.issue.fields?.project?.key ?? parsed.data.issue.key?.replace(/-\d+$/, '')) : undefined;
  if (!isProjectKey(projectKey)) return;
  await onIssueChanged(forgeScaleServices().worker(), projectKey);
}

/** The daily scheduled trigger. */
export async function onDailyRefresh(): Promise<void> {
  await refreshAll(forgeScaleServices().worker());
}
