/**
 * Score and release-date history of a project, kept from daily scans. Pure.
 *
 * Jira keeps only a version's current release date; the app remembers each date it saw, so the
 * project page can show how often and how far each open version slipped, and a 90-day trend of
 * each level's score. The document stays small and bounded: one row of five scores per day, and
 * per version only the changes of its release date; anything older than `keepDays` (400) goes,
 * except a version's last date before the window (the baseline its later slips are measured from).
 */
import { addCalendarDays, calendarDaysBetween } from './dates';
import type { Level } from './levels';
import { LEVELS } from './levels';

export const HISTORY_SCHEMA = 1;
const KEEP_DAYS = 400;
export const TREND_DAYS = 90;

/** [date, score of level 1, …, score of level 5] */
export type DayRow = [date: string, l1: number, l2: number, l3: number, l4: number, l5: number];
/** [the date the app first saw this release date, the release date (null: none set)] */
type DateChange = [seenOn: string, releaseDate: string | null];

export interface VersionHistory {
  name: string;
  changes: DateChange[];
  /** The last scan date the version was open (unreleased and unarchived). */
  lastSeenOpen: string;
}

export interface HistoryDoc {
  schema: typeof HISTORY_SCHEMA;
  days: DayRow[];
  versions: Record<string, VersionHistory>;
}

export const EMPTY_HISTORY: HistoryDoc = { schema: HISTORY_SCHEMA, days: [], versions: {} };

export interface ScanSnapshot {
  /** The scan's as-of date (YYYY-MM-DD). */
  date: string;
  scores: Record<Level, number>;
  /** The project's open versions (unreleased, unarchived) with their current release dates. */
  openVersions: { id: string; name: string; releaseDate: string | null }[];
}

/** Calendar days from one date to another (date-fns, via the core's calendar math). */
const daysBetween = calendarDaysBetween;

/** Adds one scan (a later scan on the same day replaces that day's row) and prunes to `keepDays`. */
export function recordScan(doc: HistoryDoc, scan: ScanSnapshot, keepDays: number = KEEP_DAYS): HistoryDoc {
  const row: DayRow = [scan.date, scan.scores[1], scan.scores[2], scan.scores[3], scan.scores[4], scan.scores[5]];
  const cutoff = addCalendarDays(scan.date, 1 - keepDays);
  const days = doc.days.filter((d) => d[0] !== scan.date && d[0] >= cutoff);
  days.push(row);
  days.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  const versions: Record<string, VersionHistory> = {};
  for (const [id, v] of Object.entries(doc.versions)) {
    if (v.lastSeenOpen < cutoff) continue; // closed (or gone) long ago
    versions[id] = { ...v, changes: pruneChanges(v.changes, cutoff) };
  }
  for (const open of scan.openVersions) {
    const known = versions[open.id];
    if (known === undefined) {
      versions[open.id] = { name: open.name, changes: [[scan.date, open.releaseDate]], lastSeenOpen: scan.date };
      continue;
    }
    const last = known.changes[known.changes.length - 1];
    const changes = last === undefined || last[1] !== open.releaseDate ? [...known.changes, [scan.date, open.releaseDate] as DateChange] : known.changes;
    versions[open.id] = { name: open.name, changes, lastSeenOpen: scan.date > known.lastSeenOpen ? scan.date : known.lastSeenOpen };
  }
  return { schema: HISTORY_SCHEMA, days, versions };
}

/** Drops changes before the cutoff but keeps the last of them (the baseline). */
function pruneChanges(changes: DateChange[], cutoff: string): DateChange[] {
  let firstKept = changes.findIndex((c) => c[0] >= cutoff);
  if (firstKept === -1) firstKept = changes.length;
  return changes.slice(Math.max(0, firstKept - 1));
}

interface TrendPoint {
  date: string;
  score: number;
}

export interface LevelTrend {
  level: Level;
  points: TrendPoint[];
  /** Last score minus first score in the window; null with fewer than two points. */
  change: number | null;
  min: number | null;
  max: number | null;
}

