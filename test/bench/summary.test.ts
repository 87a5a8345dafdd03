import type { FirstScanRow } from '../../dev/bench/first-scan';
import type { CaptureFigures, ReportFigures } from '../../dev/bench/offline';
import type { RescanFigures } from '../../dev/bench/rescan';
import { renderSummary, summaryCells, summaryRows, type SummaryRow } from '../../dev/bench/summary';

const rescan = (issues: number, edits: number, kind: RescanFigures['kind'], searches: number): RescanFigures => ({
  issues,
  edits,
  kind,
  requests: searches + 45,
  searches,
  points: 1000,
  wallMs: 1234,
  cpuMs: 800,
});

const firstScan = (how: string, reads: FirstScanRow['reads'], inFlight: number, wallMs: number, scan: FirstScanRow['scan'] = 'app'): FirstScanRow => ({
  scan,
  how,
  reads,
  inFlight,
  requests: 1098,
  points: 201_098,
  wallMs,
  cpuMs: 9000,
});

const report = (ratio: number): ReportFigures => ({
  issues: 100_000,
  report: { wallMs: 4000, cpuMs: 3000 * ratio, peakMb: 170 },
  straightforward: { wallMs: 5000, cpuMs: 3000, peakMb: 175 },
  ratio,
});

const capture = (captureRequests: number, updateRequests: number, capturePeakMb: number): CaptureFigures => ({
  capture: { requests: captureRequests, points: 101_078, wallMs: 30_000, cpuMs: 20_000, peakMb: capturePeakMb },
  update: { requests: updateRequests, points: 1200, wallMs: 3000, cpuMs: 2000, peakMb: 130, edits: 1030 },
});

