/**
 * The Iteration level per board: when a project has several boards, each team's sprint cadence
 * (how many sprints, their usual length against the configured one, off-length sprints, overruns,
 * gaps and the longest gap, the sprint running now), so each team sees its own. From the stored
 * result (`health.boards`); a project with one board needs no split.
 */
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { BoardCadenceDto } from '../../../src/contract/resolvers';
import { plural } from '../../../src/frontend/shared/words';
import { ExternalLink } from './FindingsTable';
import * as s from '../../shared/styles';
import { Cell, ColumnHeaders, RowHeader } from '../../shared/table';

export interface BoardCadencesProps {
  boards: readonly BoardCadenceDto[];
  /** The level's cadence in words ("14-day sprints (± 1)"). */
  cadence: string;
  onOpenUrl: (url: string) => void;
}

const days = (n: number) => plural(n, 'day');

function Count({ n, what }: { n: number; what: string }) {
  if (n === 0) return <span style={s.subtle}>none</span>;
  return (
    // Inline, so the number sits where the column's other numbers do (right-aligned).
    <span style={{ ...s.inline('space.050'), display: 'inline-flex' }}>
      <Lozenge appearance="moved">{String(n)}</Lozenge>
      <span style={s.visuallyHidden}>{what}</span>
    </span>
  );
}

export function BoardCadences({ boards, cadence, onOpenUrl }: BoardCadencesProps) {
  if (boards.length < 2) return null;
  return (
    <table style={s.table} className="pl-reflow" data-testid="board-cadences">
      <caption style={{ ...s.caption, font: token('font.heading.xsmall'), color: token('color.text') }}>
        Sprint cadence per board ({plural(boards.length, 'board')}; the cadence is {cadence})
      </caption>
      <ColumnHeaders
        columns={[
          { label: 'Board' },
          ...['Sprints', 'Usual length', 'Off length', 'Overruns', 'Gaps', 'Longest gap'].map((label) => ({ label, numeric: true })),
          { label: 'Running now' },
        ]}
      />
      <tbody>
        {boards.map((b) => (
          <tr key={b.boardId} data-testid={`board-cadence-${b.boardId}`}>
            <RowHeader data-label="Board">
              <span>{b.url ? <ExternalLink url={b.url} label={b.boardName} onOpenUrl={onOpenUrl} /> : b.boardName}</span>
            </RowHeader>
            <Cell label="Sprints" numeric>
              <span>{b.sprints}</span>
            </Cell>
            <Cell label="Usual length" numeric>
              <span>{days(b.medianLengthDays)}</span>
            </Cell>
            <Cell label="Off length" numeric>
              <Count n={b.offLength} what={`${b.offLength === 1 ? 'sprint' : 'sprints'} off the cadence's length`} />
            </Cell>
            <Cell label="Overruns" numeric>
              <Count n={b.overruns} what={b.overruns === 1 ? 'overrun' : 'overruns'} />
            </Cell>
            <Cell label="Gaps" numeric>
              <Count n={b.gaps} what={`${b.gaps === 1 ? 'gap' : 'gaps'} between sprints`} />
            </Cell>
            <Cell label="Longest gap" numeric>
              <span>{b.longestGapDays === null ? '—' : days(b.longestGapDays)}</span>
            </Cell>
            <Cell label="Running now">
              <span>{b.activeSprint ? b.activeSprint.name : <span style={s.subtle}>no active sprint</span>}</span>
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