/** Each level's scores over the `days` days ending at `asOf` (inclusive). */
export function levelTrends(doc: HistoryDoc, asOf: string, days: number = TREND_DAYS): LevelTrend[] {
  const from = addCalendarDays(asOf, 1 - days);
  const rows = doc.days.filter((d) => d[0] >= from && d[0] <= asOf);
  return LEVELS.map((level) => {
    const points = rows.map((r) => ({ date: r[0], score: r[level] }));
    const scores = points.map((p) => p.score);
    return {
      level,
      points,
      change: points.length >= 2 ? points[points.length - 1]!.score - points[0]!.score : null,
      min: scores.length > 0 ? Math.min(...scores) : null,
      max: scores.length > 0 ? Math.max(...scores) : null,
    };
  });
}

interface Slip {
  /** The scan date on which the new date was first seen. */
  seenOn: string;
  from: string | null;
  to: string | null;
  /** Days the release moved (later is positive); null when either date is unset. */
  days: number | null;
}

export interface VersionSlips {
  versionId: string;
  name: string;
  /** The first release date the app saw (null when none was ever set). */
  firstDate: string | null;
  currentDate: string | null;
  /** currentDate − firstDate in days; null when either is unset. */
  totalSlipDays: number | null;
  /** How many times the date changed. */
  moves: number;
  slips: Slip[];
  open: boolean;
}

/**
 * Release-date slips per version, most slipped first. `openOn` marks as open the versions seen
 * open on that date (normally the latest scan's).
 */
export function versionSlips(doc: HistoryDoc, openOn?: string): VersionSlips[] {
  const latest = openOn ?? doc.days[doc.days.length - 1]?.[0];
  const out: VersionSlips[] = Object.entries(doc.versions).map(([versionId, v]) => {
    const slips: Slip[] = [];
    for (let i = 1; i < v.changes.length; i++) {
      const [, from] = v.changes[i - 1]!;
      const [seenOn, to] = v.changes[i]!;
      slips.push({ seenOn, from, to, days: from !== null && to !== null ? daysBetween(from, to) : null });
    }
    const firstDate = v.changes.find((c) => c[1] !== null)?.[1] ?? null;
    const currentDate = v.changes[v.changes.length - 1]?.[1] ?? null;
    return {
      versionId,
      name: v.name,
      firstDate,
      currentDate,
      totalSlipDays: firstDate !== null && currentDate !== null ? daysBetween(firstDate, currentDate) : null,
      moves: slips.length,
      slips,
      open: latest !== undefined && v.lastSeenOpen === latest,
    };
  });
  return out.sort((a, b) => (b.totalSlipDays ?? -Infinity) - (a.totalSlipDays ?? -Infinity) || b.moves - a.moves || a.name.localeCompare(b.name));
}

/** Checks a document read from storage; anything unreadable starts a fresh history. */
export function readHistory(value: unknown): HistoryDoc {
  if (value === null || typeof value !== 'object') return EMPTY_HISTORY;
  const doc = value as Partial<HistoryDoc>;
  if (doc.schema !== HISTORY_SCHEMA || !Array.isArray(doc.days) || doc.versions === null || typeof doc.versions !== 'object') return EMPTY_HISTORY;
  const days = doc.days.filter((d): d is DayRow => Array.isArray(d) && d.length === 6 && typeof d[0] === 'string' && d.slice(1).every((n) => typeof n === 'number'));
  const versions: Record<string, VersionHistory> = {};
  for (const [id, v] of Object.entries(doc.versions as Record<string, unknown>)) {
    const h = v as Partial<VersionHistory> | null;
    if (h && typeof h.name === 'string' && typeof h.lastSeenOpen === 'string' && Array.isArray(h.changes) &&
      h.changes.every((c) => Array.isArray(c) && c.length === 2 && typeof c[0] === 'string' && (c[1] === null || typeof c[1] === 'string'))) {
      versions[id] = { name: h.name, lastSeenOpen: h.lastSeenOpen, changes: h.changes };
    }
  }
  return { schema: HISTORY_SCHEMA, days, versions };
}
