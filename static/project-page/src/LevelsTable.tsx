/**
 * The five levels as a table, each row with a disclosure button that opens the level's findings.
 */
import { token } from '@atlaskit/tokens';
import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Fragment, useState } from 'react';
import type { BoardCadenceDto, FindingDto, LevelHealthDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO, type Level } from '../../../src/core/levels';
import { HEALTH_LABEL, levelHealth, shownFindingCount, findingsToShow, type HealthBand } from '../../../src/frontend/shared/health';
import { capitalize } from '../../../src/frontend/shared/words';
import { BoardCadences } from './BoardCadences';
import { LevelFindings, type LoadFindings } from './LevelFindings';
import type { JiraLinks } from './next-steps';
import { ScoreBar } from '../../shared/ScoreBar';
import { ITEMS_SHORT } from './ScoringExplained';
import * as s from '../../shared/styles';
import { Cell, ColumnHeaders, RowHeader, type Column } from '../../shared/table';

export interface LevelsTableProps {
  levels: LevelHealthDto[];
  findings: FindingDto[];
  weakestLevel: Level;
  onOpenUrl: (url: string) => void;
  /** Paging of a stored result's findings: where each level's list continues, and how to load it. */
  paging: { nextOffset: Record<Level, number | null>; loadMore: LoadFindings };
  /** Where the findings' next steps are done in Jira. */
  links: JiraLinks;
  /** The result's as-of date: the findings' ages count up to it. */
  asOf: string;
  /** Each board's sprint cadence: the Iteration level shows it when the project has several boards. */
  boards?: readonly BoardCadenceDto[];
}

const BAND_LOZENGE: Record<HealthBand, 'success' | 'inprogress' | 'moved' | 'removed' | 'default'> = {
  healthy: 'success',
  drifting: 'inprogress',
  attention: 'moved',
  'at-risk': 'removed',
  absent: 'default',
};

const COLUMNS: readonly Column[] = [
  { label: 'Level' },
  { label: 'Cadence' },
  { label: 'Score', style: { minWidth: 140 }, title: '100 minus the share of items with a finding, minus 25 per level-wide finding' },
  { label: 'Items', numeric: true, title: 'What the level holds (see How is this scored?)' },
  { label: 'Findings', numeric: true },
  { label: 'Health', title: 'Healthy only without findings; otherwise by score' },
  { key: 'details', label: <span style={s.visuallyHidden}>Details</span> },
];

export function LevelsTable({ levels, findings, weakestLevel, onOpenUrl, paging, links, asOf, boards = [] }: LevelsTableProps) {
  const [open, setOpen] = useState<ReadonlySet<Level>>(new Set());
  const toggle = (level: Level) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(level)) next.delete(level);
      else next.add(level);
      return next;
    });

  return (
    <div>
      <table style={s.table} className="pl-reflow" data-testid="levels-table">
        <caption style={s.caption}>
          Each level from the product vision down to daily work, with its cadence, score out of 100 and findings.
        </caption>
        <ColumnHeaders columns={COLUMNS} />
        <tbody>
          {levels.map((level) => {
            const isOpen = open.has(level.level);
            const mine = findingsToShow(
              level.absent,
              findings.filter((f) => f.level === level.level),
            );
            const band = levelHealth(level);
            const findingCount = shownFindingCount(level);
            const detailId = `level-${level.level}-findings`;
            const weakest = level.level === weakestLevel && level.score < 100;
            return (
              <Fragment key={level.level}>
                <tr style={isOpen ? s.expandedRow : undefined} data-testid={`level-row-${level.level}`}>
                  <RowHeader weight="inherit">
                    <div style={{ ...s.inline('space.150'), flexWrap: 'nowrap' }}>
                      <span style={s.levelBadge(weakest)} aria-hidden="true">
                        {level.level}
                      </span>
                      <div style={s.stack('space.025')}>
                        <span style={{ fontWeight: token('font.weight.bold') }}>
                          <span style={s.visuallyHidden}>Level {level.level}: </span>
                          {level.name}
                          {weakest && (
                            <>
                              {' '}
                              <Lozenge appearance="removed">Weakest</Lozenge>
                            </>
                          )}
                        </span>
                        <span style={s.subtlest}>{capitalize(LEVEL_INFO[level.level].carriedBy)}</span>
                      </div>
                    </div>
                  </RowHeader>
                  <Cell label="Cadence">
                    <span>{level.cadence}</span>
                  </Cell>
                  <Cell label="Score">
                    <ScoreBar score={level.score} band={band} label={`${level.name} score`} />
                  </Cell>
                  <Cell label="Items" numeric>
                    <span style={s.stack('space.0')}>
                      <span data-testid="items">{level.absent ? '—' : level.items}</span>
                      <span style={s.subtlest}>{level.absent ? 'level absent' : ITEMS_SHORT[level.level]}</span>
                    </span>
                  </Cell>
                  <Cell label="Findings" numeric>
                    <span data-testid="findings">
                      <Badge appearance={band === 'at-risk' ? 'important' : 'default'}>{findingCount}</Badge>
                    </span>
                  </Cell>
                  <Cell label="Health">
                    <span data-testid="health">
                      <Lozenge appearance={BAND_LOZENGE[band]}>{HEALTH_LABEL[band]}</Lozenge>
                    </span>
                  </Cell>
                  <Cell style={{ textAlign: 'right' }}>
                    <Button
                      appearance="subtle"
                      aria-expanded={isOpen}
                      aria-controls={detailId}
                      aria-label={`${isOpen ? 'Hide' : 'Show'} findings for ${level.name}`}
                      onClick={() => toggle(level.level)}
                    >
                      {isOpen ? 'Hide findings' : 'Show findings'}
                    </Button>
                  </Cell>
                </tr>
                {isOpen && (
                  <tr>
                    <td colSpan={COLUMNS.length} style={s.detailCell} className="pl-detail">
                      <div id={detailId} role="region" aria-label={`${level.name} findings`} style={s.stack('space.200')}>
                        {level.level === 4 && !level.absent && <BoardCadences boards={boards} cadence={level.cadence} onOpenUrl={onOpenUrl} />}
                        <LevelFindings
                          level={level}
                          initial={mine}
                          nextOffset={level.absent ? null : paging.nextOffset[level.level]}
                          loadMore={paging.loadMore}
                          onOpenUrl={onOpenUrl}
                          links={links}
                          asOf={asOf}
                        />
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
