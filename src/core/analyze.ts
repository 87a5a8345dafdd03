/**
 * The analysis: project data + config + as-of date → the health of each planning level.
 */
import type { PlanningConfig } from './config';
import { diagnose, traceability, type Diagnosis, type Traceability } from './diagnosis';
import { sortFindings, type Finding } from './findings';
import { LEVELS, LEVEL_INFO, type Level } from './levels';
import type { ProjectData } from './model';
import { buildContext, type RuleContext } from './rules/context';
import { missingParent, levelSkip, parentDoneChildOpen } from './rules/links';
import { levelAbsent, levelItems } from './rules/presence';
import { missingRelease, noUpcomingRelease, overdueVersions, releaseInterval } from './rules/releases';
import { cadenceGap, carryOver, noUpcomingSprint, sprintLength, sprintOverrun } from './rules/sprints';
import { overdueIssues, stale } from './rules/staleness';
import { scoreLevel, weakestLevel } from './score';

export interface LevelHealth {
  level: Level;
  name: string;
  /** The cadence the level is held to, in words, from the config. */
  cadence: string;
  score: number;
  items: number;
  findings: number;
  absent: boolean;
}

export interface HealthReport {
  project: { id: string; key: string; name: string };
  siteUrl: string;
  asOf: string;
  config: PlanningConfig;
  levels: LevelHealth[];
  weakestLevel: Level;
  diagnosis: Diagnosis[];
  findings: Finding[];
  traceability: Traceability;
}

const RULES: readonly ((ctx: RuleContext) => Finding[])[] = [
  missingParent,
  levelSkip,
  parentDoneChildOpen,
  stale,
  overdueIssues,
  overdueVersions,
  releaseInterval,
  missingRelease,
  noUpcomingRelease,
  sprintLength,
  sprintOverrun,
  cadenceGap,
  carryOver,
  noUpcomingSprint,
];

function cadenceOf(level: Level, config: PlanningConfig): string {
  switch (level) {
    case 1: return `revisited at least every ${config.vision.staleAfterDays} days`;
    case 2: return `reviewed at least every ${config.roadmap.staleAfterDays} days`;
    case 3: return `a release every ${config.release.minIntervalDays}–${config.release.maxIntervalDays} days`;
    case 4: return `${config.iteration.lengthDays}-day sprints (± ${config.iteration.toleranceDays})`;
    case 5: return `daily (stale after ${config.daily.staleAfterBusinessDays} business days)`;
  }
}

export function analyze(data: ProjectData, config: PlanningConfig, asOf: string): HealthReport {
  const ctx = buildContext(data, config, asOf);
  const items = levelItems(ctx);
  const findings = RULES.flatMap((rule) => rule(ctx));
  findings.push(...levelAbsent(ctx, items));
  sortFindings(findings);

  const perLevel = new Map<Level, Finding[]>(LEVELS.map((l) => [l, []]));
  for (const f of findings) perLevel.get(f.level)!.push(f);

  const levels: LevelHealth[] = LEVELS.map((level) => {
    const mine = perLevel.get(level)!;
    return {
      level,
      name: LEVEL_INFO[level].name,
      cadence: cadenceOf(level, config),
      score: scoreLevel(level, items[level], mine),
      items: items[level],
      findings: mine.length,
      absent: mine.some((f) => f.kind === 'level-absent'),
    };
  });
  const trace = traceability(ctx);
  return {
    project: data.project,
    siteUrl: data.siteUrl,
    asOf,
    config,
    levels,
    weakestLevel: weakestLevel(levels),
    diagnosis: diagnose(ctx, findings, trace),
    findings,
    traceability: trace,
  };
}
