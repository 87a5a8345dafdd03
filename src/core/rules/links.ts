/**
 * Link rules: missing-parent, level-skip, parent-done-child-open.
 */
import { EPIC_HIERARCHY_LEVEL, BASE_HIERARCHY_LEVEL } from '../levels';
import { finding, type Finding } from '../findings';
import { isOpen } from '../hierarchy';
import { describeIssue, MAX_NAMES_IN_MESSAGE, typeNameFor, type RuleContext } from './context';

const WHO_CANNOT_SEE: Record<number, string> = {
  [EPIC_HIERARCHY_LEVEL]: 'the product vision',
  [BASE_HIERARCHY_LEVEL]: 'the roadmap',
};

/** "Story ACME-5 sits directly under Initiative ACME-1, skipping the epic level." */
export function levelSkipMessage(issue: string, parent: string, skipped: string): string {
  return `${issue} sits directly under ${parent}, skipping the ${skipped} level.`;
}

/** "Epic ACME-7 is Done but 2 children are still open (ACME-8, ACME-9)." */
export function parentDoneMessage(head: string, openChildren: readonly string[]): string {
  const shown = openChildren.slice(0, MAX_NAMES_IN_MESSAGE).join(', ') + (openChildren.length > MAX_NAMES_IN_MESSAGE ? ', …' : '');
  const count = openChildren.length === 1 ? 'a child is' : `${openChildren.length} children are`;
  return `${head} but ${count} still open (${shown}).`;
}

/** An open epic or base issue with no parent, while the project has issues of the level above. */
export function missingParent(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const present = ctx.hierarchy.hierarchyLevelsPresent;
  for (const issue of ctx.data.issues) {
    const h = issue.hierarchyLevel;
    if (h !== EPIC_HIERARCHY_LEVEL && h !== BASE_HIERARCHY_LEVEL) continue;
    if (issue.parent || !isOpen(issue) || !present.has(h + 1)) continue;
    const parentName = typeNameFor(ctx, h + 1);
    out.push(
      finding('missing-parent', ctx.hierarchy.levelOf(issue), { issueKey: issue.key },
        `${describeIssue(issue)} has no ${parentName}: ${WHO_CANNOT_SEE[h]} can't see it.`),
    );
  }
  return out;
}

/** A parent more than one hierarchy level above its child (a story directly under an initiative). */
export function levelSkip(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const issue of ctx.data.issues) {
    const parent = ctx.hierarchy.parentItem(issue);
    if (!parent || parent.hierarchyLevel - issue.hierarchyLevel <= 1) continue;
    const skipped = typeNameFor(ctx, issue.hierarchyLevel + 1);
    out.push(
      finding('level-skip', ctx.hierarchy.levelOf(issue), { issueKey: issue.key },
        levelSkipMessage(describeIssue(issue), `${parent.issueTypeName} ${parent.key}`, skipped), [parent.key]),
    );
  }
  return out;
}

/** A Done parent with open children; one finding per parent, at the parent's level. */
export function parentDoneChildOpen(ctx: RuleContext): Finding[] {
  const openChildren = new Map<string, string[]>();
  for (const issue of ctx.data.issues) {
    if (!issue.parent || !isOpen(issue)) continue;
    const parent = ctx.hierarchy.parentItem(issue);
    if (!parent || isOpen(parent)) continue;
    const list = openChildren.get(parent.key);
    if (list) list.push(issue.key);
    else openChildren.set(parent.key, [issue.key]);
  }
  const out: Finding[] = [];
  for (const [parentKey, children] of openChildren) {
    const parent = ctx.hierarchy.node(parentKey)!;
    out.push(
      finding('parent-done-child-open', parent.level, { issueKey: parent.key },
        parentDoneMessage(`${parent.issueTypeName} ${parent.key} is ${parent.statusName}`, children), children),
    );
  }
  return out;
}
