/**
 * The heat map: projects × the five levels, as a table (a screen reader reads it as one: a
 * caption, column headers, a row header per project). Above the projects, the portfolio's
 * median row and the number of projects where each level is absent. Each project cell shows its
 * score and health band and opens the project's page. Sorting by name, key or any level;
 * filtering by name or key and by project category.
 */
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useId, useMemo, useState, type CSSProperties } from 'react';
import type { PortfolioDto, PortfolioProjectDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO, LEVELS, type Level } from '../../../src/core/levels';
import { levelHealth, scoreHealth } from '../../../src/frontend/shared/health';
import { plural } from '../../../src/frontend/shared/words';
import * as s from '../../shared/styles';
import { ColumnHeaders, type Column } from '../../shared/table';
import { HealthCell } from './HealthCell';
import { ProjectLink, type ProjectLinks } from './ProjectLink';
import { ALL_CATEGORIES, NO_CATEGORY, categoriesOf, cellOf, filterProjects, nextSort, sortProjects, type SortKey, type SortOrder } from './heat-map';

export interface HeatMapProps {
  portfolio: PortfolioDto;
  links: ProjectLinks;
}

const levelTh: CSSProperties = { whiteSpace: 'normal', minWidth: 0 };
const cell: CSSProperties = { ...s.td, padding: token('space.050'), minWidth: 0 };
const rowHeader: CSSProperties = { ...s.td, textAlign: 'left', fontWeight: token('font.weight.medium'), minWidth: 0 };

