/** @jest-environment jsdom */
/**
 * The table markup both Custom UI resources share (static/shared/table.tsx): column headers that
 * sort say their order in aria-sort and with one arrow; hidden headers stay in the table for
 * assistive technology; cells carry their column's name for the narrow layout.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { Cell, ColumnHeaders, RowHeader, type SortDirection } from '../../static/shared/table';

function Sortable() {
  const [direction, setDirection] = useState<SortDirection | null>(null);
  return (
    <table>
      <caption>Sorted</caption>
      <ColumnHeaders
        columns={[
          { label: 'Name', sort: { direction, onSort: () => setDirection((d) => (d === 'ascending' ? 'descending' : 'ascending')) } },
          { label: 'Score', numeric: true, title: 'Out of 100' },
        ]}
      />
      <tbody>
        <tr>
          <RowHeader weight="inherit">Acme</RowHeader>
          <Cell label="Score" numeric data-testid="score">
            <span>40</span>
          </Cell>
        </tr>
      </tbody>
    </table>
  );
}

describe('the shared table markup', () => {
  it('sorts from a column header button, says the order in aria-sort and shows the arrow', () => {
    render(<Sortable />);
    const table = screen.getByRole('table', { name: 'Sorted' });
    const name = within(table).getByRole('columnheader', { name: /Name/ });
    expect(name.getAttribute('aria-sort')).toBe('none');
    expect(within(table).getByRole('columnheader', { name: 'Score' }).hasAttribute('aria-sort')).toBe(false);
    fireEvent.click(within(name).getByRole('button'));
    expect(name.getAttribute('aria-sort')).toBe('ascending');
    expect(name.textContent).toBe('Name ▲');
    fireEvent.click(within(name).getByRole('button'));
    expect(name.getAttribute('aria-sort')).toBe('descending');
    expect(name.textContent).toBe('Name ▼');
  });

  it('right-aligns numbers, names each cell’s column for the narrow layout and heads each row', () => {
    render(<Sortable />);
    const score = screen.getByTestId('score');
    expect(score.getAttribute('data-label')).toBe('Score');
    expect(score.style.textAlign).toBe('right');
    expect(screen.getByRole('columnheader', { name: 'Score' }).getAttribute('title')).toBe('Out of 100');
    const header = screen.getByRole('rowheader', { name: 'Acme' });
    expect(header.getAttribute('scope')).toBe('row');
    expect(header.style.fontWeight).toBe('inherit');
  });

  it('keeps hidden column headers in the table for assistive technology', () => {
    render(
      <table>
        <ColumnHeaders hidden columns={[{ label: 'Level' }, { label: 'Score' }]} />
        <tbody>
          <tr>
            <RowHeader>Release</RowHeader>
            <Cell>40</Cell>
          </tr>
        </tbody>
      </table>,
    );
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Level', 'Score']);
    expect(screen.getAllByRole('columnheader')[0]!.closest('thead')!.style.position).toBe('absolute');
  });
});
