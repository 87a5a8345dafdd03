/**
 * The table markup of both Custom UI resources (the project page, the portfolio): column
 * headers, row headers and cells with the inline styles of styles.ts. A sortable column's header
 * is a button that says the order in aria-sort and shows the same arrow on every page. A cell's
 * `label` is its column's name, which the narrow layout (responsive.css, `pl-reflow`) writes
 * before the value; the markup stays a table for assistive technology.
 */
import { token } from '@atlaskit/tokens';
import type { CSSProperties, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import * as s from './styles';

export type SortDirection = 'ascending' | 'descending';

export interface Column {
  /** The React key; the label when it is text. */
  key?: string | number;
  label: ReactNode;
  /** Numbers: right-aligned, tabular figures. */
  numeric?: boolean;
  /** A tooltip that says what the column holds. */
  title?: string;
  style?: CSSProperties;
  /** A column that sorts the table: its direction when the table is sorted by it (else null), and what a click does. */
  sort?: { direction: SortDirection | null; onSort: () => void };
}

const ARROW: Record<SortDirection, string> = { ascending: ' ▲', descending: ' ▼' };

/** The table's <thead>: one column header per column; `hidden` keeps them for assistive technology only. */
export function ColumnHeaders({ columns, hidden = false }: { columns: readonly Column[]; hidden?: boolean }) {
  return (
    <thead style={hidden ? s.visuallyHidden : undefined}>
      <tr>
        {columns.map((column, i) => (
          <th
            key={column.key ?? (typeof column.label === 'string' ? column.label : i)}
            scope="col"
            style={{ ...s.th, ...(column.numeric ? s.numeric : undefined), ...column.style }}
            title={column.title}
            aria-sort={column.sort ? (column.sort.direction ?? 'none') : undefined}
          >
            {column.sort ? (
              <button type="button" style={s.sortButton} onClick={column.sort.onSort}>
                {column.label}
                <span aria-hidden="true">{column.sort.direction ? ARROW[column.sort.direction] : ''}</span>
              </button>
            ) : (
              column.label
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}

type FontWeight = Extract<Parameters<typeof token>[0], `font.weight.${string}`>;

export interface RowHeaderProps extends ThHTMLAttributes<HTMLTableCellElement> {
  /** The font weight token, or 'inherit' (the row's own weight). */
  weight?: FontWeight | 'inherit';
  'data-testid'?: string;
  'data-label'?: string;
}

/** A row's header cell (<th scope="row">), left-aligned, semibold unless told otherwise. */
export function RowHeader({ weight = 'font.weight.semibold', style, children, ...rest }: RowHeaderProps) {
  return (
    <th scope="row" style={{ ...s.td, textAlign: 'left', fontWeight: weight === 'inherit' ? 'inherit' : token(weight), ...style }} {...rest}>
      {children}
    </th>
  );
}

export interface CellProps extends TdHTMLAttributes<HTMLTableCellElement> {
  /** The column's name, written before the value when the table reflows in a narrow frame. */
  label?: string;
  numeric?: boolean;
  'data-testid'?: string;
}

/** A data cell (<td>); wrap its content in an element so the narrow layout can place it beside the label. */
export function Cell({ label, numeric = false, style, children, ...rest }: CellProps) {
  return (
    <td style={{ ...s.td, ...(numeric ? s.numeric : undefined), ...style }} data-label={label} {...rest}>
      {children}
    </td>
  );
}
