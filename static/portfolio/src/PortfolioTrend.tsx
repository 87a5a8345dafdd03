/**
 * The trend of each level's median over the last 90 days: a sparkline per level with the median
 * now and its change (the chart has a sentence for assistive technology; its days can be read
 * with the arrow keys).
 */
import { token } from '@atlaskit/tokens';
import type { PortfolioDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO } from '../../../src/core/levels';
import { changeLabel, describeTrend } from '../../project-page/src/chart-math';
import { Sparkline } from '../../project-page/src/Sparkline';
import * as s from '../../project-page/src/styles';

export interface PortfolioTrendProps {
  trend: PortfolioDto['trend'];
}

export function PortfolioTrend({ trend }: PortfolioTrendProps) {
  const levels = [...trend.levels].sort((a, b) => a.level - b.level);
  const recorded = Math.max(0, ...levels.map((l) => l.points.length));
  return (
    <section aria-labelledby="portfolio-trend-heading" style={s.stack('space.150')}>
      <h2 id="portfolio-trend-heading" style={{ margin: 0, font: token('font.heading.medium') }}>
        Median trend
      </h2>
      {recorded === 0 ? (
        <p style={{ ...s.subtle, margin: 0 }}>No daily history yet: the trend starts with the first complete scans and grows by one point a day.</p>
      ) : (
        <table style={s.table} className="pl-reflow" data-testid="portfolio-trend">
          <caption style={s.caption}>Each level’s median score over the analysed projects, per day, over the last {trend.days} days.</caption>
          <thead>
            <tr>
              <th scope="col" style={s.th}>
                Level
              </th>
              <th scope="col" style={s.th}>
                Median, last {trend.days} days
              </th>
              <th scope="col" style={{ ...s.th, ...s.numeric }}>
                Now
              </th>
              <th scope="col" style={{ ...s.th, ...s.numeric }}>
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {levels.map((l) => {
              const name = `${LEVEL_INFO[l.level].name} median`;
              const points = l.points.map((p) => ({ date: p.date, score: p.median }));
              const first = points[0];
              const last = points[points.length - 1];
              const change = first && last && points.length > 1 ? last.score - first.score : null;
              const scores = points.map((p) => p.score);
              const described = { points, change, min: scores.length ? Math.min(...scores) : null, max: scores.length ? Math.max(...scores) : null };
              return (
                <tr key={l.level} data-testid={`portfolio-trend-${l.level}`}>
                  <th scope="row" style={{ ...s.td, textAlign: 'left', fontWeight: token('font.weight.semibold') }}>
                    {LEVEL_INFO[l.level].name}
                  </th>
                  <td style={s.td} data-label={`Median, last ${trend.days} days`}>
                    <Sparkline name={name} points={points} description={describeTrend(name, described)} />
                  </td>
                  <td style={{ ...s.td, ...s.numeric, fontWeight: token('font.weight.semibold') }} data-label="Now">
                    <span>{last?.score ?? '—'}</span>
                  </td>
                  <td style={{ ...s.td, ...s.numeric }} data-label="Change">
                    <span>{changeLabel(change)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
