/**
 * `npm run bench`: scale figures of the app on deterministic synthetic sites (1k, 10k, 100k issues).
 *
 *   core      analyze() time (median of 3 after a warm-up) and V8 heap, each size in a fresh
 *             child process started with --max-old-space-size=300 (so "fits in 300 MB" is enforced)
 *   scan      the CLI's scan (scanProject: by key ranges) against the emulator with 40 ms of
 *             latency a request, 4 requests at a time at most — requests and wall time — beside a
 *             naive client that reads the same search pages and then GETs each issue's parent
 *             one by one (GET /rest/api/3/issue/{key}), as many Jira scripts do
 *   first     the first scan at 10k issues and more, 40 ms a request, by the app's scan job and by
 *             the CLI's scanProject: search pages of 100 one after another (the scan before), then
 *             key ranges with 1, 4 and 8 ranges in flight —
 *             requests, points (Atlassian's model, counted by the client's limiter) and wall time;
 *             the limiter allows 100 requests a second an endpoint (see ./first-scan.ts)
 *   page      the project page answering from the stored result: the scan/status resolver reading
 *             the stored summary from an in-memory KVS and shaping the DTO (median of 20)
 *   offline   at the largest size: `report --snapshot` beside a straightforward script of the same
 *             rules (wall time and peak memory, each in its own process), and `capture` then
 *             `capture --update` after a day of edits (requests, peak memory); see ./offline.ts
 *   rescan    the scan job's rescans after 10 and 1,000 edits at 10k issues and more (./rescan.ts)
 *   portfolio 500 projects analysed under the hourly points quota, then the global page (./portfolio.ts)
 *   summary   at the end (of any run measuring some of its rows), one table of the issue's measurements (rescans, the first scan with 1, 4
 *             and 8 in flight, capture and capture --update, report at the largest size) with the
 *             machine, the date and the load average during the run, each row beside its target
 *             and whether it is met (./summary.ts, ./targets.ts) — built from the figures the
 *             detailed tables printed, not measured again
 *
 * Figures are printed, never asserted. Options: --sizes 1000,10000 --naive-sample 2000 --quick
 * --only scan (the scale table: core, scan, page and panel by size) | rescan | first | offline |
 * portfolio (just that table) | cold (the viewers' cold answers with the points ledger: the issue
 * panel and the global page over stored portfolios, ./cold-answers.ts) | summary (exactly what the summary needs: rescans at 10k and 100k,
 * the app's first scan and the offline commands at 100k, their tables, then the summary).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/server';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { createJiraClient, CORE_ISSUE_FIELDS, type JiraClient } from '../../src/jira/client';
import { JiraNotFoundError } from '../../src/jira/errors';
import { createNodeTransport } from '../../src/jira/node-transport';
import { toProjectData } from '../../src/jira/project-data';
import { projectJql, scanProject } from '../../src/jira/scan';
import type { JiraTransport } from '../../src/jira/transport';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { measurePanel } from './panel';
import { measureColdAnswers, printColdAnswers } from './cold-answers';
import { composeApp } from '../../src/app/compose';
import { createResolverHandlers } from '../../src/resolvers';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { measureFirstScans, printFirstScanTable, type FirstScanRow } from './first-scan';
import { fmtMb, fmtMs, fmtN } from './format';
import { describeLoad, describeMachine, sampleLoad } from './machine';
import { table } from './table';
import { measureOffline } from './offline';
import { measureRescans, printRescanTable, type RescanFigures } from './rescan';
import { measurePortfolio, type PortfolioFigures } from './portfolio';
import { renderSummary, summaryRows, type SummaryInputs } from './summary';
import { SITE_CONCURRENCY } from '../../src/scan-job/portfolio-job';
import { generateSite, rawProjectOf, writeSiteSnapshot, SYNTH_SPRINT_FIELD } from './synth';

const LATENCY_MS = 40;
const CONCURRENCY = 4;

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** At most `limit` requests in flight; the rest wait their turn (one client, as a script would run). */
function limited(transport: JiraTransport, limit: number): JiraTransport {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    ...transport,
    async request(request) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        return await transport.request(request);
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---------------------------------------------------------------------------------------------
// core, in a child process

interface CoreFigures {
  issues: number;
  findings: number;
  medianMs: number;
  runsMs: number[];
  dataHeapMb: number;
  heapAfterMb: number;
  heapSizeMb: number;
}

function coreChild(size: number): void {
  const site = generateSite({ issues: size });
  const data = toProjectData(rawProjectOf(site));
  const gc = (globalThis as { gc?: () => void }).gc;
  analyze(data, DEFAULT_CONFIG, site.asOf); // warm-up
  gc?.();
  const base = process.memoryUsage().heapUsed;
  const runs: number[] = [];
  let findings = 0;
  let heapAfter = 0;
  let heapSize = 0;
  for (let i = 0; i < 3; i++) {
    gc?.();
    const t0 = performance.now();
    const report = analyze(data, DEFAULT_CONFIG, site.asOf);
    runs.push(performance.now() - t0);
    heapAfter = Math.max(heapAfter, process.memoryUsage().heapUsed);
    heapSize = Math.max(heapSize, process.memoryUsage().heapTotal);
    findings = report.findings.length;
  }
  const out: CoreFigures = {
    issues: data.issues.length,
    findings,
    medianMs: median(runs),
    runsMs: runs,
    dataHeapMb: base / 1e6,
    heapAfterMb: heapAfter / 1e6,
    heapSizeMb: heapSize / 1e6,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function measureCore(size: number): CoreFigures {
  const text = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=300', '--import', 'tsx', __filename, '--core-child', String(size)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(text.trim().split('\n').pop()!) as CoreFigures;
}

// ---------------------------------------------------------------------------------------------
// scans through the emulator

interface ScanFigures {
  requests: number;
  searches: number;
  wallMs: number;
  extrapolated: boolean;
  note?: string;
}

async function naiveScan(client: JiraClient, projectKey: string, sample: number | undefined): Promise<{ issues: number; parentsFetched: number }> {
  const fields = [...CORE_ISSUE_FIELDS, SYNTH_SPRINT_FIELD];
  const jql = projectJql(projectKey);
  let token: string | undefined;
  let issues = 0;
  let parentsFetched = 0;
  const pending: Promise<unknown>[] = [];
  for (let page = 1; ; page++) {
    const result = await client.searchPage({ jql, fields, maxResults: 100, ...(token ? { nextPageToken: token } : {}) }, SYNTH_SPRINT_FIELD, page);
    for (const issue of result.issues) {
      issues++;
      const parentKey = issue.fields.parent?.key;
      if (parentKey !== undefined && (sample === undefined || parentsFetched < sample)) {
        parentsFetched++;
        // A parent in a project the app cannot see answers 404: the script moves on.
        pending.push(client.issueWithParent(parentKey, SYNTH_SPRINT_FIELD).catch((error: unknown) => {
          if (!(error instanceof JiraNotFoundError)) throw error;
        }));
      }
    }
    if (!result.nextPageToken || result.isLast === true) break;
    token = result.nextPageToken;
    if (sample !== undefined && parentsFetched >= sample) break;
  }
  await Promise.all(pending);
  return { issues, parentsFetched };
}

async function measureScans(size: number, naiveSample: number | undefined): Promise<{ app: ScanFigures; naive: ScanFigures; withParent: number }> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${size}-`));
  try {
    const site = generateSite({ issues: size });
    const withParent = site.issues.filter((i) => i.fields.parent).length;
    await writeSiteSnapshot(site, dir);
    const emulator = await startEmulator({ snapshotDir: dir, faults: [{ kind: 'slow', delayMs: LATENCY_MS }] });
    try {
      const client = () => createJiraClient(limited(createNodeTransport({ baseUrl: emulator.url }), CONCURRENCY));
      emulator.resetCounters();
      let t0 = performance.now();
      const raw = await scanProject(client(), site.projectKey);
      const app: ScanFigures = { requests: emulator.counters.requests, searches: emulator.counters.byOperation.search, wallMs: performance.now() - t0, extrapolated: false };
      if (raw.issues.length !== size) throw new Error(`the scan read ${raw.issues.length} issues of ${size}`);

      emulator.resetCounters();
      t0 = performance.now();
      const sample = naiveSample !== undefined && naiveSample < withParent ? naiveSample : undefined;
      const naiveRun = await naiveScan(client(), site.projectKey, sample);
      const wall = performance.now() - t0;
      let naive: ScanFigures = { requests: emulator.counters.requests, searches: emulator.counters.byOperation.search, wallMs: wall, extrapolated: false };
      if (sample !== undefined) {
        // Measured on the first `sample` parents (and the search pages they came from); scaled linearly to all.
        const factor = withParent / naiveRun.parentsFetched;
        naive = {
          requests: Math.ceil(size / 100) + withParent,
          searches: Math.ceil(size / 100),
          wallMs: wall * factor,
          extrapolated: true,
          note: `extrapolated ×${factor.toFixed(1)} from ${fmtN(naiveRun.parentsFetched)} parent reads measured (${fmtN(emulator.counters.requests)} requests, ${fmtMs(wall)})`,
        };
      }
      return { app, naive, withParent };
    } finally {
      await emulator.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// the page answering from the stored result

async function measurePage(size: number): Promise<{ medianMs: number; storedKeys: number; storedKb: number; responseKb: number }> {
  const site = generateSite({ issues: size });
  const data = toProjectData(rawProjectOf(site));
  const report = analyze(data, DEFAULT_CONFIG, site.asOf);
  const health = toStoredHealth(report, { projectKey: site.projectKey, data }, new Date().toISOString());
  const kv = new MemoryKeyValueStore();
  // The app as src/index.ts wires it (src/app/compose.ts); the page only reads what is stored.
  const app = composeApp({
    kv,
    jiraAsApp: () => {
      throw new Error('no scan is started by the page in the bench');
    },
    jiraForViewer: () => ({
      issue: () => Promise.resolve(null),
      children: () => Promise.reject(new Error('the project page does not read children')),
      myPermissions: () => Promise.resolve({ administer: false, browseProject: true }),
      // The deployed app makes one search as the viewer per page of keys; here every issue is visible.
      visibleIssueKeys: (keys) => Promise.resolve(new Set(keys)),
      visibleBoards: (boardIds) => Promise.resolve(new Set(boardIds)),
    }),
    enqueue: () => Promise.reject(new Error('no scan is started by the page in the bench')),
    now: () => Date.parse(site.capturedAt),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  await app.scale.results.put({ projectKey: site.projectKey, runId: 'bench1', issueCount: data.issues.length, scanDurationMs: 0, searchPages: Math.ceil(size / 100) }, health);
  const stored = kv.size('res:');
  const handlers = createResolverHandlers(app.services);
  const context = { accountId: 'bench', extension: { type: 'jira:projectPage', project: { key: site.projectKey } } };
  const times: number[] = [];
  let responseKb = 0;
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    const response = await handlers['scan/status']({ payload: {}, context });
    const text = JSON.stringify(response); // what crosses the bridge
    times.push(performance.now() - t0);
    if (!response.ok) throw new Error(`scan/status failed: ${response.error.message}`);
    responseKb = Buffer.byteLength(text) / 1024;
  }
  return { medianMs: median(times.slice(1)), storedKeys: stored.keys, storedKb: stored.bytes / 1024, responseKb };
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// the bench's parts

/** The parts `--only` names; `summary` runs exactly the parts the summary table needs. */
const PARTS = ['scan', 'rescan', 'first', 'offline', 'portfolio', 'cold'] as const;
type Part = (typeof PARTS)[number];
const SUMMARY_PARTS: readonly Part[] = ['rescan', 'first', 'offline'];
const ONLY: Record<string, readonly Part[]> = {
  ...Object.fromEntries(PARTS.map((p) => [p, [p]])),
  summary: SUMMARY_PARTS,
};

interface ScaleFigures {
  size: number;
  core: CoreFigures;
  scans: Awaited<ReturnType<typeof measureScans>>;
  page: Awaited<ReturnType<typeof measurePage>>;
  panel: Awaited<ReturnType<typeof measurePanel>>;
}

async function measureScale(size: number, naiveSample: number | undefined): Promise<ScaleFigures> {
  process.stderr.write(`… ${fmtN(size)} issues: core\n`);
  const core = measureCore(size);
  process.stderr.write(`… ${fmtN(size)} issues: scans\n`);
  const scans = await measureScans(size, naiveSample);
  process.stderr.write(`… ${fmtN(size)} issues: page\n`);
  const page = await measurePage(size);
  process.stderr.write(`… ${fmtN(size)} issues: issue panel\n`);
  const panel = await measurePanel(size, LATENCY_MS);
  if (!panel.response.ok) throw new Error(`chain/issue failed: ${panel.response.error.message}`);
  return { size, core, scans, page, panel };
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--core-child');
  if (childAt >= 0) {
    coreChild(Number(process.argv[childAt + 1]));
    return;
  }
  const only = arg('only');
  const parts = only === undefined ? PARTS : ONLY[only];
  if (parts === undefined) {
    process.stderr.write(`bench: --only takes one of ${Object.keys(ONLY).join(', ')}; got "${only}"\n`);
    process.exit(2);
  }
  const wants = (part: Part) => parts.includes(part);
  // The summary follows any run that measured some of its rows (--only offline: the offline rows).
  const withSummary = parts.some((p) => SUMMARY_PARTS.includes(p));
  const quick = process.argv.includes('--quick');
  const sizes = (arg('sizes') ?? (only === 'summary' ? '10000,100000' : quick ? '1000,10000' : '1000,10000,100000')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    process.stderr.write(`bench: --sizes takes whole numbers of issues separated by commas; got "${arg('sizes')}"\n`);
    process.exit(2);
  }
  const largest = Math.max(...sizes);
  const naiveSample = Number(arg('naive-sample') ?? 3000);
  const started = new Date();
  const load = sampleLoad();
  const machine = describeMachine();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  log(`Planning Levels bench — ${started.toISOString().slice(0, 10)} — ${machine.description}`);
  log(`Emulator latency ${LATENCY_MS} ms a request, at most ${CONCURRENCY} requests in flight. Naive client: search pages, then GET each issue's parent separately.`);
  log('');

  const inputs: SummaryInputs = {};
  if (wants('scan')) {
    const scale: ScaleFigures[] = [];
    for (const size of sizes) scale.push(await measureScale(size, size > 10_000 ? naiveSample : undefined));
    printScanTable(scale, log);
  }
  if (wants('rescan')) {
    const rescans: RescanFigures[] = [];
    for (const size of sizes.filter((n) => n >= 10_000)) {
      progress(`… ${fmtN(size)} issues: rescans`);
      rescans.push(...(await measureRescans(size, [10, 1000], LATENCY_MS)));
    }
    printRescanTable(rescans, LATENCY_MS, log);
    inputs.rescans = rescans;
  }
  if (wants('first')) {
    // The summary needs the app's first scan at the largest size only; the full bench measures both scans at every size from 10k.
    const firstSizes = only === 'summary' ? [largest] : sizes.filter((n) => n >= 10_000);
    const firstScans = new Map<number, FirstScanRow[]>();
    for (const size of firstSizes) firstScans.set(size, await measureFirstScans(size, LATENCY_MS, progress, only === 'summary' ? ['app'] : ['app', 'cli']));
    printFirstScanTable(firstScans, LATENCY_MS, log);
    const atLargest = firstScans.get(largest);
    if (atLargest) inputs.firstScan = { issues: largest, rows: atLargest };
  }
  if (wants('offline')) {
    const offline = await measureOffline(largest, progress);
    printOfflineTable(offline, log);
    inputs.offline = { issues: largest, ...offline };
  }
  if (wants('portfolio')) printPortfolioTable(await measurePortfolio({ progress }), log);
  if (wants('cold')) printColdAnswers(await measureColdAnswers({ projects: [500, 10_000], progress }), log);
  if (withSummary) {
    log('');
    const label = { date: `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`, machine: machine.description, load: describeLoad(load.stop(), machine.cores), latencyMs: LATENCY_MS };
    for (const line of renderSummary(summaryRows(inputs), label)) log(line);
  }
  log('');
  log(`Bench wall time: ${fmtMs(Date.now() - started.getTime())}.`);
}

function printPortfolioTable(f: PortfolioFigures, log: (line: string) => void): void {
  const h = (ms: number) => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 60_000)} min`);
  const page = (p: typeof f.cold) => `${Math.round(p.ms)} ms: ${fmtN(p.gets)} gets, ${fmtN(p.queries)} queries, ${Math.round(p.kb)} KB (${fmtN(p.readUnits)} read units)`;
  log('');
  table(
    ['projects (issues)', 'analysed', 'requests', 'points', '429s', 'last project analysed (simulated)', 'global page, cold instance', 'global page, warm', 'answer'],
    [[
      `${fmtN(f.projects)} (${fmtN(f.issues)})`,
      `${fmtN(f.analysed)} in ${fmtN(f.invocations)} invocations`,
      fmtN(f.requests),
      `${fmtN(f.points)} (at most ${fmtN(f.maxPointsInAnHour)} in an hour of ${fmtN(f.quota)})`,
      fmtN(f.rateLimited),
      h(f.lastAnalysedMs),
      page(f.cold),
      page(f.warm),
      `${Math.round(f.responseKb)} KB`,
    ]],
    log,
  );
  log(
    `Portfolio: the Jira emulator enforces ${fmtN(f.quota)} points an hour; the app's site queue (${SITE_CONCURRENCY} scans at a time) and rate limiter on a simulated clock, ` +
      `Jira answering in ${f.jiraLatencyMs} ms; ${f.chunks} chunks of summaries; KVS calls refused by its per-minute quotas: ${fmtN(f.kvsRateLimited)}; ` +
      `longest consumer invocation ${Math.round(f.longestInvocationMs / 1000)} s simulated. The page: every KVS call ${f.kvsLatencyMs} ms, the permission check ${f.jiraLatencyMs} ms, median of 5.`,
  );
}

