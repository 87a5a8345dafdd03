/** @jest-environment jsdom */
import { host } from './forge-harness';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../static/project-page/src/App';
import { health, healthyProject } from './fixtures';

beforeEach(() => host.reset());

async function renderLoaded(openUrl?: (url: string) => void) {
  host.on('health/project', () => ({ ok: true, data: health }));
  const view = render(openUrl ? <App openUrl={openUrl} /> : <App />);
  await screen.findByRole('heading', { name: 'The five levels' });
  return view;
}

function levelRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: /Each level from the product vision/ });
  return within(table)
    .getAllByRole('row')
    .filter((r) => r.getAttribute('data-testid')?.startsWith('level-row-'));
}

describe('project page', () => {
  it('shows a spinner and a status while the health is computed', async () => {
    host.on('health/project', () => new Promise(() => {}));
    render(<App />);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Checking the five planning levels…');
    expect(within(status).getByRole('img', { name: 'Loading' })).toBeTruthy();
    expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(host.invocations('health/project')).toEqual([{}]));
  });

  it('lists the five levels in order with cadence, score, items and findings', async () => {
    await renderLoaded();
    const rows = levelRows();
    expect(rows).toHaveLength(5);
    const names = rows.map((r) => within(r).getByRole('rowheader').textContent);
    expect(names).toEqual([
      expect.stringContaining('Level 1: Product Vision'),
      expect.stringContaining('Level 2: Roadmap'),
      expect.stringContaining('Level 3: Release'),
      expect.stringContaining('Level 4: Iteration'),
      expect.stringContaining('Level 5: Daily'),
    ]);
    expect(rows.map((r) => within(r).getByTestId('score').textContent)).toEqual(['0', '75', '40', '83', '100']);
    expect(rows.map((r) => within(r).getByRole('meter').getAttribute('aria-valuenow'))).toEqual(['0', '75', '40', '83', '100']);
    expect(within(rows[0]!).getByRole('meter').getAttribute('aria-valuetext')).toBe('absent');

    const cells = (r: HTMLElement) => within(r).getAllByRole('cell').map((c) => c.textContent);
    expect(cells(rows[2]!)).toEqual(['every 56–84 days', '40', '4', '2', 'At risk', 'Show findings']);
    expect(cells(rows[0]!)).toEqual(['revisited every 365 days', '0', '0', '1', 'Absent', 'Show findings']);
    expect(cells(rows[4]!)[4]).toBe('Healthy');
    expect(within(rows[0]!).getByText('Weakest')).toBeTruthy();
    expect((screen.getByTestId('weakest-level')).textContent).toContain('Level 1 · Product Vision');
    expect(screen.getByText(/Acme Billing \(ACME\) · as of 12 Mar 2026/)).toBeTruthy();
  });

  it('names the diagnoses in the seed\'s words with their evidence', async () => {
    await renderLoaded();
    const diagnosis = screen.getByRole('heading', { name: 'Teams deliver on time but the wrong things ship' });
    expect(diagnosis.tagName).toBe('H3');
    expect(screen.getByText(/Level 3 alignment is missing/)).toBeTruthy();
    expect(screen.getByText('but 6 of 8 issues planned into active or future sprints (75%) have no fix version.')).toBeTruthy();
  });

  it('shows how much current sprint work traces up to the vision', async () => {
    await renderLoaded();
    const card = screen.getByTestId('traceability');
    expect(card.textContent).toContain('25%');
    expect(card.textContent).toContain('2 of 8 issues in active sprints trace up');
  });

  it('drills down into a level: findings with their kind, a link to the subject and the message', async () => {
    const opened: string[] = [];
    await renderLoaded((url) => opened.push(url));
    const toggle = screen.getByRole('button', { name: 'Show findings for Release' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);

    const region = screen.getByRole('region', { name: 'Release findings' });
    expect(screen.getByRole('button', { name: 'Hide findings for Release' }).getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(region.id);
    const table = within(region).getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Release interval off cadence',
      expect.stringContaining('Version 2.0'),
      'Version 2.0 came 120 days after 1.0 (more than 84).',
    ]);
    const version = within(region).getByRole('link', { name: /Version 2\.0/ });
    expect(version.getAttribute('href')).toBe('https://acme.atlassian.net/projects/ACME/versions/10001');
    const issue = within(region).getByRole('link', { name: /ACME-9/ });
    expect(issue.getAttribute('href')).toBe('https://acme.atlassian.net/browse/ACME-9');
    expect(within(region).getByText('No fix version')).toBeTruthy();

    fireEvent.click(issue);
    expect(opened).toEqual(['https://acme.atlassian.net/browse/ACME-9']);

    // Other levels stay closed; the absent level explains itself.
    expect(screen.queryByRole('region', { name: 'Iteration findings' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Product Vision' }));
    const vision = screen.getByRole('region', { name: 'Product Vision findings' });
    expect(within(vision).getByText('The project has no initiatives.')).toBeTruthy();
    expect(within(vision).getByText('Level absent')).toBeTruthy();
    expect(within(vision).queryByRole('link')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Daily' }));
    expect(within(screen.getByRole('region', { name: 'Daily findings' })).getByText(/No findings at the Daily level/)).toBeTruthy();
  });

  it('opens subject links in Jira through the Forge router', async () => {
    await renderLoaded();
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Iteration' }));
    fireEvent.click(screen.getByRole('link', { name: /ACME Sprint 5/ }));
    const navigate = host.calls.filter((c) => c.cmd === 'navigate');
    expect(navigate).toEqual([
      { cmd: 'navigate', data: { url: 'https://acme.atlassian.net/jira/software/projects/ACME/boards/1?sprint=5', type: 'new-tab' } },
    ]);
  });

  it('shows a calm success message when nothing is wrong', async () => {
    host.on('health/project', () => ({ ok: true, data: healthyProject }));
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Every level keeps its cadence' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Diagnosis' })).toBeNull();
    expect((screen.getByTestId('weakest-level')).textContent).toContain('Every level scores 100.');
  });

  it('shows the error in words and retries', async () => {
    let calls = 0;
    host.on('health/project', () => {
      calls++;
      return calls === 1 ? { ok: false, error: { code: 'RATE_LIMITED', message: 'Jira asked the app to slow down; try again in a minute.' } } : { ok: true, data: health };
    });
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Jira is busy');
    expect(alert.textContent).toContain('Jira asked the app to slow down; try again in a minute.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByRole('heading', { name: 'The five levels' });
    expect(calls).toBe(2);
  });

  it('turns a failed bridge call into a readable error without a retry loop', async () => {
    host.on('health/project', () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'You cannot browse project ACME.' } }));
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission');
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('refreshes on demand, keeping the report on screen', async () => {
    await renderLoaded();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(host.invocations('health/project')).toEqual([{}, { refresh: true }]));
    expect(screen.getByRole('heading', { name: 'The five levels' })).toBeTruthy();
  });
});