const byName = (rows: SummaryRow[], start: string) => {
  const found = rows.filter((r) => r.measurement.startsWith(start));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the bench summary: whether each target is met, from the figures', () => {
  it('rescans after 10 edits: at most ceil(n/5000) + 5 search requests, met or not by the count', () => {
    const rows = summaryRows({
      rescans: [
        rescan(100_000, 0, 'full scan', 1000),
        rescan(100_000, 10, 'events', 25),
        rescan(100_000, 10, 'daily', 26),
        rescan(10_000, 10, 'daily', 8),
        rescan(100_000, 1000, 'events', 400),
      ],
    });
    // The full scan is the detailed table's reference, not a summary row.
    expect(rows.map((r) => `${r.issues} ${r.measurement}`)).toEqual([
      '100000 rescan after 10 edits, issue events',
      '100000 rescan after 10 edits, daily refresh',
      '10000 rescan after 10 edits, daily refresh',
      '100000 rescan after 1,000 edits, issue events',
    ]);
    expect(rows.map((r) => r.target?.met)).toEqual([true, false, false, undefined]);
    expect(rows[0]!.target!.text).toBe('≤ 25 search requests');
    expect(rows[2]!.target!.text).toBe('≤ 7 search requests');
    expect(summaryCells(rows[1]!)).toEqual(['rescan after 10 edits, daily refresh', '100,000', '71 (26 search)', '1,000', '1234 ms', '800 ms', '–', '≤ 25 search requests', 'no: 26 search']);
  });

  it('the first scan with 4 in flight: at least 3× faster than search pages one at a time; the CLI rows stay in the detailed table', () => {
    const rows = (fourInFlightMs: number) =>
      summaryRows({
        firstScan: {
          issues: 100_000,
          rows: [
            firstScan('search pages of 100, one at a time', 'search-pages', 1, 150_000),
            firstScan('key ranges, 1 in flight', 'key-ranges', 1, 100_000),
            firstScan('key ranges, 4 in flight', 'key-ranges', 4, fourInFlightMs),
            firstScan('key ranges, 8 in flight', 'key-ranges', 8, 30_000),
            firstScan('key ranges, 4 in flight', 'key-ranges', 4, 1, 'cli'),
          ],
        },
      });
    const met = rows(50_000);
    expect(met).toHaveLength(4);
    expect(met[0]!.measurement).toBe('first scan (app scan job): search pages of 100, one at a time (before)');
    const labelled = summaryRows({ firstScan: { issues: 10, rows: [firstScan('search pages of 100, one at a time (before)', 'search-pages', 1, 9)] } });
    expect(labelled[0]!.measurement).toBe('first scan (app scan job): search pages of 100, one at a time (before)');
    expect(met.map((r) => r.target?.met)).toEqual([undefined, undefined, true, undefined]);
    expect(met[2]!.target!.measured).toBe('3.00×');
    // 2.99994× is shown as 2.99×, never as a 3.00× that would seem to meet the target.
    const missed = rows(50_001);
    expect(missed[2]!.target).toMatchObject({ met: false, measured: '2.99×' });
  });

  it('report: at most a quarter of the script CPU time', () => {
    expect(byName(summaryRows({ offline: { issues: 100_000, report: report(0.25), capture: capture(1000, 100, 200) } }), 'report').target).toMatchObject({ met: true, measured: '25.0%' });
    expect(byName(summaryRows({ offline: { issues: 100_000, report: report(0.8), capture: capture(1000, 100, 200) } }), 'report').target).toMatchObject({ met: false, measured: '80.0%' });
    expect(byName(summaryRows({ offline: { issues: 100_000, report: report(0.25001), capture: capture(1000, 100, 200) } }), 'report').target).toMatchObject({ met: false, measured: '25.1%' });
    // The wall-time ratio is shown beside it; the target is judged on CPU time.
    expect(byName(summaryRows({ offline: { issues: 100_000, report: { ...report(0.2), wallRatio: 0.4 }, capture: capture(1000, 100, 200) } }), 'report').target).toMatchObject({ met: true, measured: '20.0% (wall 40%)' });
  });

  it('capture: peak under 300 MB; capture --update: at most a tenth of capture requests', () => {
    const met = summaryRows({ offline: { issues: 100_000, report: report(0.2), capture: capture(1000, 100, 299) } });
    expect(byName(met, 'capture --update').target).toMatchObject({ met: true, measured: '10.00%' });
    expect(byName(met, 'capture --update').target!.text).toBe("≤ 10% of capture's requests (100)");
    expect(met.find((r) => r.measurement === 'capture')!.target).toMatchObject({ met: true, measured: '299 MB' });
    const missed = summaryRows({ offline: { issues: 100_000, report: report(0.2), capture: capture(1077, 108, 300) } });
    expect(missed.find((r) => r.measurement === 'capture')!.target).toMatchObject({ met: false, measured: '300 MB' });
    expect(byName(missed, 'capture --update').target).toMatchObject({ met: false, measured: '10.03%' });
    // The script is the report's yardstick: a row without a target.
    expect(byName(missed, 'straightforward script').target).toBeUndefined();
  });

  it('prints the date, the machine and the load above the table, and tallies the targets met', () => {
    const rows = summaryRows({
      rescans: [rescan(100_000, 10, 'events', 1), rescan(100_000, 10, 'daily', 99)],
      offline: { issues: 100_000, report: report(0.2), capture: capture(1000, 100, 150) },
    });
    const lines = renderSummary(rows, { date: '2026-12-01 02:05 UTC', machine: '2 × Some CPU, 24 GB, Node v20.20.0', load: 'load average (1 min) 5.0–9.0, mean 7.0, on 2 cores', latencyMs: 40 });
    expect(lines[0]).toBe('Summary — 2026-12-01 02:05 UTC — 2 × Some CPU, 24 GB, Node v20.20.0 — load average (1 min) 5.0–9.0, mean 7.0, on 2 cores during the run');
    expect(lines[2]).toMatch(/^\| measurement +\| issues +\| requests +\| points +\| wall +\| CPU +\| peak memory +\| target +\| met\? +\|$/);
    expect(lines.filter((l) => l.startsWith('| ')).length).toBe(1 + rows.length);
    expect(lines).toContain('Targets met: 4 of 5.');
  });
});
