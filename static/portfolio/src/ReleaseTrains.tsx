/**
 * Release trains: versions of the same name in several projects, with each project's release
 * date. The misaligned ones (released further apart than the settings allow) come first, the
 * widest spread first.
 */
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { PortfolioDto } from '../../../src/contract/resolvers';
import type { ReleaseTrain } from '../../../src/core/release-trains';
import { formatDate, plural } from '../../../src/frontend/shared/words';
import * as s from '../../shared/styles';
import { Cell, ColumnHeaders, RowHeader } from '../../shared/table';

export interface ReleaseTrainsProps {
  trains: readonly ReleaseTrain[];
  projects: PortfolioDto['projects'];
}

/** Misaligned first, then by spread (widest first; no spread last), then as given. */
export function orderTrains(trains: readonly ReleaseTrain[]): ReleaseTrain[] {
  return trains
    .map((train, i) => ({ train, i }))
    .sort((a, b) => Number(b.train.misaligned) - Number(a.train.misaligned) || (b.train.spreadDays ?? -1) - (a.train.spreadDays ?? -1) || a.i - b.i)
    .map((x) => x.train);
}

export function spreadWords(train: ReleaseTrain): string {
  if (train.spreadDays === null) return 'Fewer than two release dates set';
  if (train.spreadDays === 0) return 'Same day in every project';
  return `${plural(train.spreadDays, 'day')} between the first and last release`;
}

export function ReleaseTrains({ trains, projects }: ReleaseTrainsProps) {
  const names = new Map(projects.map((p) => [p.key, p.name]));
  const ordered = orderTrains(trains);
  const misaligned = ordered.filter((t) => t.misaligned).length;
  return (
    <section aria-labelledby="trains-heading" style={s.stack('space.150')}>
      <Heading size="medium" as="h2" id="trains-heading">
        Release trains
      </Heading>
      <p style={{ ...s.subtle, margin: 0 }}>
        {ordered.length === 0
          ? 'No version name is shared by two of these projects, so no release train links them.'
          : `Versions of the same name in several projects ship together. ${plural(ordered.length, 'train')}, ${misaligned} misaligned.`}
      </p>
      <div style={{ ...s.cardRow }} data-testid="release-trains">
        {ordered.map((train) => (
          <div key={train.name} style={{ ...s.card, flex: '1 1 300px' }} data-testid={`train-${train.name}`}>
            <table style={s.table}>
              <caption style={{ ...s.caption, color: token('color.text') }}>
                <span style={{ ...s.inline('space.100'), justifyContent: 'space-between' }}>
                  <strong style={{ font: token('font.heading.small') }}>{train.name}</strong>
                  <Lozenge appearance={train.misaligned ? 'removed' : train.spreadDays === null ? 'default' : 'success'}>
                    {train.misaligned ? 'Misaligned' : train.spreadDays === null ? 'No dates' : 'Aligned'}
                  </Lozenge>
                </span>
                <span style={{ ...s.subtle, display: 'block' }} data-testid="spread">
                  {spreadWords(train)}
                </span>
              </caption>
              <ColumnHeaders columns={[{ label: 'Project' }, { label: 'Release date' }]} />
              <tbody>
                {train.versions.map((v) => (
                  <tr key={`${v.project}-${v.versionId}`}>
                    <RowHeader weight="font.weight.regular">
                      {names.get(v.project) ?? v.project} <span style={s.subtlest}>({v.project})</span>
                    </RowHeader>
                    <Cell>
                      {v.releaseDate ? formatDate(v.releaseDate) : <span style={s.subtle}>No date</span>}
                      {v.released && <span style={s.subtlest}> · released</span>}
                    </Cell>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
    </section>
  );
}
