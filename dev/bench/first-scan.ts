/**
 * Bench rows for the first scan of a project, at 40 ms a request, against the emulator in a
 * process of its own (as a site is: its work does not share the scan's thread):
 *
 *   app   the scan job (src/scan-job/scan-worker.ts) run by the consumer over an in-memory KVS and
 *         an in-process queue, with the default budget (600 s an invocation, 400 requests): search
 *         pages of 100 one after another (the scan job before), then key ranges (the highest key,
 *         then search pages of 100 by key range) with 1, 4 and 8 ranges in flight — each run from
 *         nothing to the stored result;
 *   cli   scanProject (the CLI's `report --site`), the same four ways.
 *
 * Requests and points are counted by the client's rate limiter (Atlassian's points model: 1 a
 * request + 1 an issue or project returned), which caps each endpoint at 100 requests a second.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp } from '../../src/app/compose';
import { createJiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { createRateLimiter, JIRA_REQUESTS_PER_SECOND, type RateLimiter } from '../../src/jira/rate-limiter';
import { scanProject, type ScanOptions } from '../../src/jira/scan';
import { handleQueueEvent, startScan, type ScanEvent, type ScanWorkerDeps } from '../../src/scan-job/scan-worker';
import { DEFAULT_BUDGET } from '../../src/scan-state/scan-machine';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { InProcessQueue } from './in-process-queue';
import { generateSite, writeSiteSnapshot, type SyntheticSite } from './synth';
import { fmtMs, fmtN } from './format';
import { table } from './table';

export interface FirstScanRow {
  scan: 'app' | 'cli';
  how: string;
  /** How the issues are read: the scan before (search pages one at a time) or today's. */
  reads: (typeof WAYS)[number]['reads'];
  inFlight: number;
  requests: number;
  points: number;
  wallMs: number;
  /** CPU time of the bench's process (the scan and, for the app, the analysis and storing; not the emulator's). */
  cpuMs: number;
  /** Consumer invocations (the app's scan job). */
  invocations?: number;
}

const WAYS: { how: string; reads: 'search-pages' | 'key-ranges'; inFlight: number }[] = [
  { how: 'search pages of 100, one at a time (before)', reads: 'search-pages', inFlight: 1 },
  { how: 'key ranges, 1 in flight', reads: 'key-ranges', inFlight: 1 },
  { how: 'key ranges, 4 in flight', reads: 'key-ranges', inFlight: 4 },
  { how: 'key ranges, 8 in flight', reads: 'key-ranges', inFlight: 8 },
];

/** The emulator in a process of its own at `latencyMs` a request. */
async function emulatorProcess(dir: string, latencyMs: number): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../emulator/main.ts'), '--snapshot', dir, '--port', '0', '--latency-ms', String(latencyMs), '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found) resolvePromise(found[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited ${code}`)));
  });
  return { url, close: () => child.kill() };
}

/** The scan job's first scan of the project, from nothing to the stored result, as the consumer runs it. */
async function appFirstScan(site: SyntheticSite, url: string, pacing: RateLimiter, way: (typeof WAYS)[number]): Promise<{ issues: number; invocations: number }> {
  const queue = new InProcessQueue<ScanEvent>({ startAt: Date.now(), hardLimitMs: 900_000 });
  const app = composeApp({
    kv: new MemoryKeyValueStore(),
    jiraAsApp: () => createJiraClient(createNodeTransport({ baseUrl: url }), { pacing }),
    jiraForViewer: () => {
      throw new Error('the first-scan bench makes no resolver call');
    },
    enqueue: queue.push,
    now: queue.now,
    newRunId: () => 'bench1',
    log: () => undefined,
    budget: { ...DEFAULT_BUDGET, requestsInFlight: way.inFlight },
  });
  const deps: ScanWorkerDeps = { ...app.worker(), fullScanReads: way.reads };
  await startScan(deps, site.projectKey, 'first-view');
  const log = await queue.drain((body, id) => handleQueueEvent(deps, body, id));
  const summary = await app.scale.results.summary(site.projectKey);
  return { issues: summary?.issueCount ?? 0, invocations: log.length };
}

/** The first scan of a `size`-issue project, app and CLI (or only those of `scans`), each of the four ways. */
export async function measureFirstScans(size: number, latencyMs: number, progress: (line: string) => void, scans: readonly FirstScanRow['scan'][] = ['app', 'cli']): Promise<FirstScanRow[]> {
  const dir = mkdtempSync(join(tmpdir(), `bench-first-${size}-`));
  try {
    const site = generateSite({ issues: size });
    await writeSiteSnapshot(site, dir);
    const emulator = await emulatorProcess(dir, latencyMs);
    try {
      const rows: FirstScanRow[] = [];
      for (const scan of scans) {
        for (const way of WAYS) {
          progress(`… ${size.toLocaleString('en-US')} issues: first scan (${scan}), ${way.how}`);
          // A limiter of its own per run, so its counts are this run's (points as Jira counts them).
          const pacing = createRateLimiter({ requestsPerSecond: JIRA_REQUESTS_PER_SECOND });
          const t0 = performance.now();
          const cpu0 = process.cpuUsage();
          let issues: number;
          let invocations: number | undefined;
          if (scan === 'app') {
            ({ issues, invocations } = await appFirstScan(site, emulator.url, pacing, way));
          } else {
            const options: ScanOptions = way.reads === 'search-pages' ? { issueReads: 'search-pages' } : { inFlight: way.inFlight };
            issues = (await scanProject(createJiraClient(createNodeTransport({ baseUrl: emulator.url }), { pacing }), site.projectKey, options)).issues.length;
          }
          const wallMs = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          if (issues !== size) throw new Error(`the first scan (${scan}, ${way.how}) read ${issues} issues of ${size}`);
          rows.push({ scan, how: way.how, reads: way.reads, inFlight: way.inFlight, requests: pacing.stats().requests, points: pacing.stats().points, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, ...(invocations !== undefined ? { invocations } : {}) });
        }
      }
      return rows;
    } finally {
      emulator.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One table: per scan and way, each size's requests, points, wall time and speed-up over that scan's search pages. */
export function printFirstScanTable(bySize: ReadonlyMap<number, readonly FirstScanRow[]>, latencyMs: number, log: (line: string) => void): void {
  const sizes = [...bySize.keys()];
  if (sizes.length === 0) return;
  const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  const head = ['first scan', ...sizes.flatMap((n) => [`${k(n)} requests`, `${k(n)} points`, `${k(n)} wall`, '×'])];
  const first = bySize.get(sizes[0]!)!;
  const rows = first.map((row, i) => [
    `${row.scan === 'app' ? 'app scan job' : 'CLI scanProject'}: ${row.how}`,
    ...sizes.flatMap((n) => {
      const all = bySize.get(n)!;
      const r = all[i]!;
      const base = all.find((b) => b.scan === r.scan)!.wallMs;
      return [fmtN(r.requests), fmtN(r.points), `${fmtMs(r.wallMs)}${r.invocations !== undefined ? ` (${r.invocations} inv.)` : ''}`, (base / r.wallMs).toFixed(1)];
    }),
  ]);
  log('');
  table(head, rows, log);
  log('');
  log(
    `first scan: against the emulator in a process of its own at ${latencyMs} ms a request, metadata and sprints included; × = speed-up over the same scan's search pages one at a time. ` +
      'app: the scan job from nothing to the stored result (analysed and stored) through the consumer over an in-memory KVS, default budget, "inv." = consumer invocations. ' +
      "Points as Jira counts app traffic (1 a request + 1 an issue or project returned), counted by the client's limiter, which caps each endpoint at 100 requests a second.",
  );
}
