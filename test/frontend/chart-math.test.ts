import {
  changeLabel,
  describeSlips,
  describeTrend,
  releaseDates,
  slipDaysLabel,
  sparkline,
  summariseTrend,
  timelineDomain,
  timelineMarks,
} from '../../static/shared/chart-math';

describe('sparkline', () => {
  it('spreads the scores over the width, 100 at the top and 0 at the bottom', () => {
    const s = sparkline([100, 50, 0], 104, 44, 2);
    expect(s.path).toBe('M2 2 L52 22 L102 42');
    expect(s.last).toEqual({ x: 102, y: 42 });
  });
  it('puts a single score in the middle and draws nothing without scores', () => {
    expect(sparkline([80], 100, 40, 0)).toEqual({ path: 'M50 8', last: { x: 50, y: 8 } });
    expect(sparkline([], 100, 40)).toEqual({ path: '', last: null });
  });
  it('clamps scores outside 0..100', () => {
    expect(sparkline([150, -10], 10, 10, 0).path).toBe('M0 0 L10 10');
  });
});

describe('summariseTrend', () => {
  it('gives the change from the first to the last day and the range, as the history store does for a project', () => {
    const points = [
      { date: '2026-11-18', score: 60 },
      { date: '2026-11-19', score: 52 },
      { date: '2026-11-20', score: 65 },
    ];
    expect(summariseTrend(points)).toEqual({ points, change: 5, min: 52, max: 65 });
  });
  it('has no change with one day and nothing without days', () => {
    expect(summariseTrend([{ date: '2026-11-20', score: 40 }])).toMatchObject({ change: null, min: 40, max: 40 });
    expect(summariseTrend([])).toEqual({ points: [], change: null, min: null, max: null });
  });
});

describe('words of the trend', () => {
  it('labels a change with its sign', () => {
    expect([changeLabel(20), changeLabel(-3), changeLabel(0), changeLabel(null)]).toEqual(['+20', '−3', '±0', '—']);
  });
  it('describes a trend in one sentence', () => {
    const points = [
      { date: '2026-08-23', score: 40 },
      { date: '2026-10-01', score: 35 },
      { date: '2026-11-20', score: 60 },
    ];
    expect(describeTrend('Roadmap', { points, change: 20, min: 35, max: 60 })).toBe(
      'Roadmap: 60 on 20 Nov 2026, up 20 points since 23 Aug 2026 (40); lowest 35, highest 60.',
    );
    expect(describeTrend('Daily', { points: [], change: null, min: null, max: null })).toBe('Daily: no scores recorded yet.');
    expect(describeTrend('Daily', { points: points.slice(2), change: null, min: 60, max: 60 })).toBe('Daily: 60 on 20 Nov 2026, the first day recorded.');
    expect(describeTrend('Release', { points: [points[2]!, { date: '2026-11-21', score: 50 }], change: -10, min: 50, max: 60 })).toMatch(/down 10 points/);
  });
});

describe('release-date slips', () => {
  const slips = [
    { seenOn: '2026-10-08', from: '2026-10-22', to: '2026-10-29', days: 7 },
    { seenOn: '2026-10-27', from: '2026-10-29', to: '2026-11-12', days: 14 },
  ];
  it('lists the dates a version had and places them on a shared line', () => {
    const dates = releaseDates('2026-10-22', slips);
    expect(dates).toEqual(['2026-10-22', '2026-10-29', '2026-11-12']);
    const marks = timelineMarks(dates, 100, 6, 0);
    expect(marks.map((m) => m.x)).toEqual([0, 33.3, 100]);
    const domain = timelineDomain([dates, ['2027-02-04', '2027-03-04']]);
    const shared = timelineMarks(dates, 100, 6, 0, domain);
    expect(shared[2]!.x).toBeLessThan(30);
    expect(timelineMarks(['2026-10-22'], 100, 6, 0)[0]!.x).toBe(50);
    expect(timelineDomain([])).toBeUndefined();
  });
  it('says how far and when each move happened', () => {
    expect(slipDaysLabel(7)).toBe('+7 days');
    expect(slipDaysLabel(-1)).toBe('−1 day');
    expect(slipDaysLabel(null)).toBe('date set or removed');
    expect(describeSlips('3.5', '2026-10-22', slips)).toBe(
      '3.5 moved 2 times: from 22 Oct 2026 to 29 Oct 2026 (+7 days, seen 8 Oct 2026), then to 12 Nov 2026 (+14 days, seen 27 Oct 2026).',
    );
    expect(describeSlips('4.0', '2027-02-04', [])).toBe('4.0 has kept its release date of 4 Feb 2027.');
  });
});
