import { host, findAll, findByText, handler, ofType, textOf, waitFor } from './forge-harness';
import ForgeReconciler from '@forge/react';
import { App } from '../../src/frontend/issue-panel/App';
import { childrenSummary } from '../../src/frontend/issue-panel/IssuePanelView';
import { chainWithForeignParent, fullChain, storyWithoutEpic } from './fixtures';

beforeEach(() => host.reset());

async function renderPanel(): Promise<void> {
  ForgeReconciler.render(<App />);
}

describe('issue panel', () => {
  it('shows a spinner while the chain loads', async () => {
    host.on('chain/issue', () => new Promise(() => {}));
    await renderPanel();
    await waitFor(() => expect(findAll(host.doc, ofType('Spinner'))).toHaveLength(1));
    expect(textOf(host.doc)).toContain('Tracing this issue up to the product vision');
    await waitFor(() => expect(host.invocations('chain/issue')).toEqual([{}]));
  });

  it('says in plain words that a story has no epic', async () => {
    host.on('chain/issue', () => ({ ok: true, data: storyWithoutEpic }));
    await renderPanel();
    const warning = await waitFor(() => {
      const found = findAll(host.doc, (n) => n.type === 'SectionMessage' && n.props.appearance === 'warning');
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(warning.props.title).toBe('A planning link is missing');
    expect(textOf(warning)).toBe("This story has no epic: the roadmap can't see it.");
    expect(textOf(host.doc)).toContain('Level 4 · Iteration · this issue');
    expect(textOf(host.doc)).toContain('No child issues.');
  });

  it('shows the sprint and fix version with links, links each child it names, and says a missing link once', async () => {
    const data = {
      ...storyWithoutEpic,
      chain: storyWithoutEpic.chain.map((n) => ({ ...n, findings: n.findings.filter((f) => f.kind !== 'missing-parent'), missingLinksAbove: 1 })),
      context: {
        sprint: { id: 7, name: 'Checkout Core Sprint 23', state: 'active' as const, endDate: '2026-11-30T09:30:00.000Z', url: 'https://acme.atlassian.net/secure/RapidBoard.jspa?rapidView=42' },
        sprintKnown: true,
        fixVersions: [
          { id: '10208', name: '3.5', released: false, releaseDate: '2026-12-10', overdue: false, url: 'https://acme.atlassian.net/projects/ACME/versions/10208' },
          { id: '10207', name: '3.4', released: false, releaseDate: '2026-11-02', overdue: true, url: 'https://acme.atlassian.net/projects/ACME/versions/10207' },
        ],
      },
      children: { total: 12, counted: 12, open: 12, done: 0, byType: [{ issueTypeName: 'Sub-task', count: 12 }] },
      childIssues: [{ key: 'ACME-41', summary: 'Write the migration', issueTypeName: 'Sub-task', statusName: 'To Do', statusCategory: 'new' as const, url: 'https://acme.atlassian.net/browse/ACME-41' }],
      childrenUrl: 'https://acme.atlassian.net/issues/?jql=parent%20%3D%20ACME-9',
    };
    host.on('chain/issue', () => ({ ok: true, data }));
    await renderPanel();
    await waitFor(() => expect(textOf(host.doc)).toContain('Sprint and release'));
    const link = (text: string) => findAll(host.doc, (n) => n.type === 'Link' && textOf(n) === text)[0]?.props.href;
    expect(link('Checkout Core Sprint 23')).toBe(data.context.sprint.url);
    expect(link('3.5')).toBe(data.context.fixVersions[0]!.url);
    expect(textOf(host.doc)).toContain('active, ends 30 Nov 2026');
    expect(textOf(host.doc)).toContain('due 10 Dec 2026');
    expect(textOf(host.doc)).toContain('overdue since 2 Nov 2026');
    expect(link('ACME-41')).toBe('https://acme.atlassian.net/browse/ACME-41');
    expect(link('Open all 12 children in Jira')).toBe(data.childrenUrl);
    // The banner's sentence is not repeated on the node, which points to it.
    const sentence = "This story has no epic: the roadmap can't see it.";
    expect(textOf(host.doc).split(sentence)).toHaveLength(2);
    expect(findByText(host.doc, 'Lozenge', 'Missing link')).toBeDefined();
    expect(textOf(host.doc)).not.toContain('No findings');
  });

  it('lists the chain top-down with level, status and findings', async () => {
    host.on('chain/issue', () => ({ ok: true, data: fullChain }));
    await renderPanel();
    await waitFor(() => expect(findAll(host.doc, ofType('Link'))).toHaveLength(3));

    const links = findAll(host.doc, ofType('Link'));
    expect(links.map(textOf)).toEqual(['ACME-1', 'ACME-2', 'ACME-9']);
    expect(links[1]!.props.href).toBe('https://acme.atlassian.net/browse/ACME-2');

    const text = textOf(host.doc);
    const order = ['Level 1 · Product Vision', 'Level 2 · Roadmap', 'Level 4 · Iteration · this issue'].map((t) => text.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const statuses = findAll(host.doc, (n) => n.type === 'Lozenge' && ['To Do', 'In Progress', 'Done'].includes(textOf(n)));
    expect(statuses.map((n) => [textOf(n), n.props.appearance])).toEqual([
      ['To Do', 'default'],
      ['In Progress', 'inprogress'],
      ['Done', 'success'],
    ]);
    expect(findByText(host.doc, 'Lozenge', 'Stale')).toBeDefined();
    expect(text).toContain('ACME-2 has not been updated for 120 days (more than 91).');
    expect(findAll(host.doc, (n) => n.type === 'SectionMessage')).toHaveLength(0);
    expect(text).toContain('3 child issues: 1 open, 2 done (3 Sub-task).');
  });

  it('marks a parent whose project has no stored result', async () => {
    host.on('chain/issue', () => ({ ok: true, data: chainWithForeignParent }));
    await renderPanel();
    await waitFor(() => expect(textOf(host.doc)).toContain('PORT-4'));
    expect(textOf(host.doc)).toContain('Its project has not been analysed yet');
    // Without a URL the key is plain text, not a link.
    expect(findAll(host.doc, ofType('Link')).map(textOf)).toEqual(['ACME-12']);
  });

  it('shows the error in words and retries', async () => {
    let calls = 0;
    host.on('chain/issue', () => {
      calls++;
      return calls === 1
        ? { ok: false, error: { code: 'JIRA_ERROR', message: 'Jira answered 503 while reading ACME-7.' } }
        : { ok: true, data: storyWithoutEpic };
    });
    await renderPanel();
    const error = await waitFor(() => {
      const found = findAll(host.doc, (n) => n.type === 'SectionMessage' && n.props.appearance === 'error');
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(error.props.title).toBe('Jira could not answer');
    expect(textOf(error)).toBe('Jira answered 503 while reading ACME-7.');

    handler(findByText(host.doc, 'Button', 'Try again'), 'onClick')();
    await waitFor(() => expect(textOf(host.doc)).toContain("This story has no epic: the roadmap can't see it."));
    expect(calls).toBe(2);
  });

  it('does not offer a retry when the viewer lacks permission', async () => {
    host.on('chain/issue', () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'You cannot browse this project.' } }));
    await renderPanel();
    await waitFor(() => expect(textOf(host.doc)).toContain('You cannot browse this project.'));
    expect(findByText(host.doc, 'Button', 'Try again')).toBeUndefined();
  });

  it('summarises children by type, most common first', () => {
    expect(
      childrenSummary({ total: 4, counted: 4, open: 3, done: 1, byType: [{ issueTypeName: 'Task', count: 1 }, { issueTypeName: 'Story', count: 3 }] }),
    ).toBe('4 child issues: 3 open, 1 done (3 Story, 1 Task).');
    expect(childrenSummary({ total: 1, counted: 1, open: 1, done: 0, byType: [{ issueTypeName: 'Sub-task', count: 1 }] })).toBe(
      '1 child issue: 1 open, 0 done (1 Sub-task).',
    );
    // More children than one page: the total is counted, the rest describes the first page.
    expect(childrenSummary({ total: 340, counted: 100, open: 60, done: 40, byType: [{ issueTypeName: 'Story', count: 100 }] })).toBe(
      '340 child issues; of the first 100: 60 open, 40 done (100 Story).',
    );
  });

  it('before the first scan: the chain, a note that the project is not analysed, and a way to the project page', async () => {
    host.on('chain/issue', () => ({
      ok: true,
      data: { ...fullChain, analysis: { state: 'not-analysed' }, chain: fullChain.chain.map((n) => ({ ...n, inData: false, findings: [] })) },
    }));
    const navigations: unknown[] = [];
    host.other = (cmd, data) => {
      if (cmd === 'navigate') navigations.push(data);
    };
    await renderPanel();
    const note = await waitFor(() => {
      const found = findAll(host.doc, (n) => n.type === 'SectionMessage' && n.props.appearance === 'information');
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(note.props.title).toBe('ACME is not analysed yet');
    expect(findAll(host.doc, ofType('Link')).map(textOf)).toEqual(['ACME-1', 'ACME-2', 'ACME-9']);
    handler(findByText(host.doc, 'Button', 'Open Planning levels'), 'onClick')();
    await waitFor(() => expect(navigations).toEqual([{ target: 'module', moduleKey: 'planning-levels-project-page', projectKey: 'ACME', type: 'same-tab' }]));
  });

  it('says how many findings about hidden issues it left out', async () => {
    host.on('chain/issue', () => ({ ok: true, data: { ...fullChain, hiddenFindings: 2 } }));
    await renderPanel();
    await waitFor(() => expect(textOf(host.doc)).toContain('2 findings about issues you cannot see are hidden.'));
  });
});
