/**
 * The global page "Planning levels": the portfolio of projects the viewer may browse, from the
 * stored summaries (props in, page out). The weakest level and the analysed count first, then
 * the heat map with its median and absent rows, the diagnoses, the release trains and the
 * median trend.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { PortfolioDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO } from '../../../src/core/levels';
import type { Loadable } from '../../../src/frontend/shared/use-resolver';
import { formatDate, plural } from '../../../src/frontend/shared/words';
import { ErrorMessage, LoadingCard } from '../../shared/PageStates';
import * as s from '../../shared/styles';
import { Diagnoses } from './Diagnoses';
import { HeatMap } from './HeatMap';
import { PortfolioTrend } from './PortfolioTrend';
import type { ProjectLinks } from './ProjectLink';
import { ReleaseTrains } from './ReleaseTrains';

export interface PortfolioPageProps {
  state: Loadable<PortfolioDto>;
  onRetry: () => void;
  links: ProjectLinks;
}

export function PortfolioPage({ state, onRetry, links }: PortfolioPageProps) {
  return (
    <main className="pl-page" style={s.page} aria-busy={state.status === 'loading'}>
      <div style={s.stack('space.300')}>
        <Heading size="xlarge" as="h1">
          Planning levels across projects
        </Heading>
        {state.status === 'loading' && <LoadingCard title="Reading the stored results of every project…" />}
        {state.status === 'error' && <ErrorMessage error={state.error} onRetry={onRetry} />}
        {state.status === 'ready' && <Portfolio portfolio={state.data} refreshing={state.refreshing} onRetry={onRetry} links={links} />}
      </div>
    </main>
  );
}

function Portfolio({ portfolio, refreshing, onRetry, links }: { portfolio: PortfolioDto; refreshing: boolean; onRetry: () => void; links: ProjectLinks }) {
  const { summary, projects } = portfolio;
  const pending = projects.length - (summary?.analysedProjects ?? 0);
  if (projects.length === 0) {
    return (
      <SectionMessage appearance="information" title="No projects to show yet">
        <p>
          {portfolio.asOf === null
            ? 'The app is listing the site’s projects to analyse; this page updates by itself. '
            : 'The app analyses no project you may browse. '}
          A Jira admin chooses which projects the app analyses on its settings page.
        </p>
      </SectionMessage>
    );
  }
  const weakest = summary ? summary.levels.find((l) => l.level === summary.weakestLevel) : undefined;
  return (
    <>
      <div style={{ ...s.inline('space.150'), justifyContent: 'space-between' }}>
        <p style={{ ...s.subtle, margin: 0 }} data-testid="portfolio-status">
          {summary ? `${summary.analysedProjects} of ${plural(projects.length, 'project')} analysed` : `None of ${plural(projects.length, 'project')} analysed yet`}
          {portfolio.asOf ? `, as of ${formatDate(portfolio.asOf)}` : ''}
          {pending > 0 ? `; ${pending} waiting for ${pending === 1 ? 'its' : 'their'} first scan.` : '.'} Only the projects you may browse are listed.
        </p>
        <Button appearance="subtle" onClick={onRetry} isDisabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      {summary && weakest && (
        <div style={s.cardRow}>
          <div style={{ ...s.card, ...s.stack('space.050') }} data-testid="portfolio-weakest">
            <p style={s.eyebrow}>Weakest level of the portfolio</p>
            <span style={s.inline('space.100')}>
              <span style={s.levelBadge(true)} aria-hidden="true">
                {weakest.level}
              </span>
              <strong style={{ font: token('font.heading.medium') }}>
                Level {weakest.level} · {LEVEL_INFO[weakest.level].name}
              </strong>
            </span>
            <span style={s.subtle}>
              Median {weakest.median}; absent in {weakest.absent} of {plural(summary.analysedProjects, 'project')}; the weakest level of{' '}
              {plural(weakest.weakest, 'project')}. Start there.
            </span>
          </div>
        </div>
      )}
      <HeatMap portfolio={portfolio} links={links} />
      {summary && <Diagnoses summary={summary} projects={projects} links={links} />}
      <ReleaseTrains trains={portfolio.releaseTrains} projects={projects} />
      <PortfolioTrend trend={portfolio.trend} />
    </>
  );
}
