/** @jest-environment jsdom */
import '../../static/shared/feature-flags';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { LevelTrends } from '../../static/project-page/src/LevelTrends';
import { ScanProgress } from '../../static/project-page/src/ScanProgress';
import { VersionSlips } from '../../static/project-page/src/VersionSlips';
import { emptyHistory, levelHistory, runningScan } from './fixtures';

describe('the score trend', () => {
  it('draws one sparkline per level, each named by a sentence, with the score now, the change and the range', () => {
    render(<LevelTrends history={levelHistory} />);
    const table = screen.getByRole('table', { name: /Each level’s score per day over the last 90 days \(5 days recorded, up to 12 Mar 2026\)/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Product Vision', 'Roadmap', 'Release', 'Iteration', 'Daily']);
    const release = rows[2]!;
    const chart = within(release).getByRole('slider', { name: 'Release score by day' });
    expect(document.getElementById(chart.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Release: 40 on 12 Mar 2026, down 30 points since 8 Mar 2026 (70); lowest 40, highest 70.',
    );
    // Its axis: 0, 50 and 100, the first and the last day.
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['100', '50', '0', '8 Mar 2026', '12 Mar 2026']);
    // A day's value with the keyboard (and the same on hover).
    expect(chart.getAttribute('aria-valuetext')).toBe('12 Mar 2026: 40');
    fireEvent.focus(chart);
    fireEvent.keyDown(chart, { key: 'ArrowLeft' });
    fireEvent.keyDown(chart, { key: 'ArrowLeft' });
    expect(chart.getAttribute('aria-valuetext')).toBe('10 Mar 2026: 55');
    expect(within(release).getByTestId('sparkline-value').textContent).toBe('10 Mar 2026: 55');
    fireEvent.keyDown(chart, { key: 'Home' });
    expect(chart.getAttribute('aria-valuetext')).toBe('8 Mar 2026: 70');
    expect(screen.getByTestId('trend-legend').textContent).toMatch(/the dashed line marks 50, below which a level with findings is at risk/);
    expect(within(release).getAllByRole('cell').slice(1).map((c) => c.textContent)).toEqual(['40', '−30', '40 – 70']);
    expect(within(rows[1]!).getAllByRole('cell')[2]!.textContent).toBe('+15');
    // The line is drawn with the chart token (both themes), one point per day.
    const path = rows[1]!.querySelector('path[stroke]')!;
    expect(path.getAttribute('stroke')).toContain('--ds-chart-brand');
    expect(path.getAttribute('d')!.split(/[ML]/).filter((p) => p.trim()).length).toBe(5);
  });

  it('shows the daily scores as a table on demand', () => {
    render(<LevelTrends history={levelHistory} />);
    const toggle = screen.getByRole('button', { name: 'Show the daily scores as a table' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const table = screen.getByRole('table', { name: 'Daily scores of each level, newest first.' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(6);
    expect(within(rows[1]!).getAllByRole('rowheader')[0]!.textContent).toBe('12 Mar 2026');
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0', '75', '40', '83', '100']);
    fireEvent.click(screen.getByRole('button', { name: 'Hide the daily scores' }));
    expect(screen.queryByRole('table', { name: 'Daily scores of each level, newest first.' })).toBeNull();
  });

  it('says so when no day is recorded yet', () => {
    render(<LevelTrends history={emptyHistory} />);
    expect(screen.getByText(/No daily scores yet/)).toBeTruthy();
    expect(screen.queryByRole('slider')).toBeNull();
  });

  it('marks the days the settings changed: a change of rules, not of health', () => {
    render(
      <LevelTrends
        history={{ ...levelHistory, settingsChanges: [{ date: '2026-03-10', scope: 'site', version: 2, action: 'save' }, { date: '2025-12-01', scope: 'site', version: 1, action: 'save' }] }}
      />,
    );
    // One tick per chart, on the day inside the window (the older change is outside it).
    expect(screen.getAllByTestId('settings-marker')).toHaveLength(5);
    expect(screen.getByTestId('trend-legend').textContent).toContain('site settings saved (version 2) on 10 Mar 2026');
    const chart = screen.getByRole('slider', { name: 'Iteration score by day' });
    fireEvent.focus(chart);
    fireEvent.keyDown(chart, { key: 'ArrowLeft' });
    fireEvent.keyDown(chart, { key: 'ArrowLeft' });
    expect(chart.getAttribute('aria-valuetext')).toBe('10 Mar 2026: 83 (site settings saved (version 2))');
  });
});

describe('the release-date slips', () => {
  it('lists each open version with its original and current date, total slip, changes and the moves in words', () => {
    render(<VersionSlips history={levelHistory} />);
    const table = screen.getByTestId('version-slips');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['2.1', '3.0']); // 2.0 is released
    const cells = within(rows[0]!).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 4)).toEqual(['20 Feb 2026', '13 Mar 2026', '+21 days', '2']);
    expect(cells[4]).toContain('2.1 moved 2 times: from 20 Feb 2026 to 27 Feb 2026 (+7 days, seen 10 Feb 2026), then to 13 Mar 2026 (+14 days, seen 25 Feb 2026).');
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent).slice(2, 4)).toEqual(['±0 days', '0']);
    // The drawing is decorative next to the words; three dates, three marks.
    const svg = rows[0]!.querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelectorAll('circle')).toHaveLength(3);
    expect(screen.getByText(/^2 open versions, 1 of them moved at least once, 0 overdue/)).toBeTruthy();
    expect(within(table).queryByText('Overdue')).toBeNull();
  });

  it('marks an open version whose release date has passed as overdue, with its dates on the timeline', () => {
    render(<VersionSlips history={{ ...levelHistory, asOf: '2026-03-20' }} />);
    const row = within(screen.getByTestId('version-slips')).getAllByRole('row')[1]!;
    expect(within(row).getByRole('rowheader').textContent).toBe('2.1 Overdue');
    expect([...row.querySelectorAll('svg text')].map((t) => t.textContent)).toEqual(['13 Mar 26']); // the first date is too close to label too
    expect(screen.getByText(/1 overdue \(release date before 20 Mar 2026, not released\)/)).toBeTruthy();
  });

  it('says so when there is no open version', () => {
    render(<VersionSlips history={emptyHistory} />);
    expect(screen.getByText('No open versions with a recorded release date yet.')).toBeTruthy();
  });
});

describe('the scan progress', () => {
  it('shows the issues scanned of the known total, or so far when the size is unknown', () => {
    const { rerender } = render(<ScanProgress progress={runningScan(250, 1000).progress} first={false} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('0.25');
    expect(screen.getByRole('status').textContent).toBe('250 of about 1,000 issues scanned');
    expect(screen.getByText('Rescanning the project…')).toBeTruthy();
    rerender(<ScanProgress progress={runningScan(300, null).progress} first />);
    expect(screen.getByRole('status').textContent).toBe('300 issues scanned so far');
    expect(screen.getByText('Checking the five planning levels…')).toBeTruthy();
  });
});