function printOfflineTable({ report, capture }: Awaited<ReturnType<typeof measureOffline>>, log: (line: string) => void): void {
  log('');
  table(['issues', 'report', 'straightforward script', 'report / script', 'capture requests', 'capture peak', `--update requests (${fmtN(capture.update.edits)} edits)`, '--update / capture', '--update peak'], [[
    fmtN(report.issues),
    `${fmtMs(report.report.cpuMs)} CPU (${fmtMs(report.report.wallMs)} wall), ${fmtMb(report.report.peakMb)}`,
    `${fmtMs(report.straightforward.cpuMs)} CPU (${fmtMs(report.straightforward.wallMs)} wall), ${fmtMb(report.straightforward.peakMb)}`,
    `${(report.ratio * 100).toFixed(0)}%`,
    fmtN(capture.capture.requests),
    fmtMb(capture.capture.peakMb),
    fmtN(capture.update.requests),
    `${((capture.update.requests / capture.capture.requests) * 100).toFixed(1)}%`,
    fmtMb(capture.update.peakMb),
  ]], log);
  log('');
  log('offline: each command in its own Node process, both as JavaScript bundled by esbuild alike (report through bin/cli.mjs as `npm run report` runs it, its freshness check included; start-up included), best of 3 by CPU time (user + system; report / script compares CPU time), with wall time and peak resident memory; the script and report print the same bytes.');
  log('capture: from the emulator without latency; a day of edits = 1% of the issues edited, 10 created, a few deleted.');
}

