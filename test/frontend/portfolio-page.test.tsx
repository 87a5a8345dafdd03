/** @jest-environment jsdom */
import '../../static/shared/feature-flags';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { PortfolioPage } from '../../static/portfolio/src/PortfolioPage';
import type { PortfolioDto } from '../../src/contract/resolvers';
import { fakeLinks, portfolio } from './portfolio-fixtures';

function renderPage(data: PortfolioDto = portfolio) {
  const links = fakeLinks();
  render(<PortfolioPage state={{ status: 'ready', data, refreshing: false }} onRetry={() => {}} links={links} />);
  return { links, table: screen.getByRole('table', { name: /Each project’s score at each level/ }) };
}

function projectRowHeaders(table: HTMLElement): string[] {
  return within(within(table).getByTestId('heat-map-projects'))
    .getAllByRole('rowheader')
    .map((h) => h.textContent ?? '');
}

describe('the global page', () => {
  it('shows the heat map as a table: column headers for the project and the five levels, a row header per project', () => {
    const { table } = renderPage();
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => (h.textContent ?? '').replace(/ [▲▼]$/, ''));
    expect(headers).toEqual(['Project', 'Product Vision', 'Roadmap', expect.stringContaining('Release'), 'Iteration', 'Daily']);
    expect(headers[3]).toContain('Weakest level');
    expect(projectRowHeaders(table)).toEqual([expect.stringContaining('Acme Web'), expect.stringContaining('Data Platform'), expect.stringContaining('Mobile App'), expect.stringContaining('Operations')]);
  });

  it('shows each cell’s score as a number and its band in words, and opens the project page', () => {
    const { table, links } = renderPage();
    const cell = within(table).getByTestId('cell-ACME-3');
    expect(within(cell).getByTestId('score').textContent).toBe('40');
    expect(within(cell).getByTestId('band').textContent).toBe('At risk');
    expect(within(within(table).getByTestId('cell-ACME-1')).getByTestId('band').textContent).toBe('Absent');
    expect(within(within(table).getByTestId('cell-ACME-5')).getByTestId('band').textContent).toBe('Healthy');
    const link = within(cell).getByRole('link', { name: 'Acme Web, Release: 40 At risk' });
    expect(link.getAttribute('href')).toBe(links.href('ACME'));
    fireEvent.click(link);
    expect(links.opened).toEqual(['ACME']);
    // A modifier click is the browser's (a new tab through the href).
    fireEvent.click(link, { ctrlKey: true });
    expect(links.opened).toEqual(['ACME']);
  });

  it('shows the median row, the absent counts and the weakest level above the projects', () => {
    const { table } = renderPage();
    const median = within(table).getByTestId('median-row');
    expect(within(median).getAllByTestId('score').map((s) => s.textContent)).toEqual(['90', '75', '40', '70', '100']);
    expect(within(table).getByTestId('absent-3').textContent).toBe('1 of 3');
    expect(screen.getByTestId('portfolio-weakest').textContent).toContain('Level 3 · Release');
    expect(screen.getByTestId('portfolio-status').textContent).toContain('3 of 4 projects analysed, as of 20 Nov 2026; 1 waiting for its first scan.');
  });

  it('sorts by a level (weakest first, then strongest first) and says so in aria-sort', () => {
    const { table } = renderPage();
    const release = within(table).getByRole('button', { name: /Release/ });
    fireEvent.click(release);
    expect(release.closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    expect(projectRowHeaders(table).map((t) => t.split(/(?=[A-Z]{2,})/)[0])).toEqual(['Mobile App', 'Acme Web', 'Operations', 'Data Platform']);
    fireEvent.click(release);
    expect(release.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    expect(projectRowHeaders(table)[0]).toContain('Operations');
    expect(within(table).getByRole('columnheader', { name: /Project/ }).getAttribute('aria-sort')).toBe('none');
  });

  it('filters by name or key and by category', () => {
    const { table } = renderPage();
    fireEvent.change(screen.getByLabelText('Name or key'), { target: { value: 'mob' } });
    expect(projectRowHeaders(table)).toEqual([expect.stringContaining('Mobile App')]);
    expect(screen.getByTestId('heat-map-count').textContent).toBe('1 of 4 projects match the filter.');
    fireEvent.change(screen.getByLabelText('Name or key'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Project category'), { target: { value: '10000' } });
    expect(projectRowHeaders(table)).toEqual([expect.stringContaining('Acme Web'), expect.stringContaining('Mobile App')]);
    fireEvent.change(screen.getByLabelText('Project category'), { target: { value: '-' } });
    expect(projectRowHeaders(table)).toEqual([expect.stringContaining('Operations')]);
  });

  it('shows a project not analysed yet as such, with its scan’s progress', () => {
    const { table } = renderPage();
    const cell = within(table).getByTestId('not-analysed-DATA');
    expect(cell.getAttribute('colspan')).toBe('5');
    expect(cell.textContent).toContain('Not analysed yet: 1,200 of about 3,000 issues scanned.');
    expect(within(cell).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0.4');
  });

  it('lists each diagnosis with how many projects it applies to, and which', () => {
    renderPage();
    const invisible = screen.getByTestId('diagnosis-progress-invisible');
    expect(invisible.textContent).toContain("Teams are busy but leadership can't see progress: 2 of 3 projects");
    expect(within(invisible).getAllByRole('link').map((a) => a.textContent)).toEqual(['Acme Web (ACME)', 'Mobile App (MOBILE)']);
    expect(within(screen.getByTestId('diagnoses')).getAllByRole('listitem').filter((li) => li.dataset.testid?.startsWith('diagnosis-')).map((li) => li.dataset.testid)).toEqual([
      'diagnosis-progress-invisible',
      'diagnosis-vision-unknown',
      'diagnosis-standup-ritual',
    ]);
  });

  it('shows the release trains misaligned first, with their spread and each project’s date', () => {
    renderPage();
    const trains = within(screen.getByTestId('release-trains')).getAllByTestId(/^train-/);
    expect(trains.map((t) => t.dataset.testid)).toEqual(['train-2026.3', 'train-2026.4']);
    expect(trains[0]!.textContent).toContain('Misaligned');
    expect(within(trains[0]!).getByTestId('spread').textContent).toBe('42 days between the first and last release');
    const rows = within(trains[0]!).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual([expect.stringMatching(/^Acme Web \(ACME\)1 Sept? 2026 · released$/), 'Mobile App (MOBILE)13 Oct 2026 · released', 'Operations (OPS)No date']);
  });

  it('shows each level’s median trend as the project page shows its scores: the median now, the change and the range, with the legend', () => {
    renderPage();
    const table = screen.getByRole('table', { name: /Each level’s median score over the analysed projects/ });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Level', 'Median, last 90 days', 'Now', 'Change', 'Low – high']);
    const row = screen.getByTestId('portfolio-trend-3');
    expect(within(row).getByRole('rowheader').textContent).toBe('Release');
    expect(within(row).getByRole('slider', { name: 'Release median score by day' }).getAttribute('aria-valuetext')).toContain('65');
    const cells = within(row).getAllByRole('cell');
    expect(cells.slice(1).map((c) => c.textContent)).toEqual(['65', '+5', '60 – 65']);
    // The sign says up or down; the colour (a token, both themes) only repeats it.
    expect(cells[2]!.style.color).toContain('--ds-text-success');
    expect(screen.getByTestId('trend-legend').textContent).toMatch(/^Each chart runs from 0 \(bottom\) to 100 \(top\)/);
  });

  it('says when no project is analysed yet, and when there is none to show', () => {
    renderPage({ ...portfolio, summary: null, projects: [portfolio.projects[1]!] });
    expect(screen.getByTestId('portfolio-status').textContent).toContain('None of 1 project analysed yet');
    expect(screen.queryByTestId('median-row')).toBeNull();
  });
});
