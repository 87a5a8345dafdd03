/**
 * The app as src/index.ts wires it (src/app/compose.ts), on an in-process queue and its clock:
 * for tests that drive scans through the consumer and make no resolver call.
 */
import type { InProcessQueue } from '../../dev/bench/in-process-queue';
import { composeApp, type App } from '../../src/app/compose';
import type { JiraClient } from '../../src/jira/client';
import type { ScanEvent } from '../../src/scan-job/scan-worker';
import type { ScanBudget } from '../../src/scan-state/scan-machine';
import type { KeyValueStore } from '../../src/storage/key-value';

export function composeOnQueue(queue: InProcessQueue<ScanEvent>, ports: { kv: KeyValueStore; jira: JiraClient; budget: ScanBudget; log: (m: string) => void }): App {
  let runs = 0;
  return composeApp({
    kv: ports.kv,
    jiraAsApp: () => ports.jira,
    jiraForViewer: () => {
      throw new Error('no resolver call in this test');
    },
    enqueue: queue.push,
    now: queue.now,
    newRunId: () => `run${++runs}`,
    log: ports.log,
    budget: ports.budget,
  });
}
