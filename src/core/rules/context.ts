/**
 * What every rule family reads: the data, the config, the as-of date and the derived indexes,
 * built once per analysis.
 */
import type { PlanningConfig } from '../config';
import { Hierarchy } from '../hierarchy';
import { isOpen } from '../hierarchy';
import { BASE_HIERARCHY_LEVEL, defaultTypeName } from '../levels';
import type { SprintMention } from '../findings';
import type { IssueRecord, ProjectData, SprintRecord, SprintRef, SprintState } from '../model';

export interface RuleContext {
  data: ProjectData;
  config: PlanningConfig;
  /** YYYY-MM-DD */
  asOf: string;
  hierarchy: Hierarchy;
  /** The project's board sprints by id. */
  sprintsById: ReadonlyMap<number, SprintRecord>;
  /** An issue type name for each hierarchy level seen (for messages: "has no epic"). */
  typeNameByHierarchyLevel: ReadonlyMap<number, string>;
}

export function buildContext(data: ProjectData, config: PlanningConfig, asOf: string): RuleContext {
  const typeNames = new Map<number, string>();
  for (const issue of data.issues) {
    if (!typeNames.has(issue.hierarchyLevel)) typeNames.set(issue.hierarchyLevel, issue.issueTypeName);
    if (issue.parent && !typeNames.has(issue.parent.hierarchyLevel)) {
      typeNames.set(issue.parent.hierarchyLevel, issue.parent.issueTypeName);
    }
  }
  return {
    data,
    config,
    asOf,
    hierarchy: new Hierarchy(data.issues, config.visionHierarchyLevel),
    sprintsById: new Map(data.sprints.map((s) => [s.id, s])),
    typeNameByHierarchyLevel: typeNames,
  };
}

/** The state of a sprint an issue is in: the board's word first, then the issue's field. */
export function sprintStateOf(ctx: RuleContext, sprint: { id: number; state?: SprintState }): SprintState | undefined {
  return ctx.sprintsById.get(sprint.id)?.state ?? sprint.state;
}

/** For open base-level work: the active or future sprint it is planned into, if any. */
export function plannedSprint(ctx: RuleContext, issue: IssueRecord): SprintRef | undefined {
  if (issue.hierarchyLevel !== BASE_HIERARCHY_LEVEL || !isOpen(issue)) return undefined;
  return issue.sprints.find((s) => {
    const state = sprintStateOf(ctx, s);
    return state === 'active' || state === 'future';
  });
}

/** "Story TINY-5" */
export function describeIssue(issue: Pick<IssueRecord, 'key' | 'issueTypeName'>): string {
  return `${issue.issueTypeName} ${issue.key}`;
}

/** The name people use for a hierarchy level in this project, lower-cased ("epic"). */
export function typeNameFor(ctx: RuleContext, hierarchyLevel: number): string {
  return (ctx.typeNameByHierarchyLevel.get(hierarchyLevel) ?? defaultTypeName(hierarchyLevel)).toLowerCase();
}

/** "1 day", "3 days", "2.5 days" */
export function days(n: number, unit = 'day'): string {
  const rounded = Math.round(n * 10) / 10;
  return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
}

/** Names a message lists before it counts the rest (a finding's text stays short whatever the data). */
export const MAX_NAMES_IN_MESSAGE = 5;

/**
 * "A, B, C" — or past MAX_NAMES_IN_MESSAGE, "A, B, C, D, E and 40 more". `total` counts what the
 * names stand for when some are not named (a viewer's redacted copy): "A and 6 more".
 */
export function namesWithCount(names: readonly string[], max = MAX_NAMES_IN_MESSAGE, total = names.length): string {
  const shown = names.slice(0, max);
  if (shown.length >= total) return shown.join(', ');
  return `${shown.join(', ')} and ${total - shown.length} more`;
}

/** A sprint an issue's field names, with its board: the project's boards' word first, else the field's. */
export function sprintMention(ctx: RuleContext, sprint: SprintRef): SprintMention {
  const boardId = ctx.sprintsById.get(sprint.id)?.boardId ?? sprint.boardId;
  return { id: sprint.id, name: sprint.name, ...(boardId !== undefined ? { boardId } : {}) };
}
