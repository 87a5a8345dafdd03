/**
 * Bench rows for incremental rescans: a synthetic project scanned once in full by the scan job
 * (through the emulator, in process), then rescanned after 10 and after 1,000 edits — once as
 * issue events trigger it, once as the daily refresh (which also reconciles: one approximate count
 * of the project's issues, and the issue ids, 5,000 a page, only when the count differs from what
 * the rescan holds) — and once more as the daily refresh after 10 edits and a delete no event
 * reported, which the count finds and the ids then drop. Requests, search requests and points (the
 * emulator charges Atlassian's points model, src/jira/points.ts) are the emulator's counts; wall
 * time at the bench's latency.
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
  kind: 'full scan' | 'events' | 'daily' | 'daily, untold delete';
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
      const edit = async (count: number, label: string) => {
        for (let e = 0; e < count; e++) {
          const key = keys[Math.floor(rand() * keys.length)]!;
          emulator.site.editIssue(key, { summary: `Edited for the bench (${label}, ${e})` });
          await onIssueChanged(deps, site.projectKey, { issueId: String(emulator.site.issue(key)!.id), gone: false });
        }
      };
      for (const count of edits) {
        for (const kind of ['events', 'daily'] as const) {
          await edit(count, kind);
          await run(kind, kind === 'daily' ? 'scheduled' : null, count);
        }
        if (count !== edits[0]) continue;
        // Then a delete no event reported (the trigger missed it): the count differs, the ids are listed.
        emulator.site.deleteIssue(keys.pop()!);
        await edit(count, 'untold delete');
        await run('daily, untold delete', 'scheduled', count);
      }
      return out;
    } finally {
      await emulator.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const KIND_LABELS: Record<Exclude<RescanFigures['kind'], 'full scan'>, string> = {
  events: 'issue events',
  daily: 'daily (count)',
  'daily, untold delete': '1 untold delete, daily (count + ids)',
};

/** The rescan table: per size, the full scan for reference, then rescans after 10 and 1,000 edits (figures of measureRescans). */
export function printRescanTable(figures: readonly RescanFigures[], latencyMs: number, log: (line: string) => void): void {
  const rows: string[][] = [];
  for (const f of figures) {
    rows.push([
      fmtN(f.issues),
      f.kind === 'full scan' ? 'first scan (every rescan before)' : `${fmtN(f.edits)} edits, ${KIND_LABELS[f.kind]}`,
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
  log(
    'issue events: the rescan the debounce starts (changed issues, versions, boards, active and future sprints); daily: the scheduled refresh, which also counts the project\'s issues (1 point) and, ' +
      'only when the count differs from the issues the rescan holds (a delete or move no event reported), reads every issue id (5,000 a page) to drop them.',
  );
}
