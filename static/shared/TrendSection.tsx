/**
 * The trend section of both resources (the project page's score trend, the portfolio's median
 * trend): a heading, then a table with a row per level: a sparkline of its daily values (a
 * slider over the days with a sentence as its description), the value now, the change (its sign
 * in the text; the colour only repeats it) and the range; then a legend that says how to read the
 * charts. Before the first day is recorded, a sentence says so instead. Every colour is a design
 * token, so both themes work.
 */
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { LEVEL_INFO, type Level } from '../../src/core/levels';
import { changeLabel, describeTrend, type TrendLike } from './chart-math';
import { Sparkline } from './Sparkline';
import * as s from './styles';
import { Cell, ColumnHeaders, RowHeader } from './table';

interface TrendRow extends TrendLike {
  level: Level;
}

export interface TrendSectionProps {
  heading: string;
  headingId: string;
  /** What the section says before the first day is recorded. */
  empty: string;
  rows: readonly TrendRow[];
  caption: ReactNode;
  /** The chart column's header ("Last 90 days"). */
  chartHeader: string;
  /** What a row's chart is called, from the level's name ("Release" or "Release median"). */
  seriesName?: (levelName: string) => string;
  /** Days on which the settings changed: a tick on every chart. */
  markers?: readonly { date: string; label: string }[];
  /** A sentence the legend ends with (what the ticks mark). */
  legendNote?: string;
  testId: string;
  rowTestId: (level: Level) => string;
  /** What follows the legend (the project page's daily scores). */
  children?: ReactNode;
}

function changeColor(change: number | null): string {
  if (change === null || change === 0) return token('color.text.subtle');
  return change > 0 ? token('color.text.success') : token('color.text.danger');
}

export function TrendSection(props: TrendSectionProps) {
  const { heading, headingId, empty, rows, children } = props;
  const recorded = rows.some((r) => r.points.length > 0);
  return (
    <section aria-labelledby={headingId} style={s.stack('space.150')}>
      <Heading size="medium" as="h2" id={headingId}>
        {heading}
      </Heading>
      {recorded ? (
        <>
          <TrendTable {...props} />
          {children}
        </>
      ) : (
        <p style={{ ...s.subtle, margin: 0 }}>{empty}</p>
      )}
    </section>
  );
}

function TrendTable({ rows, caption, chartHeader, seriesName = (name) => name, markers, legendNote, testId, rowTestId }: TrendSectionProps) {
  return (
    <>
      <div>
        <table style={s.table} className="pl-reflow" data-testid={testId}>
          <caption style={s.caption}>{caption}</caption>
          <ColumnHeaders
            columns={[{ label: 'Level' }, { label: chartHeader }, { label: 'Now', numeric: true }, { label: 'Change', numeric: true }, { label: 'Low – high', numeric: true }]}
          />
          <tbody>
            {[...rows]
              .sort((a, b) => a.level - b.level)
              .map((row) => {
                const name = seriesName(LEVEL_INFO[row.level].name);
                const last = row.points[row.points.length - 1];
                return (
                  <tr key={row.level} data-testid={rowTestId(row.level)}>
                    <RowHeader>{LEVEL_INFO[row.level].name}</RowHeader>
                    <Cell label={chartHeader}>
                      <Sparkline name={name} points={row.points} markers={markers} description={describeTrend(name, row)} />
                    </Cell>
                    <Cell label="Now" numeric style={{ fontWeight: token('font.weight.semibold') }}>
                      <span>{last?.score ?? '—'}</span>
                    </Cell>
                    <Cell label="Change" numeric style={{ color: changeColor(row.change) }}>
                      <span>{changeLabel(row.change)}</span>
                    </Cell>
                    <Cell label="Low – high" numeric>
                      <span>{row.min === null ? '—' : `${row.min} – ${row.max ?? row.min}`}</span>
                    </Cell>
                  </tr>
                );
              })}
          </tbody>
        </table>
      </div>
      <p style={{ ...s.subtlest, margin: 0 }} data-testid="trend-legend">
        Each chart runs from 0 (bottom) to 100 (top); the dashed line marks 50, below which a level with findings is at risk. Point at a
        chart, or focus it and use the arrow keys, to read a day’s score.{legendNote ? ` ${legendNote}` : ''}
      </p>
    </>
  );
}