export function HeatMap({ portfolio, links }: HeatMapProps) {
  const [sort, setSort] = useState<SortOrder>({ key: 'name', direction: 'ascending' });
  const [text, setText] = useState('');
  const [category, setCategory] = useState(ALL_CATEGORIES);
  const filterId = useId();
  const categoryId = useId();
  const { categories, uncategorised } = useMemo(() => categoriesOf(portfolio.projects), [portfolio.projects]);
  const rows = useMemo(() => sortProjects(filterProjects(portfolio.projects, { text, category }), sort), [portfolio.projects, text, category, sort]);
  const summary = portfolio.summary;
  const total = portfolio.projects.length;

  const sortColumn = (key: SortKey, label: string, extra?: string): Column => ({
    key,
    label: (
      <>
        {label}
        {extra && <span style={{ display: 'block', fontWeight: token('font.weight.regular') }}>{extra}</span>}
      </>
    ),
    style: typeof key === 'number' ? levelTh : undefined,
    sort: { direction: sort.key === key ? sort.direction : null, onSort: () => setSort((current) => nextSort(current, key)) },
  });

  return (
    <section aria-labelledby="heat-map-heading" style={s.stack('space.150')}>
      <Heading size="medium" as="h2" id="heat-map-heading">
        Projects × levels
      </Heading>
      <div style={s.inline('space.200')} role="search" aria-label="Filter the projects">
        <div style={{ ...s.stack('space.050'), flex: '1 1 220px', maxWidth: 360 }}>
          <label htmlFor={filterId} style={s.subtle}>
            Name or key
          </label>
          <Textfield id={filterId} value={text} placeholder="ACME or Mobile" onChange={(e) => setText(e.currentTarget.value)} isCompact />
        </div>
        <div style={{ ...s.stack('space.050'), flex: '0 1 220px' }}>
          <label htmlFor={categoryId} style={s.subtle}>
            Project category
          </label>
          <select id={categoryId} style={s.select} value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value={ALL_CATEGORIES}>All categories</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {uncategorised && <option value={NO_CATEGORY}>No category</option>}
          </select>
        </div>
      </div>
      <table style={{ ...s.table, tableLayout: 'fixed' }} data-testid="heat-map">
        <caption style={s.caption}>
          Each project’s score at each level (0–100) and its health.{' '}
          <span role="status" data-testid="heat-map-count">
            {rows.length === total ? `${plural(total, 'project')}.` : `${rows.length} of ${plural(total, 'project')} match the filter.`}
          </span>{' '}
          Select a column header to sort; select a score to open the project’s page.
        </caption>
        <colgroup>
          <col style={{ width: '22%' }} />
          {LEVELS.map((l) => (
            <col key={l} style={{ width: '15.6%' }} />
          ))}
        </colgroup>
        <ColumnHeaders columns={[sortColumn('name', 'Project'), ...LEVELS.map((l) => sortColumn(l, LEVEL_INFO[l].name, summary?.weakestLevel === l ? 'Weakest level' : undefined))]} />
        {summary && (
          <tbody data-testid="portfolio-summary">
            <tr data-testid="median-row">
              <th scope="row" style={rowHeader}>
                Median
                <span style={{ ...s.subtlest, display: 'block' }}>of {plural(summary.analysedProjects, 'analysed project')}</span>
              </th>
              {LEVELS.map((l) => {
                const median = summary.levels.find((x) => x.level === l)?.median ?? 0;
                return (
                  <td key={l} style={cell}>
                    <HealthCell score={median} band={scoreHealth(median)} />
                  </td>
                );
              })}
            </tr>
            <tr data-testid="absent-row">
              <th scope="row" style={rowHeader}>
                Absent in
              </th>
              {LEVELS.map((l) => {
                const absent = summary.levels.find((x) => x.level === l)?.absent ?? 0;
                return (
                  <td key={l} style={{ ...cell, paddingInline: token('space.100') }} data-testid={`absent-${l}`}>
                    <strong style={absent > 0 ? { color: token('color.text.danger') } : undefined}>{absent}</strong>
                    <span style={s.subtlest}> of {summary.analysedProjects}</span>
                  </td>
                );
              })}
            </tr>
          </tbody>
        )}
        <tbody data-testid="heat-map-projects">
          {rows.map((p) => (
            <ProjectRow key={p.key} project={p} links={links} />
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} style={{ ...s.td, ...s.subtle }}>
                No project matches the filter.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function ProjectName({ project, links }: { project: PortfolioProjectDto; links: ProjectLinks }) {
  return (
    <>
      <ProjectLink project={project} links={links}>
        {project.name}
      </ProjectLink>
      <span style={{ ...s.subtlest, display: 'block' }}>
        {project.key}
        {project.category ? ` · ${project.category.name}` : ''}
      </span>
    </>
  );
}

function ProjectRow({ project, links }: { project: PortfolioProjectDto; links: ProjectLinks }) {
  const { analysis } = project;
  return (
    <tr data-testid={`project-row-${project.key}`}>
      <th scope="row" style={rowHeader}>
        <ProjectName project={project} links={links} />
      </th>
      {analysis.state === 'analysed' ? (
        LEVELS.map((l: Level) => {
          const c = cellOf(project, l);
          return (
            <td key={l} style={cell} data-testid={`cell-${project.key}-${l}`}>
              {c ? (
                <HealthCell score={c.score} band={levelHealth(c)} link={{ project, links, label: `${project.name}, ${LEVEL_INFO[l].name}` }} />
              ) : (
                <span style={s.subtle}>—</span>
              )}
            </td>
          );
        })
      ) : (
        <td colSpan={5} style={{ ...s.td }} data-testid={`not-analysed-${project.key}`}>
          <NotAnalysed scan={analysis.scan} />
        </td>
      )}
    </tr>
  );
}

type NotAnalysedScan = Extract<PortfolioProjectDto['analysis'], { state: 'not-analysed' }>['scan'];

export function notAnalysedWords(scan: NotAnalysedScan): string {
  if (scan.state === 'queued') return 'Not analysed yet: waiting for its first scan.';
  if (scan.state === 'failed') return `Not analysed: the first scan gave up${scan.lastError ? ` (${scan.lastError})` : ''}. It is tried again with the daily refresh.`;
  const { progress } = scan;
  if (progress.phase === 'meta') return 'Not analysed yet: its first scan is reading versions, boards and sprints.';
  if (progress.phase === 'finish') return `Not analysed yet: all ${plural(progress.issuesScanned, 'issue')} read, checking the five levels.`;
  return progress.expectedIssues
    ? `Not analysed yet: ${progress.issuesScanned.toLocaleString('en-US')} of about ${progress.expectedIssues.toLocaleString('en-US')} issues scanned.`
    : `Not analysed yet: ${plural(progress.issuesScanned, 'issue')} scanned so far.`;
}

function NotAnalysed({ scan }: { scan: NotAnalysedScan }) {
  const words = notAnalysedWords(scan);
  return (
    <div style={s.stack('space.050')}>
      <span style={scan.state === 'failed' ? { color: token('color.text.danger') } : s.subtle}>{words}</span>
      {scan.state === 'running' && (
        <div style={{ maxWidth: 320 }}>
          <ProgressBar ariaLabel={`First scan of the project: ${words}`} value={scan.progress.fraction ?? undefined} isIndeterminate={scan.progress.fraction === null} />
        </div>
      )}
    </div>
  );
}
