/**
 * Release-date slips of the project's open versions, as the app's daily scans saw them (Jira
 * keeps only the current date): the first date seen, the current date, the total slip, how many
 * times it moved, and a small timeline with the moves in words beside it.
 */
import { token } from '@atlaskit/tokens';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import type { LevelHistoryDto } from '../../../src/contract/resolvers';
import { formatDate, plural } from '../../../src/frontend/shared/words';
import { describeSlips, releaseDates, slipDaysLabel, timelineDomain, timelineMarks } from '../../shared/chart-math';
import * as s from '../../shared/styles';
import { Cell, ColumnHeaders, RowHeader } from '../../shared/table';

export interface VersionSlipsProps {
  history: LevelHistoryDto;
}

const WIDTH = 240;
const HEIGHT = 36;
const LINE_Y = 12;
const PAD = 6;

export function VersionSlips({ history }: VersionSlipsProps) {
  const open = history.slips.filter((v) => v.open);
  const dateLists = open.map((v) => releaseDates(v.firstDate, v.slips));
  const asOf = history.asOf;
  // The shared timeline spans every release date and today, so an overdue date sits left of today.
  const domain = timelineDomain(asOf ? [...dateLists, [asOf]] : dateLists);
  const overdue = (v: (typeof open)[number]) => asOf !== null && v.currentDate !== null && v.currentDate < asOf;
  return (
    <section aria-labelledby="slips-heading" style={s.stack('space.150')}>
      <Heading size="medium" as="h2" id="slips-heading">
        Release-date slips
      </Heading>
      {open.length === 0 ? (
        <p style={{ ...s.subtle, margin: 0 }}>No open versions with a recorded release date yet.</p>
      ) : (
        <div>
          <table style={s.table} className="pl-reflow" data-testid="version-slips">
            <caption style={s.caption}>
              Each open version’s release date as the app’s daily scans saw it: Jira itself keeps only the current date.
            </caption>
            <ColumnHeaders
              columns={[
                { label: 'Version' },
                { label: 'Original date' },
                { label: 'Current date' },
                { label: 'Total slip', numeric: true },
                { label: 'Changes', numeric: true },
                { label: 'Timeline' },
              ]}
            />
            <tbody>
              {open.map((v, i) => {
                const marks = timelineMarks(dateLists[i]!, WIDTH, LINE_Y, PAD, domain);
                const today = asOf ? timelineMarks([asOf], WIDTH, LINE_Y, PAD, domain)[0] : undefined;
                const late = overdue(v);
                const first = marks[0];
                const last = marks[marks.length - 1];
                return (
                  <tr key={v.versionId} data-testid={`slip-row-${v.versionId}`}>
                    <RowHeader>
                      {v.name}
                      {late && (
                        <>
                          {' '}
                          <Lozenge appearance="removed">Overdue</Lozenge>
                        </>
                      )}
                    </RowHeader>
                    <Cell label="Original date" style={{ whiteSpace: 'nowrap' }}>
                      <span>{v.firstDate ? formatDate(v.firstDate) : 'none'}</span>
                    </Cell>
                    <Cell label="Current date" style={{ whiteSpace: 'nowrap' }}>
                      <span>{v.currentDate ? formatDate(v.currentDate) : 'none'}</span>
                    </Cell>
                    <Cell label="Total slip" numeric>
                      <span>
                      {v.totalSlipDays === null ? (
                        '—'
                      ) : v.totalSlipDays > 0 ? (
                        <Lozenge appearance="moved">{slipDaysLabel(v.totalSlipDays)}</Lozenge>
                      ) : (
                        slipDaysLabel(v.totalSlipDays)
                      )}
                      </span>
                    </Cell>
                    <Cell label="Changes" numeric>
                      <span>{v.moves}</span>
                    </Cell>
                    <Cell label="Timeline">
                      <div style={s.stack('space.050')}>
                        <svg
                          aria-hidden="true"
                          className="pl-fluid"
                          width={WIDTH}
                          height={HEIGHT}
                          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
                          style={{ display: 'block', maxWidth: '100%', overflow: 'visible' }}
                        >
                          <line x1={PAD} x2={WIDTH - PAD} y1={LINE_Y} y2={LINE_Y} stroke={token('color.border')} strokeWidth={1} />
                          {today && (
                            <g>
                              <line x1={today.x} x2={today.x} y1={0} y2={LINE_Y + 6} stroke={late ? token('color.border.danger') : token('color.border.bold')} strokeDasharray="2 2" strokeWidth={1} />
                            </g>
                          )}
                          {first && last && last.x - first.x > 60 && (
                            <text x={Math.max(0, first.x - 4)} y={HEIGHT - 2} fontSize={9} fill={token('color.text.subtlest')}>
                              {shortDate(first.date)}
                            </text>
                          )}
                          {last && (
                            <text
                              x={Math.min(WIDTH - 24, Math.max(24, last.x))}
                              y={HEIGHT - 2}
                              fontSize={9}
                              textAnchor="middle"
                              fill={late ? token('color.text.danger') : token('color.text.subtle')}
                            >
                              {shortDate(last.date)}
                            </text>
                          )}
                          {first && last && last.x !== first.x && (
                            <line x1={first.x} x2={last.x} y1={first.y} y2={last.y} stroke={token('color.chart.warning.bold')} strokeWidth={3} strokeLinecap="round" />
                          )}
                          {marks.map((m, j) => (
                            <circle
                              key={m.date}
                              cx={m.x}
                              cy={m.y}
                              r={j === marks.length - 1 ? 5 : 4}
                              fill={j === marks.length - 1 ? token('color.chart.warning.bold') : token('elevation.surface')}
                              stroke={j === 0 ? token('color.chart.neutral') : token('color.chart.warning.bold')}
                              strokeWidth={2}
                            />
                          ))}
                        </svg>
                        <span style={s.subtlest}>{describeSlips(v.name, v.firstDate, v.slips)}</span>
                      </div>
                    </Cell>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p style={{ ...s.subtlest, margin: 0, paddingBlockStart: token('space.100') }}>
            {plural(open.length, 'open version')}, {open.filter((v) => v.moves > 0).length} of them moved at least once
            {asOf ? `, ${open.filter(overdue).length} overdue (release date before ${formatDate(asOf)}, not released)` : ''}. On each timeline the
            hollow dot is the first date seen, the filled dot the current one, and the dashed line today.
          </p>
        </div>
      )}
    </section>
  );
}

/** "22 Oct 26": a date on a small timeline. */
function shortDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: '2-digit', timeZone: 'UTC' });
}
