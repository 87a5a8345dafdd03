/** @jest-environment jsdom */
import { addCalendarDays } from '../../src/core/dates';
import { host } from './forge-harness';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../static/project-page/src/App';
import { emptyHistory, health, healthyProject, levelHistory, runningScan, stored } from './fixtures';
import type { ProjectHealthDto, ScanStatusDto } from '../../src/contract/resolvers';

beforeEach(() => {
  host.reset();
  host.on('history/levels', () => ({ ok: true, data: levelHistory }));
});

/** The stored result of `h` answers scan/status. */
function serve(h: ProjectHealthDto | ScanStatusDto = health): void {
  const status = 'projectKey' in h ? h : stored(h);
  host.on('scan/status', () => ({ ok: true, data: status }));
}

async function renderLoaded(openUrl?: (url: string) => void) {
  serve();
  const view = render(openUrl ? <App openUrl={openUrl} pollMs={5} /> : <App pollMs={5} />);
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
  it('shows a spinner and a status while the stored result is read', async () => {
    host.on('scan/status', () => new Promise(() => {}));
    render(<App />);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Checking the five planning levels…');
    expect(within(status).getByRole('img', { name: 'Loading' })).toBeTruthy();
    expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(host.invocations('scan/status')).toEqual([{}]));
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
    expect(cells(rows[2]!)).toEqual(['every 56–84 days', '40', '4versions + planned issues', '2', 'At risk', 'Show findings']);
    // An absent level counts no items and shows one finding ("Level absent").
    expect(cells(rows[0]!)).toEqual(['revisited every 365 days', '0', '—level absent', '1', 'Absent', 'Show findings']);
    expect(cells(rows[4]!)[4]).toBe('Healthy');
    // 83 with a finding is not "Healthy": health never contradicts the findings beside it.
    expect(cells(rows[3]!)[4]).toBe('Minor drift');
    expect(rows.map((r) => within(r).getByRole('meter').firstElementChild?.getAttribute('data-band'))).toEqual(['absent', 'attention', 'at-risk', 'drifting', 'healthy']);
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
    // A result stored before the untraced keys existed offers no search.
    expect(within(card).queryByRole('link')).toBeNull();
  });

  it('opens the sprint work that does not trace to the vision as one search, built from checked keys only', async () => {
    const untracedKeys = ['ACME-4', 'ACME-5', 'ACME-13', 'ACME-20', 'x) OR project = SECRET', 'ACME-21'];
    serve({ ...health, traceability: { sprintWork: 8, tracedToVision: 2, untracedKeys } });
    render(<App pollMs={5} />);
    const card = await screen.findByTestId('traceability');
    expect(card.textContent).toContain('6 issues do not trace');
    const link = within(card).getByRole('link', { name: /Open these 5 issues in Jira/ });
    expect(link.getAttribute('href')).toBe(`https://acme.atlassian.net/issues/?jql=${encodeURIComponent('key in (ACME-4, ACME-5, ACME-13, ACME-20, ACME-21) ORDER BY key ASC')}`);
    // One key fewer than untraced issues: the card says some are left out.
    expect(card.textContent).toContain('Issues you cannot browse are left out of the search.');
    fireEvent.click(link);
    expect(host.calls.filter((c) => c.cmd === 'navigate')).toEqual([{ cmd: 'navigate', data: { url: link.getAttribute('href'), type: 'new-tab' } }]);
  });

  it('caps the untraced search at what one link holds, and says so', async () => {
    const untracedKeys = Array.from({ length: 500 }, (_, i) => `ACME-${1000 + i}`);
    serve({ ...health, traceability: { sprintWork: 600, tracedToVision: 100, untracedKeys } });
    render(<App pollMs={5} />);
    const card = await screen.findByTestId('traceability');
    const link = within(card).getByRole('link', { name: /Open the first \d+ of 500 issues in Jira/ });
    const included = Number(/first (\d+) of/.exec(link.textContent ?? '')![1]);
    expect(included).toBeGreaterThan(100);
    expect(included).toBeLessThan(500);
    expect(decodeURIComponent(link.getAttribute('href')!)).toContain(`ACME-${1000 + included - 1}) ORDER BY key ASC`);
    expect(card.textContent).toContain(`The search holds the first ${included}: a link to Jira has room for no more.`);
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
      // A version has no assignee, status or age.
      '—',
      '—',
      '—',
      'Version 2.0 came 120 days after 1.0 (more than 84).',
      expect.stringContaining('In Releases, plan the versions’ release dates on the cadence.'),
    ]);
    expect(within(rows[1]!).getAllByRole('cell')[6]!.textContent).toContain('Set a Fix version on it.');
    // The level's issues as one search in Jira, built from the issue keys only.
    const search = within(region).getByRole('link', { name: /Open this issue in Jira/ });
    expect(search.getAttribute('href')).toBe(`https://acme.atlassian.net/issues/?jql=${encodeURIComponent('key in (ACME-9) ORDER BY key ASC')}`);
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
    serve(healthyProject);
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Every level keeps its cadence' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Diagnosis' })).toBeNull();
    expect((screen.getByTestId('weakest-level')).textContent).toContain('Every level scores 100.');
  });

  it('shows the error in words and retries', async () => {
    let calls = 0;
    host.on('scan/status', () => {
      calls++;
      return calls === 1 ? { ok: false, error: { code: 'RATE_LIMITED', message: 'Jira asked the app to slow down; try again in a minute.' } } : { ok: true, data: stored(health) };
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
    host.on('scan/status', () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'You cannot browse project ACME.' } }));
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission');
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('rescans on demand, keeping the last result on screen with a progress bar until the scan is done', async () => {
    let scanning = false;
    host.on('scan/start', () => {
      scanning = true;
      return { ok: true, data: stored(health, { scan: runningScan(100, 412) }) };
    });
    host.on('scan/status', () => ({ ok: true, data: stored(health, scanning ? { scan: runningScan(300, 412) } : {}) }));
    render(<App pollMs={5} />);
    await screen.findByRole('heading', { name: 'The five levels' });
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByTestId('computed-at').textContent).toMatch(/Last complete scan .* · 412 issues/);

    fireEvent.click(screen.getByRole('button', { name: 'Rescan' }));
    const bar = await screen.findByRole('progressbar');
    expect(screen.getByRole('heading', { name: 'The five levels' })).toBeTruthy();
    await screen.findByText('300 of about 412 issues scanned');
    expect(bar.getAttribute('aria-label')).toMatch(/Scan progress/);
    expect(screen.getByRole('button', { name: 'Rescan' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('true');

    scanning = false;
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(host.invocations('scan/start')).toEqual([{}]);
  });

  it('starts the first scan when nothing is stored, shows its progress, then the result and the new history', async () => {
    let phase: 'none' | 'running' | 'done' = 'none';
    host.on('scan/status', () => ({
      ok: true,
      data: phase === 'none' ? { projectKey: 'ACME', result: null, stale: false, staleSince: null, scan: null } : phase === 'running' ? { ...stored(health), result: null, scan: runningScan(200, null) } : stored(health),
    }));
    host.on('scan/start', () => {
      phase = 'running';
      return { ok: true, data: { ...stored(health), result: null, scan: runningScan(0, null) } };
    });
    let historyCalls = 0;
    host.on('history/levels', () => {
      historyCalls++;
      return { ok: true, data: historyCalls === 1 ? emptyHistory : levelHistory };
    });
    render(<App pollMs={20} />);
    await screen.findByRole('progressbar');
    await screen.findByText('200 issues scanned so far');
    expect(screen.getByText('Checking the five planning levels…')).toBeTruthy();
    expect(host.invocations('scan/start')).toEqual([{}]);
    phase = 'done';
    await screen.findByRole('heading', { name: 'The five levels' });
    await screen.findByTestId('level-trends');
    expect(historyCalls).toBe(2);
  });

  it('says when the stored result is stale and when a first scan failed', async () => {
    serve(stored(health, { stale: true, staleSince: '2026-03-12T10:15:00.000Z' }));
    const { unmount } = render(<App />);
    const note = await screen.findByTestId('stale-note');
    expect(note.textContent).toContain('Issues changed since this result');
    expect(note.textContent).toMatch(/A rescan is scheduled/);
    unmount();

    const failed: ScanStatusDto = { projectKey: 'ACME', result: null, stale: false, staleSince: null, scan: { ...runningScan(100, null), state: 'failed', lastError: 'Jira failed to answer (HTTP 503).' } };
    serve(failed);
    host.on('scan/start', () => ({ ok: true, data: failed }));
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The scan of the project could not finish');
    expect(alert.textContent).toContain('HTTP 503');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(host.invocations('scan/start')).toEqual([{}]));
  });

  it('pages a large level’s findings from the stored result and counts those the viewer cannot see', async () => {
    const first = health.findings.filter((f) => f.level === 3);
    // Level 3 has 4 findings in all: 2 came with the result, the other 2 are a page away (one of them hidden).
    const large = { ...health, levels: health.levels.map((l) => (l.level === 3 ? { ...l, findings: 4 } : l)) };
    serve(stored(large, {}, { hiddenFindings: 2, nextFindingOffset: { 1: null, 2: null, 3: 2, 4: null, 5: null } }));
    const more = { ...first[1]!, issueKey: 'ACME-77', subjectLabel: 'ACME-77', url: 'https://acme.atlassian.net/browse/ACME-77', message: 'ACME-77 is planned into a sprint with no fix version.', kind: 'missing-release' as const };
    host.on('scan/findings', ({ level, offset }) => ({ ok: true, data: { level: level as 3, offset, total: 4, findings: [more], hidden: 1, nextOffset: null } }));
    render(<App />);
    await screen.findByRole('heading', { name: 'The five levels' });
    expect(screen.getByTestId('hidden-findings').textContent).toBe('2 findings on issues you cannot see are hidden.');
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Release' }));
    const region = screen.getByRole('region', { name: 'Release findings' });
    expect(within(region).getByText(`${first.length} of 4 loaded.`)).toBeTruthy();
    fireEvent.click(within(region).getByRole('button', { name: 'Load more findings' }));
    await within(region).findByRole('link', { name: /ACME-77/ });
    expect(host.invocations('scan/findings')).toEqual([{ level: 3, offset: 2 }]);
    expect(within(region).queryByRole('button', { name: 'Load more findings' })).toBeNull();
    expect(within(region).getByText(/1 more finding on issues you cannot see is hidden/)).toBeTruthy();
    expect(within(region).getByRole('table').querySelector('caption')?.textContent).toBe('3 of 4 findings at the Release level');
  });

  it('shows the score trend and the release-date slips below the levels', async () => {
    await renderLoaded();
    const trends = await screen.findByTestId('level-trends');
    expect(within(trends).getAllByRole('slider')).toHaveLength(5);
    const slips = screen.getByTestId('version-slips');
    expect(within(slips).getAllByRole('row')).toHaveLength(3); // header + two open versions
  });

  it('explains how it scores: the formula, the items of each level, the level-wide penalty and the health bands', async () => {
    await renderLoaded();
    const toggle = screen.getByRole('button', { name: 'How is this scored?' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const box = screen.getByTestId('scoring-explained');
    expect(box.textContent).toContain('It loses the share of its items that have at least one finding');
    expect(box.textContent).toContain('costs another 25 points');
    expect(box.textContent).toContain('Release: fix versions plus the open stories, tasks and bugs planned into an active or future sprint');
    expect(box.textContent).toMatch(/Healthy: the level is present and has no findings/);
    expect(box.textContent).toMatch(/Minor drift: the level has findings, but its score is still 80 or more/);
    expect(box.textContent).toMatch(/At risk: the level has findings and scores below 50/);
  });

  it('shows an absent level’s one finding, not the level-wide findings that repeat it', async () => {
    const noUpcoming = { kind: 'no-upcoming' as const, level: 1 as const, subjectLabel: '', message: 'No unreleased version is due.' };
    const h = { ...health, findings: [...health.findings, noUpcoming], levels: health.levels.map((l) => (l.level === 1 ? { ...l, findings: 2 } : l)) };
    serve(h);
    render(<App />);
    await screen.findByRole('heading', { name: 'The five levels' });
    const row = screen.getByTestId('level-row-1');
    expect(within(row).getByTestId('findings').textContent).toBe('1');
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Product Vision' }));
    const region = screen.getByRole('region', { name: 'Product Vision findings' });
    expect(within(region).getAllByTestId('finding-row')).toHaveLength(1);
    expect(within(region).queryByText('No unreleased version is due.')).toBeNull();
  });

  it('shows a level’s findings in pages of 20, sorted and filtered on demand', async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({
      kind: (i % 3 === 0 ? 'carry-over' : 'sprint-length') as 'carry-over' | 'sprint-length',
      level: 4 as const,
      issueKey: `ACME-${i + 1}`,
      subjectLabel: `ACME-${i + 1}`,
      message: `Finding ${i + 1}.`,
      url: `https://acme.atlassian.net/browse/ACME-${i + 1}`,
    }));
    const h = { ...health, findings: [...health.findings.filter((f) => f.level !== 4), ...many], levels: health.levels.map((l) => (l.level === 4 ? { ...l, findings: 23 } : l)) };
    serve(h);
    render(<App />);
    await screen.findByRole('heading', { name: 'The five levels' });
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Iteration' }));
    const region = screen.getByRole('region', { name: 'Iteration findings' });
    expect(within(region).getAllByTestId('finding-row')).toHaveLength(20);
    expect(within(region).getByText('Page 1 of 2 · findings 1–20 of 23')).toBeTruthy();
    expect(within(region).getByRole('link', { name: /Open these 23 issues in Jira/ })).toBeTruthy();
    fireEvent.click(within(region).getByRole('button', { name: 'Next' }));
    expect(within(region).getAllByTestId('finding-row')).toHaveLength(3);

    // Sorted by subject, descending on a second click (natural order: ACME-23 first).
    const subject = within(region).getByRole('button', { name: 'Subject' });
    fireEvent.click(subject);
    fireEvent.click(subject);
    expect(subject.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    expect(within(region).getAllByTestId('finding-row')[0]!.textContent).toContain('ACME-23');

    fireEvent.change(within(region).getByLabelText('Kind'), { target: { value: 'carry-over' } });
    const rows = within(region).getAllByTestId('finding-row');
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.textContent?.startsWith('Carried over'))).toBe(true);
    expect(within(region).queryByRole('button', { name: 'Next' })).toBeNull();
  });

  it('shows each issue finding’s assignee, status and age, sorts by them and filters by assignee and status', async () => {
    const people = ['Mia Krystof', null, 'Ben Ode'] as const;
    const statuses = [
      { name: 'To Do', category: 'new' },
      { name: 'In Progress', category: 'indeterminate' },
      { name: 'Done', category: 'done' },
    ] as const;
    const issues = Array.from({ length: 6 }, (_, i) => ({
      kind: 'carry-over' as const,
      level: 4 as const,
      issueKey: `ACME-${i + 1}`,
      subjectLabel: `ACME-${i + 1}`,
      message: `Finding ${i + 1}.`,
      assignee: people[i % 3]!,
      status: statuses[i % 3]!,
      // ACME-1 is the oldest: created (6 - i) × 10 days before the as-of date.
      created: `${addCalendarDays(health.asOf, -(6 - i) * 10)}T10:00:00.000+0200`,
    }));
    const sprintFinding = { kind: 'sprint-length' as const, level: 4 as const, sprintId: 9, subjectLabel: 'ACME Sprint 9', message: 'Sprint 9 ran 10 days.' };
    const h = { ...health, findings: [...health.findings.filter((f) => f.level !== 4), ...issues, sprintFinding], levels: health.levels.map((l) => (l.level === 4 ? { ...l, findings: 7 } : l)) };
    serve(h);
    render(<App />);
    await screen.findByRole('heading', { name: 'The five levels' });
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Iteration' }));
    const region = screen.getByRole('region', { name: 'Iteration findings' });
    const column = (id: string) => within(region).getAllByTestId(id).map((c) => c.textContent);
    // By kind first: the sprint's finding (sprint length) comes before the carry-overs.
    expect(column('finding-assignee')).toEqual(['—', 'Mia Krystof', 'Unassigned', 'Ben Ode', 'Mia Krystof', 'Unassigned', 'Ben Ode']);
    expect(column('finding-status')).toEqual(['—', 'To Do', 'In Progress', 'Done', 'To Do', 'In Progress', 'Done']);
    expect(column('finding-age')).toEqual(['—', '60 days', '50 days', '40 days', '30 days', '20 days', '10 days']);

    // Age, oldest first on the second click; a sprint has no age and stays last.
    const age = within(region).getByRole('button', { name: 'Age' });
    fireEvent.click(age);
    expect(column('finding-age')).toEqual(['10 days', '20 days', '30 days', '40 days', '50 days', '60 days', '—']);
    fireEvent.click(age);
    expect(age.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    expect(column('finding-age')[0]).toBe('60 days');
    // Status in Jira's category order: To Do, In Progress, Done.
    fireEvent.click(within(region).getByRole('button', { name: 'Status' }));
    expect(column('finding-status')).toEqual(['To Do', 'To Do', 'In Progress', 'In Progress', 'Done', 'Done', '—']);
    fireEvent.click(within(region).getByRole('button', { name: 'Assignee' }));
    expect(column('finding-assignee')).toEqual(['Ben Ode', 'Ben Ode', 'Mia Krystof', 'Mia Krystof', 'Unassigned', 'Unassigned', '—']);

    // Filters: by assignee, then also by status; the caption says what is shown.
    fireEvent.change(within(region).getByLabelText('Assignee'), { target: { value: 'Unassigned' } });
    expect(column('finding-assignee')).toEqual(['Unassigned', 'Unassigned']);
    fireEvent.change(within(region).getByLabelText('Status'), { target: { value: 'In Progress' } });
    expect(within(region).getAllByTestId('finding-row').map((r) => r.textContent)).toEqual([expect.stringContaining('ACME-2'), expect.stringContaining('ACME-5')]);
    expect(within(region).getByRole('table').querySelector('caption')?.textContent).toContain('2 shown (assignee Unassigned, status In Progress)');
    fireEvent.change(within(region).getByLabelText('Status'), { target: { value: 'Done' } });
    expect(within(region).queryAllByTestId('finding-row')).toHaveLength(0);
  });

  it('shows each board’s sprint cadence in the Iteration level when the project has several boards', async () => {
    const boards = [
      { boardId: 42, boardName: 'Checkout Core', sprints: 27, medianLengthDays: 14, offLength: 1, overruns: 1, gaps: 0, longestGapDays: 1, activeSprint: { id: 210, name: 'Checkout Core Sprint 23' }, url: 'https://acme.atlassian.net/secure/RapidBoard.jspa?rapidView=42' },
      { boardId: 57, boardName: 'Payments Squad', sprints: 14, medianLengthDays: 13.5, offLength: 1, overruns: 0, gaps: 1, longestGapDays: 6.9, activeSprint: null },
    ];
    serve({ ...health, boards });
    render(<App pollMs={5} />);
    await screen.findByRole('heading', { name: 'The five levels' });
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Iteration' }));
    const region = screen.getByRole('region', { name: 'Iteration findings' });
    const table = within(region).getByRole('table', { name: /Sprint cadence per board \(2 boards; the cadence is sprints of 14 days/ });
    const cells = (id: number) => within(within(table).getByTestId(`board-cadence-${id}`)).getAllByRole('cell').map((c) => c.textContent);
    expect(within(table).getByRole('rowheader', { name: /Checkout Core/ })).toBeTruthy();
    expect(cells(42)).toEqual(['27', '14 days', '1sprint off the cadence\'s length', '1overrun', 'none', '1 day', 'Checkout Core Sprint 23']);
    expect(cells(57)).toEqual(['14', '13.5 days', '1sprint off the cadence\'s length', 'none', '1gap between sprints', '6.9 days', 'no active sprint']);
    expect(within(table).getByRole('link', { name: /Checkout Core/ }).getAttribute('href')).toBe(boards[0]!.url);

    // Other levels, and a project with one board, have no such table.
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Release' }));
    expect(within(screen.getByRole('region', { name: 'Release findings' })).queryByTestId('board-cadences')).toBeNull();
  });

  it('shows no per-board table for a project with one board', async () => {
    serve({ ...health, boards: [{ boardId: 1, boardName: 'Only board', sprints: 3, medianLengthDays: 14, offLength: 0, overruns: 0, gaps: 0, longestGapDays: 0, activeSprint: null }] });
    render(<App pollMs={5} />);
    await screen.findByRole('heading', { name: 'The five levels' });
    fireEvent.click(screen.getByRole('button', { name: 'Show findings for Iteration' }));
    expect(within(screen.getByRole('region', { name: 'Iteration findings' })).queryByTestId('board-cadences')).toBeNull();
  });

  it('says which settings produced the page, and links a Jira admin to the admin page', async () => {
    host.on('history/levels', () => ({ ok: true, data: { ...levelHistory, settings: { source: 'project', siteVersion: 3, projectVersion: 2, canConfigure: true }, settingsChanges: [] } }));
    await renderLoaded();
    const note = await screen.findByTestId('settings-note');
    expect(note.textContent).toContain('Computed with this project’s override (version 2) over the site settings (version 3).');
    fireEvent.click(within(note).getByRole('link', { name: 'Change the settings' }));
    expect(host.calls.filter((c) => c.cmd === 'navigate')).toEqual([
      { cmd: 'navigate', data: { target: 'module', moduleKey: 'planning-levels-admin-page', type: 'new-tab' } },
    ]);
  });

  it('gives a member the settings in words without the admin link', async () => {
    host.on('history/levels', () => ({ ok: true, data: { ...levelHistory, settings: { source: 'site', siteVersion: 0, projectVersion: 0, canConfigure: false } } }));
    await renderLoaded();
    const note = await screen.findByTestId('settings-note');
    expect(note.textContent).toBe('Computed with the default settings; this project has no override. ');
    expect(within(note).queryByRole('link')).toBeNull();
  });
});
