/** @jest-environment jsdom */
import '../../static/project-page/src/feature-flags';
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
    expect(within(release).getByRole('img').getAttribute('aria-label')).toBe(
      'Release: 40 on 12 Mar 2026, down 30 points since 8 Mar 2026 (70); lowest 40, highest 70.',
    );
    expect(within(release).getAllByRole('cell').slice(1).map((c) => c.textContent)).toEqual(['40', '−30', '40 – 70']);
    expect(within(rows[1]!).getAllByRole('cell')[2]!.textContent).toBe('+15');
    // The line is drawn with the chart token (both themes), one point per day.
    const path = rows[1]!.querySelector('path')!;
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
    expect(screen.queryByRole('img')).toBeNull();
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
    expect(screen.getByText('2 open versions, 1 of them moved at least once.')).toBeTruthy();
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
