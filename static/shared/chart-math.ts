/**
 * Pure geometry and words of the history views: sparkline paths of a level's scores, the
 * positions of a version's release dates on a small timeline, and the sentences that describe
 * both for people who do not see the drawing.
 */
import { formatDate } from '../../src/frontend/shared/words';

interface Point {
  x: number;
  y: number;
}

export interface Sparkline {
  /** SVG path data ("M x y L x y …"); empty without points. */
  path: string;
  /** The last point (drawn as a dot), or null without points. */
  last: Point | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Scores 0..100 over the width (oldest left), 100 at the top; `pad` keeps strokes inside. */
export function sparkline(scores: readonly number[], width: number, height: number, pad = 2): Sparkline {
  if (scores.length === 0) return { path: '', last: null };
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const points = scores.map((score, i) => ({
    x: round1(scores.length === 1 ? width / 2 : pad + (i * innerW) / (scores.length - 1)),
    y: round1(pad + ((100 - Math.max(0, Math.min(100, score))) / 100) * innerH),
  }));
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  return { path, last: points[points.length - 1]! };
}

/** "+20", "−3", "±0", or "—" when there is nothing to compare. */
export function changeLabel(change: number | null): string {
  if (change === null) return '—';
  if (change > 0) return `+${change}`;
  if (change < 0) return `−${Math.abs(change)}`;
  return '±0';
}

export interface TrendLike {
  points: readonly { date: string; score: number }[];
  change: number | null;
  min: number | null;
  max: number | null;
}

/** A trend's change (last minus first; null with fewer than two points) and range, from its daily points. */
export function summariseTrend(points: readonly { date: string; score: number }[]): TrendLike {
  const scores = points.map((p) => p.score);
  return {
    points,
    change: scores.length >= 2 ? scores[scores.length - 1]! - scores[0]! : null,
    min: scores.length > 0 ? Math.min(...scores) : null,
    max: scores.length > 0 ? Math.max(...scores) : null,
  };
}

/** One sentence for a level's trend (the sparkline's accessible name). */
export function describeTrend(levelName: string, trend: TrendLike): string {
  const { points } = trend;
  if (points.length === 0) return `${levelName}: no scores recorded yet.`;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (points.length === 1) return `${levelName}: ${last.score} on ${formatDate(last.date)}, the first day recorded.`;
  const change = trend.change ?? last.score - first.score;
  const direction = change > 0 ? `up ${change} points` : change < 0 ? `down ${-change} points` : 'unchanged';
  return `${levelName}: ${last.score} on ${formatDate(last.date)}, ${direction} since ${formatDate(first.date)} (${first.score}); lowest ${trend.min ?? last.score}, highest ${trend.max ?? last.score}.`;
}

export interface SlipLike {
  seenOn: string;
  from: string | null;
  to: string | null;
  days: number | null;
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** "+7 days", "−3 days", "1 day", or "date removed". */
export function slipDaysLabel(days: number | null): string {
  if (days === null) return 'date set or removed';
  const n = Math.abs(days);
  const unit = n === 1 ? 'day' : 'days';
  return days > 0 ? `+${n} ${unit}` : days < 0 ? `−${n} ${unit}` : `±0 ${unit}`;
}

/** The release dates a version had, in order: the first, then each slip's new date (unset dates left out). */
export function releaseDates(firstDate: string | null, slips: readonly SlipLike[]): string[] {
  const dates: string[] = [];
  if (firstDate !== null) dates.push(firstDate);
  for (const s of slips) if (s.to !== null && s.to !== dates[dates.length - 1]) dates.push(s.to);
  return dates;
}

export interface TimelineMark extends Point {
  date: string;
}

/**
 * Each release date on a line from the earliest to the latest date of `dates`; the `domain`
 * (first and last day number) can be shared by several versions so their timelines compare.
 */
export function timelineMarks(dates: readonly string[], width: number, y: number, pad: number, domain?: [number, number]): TimelineMark[] {
  if (dates.length === 0) return [];
  const days = dates.map(dayNumber);
  const [lo, hi] = domain ?? [Math.min(...days), Math.max(...days)];
  const span = hi - lo;
  return dates.map((date, i) => ({
    date,
    y,
    x: round1(span === 0 ? width / 2 : pad + ((days[i]! - lo) / span) * (width - 2 * pad)),
  }));
}

/** The day numbers spanning every date of every version (a shared timeline domain). */
export function timelineDomain(dateLists: readonly (readonly string[])[]): [number, number] | undefined {
  const all = dateLists.flat().map(dayNumber);
  return all.length === 0 ? undefined : [Math.min(...all), Math.max(...all)];
}

/** One sentence of a version's moves, oldest first. */
export function describeSlips(name: string, firstDate: string | null, slips: readonly SlipLike[]): string {
  if (slips.length === 0) return `${name} has kept its release date${firstDate ? ` of ${formatDate(firstDate)}` : ''}.`;
  const moves = slips.map((s) => `${s.to ? formatDate(s.to) : 'no date'} (${slipDaysLabel(s.days)}, seen ${formatDate(s.seenOn)})`);
  return `${name} moved ${slips.length === 1 ? 'once' : `${slips.length} times`}: from ${firstDate ? formatDate(firstDate) : 'no date'} to ${moves.join(', then to ')}.`;
}
