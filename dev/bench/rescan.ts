/**
 * Bench rows for incremental rescans: a synthetic project scanned once in full by the scan job
 * (through the emulator, in process), then rescanned after 10 and after 1,000 edits — once as
 * issue events trigger it, once as the daily refresh (which also reconciles the project's issue ids,
 * 5,000 a page). Requests, search requests and points (the emulator charges Atlassian's points
 * model, src/jira/points.ts) are the emulator's counts; wall time at the bench's latency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/server';
import { prng } from '../prng';
import { composeApp } from '../../src/app/compose';
import { createJiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { handleQueueEvent, onIssueChanged, startScan, type ScanEvent } from '../../src/scan-job/scan-worker';
import type { ScanReason } from '../../src/scan-state/scan-machine';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { InProcessQueue } from './in-process-queue';
import { generateSite, writeSiteSnapshot } from './synth';
import { fmtMs, fmtN } from './format';
import { table } from './table';
import { rescanSearchLimit, RESCAN_TARGET_EDITS } from './targets';

export interface RescanFigures {
  issues: number;
  edits: number;
  kind: 'full scan' | 'events' | 'daily';
  requests: number;
  searches: number;
  points: number;
  wallMs: number;
  /** CPU time of the bench's process (the scan job and the in-process emulator), user + system. */
  cpuMs: number;
}

/** The scan job's figures on a project of `size` issues: its first full scan, then rescans after `edits` edits. */
export async function measureRescans(size: number, edits: readonly number[], latencyMs: number): Promise<RescanFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), `bench-rescan-${size}-`));
  try {
    const site = generateSite({ issues: size });
    await writeSiteSnapshot(site, dir);
    // The first scan a day after the site's last update (the synthetic site has issues updated
    // after its capture time, which every rescan's window would read again).
    const lastUpdate = Math.max(...site.issues.map((i) => Date.parse(i.fields.updated)));
    const queue = new InProcessQueue<ScanEvent>({ startAt: lastUpdate + 86_400_000, hardLimitMs: 900_000 });
    // Rate limits on with a quota no scan reaches: the emulator then charges every answer's points.
    const emulator = await startEmulator({ snapshotDir: dir, now: queue.now, rateLimits: { pointsPerHour: 1e12 } });
    try {
      const kv = new MemoryKeyValueStore();
      let runs = 0;
      // The app as src/index.ts wires it (src/app/compose.ts); the empty store gives the default settings.
      const deps = composeApp({
        kv,
        jiraAsApp: () => createJiraClient(createNodeTransport({ baseUrl: emulator.url })),
        jiraForViewer: () => {
          throw new Error('the rescan bench makes no resolver call');
        },
        enqueue: queue.push,
        now: queue.now,
        newRunId: () => `bench${++runs}`,
        log: () => undefined,
      }).worker();
      const out: RescanFigures[] = [];
      const drain = () => queue.drain((body, id) => handleQueueEvent(deps, body, id));
      // Events: the debounce's check starts the rescan 5 quiet minutes later; otherwise the scan starts now.
      const run = async (kind: RescanFigures['kind'], reason: ScanReason | null, editCount: number) => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // the scan starts after the last event, not in its millisecond
        emulator.resetCounters();
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        if (reason !== null) await startScan(deps, site.projectKey, reason);
        await drain();
        const c = emulator.counters;
        const cpu = process.cpuUsage(cpu0);
        out.push({ issues: size, edits: editCount, kind, requests: c.requests, searches: c.byOperation.search, points: c.points, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
      };
      // The first scan without latency (its figures are the scan bench's), then the bench's latency.
      await run('full scan', 'first-view', 0);
      emulator.setFaults([{ kind: 'slow', delayMs: latencyMs }]);
      const rand = prng(5);
      const keys = site.issues.map((i) => i.key);
      for (const count of edits) {
        for (const kind of ['events', 'daily'] as const) {
          for (let e = 0; e < count; e++) {
            const key = keys[Math.floor(rand() * keys.length)]!;
            emulator.site.editIssue(key, { summary: `Edited for the bench (${kind}, ${e})` });
            await onIssueChanged(deps, site.projectKey, { issueId: String(emulator.site.issue(key)!.id), gone: false });
          }
          await run(kind, kind === 'daily' ? 'scheduled' : null, count);
        }
      }
      return out;
    } finally {
      await emulator.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rescan table: per size, the full scan for reference, then rescans after 10 and 1,000 edits (figures of measureRescans). */
export function printRescanTable(figures: readonly RescanFigures[], latencyMs: number, log: (line: string) => void): void {
  const rows: string[][] = [];
  for (const f of figures) {
    rows.push([
      fmtN(f.issues),
      f.kind === 'full scan' ? 'first scan (every rescan before)' : `${fmtN(f.edits)} edits, ${f.kind === 'daily' ? 'daily (+ ids)' : 'issue events'}`,
      fmtN(f.requests),
      `${fmtN(f.searches)}${f.kind !== 'full scan' && f.edits === RESCAN_TARGET_EDITS ? ` (target ≤ ${rescanSearchLimit(f.issues)})` : ''}`,
      fmtN(f.points),
      f.kind === 'full scan' ? `${fmtMs(f.wallMs)} (no latency)` : fmtMs(f.wallMs),
    ]);
  }
  if (rows.length === 0) return;
  log('');
  table(['issues', 'scan', 'requests', 'search requests', 'points', 'wall'], rows, log);
  log('');
  log(`rescans: the scan job in process over an in-memory KVS, through the emulator at ${latencyMs} ms a request, one request at a time; points as the emulator charges them (Atlassian's points model).`);
  log('issue events: the rescan the debounce starts (changed issues, versions, boards, active and future sprints); daily: the scheduled refresh, which also reads every issue id (5,000 a page) to drop deleted and moved issues.');
}
