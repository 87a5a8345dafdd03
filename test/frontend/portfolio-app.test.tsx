/** @jest-environment jsdom */
import { host } from './forge-harness';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../static/portfolio/src/App';
import { acme, data, portfolio } from './portfolio-fixtures';

/** The Forge host's answers: the context of one module, and Jira's address of each project page. */
function hostFor(extension: Record<string, unknown>): void {
  host.reset();
  host.other = (cmd, payload) => {
    if (cmd === 'getContext') return { extension };
    if (cmd === 'getUrl') return `https://example.atlassian.net/jira/software/projects/${(payload as { projectKey: string }).projectKey}/apps/app/env`;
    return undefined;
  };
  host.on('portfolio/get', () => ({ ok: true, data: portfolio }));
  host.on('portfolio/project', ({ projectKey }) => ({ ok: true, data: [acme, data].find((p) => p.key === projectKey) ?? acme }));
}

describe('the portfolio resource', () => {
  it('is the global page in a jira:globalPage context; each project links to its project page through the router', async () => {
    hostFor({ type: 'jira:globalPage' });
    render(<App pollMs={60_000} />);
    const table = await screen.findByRole('table', { name: /Each project’s score at each level/ });
    const link = await within(table).findByRole('link', { name: 'Acme Web' });
    expect(link.getAttribute('href')).toBe('https://example.atlassian.net/jira/software/projects/ACME/apps/app/env');
    expect(host.calls.filter((c) => c.cmd === 'getUrl').map((c) => c.data)).toContainEqual({ target: 'module', moduleKey: 'planning-levels-project-page', projectKey: 'ACME' });
    fireEvent.click(link);
    await waitFor(() => expect(host.calls.filter((c) => c.cmd === 'navigate').map((c) => c.data)).toContainEqual(expect.objectContaining({ target: 'module', moduleKey: 'planning-levels-project-page', projectKey: 'ACME' })));
  });

  it('asks again while a first scan runs', async () => {
    hostFor({ type: 'jira:globalPage' });
    render(<App pollMs={20} />);
    await screen.findByTestId('not-analysed-DATA');
    await waitFor(() => expect(host.invocations('portfolio/get').length).toBeGreaterThan(2));
  });

  it('is the gadget in a jira:dashboardGadget context: one project’s levels as configured', async () => {
    hostFor({ type: 'jira:dashboardGadget', gadgetConfiguration: { show: 'project', projectKey: 'ACME' } });
    render(<App />);
    await screen.findByRole('table', { name: /Acme Web: the score and health of each level/ });
    expect(host.invocations('portfolio/project')).toEqual([{ projectKey: 'ACME' }]);
    expect(host.invocations('portfolio/get')).toEqual([]);
  });

  it('is the gadget’s edit mode with entryPoint edit, and saves the choice with view.submit', async () => {
    hostFor({ type: 'jira:dashboardGadget', entryPoint: 'edit', gadgetConfiguration: { show: 'portfolio' } });
    render(<App />);
    fireEvent.click(await screen.findByRole('radio', { name: 'One project’s five levels' }));
    fireEvent.change(await screen.findByRole('combobox', { name: 'Project' }), { target: { value: 'OPS' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(host.calls.filter((c) => c.cmd === 'submit').map((c) => c.data)).toEqual([{ show: 'project', projectKey: 'OPS' }]));
  });
});
