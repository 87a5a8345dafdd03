/**
 * The 90-day trend of each level's score: the shared trend chart (a sparkline per level with a
 * sentence for its description, the score now, the change and the range) with the days the
 * settings changed marked; the daily scores as a table on demand.
 */
import { token } from '@atlaskit/tokens';
import Button from '@atlaskit/button/new';
import { useState } from 'react';
import type { LevelHistoryDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO, LEVELS } from '../../../src/core/levels';
import { formatDate } from '../../../src/frontend/shared/words';
import { settingsChangeLabel } from './SettingsNote';
import * as s from '../../shared/styles';
import { Cell, ColumnHeaders, RowHeader } from '../../shared/table';
import { TrendSection } from '../../shared/TrendSection';

export interface LevelTrendsProps {
  history: LevelHistoryDto;
}

export function LevelTrends({ history }: LevelTrendsProps) {
  const [showTable, setShowTable] = useState(false);
  const trends = history.trends;
  const dayCount = Math.max(0, ...trends.map((t) => t.points.length));
  const markers = (history.settingsChanges ?? []).map((c) => ({ date: c.date, label: settingsChangeLabel(c) }));
  const markedDays = new Set(trends.flatMap((t) => t.points.map((p) => p.date)));
  const shownChanges = (history.settingsChanges ?? []).filter((c) => markedDays.has(c.date));
  return (
    <TrendSection
      heading="Score trend"
      headingId="trend-heading"
      empty="No daily scores yet: the trend starts with the first complete scan and grows by one point a day."
      rows={trends}
      caption={
        <>
          Each level’s score per day over the last {history.days} days ({dayCount === 1 ? '1 day' : `${dayCount} days`} recorded
          {history.asOf ? `, up to ${formatDate(history.asOf)}` : ''}).
        </>
      }
      chartHeader={`Last ${history.days} days`}
      markers={markers}
      legendNote={
        shownChanges.length > 0
          ? `A purple tick marks a day the settings changed (${shownChanges.map((c) => `${settingsChangeLabel(c)} on ${formatDate(c.date)}`).join('; ')}): a change of rules, not of health.`
          : 'A purple tick would mark a day the settings changed: a change of rules, not of health. They did not change in this period.'
      }
      testId="level-trends"
      rowTestId={(level) => `trend-row-${level}`}
    >
      <div>
        <Button appearance="subtle" aria-expanded={showTable} aria-controls="daily-scores" onClick={() => setShowTable((v) => !v)}>
          {showTable ? 'Hide the daily scores' : 'Show the daily scores as a table'}
        </Button>
      </div>
      {showTable && <DailyScores history={history} />}
    </TrendSection>
  );
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
        <ColumnHeaders columns={[{ label: 'Date' }, ...LEVELS.map((l) => ({ key: l, label: LEVEL_INFO[l].name, numeric: true }))]} />
        <tbody>
          {dates.map((date) => (
            <tr key={date}>
              <RowHeader weight="inherit" style={{ paddingBlock: token('space.050') }}>
                {formatDate(date)}
              </RowHeader>
              {LEVELS.map((l) => (
                <Cell key={l} numeric style={{ paddingBlock: token('space.050') }}>
                  {byDate.get(date)?.get(l) ?? '—'}
                </Cell>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
