/**
 * The trend of each level's median over the last 90 days: the shared trend section (a sparkline
 * per level with the median now, its change and range; each chart has a sentence for assistive
 * technology; its days can be read with the arrow keys).
 */
import type { PortfolioDto } from '../../../src/contract/resolvers';
import { summariseTrend } from '../../shared/chart-math';
import { TrendSection } from '../../shared/TrendSection';

export interface PortfolioTrendProps {
  trend: PortfolioDto['trend'];
}

export function PortfolioTrend({ trend }: PortfolioTrendProps) {
  return (
    <TrendSection
      heading="Median trend"
      headingId="portfolio-trend-heading"
      empty="No daily history yet: the trend starts with the first complete scans and grows by one point a day."
      rows={trend.levels.map((l) => ({ level: l.level, ...summariseTrend(l.points.map((p) => ({ date: p.date, score: p.median }))) }))}
      caption={`Each level’s median score over the analysed projects, per day, over the last ${trend.days} days.`}
      chartHeader={`Median, last ${trend.days} days`}
      seriesName={(name) => `${name} median`}
      testId="portfolio-trend"
      rowTestId={(level) => `portfolio-trend-${level}`}
    />
  );
}
