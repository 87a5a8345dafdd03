/**
 * A score per level, 0–100.
 *
 *   score = 0                                                  when the level is absent
 *   score = round(100 × (1 − flagged / max(items, flagged, 1))) − 25 × levelWide, within 0..100
 *
 * where `items` is what the level holds, `flagged` the number of distinct subjects (issues,
 * sprints, versions) with at least one finding at the level, and `levelWide` the number of
 * findings about the level as a whole (no-upcoming). A present level with no finding is 100.
 */
import { subjectKey, type Finding } from './findings';
import type { Level } from './levels';

export const LEVEL_WIDE_PENALTY = 25;

export function scoreLevel(level: Level, items: number, findings: readonly Finding[]): number {
  const mine = findings.filter((f) => f.level === level);
  if (mine.some((f) => f.kind === 'level-absent')) return 0;
  const subjects = new Set<string>();
  let levelWide = 0;
  for (const f of mine) {
    const key = subjectKey(f);
    if (key) subjects.add(key);
    else levelWide++;
  }
  const flagged = subjects.size;
  const clean = 1 - flagged / Math.max(items, flagged, 1);
  const score = Math.round(100 * clean) - LEVEL_WIDE_PENALTY * levelWide;
  return Math.min(100, Math.max(0, score));
}

/** The lowest score; on a tie the level higher up (it feeds the ones below). */
export function weakestLevel(scores: readonly { level: Level; score: number }[]): Level {
  let weakest = scores[0]!;
  for (const s of scores) if (s.score < weakest.score) weakest = s;
  return weakest.level;
}
