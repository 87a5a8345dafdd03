/**
 * The bench's one summary table (issue 10, item 6): one row per measurement — rescans after 10 and
 * 1,000 edits, the first scan one page at a time and with 1, 4 and 8 requests in flight, `capture`
 * and `capture --update`, `report` beside the straightforward script — in common columns, each row
 * with its target where the issue sets one and whether the figures meet it, computed here from the
 * figures the detailed measurements returned (nothing is measured twice).
 */
import type { FirstScanRow } from './first-scan';
import { fmtMb, fmtMs, fmtN } from './format';
import type { CaptureFigures, ReportFigures } from './offline';
import type { RescanFigures } from './rescan';
import { renderTable } from './table';
import { CAPTURE_PEAK_MB, FIRST_SCAN_IN_FLIGHT, FIRST_SCAN_SPEEDUP, REPORT_TIME_SHARE, RESCAN_TARGET_EDITS, rescanSearchLimit, UPDATE_REQUEST_SHARE } from './targets';

/** What the summary is built from: the figures of the detailed measurements, any of them absent. */
export interface SummaryInputs {
  rescans?: readonly RescanFigures[];
  firstScan?: { issues: number; rows: readonly FirstScanRow[] };
  offline?: { issues: number; report: ReportFigures; capture: CaptureFigures };
}

interface Target {
  /** The target as the issue states it, e.g. "≤ 25 search requests". */
  text: string;
  /** The figure compared with it, e.g. "21 search requests", "80%". */
  measured: string;
  met: boolean;
}

export interface SummaryRow {
  measurement: string;
  issues: number;
  requests?: number;
  searches?: number;
  points?: number;
  wallMs?: number;
  cpuMs?: number;
  peakMb?: number;
  target?: Target;
}

/**
 * A figure as the "met?" column shows it, rounded away from the target's side (down for "at
 * least", up for "at most"), so a shown figure never appears to meet a target the exact one misses.
 */
const shown = (x: number, decimals: number, toward: 'down' | 'up') => {
  const scale = 10 ** decimals;
  return ((toward === 'down' ? Math.floor(x * scale + 1e-9) : Math.ceil(x * scale - 1e-9)) / scale).toFixed(decimals);
};

const RESCAN_KIND: Record<string, string> = {
  events: 'issue events',
  daily: 'daily refresh',
  'daily, untold delete': 'daily refresh, a delete no event reported',
};

function rescanRows(rescans: readonly RescanFigures[]): SummaryRow[] {
  return rescans
    .filter((f) => f.kind !== 'full scan')
    .map((f) => {
      const limit = rescanSearchLimit(f.issues);
      return {
        measurement: `rescan after ${fmtN(f.edits)} edits, ${RESCAN_KIND[f.kind] ?? f.kind}`,
        issues: f.issues,
        requests: f.requests,
        searches: f.searches,
        points: f.points,
        wallMs: f.wallMs,
        cpuMs: f.cpuMs,
        ...(f.edits === RESCAN_TARGET_EDITS
          ? { target: { text: `≤ ${fmtN(limit)} search requests`, measured: `${fmtN(f.searches)} search`, met: f.searches <= limit } }
          : {}),
      };
    });
}

function firstScanRows({ issues, rows }: NonNullable<SummaryInputs['firstScan']>): SummaryRow[] {
  const app = rows.filter((r) => r.scan === 'app');
  const before = app.find((r) => r.reads === 'search-pages');
  return app.map((r) => {
    const isBefore = r === before;
    const speedup = before === undefined ? undefined : before.wallMs / r.wallMs;
    return {
      measurement: `first scan (app scan job): ${r.how}${isBefore && !r.how.includes('before') ? ' (before)' : ''}`,
      issues,
      requests: r.requests,
      points: r.points,
      wallMs: r.wallMs,
      cpuMs: r.cpuMs,
      ...(!isBefore && r.inFlight === FIRST_SCAN_IN_FLIGHT && speedup !== undefined
        ? { target: { text: `≥ ${FIRST_SCAN_SPEEDUP}× faster than one page at a time`, measured: `${shown(speedup, 2, 'down')}×`, met: speedup >= FIRST_SCAN_SPEEDUP } }
        : {}),
    };
  });
}

