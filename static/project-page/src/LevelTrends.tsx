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
import { changeLabel, describeTrend, sparkline } from './chart-math';
import * as s from './styles';

export interface LevelTrendsProps {
  history: LevelHistoryDto;
}

const WIDTH = 280;
const HEIGHT = 44;
const PAD = 3;

export function LevelTrends({ history }: LevelTrendsProps) {
  const [showTable, setShowTable] = useState(false);
  const trends = [...history.trends].sort((a, b) => a.level - b.level);
  const dayCount = Math.max(0, ...trends.map((t) => t.points.length));
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
                  const line = sparkline(
                    trend.points.map((p) => p.score),
                    WIDTH,
                    HEIGHT,
                    PAD,
                  );
                  const last = trend.points[trend.points.length - 1];
                  return (
                    <tr key={trend.level} data-testid={`trend-row-${trend.level}`}>
                      <th scope="row" style={{ ...s.td, textAlign: 'left', fontWeight: token('font.weight.semibold') }}>
                        {name}
                      </th>
                      <td style={s.td} data-label={`Last ${history.days} days`}>
                        <svg
                          role="img"
                          aria-label={describeTrend(name, trend)}
                          width={WIDTH}
                          height={HEIGHT}
                          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
                          style={{ display: 'block', overflow: 'visible' }}
                        >
                          <rect x={0} y={0} width={WIDTH} height={HEIGHT} rx={3} fill={token('color.background.neutral.subtle')} />
                          <line
                            x1={PAD}
                            x2={WIDTH - PAD}
                            y1={HEIGHT / 2}
                            y2={HEIGHT / 2}
                            stroke={token('color.border')}
                            strokeDasharray="2 3"
                            strokeWidth={1}
                          />
                          {line.path && (
                            <path d={line.path} fill="none" stroke={token('color.chart.brand')} strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" />
                          )}
                          {line.last && <circle cx={line.last.x} cy={line.last.y} r={3} fill={token('color.chart.brand')} stroke={token('elevation.surface')} strokeWidth={1} />}
                        </svg>
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
