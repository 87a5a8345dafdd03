/**
 * The issue hierarchy of a project: parents, children, chains and planning levels.
 *
 * A parent is either an issue of the data or, when it belongs to another project (or the
 * viewer cannot see it), only the object Jira embeds in its child. Both become a
 * `HierarchyNode`. Chains are guarded against cycles, which Jira should never produce but
 * corrupt data and hand-made snapshots can.
 */
import { planningLevelOfIssue, type Level } from './levels';
import type { IssueRecord, ParentRef, StatusCategory } from './model';

export interface HierarchyNode {
  key: string;
  summary: string;
  issueTypeName: string;
  hierarchyLevel: number;
  statusName: string;
  statusCategory: StatusCategory;
  level: Level;
  /** False when the node is known only as another issue's embedded parent. */
  inData: boolean;
}

export function isOpen(status: { statusCategory: StatusCategory }): boolean {
  return status.statusCategory !== 'done';
}

export function isInProgress(status: { statusCategory: StatusCategory }): boolean {
  return status.statusCategory === 'indeterminate';
}

export class Hierarchy {
  private readonly byKey = new Map<string, IssueRecord>();
  private readonly children = new Map<string, IssueRecord[]>();
  private readonly externalParents = new Map<string, ParentRef>();
  private readonly traceMemo = new Map<string, boolean>();
  /** Hierarchy levels present among the project's issues and the parents they point to. */
  readonly hierarchyLevelsPresent = new Set<number>();

  constructor(
    readonly issues: readonly IssueRecord[],
    readonly visionHierarchyLevel: number,
  ) {
    for (const issue of issues) {
      this.byKey.set(issue.key, issue);
      this.hierarchyLevelsPresent.add(issue.hierarchyLevel);
    }
    for (const issue of issues) {
      if (!issue.parent) continue;
      const siblings = this.children.get(issue.parent.key);
      if (siblings) siblings.push(issue);
      else this.children.set(issue.parent.key, [issue]);
      if (!this.byKey.has(issue.parent.key)) {
        this.externalParents.set(issue.parent.key, issue.parent);
        this.hierarchyLevelsPresent.add(issue.parent.hierarchyLevel);
      }
    }
  }

  levelOf(issue: { hierarchyLevel: number }): Level {
    return planningLevelOfIssue(issue.hierarchyLevel, this.visionHierarchyLevel);
  }

  issue(key: string): IssueRecord | undefined {
    return this.byKey.get(key);
  }

  /** The node for a key: the issue itself, or the embedded parent when outside the data. */
  node(key: string): HierarchyNode | undefined {
    const issue = this.byKey.get(key);
    if (issue) return this.toNode(issue, true);
    const external = this.externalParents.get(key);
    return external ? this.toNode(external, false) : undefined;
  }

  /** Parents that appear only embedded in their children. */
  externalParentNodes(): HierarchyNode[] {
    return [...this.externalParents.values()].map((p) => this.toNode(p, false));
  }

  childrenOf(key: string): readonly IssueRecord[] {
    return this.children.get(key) ?? [];
  }

  /**
   * The parent of an issue of the data: the parent issue of the data, else the embedded parent
   * the hierarchy keeps for its key. Not a node (no object made): the rules ask for every issue.
   */
  parentItem(issue: IssueRecord): IssueRecord | ParentRef | undefined {
    if (!issue.parent) return undefined;
    const key = issue.parent.key;
    return this.byKey.get(key) ?? this.externalParents.get(key) ?? issue.parent;
  }

  /**
   * The chain from the top ancestor down to `key` (inclusive). Stops at the first repeated
   * key, so a cycle yields a finite chain; `cycle` tells whether one was met.
   */
  chain(key: string): { nodes: HierarchyNode[]; cycle: boolean } {
    const nodes: HierarchyNode[] = [];
    const seen = new Set<string>();
    let current: string | undefined = key;
    let cycle = false;
    while (current !== undefined) {
      if (seen.has(current)) {
        cycle = true;
        break;
      }
      seen.add(current);
      const node = this.node(current);
      if (!node) break;
      nodes.push(node);
      current = this.byKey.get(current)?.parent?.key;
    }
    return { nodes: nodes.reverse(), cycle };
  }

  /** Whether an issue's ancestors reach the vision level (memoised: linear over a project). */
  tracesToVision(issue: IssueRecord): boolean {
    return issue.parent !== null && this.reachesVision(issue.parent);
  }

  /** Whether this item or one of its ancestors is a vision item. */
  private reachesVision(start: IssueRecord | ParentRef): boolean {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: IssueRecord | ParentRef = start;
    let result = false;
    for (;;) {
      const memo = this.traceMemo.get(current.key);
      if (memo !== undefined) {
        result = memo;
        break;
      }
      if (onPath.has(current.key)) break; // a cycle has no vision above it
      onPath.add(current.key);
      path.push(current.key);
      if (this.levelOf(current) === 1) {
        result = true;
        break;
      }
      const inData = this.byKey.get(current.key);
      if (!inData?.parent) break;
      current = this.byKey.get(inData.parent.key) ?? inData.parent;
    }
    for (const key of path) this.traceMemo.set(key, result);
    return result;
  }

  private toNode(item: IssueRecord | ParentRef, inData: boolean): HierarchyNode {
    return {
      key: item.key,
      summary: item.summary,
      issueTypeName: item.issueTypeName,
      hierarchyLevel: item.hierarchyLevel,
      statusName: item.statusName,
      statusCategory: item.statusCategory,
      level: this.levelOf(item),
      inData,
    };
  }
}
