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
import * as s from './styles';

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
    <span style={s.inline('space.050')}>
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
      <thead>
        <tr>
          <th scope="col" style={s.th}>
            Board
          </th>
          <th scope="col" style={{ ...s.th, ...s.numeric }}>
            Sprints
          </th>
          <th scope="col" style={{ ...s.th, ...s.numeric }}>
            Usual length
          </th>
          <th scope="col" style={{ ...s.th, ...s.numeric }}>
            Off length
          </th>
          <th scope="col" style={{ ...s.th, ...s.numeric }}>
            Overruns
          </th>
          <th scope="col" style={{ ...s.th, ...s.numeric }}>
            Gaps
          </th>
          <th scope="col" style={{ ...s.th, ...s.numeric }}>
            Longest gap
          </th>
          <th scope="col" style={s.th}>
            Running now
          </th>
        </tr>
      </thead>
      <tbody>
        {boards.map((b) => (
          <tr key={b.boardId} data-testid={`board-cadence-${b.boardId}`}>
            <th scope="row" style={{ ...s.td, textAlign: 'left', fontWeight: token('font.weight.semibold') }} data-label="Board">
              <span>{b.url ? <ExternalLink url={b.url} label={b.boardName} onOpenUrl={onOpenUrl} /> : b.boardName}</span>
            </th>
            <td style={{ ...s.td, ...s.numeric }} data-label="Sprints">
              <span>{b.sprints}</span>
            </td>
            <td style={{ ...s.td, ...s.numeric }} data-label="Usual length">
              <span>{days(b.medianLengthDays)}</span>
            </td>
            <td style={{ ...s.td, ...s.numeric }} data-label="Off length">
              <Count n={b.offLength} what={`${b.offLength === 1 ? 'sprint' : 'sprints'} off the cadence's length`} />
            </td>
            <td style={{ ...s.td, ...s.numeric }} data-label="Overruns">
              <Count n={b.overruns} what={b.overruns === 1 ? 'overrun' : 'overruns'} />
            </td>
            <td style={{ ...s.td, ...s.numeric }} data-label="Gaps">
              <Count n={b.gaps} what={`${b.gaps === 1 ? 'gap' : 'gaps'} between sprints`} />
            </td>
            <td style={{ ...s.td, ...s.numeric }} data-label="Longest gap">
              <span>{b.longestGapDays === null ? '—' : days(b.longestGapDays)}</span>
            </td>
            <td style={s.td} data-label="Running now">
              <span>{b.activeSprint ? b.activeSprint.name : <span style={s.subtle}>no active sprint</span>}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
