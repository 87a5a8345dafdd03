/**
 * The bench's offline figures, each command in a child process of its own (wall time, CPU time
 * and peak resident memory, read by dev/bench/peak-rss.cjs):
 *
 *   report    `report --snapshot DIR --project KEY --json` beside dev/bench/straightforward-report.ts,
 *             a straightforward script of the same rules, in the same run; both must print the
 *             same bytes. Both run as JavaScript bundled by esbuild the same way (report as
 *             `npm run report` runs it, through bin/cli.mjs; the script bundled here), so neither
 *             pays for compiling TypeScript. Best of `runs` each, alternating; compared by CPU time
 *             (user + system), which other work on a shared machine disturbs less than wall time.
 *   capture   `capture` of the whole project from the emulator, then a day of edits through the
 *             emulator, then `capture --update`: requests and peak memory of each.
 */
import { execFileSync, spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator/server';
import type { JsonObject } from '../emulator/store';
import { generateSite, writeSiteSnapshot, type SyntheticSite } from './synth';

const ROOT = resolve(__dirname, '../..');
const PEAK = join(__dirname, 'peak-rss.cjs');

interface ChildRun {
  wallMs: number;
  cpuMs: number;
  peakMb: number;
  stdout: string;
}

/** Runs `node ARGS…` in a fresh process (ARGS[0] a JavaScript file under ROOT); fails on a non-zero exit. */
function runChild(args: string[], env: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', PEAK, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const peak = /PEAK_RSS_KB=(\d+)/.exec(err);
      const cpu = /CPU_US=(\d+)/.exec(err);
      if (code !== 0 || peak === null || cpu === null) {
        reject(new Error(`${args.join(' ')} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      resolvePromise({ wallMs, cpuMs: Number(cpu[1]) / 1000, peakMb: Number(peak[1]) / 1024, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** What `npm run report` / `npm run capture` run (without npm's own start-up): the prebuilt command through bin/cli.mjs. */
const command = (name: 'report' | 'capture', args: string[]) => [join(ROOT, 'bin', 'cli.mjs'), name, ...args];

/** Builds the commands' bundles before anything is measured (the first run after a change builds them). */
function buildCommands(): void {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'cli.mjs'), '--build'], { cwd: ROOT, stdio: 'inherit' });
}

/** The straightforward script bundled the way bin/cli.mjs bundles the commands, so both start alike. */
function bundleScript(outDir: string): string {
  const outfile = join(outDir, 'straightforward-report.cjs');
  buildSync({ entryPoints: [join(__dirname, 'straightforward-report.ts')], bundle: true, platform: 'node', format: 'cjs', target: `node${process.versions.node.split('.')[0]}`, outfile, logLevel: 'silent', legalComments: 'none' });
  return outfile;
}

export interface ReportFigures {
  issues: number;
  report: { wallMs: number; cpuMs: number; peakMb: number };
  straightforward: { wallMs: number; cpuMs: number; peakMb: number };
  /** report CPU time / straightforward CPU time. */
  ratio: number;
  /** report wall time / straightforward wall time (of the same runs); absent in figures made before it was measured. */
  wallRatio?: number;
}

async function measureReport(site: SyntheticSite, dir: string, runs = 3): Promise<ReportFigures> {
  const bundles = mkdtempSync(join(tmpdir(), 'bench-script-'));
  try {
    buildCommands();
    const script = bundleScript(bundles);
    let report: ChildRun | undefined;
    let plain: ChildRun | undefined;
    for (let i = 0; i < runs; i++) {
      const r = await runChild(command('report', ['--snapshot', dir, '--project', site.projectKey, '--json']));
      // The script's calendar dates are date-fns's, in the process's time zone: UTC, as Jira's +0000 timestamps.
      const p = await runChild([script, dir, site.projectKey], { TZ: 'UTC' });
      if (r.stdout !== p.stdout) throw new Error('the straightforward script and report print different documents: they do not apply the same rules');
      if (report === undefined || r.cpuMs < report.cpuMs) report = r;
      if (plain === undefined || p.cpuMs < plain.cpuMs) plain = p;
    }
    return {
      issues: site.issues.length,
      report: { wallMs: report!.wallMs, cpuMs: report!.cpuMs, peakMb: report!.peakMb },
      straightforward: { wallMs: plain!.wallMs, cpuMs: plain!.cpuMs, peakMb: plain!.peakMb },
      ratio: report!.cpuMs / plain!.cpuMs,
      wallRatio: report!.wallMs / plain!.wallMs,
    };
  } finally {
    rmSync(bundles, { recursive: true, force: true });
  }
}

export interface CaptureFigures {
  capture: { requests: number; points: number; wallMs: number; cpuMs: number; peakMb: number };
  update: { requests: number; points: number; wallMs: number; cpuMs: number; peakMb: number; edits: number };
}

const ENV = { JIRA_EMAIL: 'bench@example.com', JIRA_API_TOKEN: 'bench' };

/** capture, a day of edits (1% of the issues edited, a few created, deleted and moved), capture --update. */
async function measureCapture(site: SyntheticSite, dir: string): Promise<CaptureFigures> {
  const out = mkdtempSync(join(tmpdir(), 'bench-capture-'));
  // Rate limits on with a quota no capture reaches: the emulator then charges every answer's points.
  const emulator = await startEmulator({ snapshotDir: dir, rateLimits: { pointsPerHour: 1e12 } });
  try {
    const target = join(out, 'snapshot');
    emulator.resetCounters();
    buildCommands();
    const first = await runChild(command('capture', ['--site', emulator.url, '--project', site.projectKey, '--out', target]), ENV);
    const captureRequests = emulator.counters.requests;
    const capturePoints = emulator.counters.points;

    const keys = site.issues.map((i) => i.key);
    const edited = keys.filter((_, i) => i % 100 === 7);
    for (const key of edited) emulator.site.editIssue(key, { summary: `Edited during the day (${key})` });
    const removed = keys.filter((_, i) => i % 5000 === 11);
    for (const key of removed) emulator.site.deleteIssue(key);
    const template = site.issues[1]!;
    const last = Math.max(...keys.map((k) => Number(k.slice(k.lastIndexOf('-') + 1))));
    for (let n = 1; n <= 10; n++) {
      emulator.site.createIssue(site.projectKey, { id: String(9_000_000 + n), key: `${site.projectKey}-${last + n}`, fields: { ...(structuredClone(template.fields) as unknown as JsonObject), summary: `Created during the day ${n}` } });
    }

    emulator.resetCounters();
    const update = await runChild(command('capture', ['--site', emulator.url, '--project', site.projectKey, '--out', target, '--update']), ENV);
    return {
      capture: { requests: captureRequests, points: capturePoints, wallMs: first.wallMs, cpuMs: first.cpuMs, peakMb: first.peakMb },
      update: { requests: emulator.counters.requests, points: emulator.counters.points, wallMs: update.wallMs, cpuMs: update.cpuMs, peakMb: update.peakMb, edits: edited.length + removed.length + 10 },
    };
  } finally {
    await emulator.close();
    rmSync(out, { recursive: true, force: true });
  }
}

/** Both measurements on one synthetic site of `size` issues. */
export async function measureOffline(size: number, log: (line: string) => void): Promise<{ report: ReportFigures; capture: CaptureFigures }> {
  const dir = mkdtempSync(join(tmpdir(), `bench-offline-${size}-`));
  try {
    const site = generateSite({ issues: size });
    await writeSiteSnapshot(site, dir);
    log(`… ${size} issues: report vs the straightforward script`);
    const report = await measureReport(site, dir);
    log(`… ${size} issues: capture and capture --update`);
    const capture = await measureCapture(site, dir);
    return { report, capture };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The report rows alone, without capture and the emulator:
 *   tsx dev/bench/offline.ts [--issues 100000] [--runs 3]
 * prints report and the script side by side, CPU and wall, with the load average.
 */
async function reportRowsOnly(): Promise<void> {
  const option = (name: string, fallback: number) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const size = option('issues', 100_000);
  const dir = mkdtempSync(join(tmpdir(), `bench-report-${size}-`));
  try {
    const site = generateSite({ issues: size });
    await writeSiteSnapshot(site, dir);
    const before = loadavg();
    const f = await measureReport(site, dir, option('runs', 3));
    const after = loadavg();
    const row = (name: string, r: ReportFigures['report']) =>
      `${name.padEnd(24)} ${Math.round(r.cpuMs)} ms CPU, ${Math.round(r.wallMs)} ms wall, peak ${Math.round(r.peakMb)} MB`;
    process.stdout.write(
      `${f.issues} issues, best of ${option('runs', 3)} by CPU; load average ${before[0]!.toFixed(2)} before, ${after[0]!.toFixed(2)} after (${cpus().length} cores)\n` +
        `${row('report', f.report)}\n${row('straightforward script', f.straightforward)}\n` +
        `report / script: ${(f.ratio * 100).toFixed(0)}% of the CPU time, ${((f.wallRatio ?? NaN) * 100).toFixed(0)}% of the wall time\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  reportRowsOnly().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
