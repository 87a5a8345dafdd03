import { compareTrainNames, releaseTrains, spreadDaysOf } from '../../src/core/release-trains';
import { version } from '../helpers/builders';

describe('releaseTrains', () => {
  it('joins unarchived versions whose trimmed names are equal in two or more projects', () => {
    const trains = releaseTrains(
      [
        { project: 'ACME', versions: [version('1', { name: '2026.1', releaseDate: '2026-01-10', released: true }), version('2', { name: 'Only ACME' })] },
        { project: 'MOB', versions: [version('3', { name: '  2026.1\t', releaseDate: '2026-01-20' }), version('4', { name: 'Only MOB' })] },
      ],
      14,
    );
    expect(trains).toEqual([
      {
        name: '2026.1',
        versions: [
          { project: 'ACME', versionId: '1', releaseDate: '2026-01-10', released: true },
          { project: 'MOB', versionId: '3', releaseDate: '2026-01-20', released: false },
        ],
        spreadDays: 10,
        misaligned: false,
      },
    ]);
  });

  it('leaves archived versions out (a train of one project is no train)', () => {
    const trains = releaseTrains(
      [
        { project: 'ACME', versions: [version('1', { name: '3.0', releaseDate: '2026-01-10' })] },
        { project: 'MOB', versions: [version('2', { name: '3.0', releaseDate: '2026-06-10', archived: true })] },
      ],
      14,
    );
    expect(trains).toEqual([]);
  });

  it('keeps an archived version out of a train that stands without it', () => {
    const trains = releaseTrains(
      [
        { project: 'A', versions: [version('1', { name: '3.0', releaseDate: '2026-01-10' })] },
        { project: 'B', versions: [version('2', { name: '3.0', releaseDate: '2026-01-12' })] },
        { project: 'C', versions: [version('3', { name: '3.0', releaseDate: '2026-09-01', archived: true })] },
      ],
      14,
    );
    expect(trains.map((t) => [t.versions.map((v) => v.project), t.spreadDays])).toEqual([[['A', 'B'], 2]]);
  });

  it('has a null spread, never misaligned, when fewer than two versions have a release date', () => {
    const trains = releaseTrains(
      [
        { project: 'A', versions: [version('1', { name: 'Beta', releaseDate: '2026-01-10' }), version('2', { name: 'Gamma' })] },
        { project: 'B', versions: [version('3', { name: 'Beta' }), version('4', { name: 'Gamma' })] },
      ],
      0,
    );
    expect(trains.map((t) => [t.name, t.spreadDays, t.misaligned, t.versions.map((v) => v.releaseDate)])).toEqual([
      ['Beta', null, false, ['2026-01-10', null]],
      ['Gamma', null, false, [null, null]],
    ]);
  });

  it('spreads from the earliest to the latest date, ignoring unset dates; misaligned only above the limit', () => {
    const projects = [
      { project: 'A', versions: [version('1', { name: 'R', releaseDate: '2026-03-01' })] },
      { project: 'B', versions: [version('2', { name: 'R' })] },
      { project: 'C', versions: [version('3', { name: 'R', releaseDate: '2026-02-15' })] },
    ];
    expect(releaseTrains(projects, 14)[0]).toMatchObject({ spreadDays: 14, misaligned: false });
    expect(releaseTrains(projects, 13)[0]).toMatchObject({ spreadDays: 14, misaligned: true });
  });

  it('compares names case-sensitively and keeps both versions of a project that has the name twice', () => {
    const trains = releaseTrains(
      [
        { project: 'A', versions: [version('1', { name: 'beta' }), version('2', { name: 'Beta' }), version('5', { name: 'Beta ' })] },
        { project: 'B', versions: [version('3', { name: 'Beta' })] },
      ],
      14,
    );
    expect(trains).toHaveLength(1);
    expect(trains[0]!.versions.map((v) => `${v.project}:${v.versionId}`)).toEqual(['A:2', 'A:5', 'B:3']);
  });

  it('orders trains by name, numbers in natural order', () => {
    const names = ['2.10', '2.9', 'Alpha', '10.0', 'alpha'];
    const projects = ['A', 'B'].map((p, i) => ({ project: p, versions: names.map((name, j) => version(`${i}${j}`, { name })) }));
    expect(releaseTrains(projects, 14).map((t) => t.name)).toEqual(['2.9', '2.10', '10.0', 'alpha', 'Alpha']);
    expect(compareTrainNames('a', 'a')).toBe(0);
  });
});

describe('spreadDaysOf', () => {
  it('counts calendar days from the earliest to the latest date', () => {
    expect(spreadDaysOf(['2026-03-31', null, '2026-02-28', '2026-03-01'])).toBe(31);
    expect(spreadDaysOf(['2026-03-31'])).toBeNull();
    expect(spreadDaysOf([null, null])).toBeNull();
  });
});