function printScanTable(figures: readonly ScaleFigures[], log: (line: string) => void): void {
  const head = ['issues', 'core time', 'heap used/size', 'findings', 'app scan requests', 'app scan wall', 'naive requests', 'naive wall', 'fewer', 'page (stored)', 'stored result', 'page response', 'panel reads', 'panel wall'];
  const rows = figures.map(({ size, core, scans, page, panel }) => [
    fmtN(size),
    fmtMs(core.medianMs),
    `${Math.round(core.heapAfterMb)} / ${Math.round(core.heapSizeMb)} MB`,
    fmtN(core.findings),
    `${fmtN(scans.app.requests)} (${fmtN(scans.app.searches)} search)`,
    fmtMs(scans.app.wallMs),
    `${fmtN(scans.naive.requests)}${scans.naive.extrapolated ? '*' : ''}`,
    `${fmtMs(scans.naive.wallMs)}${scans.naive.extrapolated ? '*' : ''}`,
    `${(scans.naive.requests / scans.app.requests).toFixed(0)}×`,
    `${page.medianMs.toFixed(1)} ms`,
    `${page.storedKeys} keys, ${Math.round(page.storedKb)} KB`,
    `${Math.round(page.responseKb)} KB`,
    `${panel.requests} Jira, ${panel.kvsReads} KVS`,
    fmtMs(panel.wallMs),
  ]);
  table(head, rows, log);
  log('');
  log('core: analyze() median of 3 after a warm-up, in a child process limited to 300 MB of V8 old space; heap used = largest heapUsed after a run (data included), size = V8 heap reserved.');
  log('page: scan/status resolver over an in-memory KVS holding the stored result (summary + findings in chunks), median of 20; a deployed app adds KVS latency and one mypermissions call.');
  log(`panel: chain/issue of a story (under an epic under an initiative, with sub-tasks) as a viewer through the emulator at ${LATENCY_MS} ms a request, over the stored result in an in-memory KVS; one answer, budget 6 Jira requests and 3 s.`);
  for (const { size, scans } of figures) if (scans.naive.note) log(`* ${fmtN(size)} naive: ${scans.naive.note}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
