/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Gadget } from '../../static/portfolio/src/Gadget';
import { GadgetEdit } from '../../static/portfolio/src/GadgetEdit';
import { surfaceOf } from '../../static/portfolio/src/gadget-config';
import { acme, data, fakeLinks, portfolio } from './portfolio-fixtures';

const ready = <T,>(value: T) => ({ status: 'ready' as const, data: value, refreshing: false });

describe('the dashboard gadget', () => {
  it('shows the portfolio’s median of each level, as a number, a bar and a band in words, and its weakest level', () => {
    render(<Gadget config={{ show: 'portfolio' }} data={{ show: 'portfolio', state: ready(portfolio) }} links={fakeLinks()} />);
    const table = screen.getByRole('table', { name: /median score of each level over 3 analysed projects/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByTestId('score').textContent)).toEqual(['90', '75', '40', '70', '100']);
    expect(rows.map((r) => within(r).getByTestId('band').textContent)).toEqual(['Minor driftabsent in 1', 'Needs attention', 'At riskabsent in 1', 'Needs attention', 'Healthy']);
    expect(within(table).getByTestId('gadget-level-3').textContent).toContain('Weakest level');
    expect(within(table).getByTestId('gadget-level-1').textContent).not.toContain('Weakest level');
    expect(screen.getByTestId('gadget-heading').textContent).toBe('Portfolio median · 3 of 4 projects · as of 20 Nov 2026');
  });

  it('shows one project’s five levels with a link to its page', () => {
    const links = fakeLinks();
    render(<Gadget config={{ show: 'project', projectKey: 'ACME' }} data={{ show: 'project', projectKey: 'ACME', state: ready(acme) }} links={links} />);
    const rows = within(screen.getByRole('table', { name: /Acme Web: the score and health of each level/ })).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByTestId('band').textContent)).toEqual(['Absent', 'Needs attention', 'At risk', 'Minor drift', 'Healthy']);
    expect(within(rows[0]!).getByText('Weakest level')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Acme Web' }));
    expect(links.opened).toEqual(['ACME']);
  });

  it('says so for a project not analysed yet, and asks to be configured when it is not', () => {
    const { unmount } = render(<Gadget config={{ show: 'project', projectKey: 'DATA' }} data={{ show: 'project', projectKey: 'DATA', state: ready(data) }} links={fakeLinks()} />);
    expect(screen.getByTestId('gadget').textContent).toContain('Not analysed yet: 1,200 of about 3,000 issues scanned.');
    unmount();
    render(<Gadget config={null} data={null} links={fakeLinks()} />);
    expect(screen.getByText('Choose what this gadget shows')).toBeTruthy();
  });

  it('edit mode: submits the portfolio, or a chosen project (and asks for one first)', async () => {
    const submit = jest.fn(() => Promise.resolve());
    render(<GadgetEdit config={null} portfolio={ready(portfolio)} onSubmit={submit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ show: 'portfolio' }));

    fireEvent.click(screen.getByRole('radio', { name: 'One project’s five levels' }));
    const select = screen.getByRole('combobox', { name: 'Project' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a project', 'Acme Web (ACME)', 'Data Platform (DATA)', 'Mobile App (MOBILE)', 'Operations (OPS)']);
    fireEvent.click(screen.getByRole('button', { name: /Save/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a project.');
    fireEvent.change(select, { target: { value: 'MOBILE' } });
    fireEvent.click(screen.getByRole('button', { name: /Save/ }));
    await waitFor(() => expect(submit).toHaveBeenLastCalledWith({ show: 'project', projectKey: 'MOBILE' }));
  });

  it('edit mode starts from the saved choice', () => {
    render(<GadgetEdit config={{ show: 'project', projectKey: 'OPS' }} portfolio={ready(portfolio)} onSubmit={() => Promise.resolve()} />);
    expect((screen.getByRole('radio', { name: 'One project’s five levels' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('combobox', { name: 'Project' }) as HTMLSelectElement).value).toBe('OPS');
  });

  it('tells the global page, the gadget and its edit mode apart from the Forge context', () => {
    expect(surfaceOf({ extension: { type: 'jira:globalPage' } })).toEqual({ kind: 'global-page' });
    expect(surfaceOf({ extension: { type: 'jira:dashboardGadget', gadgetConfiguration: { show: 'portfolio' } } })).toEqual({ kind: 'gadget', config: { show: 'portfolio' } });
    expect(surfaceOf({ extension: { type: 'jira:dashboardGadget', entryPoint: 'edit', gadgetConfiguration: {} } })).toEqual({ kind: 'gadget-edit', config: null });
  });
});
