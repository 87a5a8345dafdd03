import { EMPTY_HISTORY, levelTrends, readHistory, recordScan, versionSlips, type HistoryDoc, type ScanSnapshot } from '../../src/core/history';

const scores = (a: number, b = a, c = a, d = a, e = a) => ({ 1: a, 2: b, 3: c, 4: d, 5: e });
const snap = (date: string, s: ScanSnapshot['scores'], openVersions: ScanSnapshot['openVersions'] = []): ScanSnapshot => ({ date, scores: s, openVersions });

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

describe('recordScan', () => {
  test('one row per day; a later scan the same day replaces it', () => {
    let doc = recordScan(EMPTY_HISTORY, snap('2026-01-01', scores(10)));
    doc = recordScan(doc, snap('2026-01-02', scores(20)));
    doc = recordScan(doc, snap('2026-01-02', scores(30)));
    expect(doc.days).toEqual([
      ['2026-01-01', 10, 10, 10, 10, 10],
      ['2026-01-02', 30, 30, 30, 30, 30],
    ]);
  });

  test('keeps 400 days and no more', () => {
    let doc: HistoryDoc = EMPTY_HISTORY;
    for (let i = 0; i < 450; i++) doc = recordScan(doc, snap(addDays('2025-01-01', i), scores(i % 100)));
    expect(doc.days).toHaveLength(400);
    expect(doc.days[0]![0]).toBe(addDays('2025-01-01', 50));
  });

  test('records a release date only when it changes, and keeps the baseline before the window', () => {
    let doc: HistoryDoc = EMPTY_HISTORY;
    doc = recordScan(doc, snap('2025-01-01', scores(50), [{ id: '1', name: 'v1', releaseDate: '2025-03-01' }]));
    doc = recordScan(doc, snap('2025-01-02', scores(50), [{ id: '1', name: 'v1', releaseDate: '2025-03-01' }]));
    doc = recordScan(doc, snap('2025-02-01', scores(50), [{ id: '1', name: 'v1', releaseDate: '2025-03-15' }]));
    expect(doc.versions['1']!.changes).toEqual([['2025-01-01', '2025-03-01'], ['2025-02-01', '2025-03-15']]);
    // Scanned monthly for 500 more days, still open with the same date: the old changes leave the window, the last one stays as the baseline.
    for (let i = 30; i <= 500; i += 30) doc = recordScan(doc, snap(addDays('2025-02-01', i), scores(50), [{ id: '1', name: 'v1', releaseDate: '2025-03-15' }]));
    expect(doc.versions['1']!.changes).toEqual([['2025-02-01', '2025-03-15']]);
  });

  test('a version closed for longer than the window is dropped', () => {
    let doc = recordScan(EMPTY_HISTORY, snap('2025-01-01', scores(50), [{ id: '9', name: 'old', releaseDate: '2025-02-01' }]));
    doc = recordScan(doc, snap('2025-03-01', scores(50), []));
    expect(doc.versions['9']).toBeDefined();
    doc = recordScan(doc, snap('2026-03-01', scores(50), []));
    expect(doc.versions['9']).toBeUndefined();
  });
});

describe('levelTrends', () => {
  test('the 90 days ending at the as-of date, with change, min and max per level', () => {
    let doc: HistoryDoc = EMPTY_HISTORY;
    for (let i = 0; i < 120; i++) doc = recordScan(doc, snap(addDays('2026-01-01', i), scores(i, 100 - (i % 100), 50, 50, 50)));
    const asOf = addDays('2026-01-01', 119);
    const trends = levelTrends(doc, asOf);
    expect(trends.map((t) => t.level)).toEqual([1, 2, 3, 4, 5]);
    const l1 = trends[0]!;
    expect(l1.points).toHaveLength(90);
    expect(l1.points[0]).toEqual({ date: addDays('2026-01-01', 30), score: 30 });
    expect(l1.change).toBe(119 - 30);
    expect(l1.min).toBe(30);
    expect(l1.max).toBe(119);
    expect(trends[2]!.change).toBe(0);
  });

  test('no change with fewer than two points; nothing with no history', () => {
    const doc = recordScan(EMPTY_HISTORY, snap('2026-01-01', scores(40)));
    expect(levelTrends(doc, '2026-01-01')[0]).toEqual({ level: 1, points: [{ date: '2026-01-01', score: 40 }], change: null, min: 40, max: 40 });
    expect(levelTrends(EMPTY_HISTORY, '2026-01-01')[4]).toEqual({ level: 5, points: [], change: null, min: null, max: null });
  });
});

describe('versionSlips', () => {
  test('each move with its days, the total slip, most slipped first; open marks versions of the latest scan', () => {
    let doc: HistoryDoc = EMPTY_HISTORY;
    doc = recordScan(doc, snap('2026-01-01', scores(50), [
      { id: 'a', name: 'A 1.0', releaseDate: '2026-02-01' },
      { id: 'b', name: 'B 2.0', releaseDate: null },
      { id: 'c', name: 'C 3.0', releaseDate: '2026-03-01' },
    ]));
    doc = recordScan(doc, snap('2026-01-20', scores(50), [
      { id: 'a', name: 'A 1.0', releaseDate: '2026-02-15' },
      { id: 'b', name: 'B 2.0', releaseDate: '2026-04-01' },
      { id: 'c', name: 'C 3.0', releaseDate: '2026-02-20' },
    ]));
    doc = recordScan(doc, snap('2026-02-10', scores(50), [
      { id: 'a', name: 'A 1.0', releaseDate: '2026-03-01' },
      { id: 'b', name: 'B 2.0', releaseDate: '2026-04-01' },
    ]));
    const slips = versionSlips(doc);
    expect(slips.map((s) => s.versionId)).toEqual(['a', 'b', 'c']);
    expect(slips[0]).toEqual({
      versionId: 'a', name: 'A 1.0', firstDate: '2026-02-01', currentDate: '2026-03-01', totalSlipDays: 28, moves: 2, open: true,
      slips: [
        { seenOn: '2026-01-20', from: '2026-02-01', to: '2026-02-15', days: 14 },
        { seenOn: '2026-02-10', from: '2026-02-15', to: '2026-03-01', days: 14 },
      ],
    });
    expect(slips[1]).toMatchObject({ firstDate: '2026-04-01', totalSlipDays: 0, moves: 1, slips: [{ from: null, to: '2026-04-01', days: null }] });
    expect(slips[2]).toMatchObject({ totalSlipDays: -9, moves: 1, open: false });
  });
});

test('readHistory accepts a stored document and rejects malformed ones', () => {
  const doc = recordScan(EMPTY_HISTORY, snap('2026-01-01', scores(40), [{ id: '1', name: 'v', releaseDate: '2026-02-01' }]));
  expect(readHistory(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  expect(readHistory({ schema: 2, days: [], versions: {} })).toEqual(EMPTY_HISTORY);
  expect(readHistory({ schema: 1, days: [['2026-01-01', 'x']], versions: { 1: { name: 3 } } })).toEqual(EMPTY_HISTORY);
});
