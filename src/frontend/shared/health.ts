/**
 * A level's health in one word, from its score AND its findings, so the label never contradicts
 * the findings beside it:
 *
 *   absent     the level has nothing (score 0)
 *   healthy    present and no findings (score 100)
 *   drifting   findings, score 80 or more: a few items drift from the cadence
 *   attention  findings, score 50–79
 *   at-risk    findings, score below 50
 *
 * Only a level without findings is "Healthy"; the score bands below it are the same for every
 * level. The page's "How is this scored?" section says the same in words (HEALTH_RULES).
 */
export type HealthBand = 'healthy' | 'drifting' | 'attention' | 'at-risk' | 'absent';

const DRIFT_SCORE = 80;
const ATTENTION_SCORE = 50;

export interface LevelHealthLike {
  score: number;
  absent: boolean;
  findings: number;
}

export function levelHealth({ score, absent, findings }: LevelHealthLike): HealthBand {
  if (absent) return 'absent';
  if (findings === 0) return 'healthy';
  if (score >= DRIFT_SCORE) return 'drifting';
  if (score >= ATTENTION_SCORE) return 'attention';
  return 'at-risk';
}

export const HEALTH_LABEL: Record<HealthBand, string> = {
  healthy: 'Healthy',
  drifting: 'Minor drift',
  attention: 'Needs attention',
  'at-risk': 'At risk',
  absent: 'Absent',
};

/** Each band in one sentence, in the order of HEALTH_LABEL (the scoring explanation lists them). */
export const HEALTH_RULES: Record<HealthBand, string> = {
  healthy: 'the level is present and has no findings (its score is 100).',
  drifting: `the level has findings, but its score is still ${DRIFT_SCORE} or more: a few items drift from the cadence.`,
  attention: `the level has findings and scores ${ATTENTION_SCORE}–${DRIFT_SCORE - 1}.`,
  'at-risk': `the level has findings and scores below ${ATTENTION_SCORE}.`,
  absent: 'nothing in the project carries the level; its score is 0 and its only finding is “Level absent”.',
};

/**
 * The findings a page lists for a level. Where the level is absent only "Level absent" is
 * shown: the other level-wide findings (for example "Nothing upcoming" on a project without
 * versions) say the same thing again. The report contract keeps them all.
 */
export function findingsToShow<F extends { kind: string }>(absent: boolean, findings: readonly F[]): F[] {
  return absent ? findings.filter((f) => f.kind === 'level-absent') : [...findings];
}

/** How many findings a page shows for a level (1 for an absent level: "Level absent"). */
export function shownFindingCount(level: LevelHealthLike): number {
  return level.absent ? 1 : level.findings;
}

/**
 * The band of a score known without its findings (a portfolio's median of a level): 0 reads as
 * absent, 100 as healthy, and the score bands of levelHealth in between.
 */
export function scoreHealth(score: number): HealthBand {
  return levelHealth({ score, absent: score === 0, findings: score === 100 ? 0 : 1 });
}
