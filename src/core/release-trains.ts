/**
 * Release trains (DESIGN.md, "Several projects — the portfolio"): unarchived versions whose
 * trimmed names are equal in two or more projects ship together, and should ship within
 * `release.maxTrainSpreadDays` of each other.
 */
import { calendarDaysBetween } from './dates';
import type { VersionRecord } from './model';

/** One project's versions, as the project's data lists them. */
export interface ProjectVersions {
  project: string;
  versions: readonly VersionRecord[];
}

interface TrainVersion {
  project: string;
  versionId: string;
  /** YYYY-MM-DD, or null when the version has no release date. */
  releaseDate: string | null;
  released: boolean;
}

export interface ReleaseTrain {
  /** The versions' name, trimmed. */
  name: string;
  /** In project order; a project with two versions of the name has both, in its own order. */
  versions: TrainVersion[];
  /** Days from the earliest to the latest release date; null when fewer than two versions have one. */
  spreadDays: number | null;
  misaligned: boolean;
}

/**
 * Names compare exactly after trimming (case matters: "2026.1" and "2026.1 " are one train,
 * "Beta" and "beta" are two). Trains are ordered by name in the natural order the findings use
 * (2.9 before 2.10), code units breaking ties so the order never depends on the locale data.
 */
const collator = new Intl.Collator('en', { numeric: true });
export function compareTrainNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function spreadDaysOf(releaseDates: readonly (string | null)[]): number | null {
  const dated = releaseDates.filter((d): d is string => d !== null).sort();
  if (dated.length < 2) return null;
  return calendarDaysBetween(dated[0]!, dated[dated.length - 1]!);
}

export function releaseTrains(projects: readonly ProjectVersions[], maxTrainSpreadDays: number): ReleaseTrain[] {
  const byName = new Map<string, TrainVersion[]>();
  for (const { project, versions } of projects) {
    for (const v of versions) {
      if (v.archived) continue;
      const name = v.name.trim();
      if (name === '') continue;
      let list = byName.get(name);
      if (list === undefined) byName.set(name, (list = []));
      list.push({ project, versionId: v.id, releaseDate: v.releaseDate, released: v.released });
    }
  }
  const trains: ReleaseTrain[] = [];
  for (const [name, versions] of byName) {
    if (new Set(versions.map((v) => v.project)).size < 2) continue;
    const spreadDays = spreadDaysOf(versions.map((v) => v.releaseDate));
    trains.push({ name, versions, spreadDays, misaligned: spreadDays !== null && spreadDays > maxTrainSpreadDays });
  }
  return trains.sort((a, b) => compareTrainNames(a.name, b.name));
}