function offlineRows({ issues, report, capture }: NonNullable<SummaryInputs['offline']>): SummaryRow[] {
  const share = capture.update.requests / capture.capture.requests;
  return [
    {
      measurement: 'report --snapshot',
      issues,
      ...report.report,
      target: { text: `≤ ${REPORT_TIME_SHARE * 100}% of the script's CPU time`, measured: `${shown(report.ratio * 100, 1, 'up')}%${report.wallRatio === undefined ? '' : ` (wall ${(report.wallRatio * 100).toFixed(0)}%)`}`, met: report.ratio <= REPORT_TIME_SHARE },
    },
    { measurement: 'straightforward script of the same rules', issues, ...report.straightforward },
    {
      measurement: 'capture',
      issues,
      ...capture.capture,
      target: { text: `peak < ${CAPTURE_PEAK_MB} MB`, measured: fmtMb(capture.capture.peakMb), met: capture.capture.peakMb < CAPTURE_PEAK_MB },
    },
    {
      measurement: `capture --update after a day (${fmtN(capture.update.edits)} edits)`,
      issues,
      requests: capture.update.requests,
      points: capture.update.points,
      wallMs: capture.update.wallMs,
      cpuMs: capture.update.cpuMs,
      peakMb: capture.update.peakMb,
      target: {
        text: `≤ ${UPDATE_REQUEST_SHARE * 100}% of capture's requests (${fmtN(Math.floor(capture.capture.requests * UPDATE_REQUEST_SHARE))})`,
        measured: `${shown(share * 100, 2, 'up')}%`,
        met: capture.update.requests <= capture.capture.requests * UPDATE_REQUEST_SHARE,
      },
    },
  ];
}

/** The summary's rows, in the issue's order: rescans, first scan, capture and report. */
export function summaryRows(inputs: SummaryInputs): SummaryRow[] {
  return [
    ...(inputs.rescans ? rescanRows(inputs.rescans) : []),
    ...(inputs.firstScan ? firstScanRows(inputs.firstScan) : []),
    ...(inputs.offline ? offlineRows(inputs.offline) : []),
  ];
}

const HEAD = ['measurement', 'issues', 'requests', 'points', 'wall', 'CPU', 'peak memory', 'target', 'met?'];
const dash = '–';

/** The table's cells of one row ("–" where a figure is not measured for that row). */
export function summaryCells(row: SummaryRow): string[] {
  const opt = (v: number | undefined, f: (n: number) => string) => (v === undefined ? dash : f(v));
  return [
    row.measurement,
    fmtN(row.issues),
    row.requests === undefined ? dash : `${fmtN(row.requests)}${row.searches === undefined ? '' : ` (${fmtN(row.searches)} search)`}`,
    opt(row.points, fmtN),
    opt(row.wallMs, fmtMs),
    opt(row.cpuMs, fmtMs),
    opt(row.peakMb, fmtMb),
    row.target?.text ?? '',
    row.target === undefined ? '' : `${row.target.met ? 'yes' : 'no'}: ${row.target.measured}`,
  ];
}

export interface SummaryLabel {
  /** When the run started, e.g. "2026-12-01 02:03 UTC". */
  date: string;
  machine: string;
  load: string;
  latencyMs: number;
}

/** The summary as printed: its label (date, machine, load), the table, the tally of targets and what the columns mean. */
export function renderSummary(rows: readonly SummaryRow[], label: SummaryLabel): string[] {
  const targets = rows.filter((r) => r.target !== undefined);
  return [
    `Summary — ${label.date} — ${label.machine} — ${label.load} during the run`,
    '',
    ...renderTable(HEAD, rows.map(summaryCells)),
    '',
    `Targets met: ${targets.filter((r) => r.target!.met).length} of ${targets.length}.`,
    `summary: rescans and first scans through the emulator at ${label.latencyMs} ms a request (rescans one request at a time, the emulator in process; first scans against the emulator in a process of its own); ` +
      "requests and points as Jira would count them (Atlassian's points model); CPU = the bench process's user + system time (for rescans the in-process emulator's too), " +
      "or the measured command's own process (report, the script, capture); peak memory = the command's peak resident memory. Details in the tables above.",
  ];
}
