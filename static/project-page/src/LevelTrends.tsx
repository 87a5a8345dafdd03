/**
 * The 90-day trend of each level's score: a sparkline per level (an image with a sentence for
 * its accessible name), the score now, the change and the range; the daily scores as a table on
 * demand. Every colour is a design token, so both themes work.
 */
import { token } from '@atlaskit/tokens';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { useState } from 'react';
import type { LevelHistoryDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO, LEVELS } from '../../../src/core/levels';
import { formatDate } from '../../../src/frontend/shared/words';
import { changeLabel, describeTrend } from './chart-math';
import { Sparkline } from './Sparkline';
import { settingsChangeLabel } from './SettingsNote';
import * as s from './styles';

export interface LevelTrendsProps {
  history: LevelHistoryDto;
}


export function LevelTrends({ history }: LevelTrendsProps) {
  const [showTable, setShowTable] = useState(false);
  const trends = [...history.trends].sort((a, b) => a.level - b.level);
  const dayCount = Math.max(0, ...trends.map((t) => t.points.length));
  const markers = (history.settingsChanges ?? []).map((c) => ({ date: c.date, label: settingsChangeLabel(c) }));
  const markedDays = new Set(trends.flatMap((t) => t.points.map((p) => p.date)));
  const shownChanges = (history.settingsChanges ?? []).filter((c) => markedDays.has(c.date));
  return (
    <section aria-labelledby="trend-heading" style={s.stack('space.150')}>
      <Heading size="medium" as="h2" id="trend-heading">
        Score trend
      </Heading>
      {dayCount === 0 ? (
        <p style={{ ...s.subtle, margin: 0 }}>No daily scores yet: the trend starts with the first complete scan and grows by one point a day.</p>
      ) : (
        <>
          <div>
            <table style={s.table} className="pl-reflow" data-testid="level-trends">
              <caption style={s.caption}>
                Each level’s score per day over the last {history.days} days ({dayCount === 1 ? '1 day' : `${dayCount} days`} recorded
                {history.asOf ? `, up to ${formatDate(history.asOf)}` : ''}).
              </caption>
              <thead>
                <tr>
                  <th scope="col" style={s.th}>
                    Level
                  </th>
                  <th scope="col" style={s.th}>
                    Last {history.days} days
                  </th>
                  <th scope="col" style={{ ...s.th, ...s.numeric }}>
                    Now
                  </th>
                  <th scope="col" style={{ ...s.th, ...s.numeric }}>
                    Change
                  </th>
                  <th scope="col" style={{ ...s.th, ...s.numeric }}>
                    Low – high
                  </th>
                </tr>
              </thead>
              <tbody>
                {trends.map((trend) => {
                  const name = LEVEL_INFO[trend.level].name;
                  const last = trend.points[trend.points.length - 1];
                  return (
                    <tr key={trend.level} data-testid={`trend-row-${trend.level}`}>
                      <th scope="row" style={{ ...s.td, textAlign: 'left', fontWeight: token('font.weight.semibold') }}>
                        {name}
                      </th>
                      <td style={s.td} data-label={`Last ${history.days} days`}>
                        <Sparkline name={name} points={trend.points} markers={markers} description={describeTrend(name, trend)} />
                      </td>
                      <td style={{ ...s.td, ...s.numeric, fontWeight: token('font.weight.semibold') }} data-label="Now">
                        <span>{last?.score ?? '—'}</span>
                      </td>
                      <td style={{ ...s.td, ...s.numeric, color: changeColor(trend.change) }} data-label="Change">
                        <span>{changeLabel(trend.change)}</span>
                      </td>
                      <td style={{ ...s.td, ...s.numeric }} data-label="Low – high">
                        <span>{trend.min === null ? '—' : `${trend.min} – ${trend.max ?? trend.min}`}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p style={{ ...s.subtlest, margin: 0 }} data-testid="trend-legend">
            Each chart runs from 0 (bottom) to 100 (top); the dashed line marks 50, below which a level with findings is at risk. Point
            at a chart, or focus it and use the arrow keys, to read a day’s score.{' '}
            {shownChanges.length > 0
              ? `A purple tick marks a day the settings changed (${shownChanges.map((c) => `${settingsChangeLabel(c)} on ${formatDate(c.date)}`).join('; ')}): a change of rules, not of health.`
              : 'A purple tick would mark a day the settings changed: a change of rules, not of health. They did not change in this period.'}
          </p>
          <div>
            <Button appearance="subtle" aria-expanded={showTable} aria-controls="daily-scores" onClick={() => setShowTable((v) => !v)}>
              {showTable ? 'Hide the daily scores' : 'Show the daily scores as a table'}
            </Button>
          </div>
          {showTable && <DailyScores history={history} />}
        </>
      )}
    </section>
  );
}

function changeColor(change: number | null): string {
  if (change === null || change === 0) return token('color.text.subtle');
  return change > 0 ? token('color.text.success') : token('color.text.danger');
}

function DailyScores({ history }: LevelTrendsProps) {
  const byDate = new Map<string, Map<number, number>>();
  for (const t of history.trends) {
    for (const p of t.points) {
      const row = byDate.get(p.date) ?? new Map<number, number>();
      row.set(t.level, p.score);
      byDate.set(p.date, row);
    }
  }
  const dates = [...byDate.keys()].sort().reverse();
  return (
    <div id="daily-scores" style={{ overflowX: 'auto', maxWidth: '100%' }} tabIndex={0} role="region" aria-label="Daily scores">
      <table style={s.table}>
        <caption style={s.caption}>Daily scores of each level, newest first.</caption>
        <thead>
          <tr>
            <th scope="col" style={s.th}>
              Date
            </th>
            {LEVELS.map((l) => (
              <th key={l} scope="col" style={{ ...s.th, ...s.numeric }}>
                {LEVEL_INFO[l].name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dates.map((date) => (
            <tr key={date}>
              <th scope="row" style={{ ...s.td, textAlign: 'left', fontWeight: 'inherit', paddingBlock: token('space.050') }}>
                {formatDate(date)}
              </th>
              {LEVELS.map((l) => (
                <td key={l} style={{ ...s.td, ...s.numeric, paddingBlock: token('space.050') }}>
                  {byDate.get(date)?.get(l) ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
