/**
 * The dashboard gadget: the portfolio's median row and weakest level, or one project's five
 * levels, as its edit mode chose. Fits a gadget's width: one line per level with the score, a
 * bar in the health band's colour and the band in words.
 */
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { PortfolioDto, PortfolioProjectDto, ResolverError } from '../../../src/contract/resolvers';
import { LEVEL_INFO, LEVELS, type Level } from '../../../src/core/levels';
import { HEALTH_LABEL, levelHealth, scoreHealth, type HealthBand } from '../../../src/frontend/shared/health';
import type { Loadable } from '../../../src/frontend/shared/use-resolver';
import { ERROR_TITLE, formatDate, plural } from '../../../src/frontend/shared/words';
import { ScoreBar } from '../../shared/ScoreBar';
import * as s from '../../shared/styles';
import { Cell, ColumnHeaders, RowHeader } from '../../shared/table';
import type { GadgetConfig } from './gadget-config';
import { notAnalysedWords } from './HeatMap';
import { ProjectLink, type ProjectLinks } from './ProjectLink';

export type GadgetData = { show: 'portfolio'; state: Loadable<PortfolioDto> } | { show: 'project'; projectKey: string; state: Loadable<PortfolioProjectDto> };

export interface GadgetProps {
  /** null: not configured yet. */
  config: GadgetConfig | null;
  data: GadgetData | null;
  links: ProjectLinks;
}

const gadgetStyle = { boxSizing: 'border-box' as const, padding: token('space.150'), color: token('color.text'), font: token('font.body'), minWidth: 0 };

export function Gadget({ config, data, links }: GadgetProps) {
  return (
    <main style={gadgetStyle} aria-busy={data?.state.status === 'loading'} data-testid="gadget">
      <h1 style={s.visuallyHidden}>{data?.show === 'project' ? `Planning levels of ${data.projectKey}` : 'Planning levels of the portfolio'}</h1>
      {config === null || data === null ? (
        <SectionMessage appearance="information" title="Choose what this gadget shows">
          <p>Edit the gadget to show the portfolio’s median levels or one project’s five levels.</p>
        </SectionMessage>
      ) : data.state.status === 'loading' ? (
        <div role="status" style={s.inline('space.100')}>
          <Spinner size="small" label="Loading" />
          <span>Reading the planning levels…</span>
        </div>
      ) : data.state.status === 'error' ? (
        <GadgetError error={data.state.error} />
      ) : data.show === 'portfolio' ? (
        <PortfolioLevels portfolio={data.state.data as PortfolioDto} />
      ) : (
        <ProjectLevels project={data.state.data as PortfolioProjectDto} links={links} />
      )}
    </main>
  );
}

function GadgetError({ error }: { error: ResolverError }) {
  return (
    <SectionMessage appearance="error" title={ERROR_TITLE[error.code]}>
      <p>{error.message}</p>
    </SectionMessage>
  );
}

interface Row {
  level: Level;
  score: number;
  band: HealthBand;
  note?: string;
}

function LevelRows({ caption, rows, weakest }: { caption: string; rows: Row[]; weakest: Level }) {
  return (
    <table style={s.table} data-testid="gadget-levels">
      <caption style={{ ...s.caption, ...s.visuallyHidden }}>{caption}</caption>
      <ColumnHeaders hidden columns={[{ label: 'Level' }, { label: 'Score' }, { label: 'Health' }]} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.level} data-testid={`gadget-level-${r.level}`}>
            <RowHeader weight="font.weight.medium" style={{ paddingInlineStart: 0, width: '38%' }}>
              <span style={s.inline('space.075')}>
                <span style={{ ...s.levelBadge(r.level === weakest), width: token('space.300'), height: token('space.300'), font: token('font.body.small') }} aria-hidden="true">
                  {r.level}
                </span>
                <span>
                  {LEVEL_INFO[r.level].name}
                  {r.level === weakest && <span style={{ ...s.subtlest, display: 'block' }}>Weakest level</span>}
                </span>
              </span>
            </RowHeader>
            <Cell style={{ minWidth: 0 }}>
              <ScoreBar score={r.score} band={r.band} label={`${LEVEL_INFO[r.level].name} score`} />
            </Cell>
            <Cell style={{ paddingInlineEnd: 0, color: token('color.text.subtle') }} data-testid="band">
              {HEALTH_LABEL[r.band]}
              {r.note && <span style={{ ...s.subtlest, display: 'block' }}>{r.note}</span>}
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PortfolioLevels({ portfolio }: { portfolio: PortfolioDto }) {
  const { summary } = portfolio;
  if (summary === null) {
    return <p style={{ ...s.subtle, margin: 0 }}>No project is analysed yet ({plural(portfolio.projects.length, 'project')} waiting for a first scan).</p>;
  }
  const rows: Row[] = LEVELS.map((level) => {
    const l = summary.levels.find((x) => x.level === level);
    const median = l?.median ?? 0;
    return { level, score: median, band: scoreHealth(median), note: l && l.absent > 0 ? `absent in ${l.absent}` : undefined };
  });
  return (
    <div style={s.stack('space.100')}>
      <p style={{ margin: 0 }} data-testid="gadget-heading">
        <strong>Portfolio median</strong>
        <span style={s.subtle}>
          {' '}
          · {summary.analysedProjects} of {plural(portfolio.projects.length, 'project')}
          {portfolio.asOf ? ` · as of ${formatDate(portfolio.asOf)}` : ''}
        </span>
      </p>
      <LevelRows caption={`The portfolio’s median score of each level over ${plural(summary.analysedProjects, 'analysed project')}.`} rows={rows} weakest={summary.weakestLevel} />
    </div>
  );
}

function ProjectLevels({ project, links }: { project: PortfolioProjectDto; links: ProjectLinks }) {
  const title = (
    <ProjectLink project={project} links={links}>
      {project.name}
    </ProjectLink>
  );
  const { analysis } = project;
  return (
    <div style={s.stack('space.100')}>
      <p style={{ margin: 0 }} data-testid="gadget-heading">
        <strong>{title}</strong>
        <span style={s.subtle}>
          {' '}
          · {project.key}
          {analysis.state === 'analysed' ? ` · scanned ${formatDate(analysis.computedAt)}` : ''}
        </span>
      </p>
      {analysis.state === 'analysed' ? (
        <LevelRows
          caption={`${project.name}: the score and health of each level.`}
          rows={LEVELS.map((level) => {
            const cell = analysis.levels.find((c) => c.level === level) ?? { level, score: 0, absent: true, findings: 0 };
            return { level, score: cell.score, band: levelHealth(cell) };
          })}
          weakest={analysis.weakestLevel}
        />
      ) : (
        <p style={{ ...s.subtle, margin: 0 }}>{notAnalysedWords(analysis.scan)}</p>
      )}
    </div>
  );
}
