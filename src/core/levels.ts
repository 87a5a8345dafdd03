/**
 * The five levels of agile planning and how Jira's constructs map onto them.
 */

export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

export interface LevelInfo {
  level: Level;
  name: string;
  /** The Jira construct that carries the level, in words for people. */
  carriedBy: string;
}

export const LEVEL_INFO: Record<Level, LevelInfo> = {
  1: { level: 1, name: 'Product Vision', carriedBy: 'initiatives (hierarchy level 2 and above)' },
  2: { level: 2, name: 'Roadmap', carriedBy: 'epics' },
  3: { level: 3, name: 'Release', carriedBy: 'fix versions' },
  4: { level: 4, name: 'Iteration', carriedBy: 'sprints and the work planned into them' },
  5: { level: 5, name: 'Daily', carriedBy: 'in-progress work and sub-tasks' },
};

export function levelName(level: Level): string {
  return LEVEL_INFO[level].name;
}

/** Jira's default issue type names per hierarchy level, for messages when the data has none. */
export function defaultTypeName(hierarchyLevel: number): string {
  if (hierarchyLevel >= 2) return 'initiative';
  if (hierarchyLevel === 1) return 'epic';
  if (hierarchyLevel === 0) return 'story';
  return 'sub-task';
}

export const EPIC_HIERARCHY_LEVEL = 1;
export const BASE_HIERARCHY_LEVEL = 0;

/**
 * The planning level of an issue from its hierarchy level.
 * Hierarchy levels at or above the vision level are level 1; epics are level 2; base work
 * (stories, tasks, bugs) level 4; sub-tasks level 5. Premium levels between the epic and a
 * raised vision level are roadmap items (level 2).
 */
export function planningLevelOfIssue(hierarchyLevel: number, visionHierarchyLevel: number): Level {
  if (hierarchyLevel >= visionHierarchyLevel) return 1;
  if (hierarchyLevel >= EPIC_HIERARCHY_LEVEL) return 2;
  if (hierarchyLevel === BASE_HIERARCHY_LEVEL) return 4;
  return 5;
}
