/**
 * The parent chain of one issue, for the issue panel: from the top ancestor down to the issue,
 * each node with its own findings, the missing links in plain words, and a summary of the
 * issue's children. Pure: the caller has loaded the project (and any ancestors outside it).
 */
import type { HealthReport } from './analyze';
import type { Finding } from './findings';
import { Hierarchy, isOpen, type HierarchyNode } from './hierarchy';
import { BASE_HIERARCHY_LEVEL, EPIC_HIERARCHY_LEVEL, levelName } from './levels';
import type { IssueRecord, ProjectData } from './model';

export interface ChainNode extends HierarchyNode {
  /** True when the node is one of the analysed project's issues (only those carry findings). */
  inProject: boolean;
  findings: Finding[];
}

export interface ChildrenSummary {
  total: number;
  open: number;
  done: number;
  byType: { issueTypeName: string; count: number }[];
}

export interface IssueChain {
  issueKey: string;
  /** Top ancestor first, the issue last. */
  nodes: ChainNode[];
  missingLinks: string[];
  children: ChildrenSummary;
}

export interface IssueChainInput {
  data: ProjectData;
  report: HealthReport;
  issueKey: string;
  /** Ancestors outside the project that the viewer may browse (read one by one). */
  outsideAncestors?: readonly IssueRecord[];
  /** Parent keys the viewer may not browse: they are left out of the chain. */
  hiddenKeys?: ReadonlySet<string>;
}

const LINK_KINDS = new Set<Finding['kind']>(['missing-parent', 'level-skip']);

/** "Story TINY-5 has no epic: …" → "This story has no epic: …" (or "Its epic TINY-2 has no …"). */
function inPlainWords(f: Finding, node: HierarchyNode, isSelf: boolean): string {
  const subject = `${node.issueTypeName} ${node.key} `;
  if (!f.message.startsWith(subject)) return f.message;
  const type = node.issueTypeName.toLowerCase();
  return `${isSelf ? `This ${type}` : `Its ${type} ${node.key}`} ${f.message.slice(subject.length)}`;
}

export function summarizeChildren(children: readonly IssueRecord[]): ChildrenSummary {
  const byType = new Map<string, number>();
  let open = 0;
  for (const child of children) {
    if (isOpen(child)) open++;
    byType.set(child.issueTypeName, (byType.get(child.issueTypeName) ?? 0) + 1);
  }
  return {
    total: children.length,
    open,
    done: children.length - open,
    byType: [...byType.entries()]
      .map(([issueTypeName, count]) => ({ issueTypeName, count }))
      .sort((a, b) => b.count - a.count || a.issueTypeName.localeCompare(b.issueTypeName)),
  };
}

export function buildIssueChain(input: IssueChainInput): IssueChain | undefined {
  const { data, report, issueKey } = input;
  const hidden = input.hiddenKeys ?? new Set<string>();
  const projectKeys = new Set(data.issues.map((i) => i.key));
  const outside = (input.outsideAncestors ?? []).filter((i) => !projectKeys.has(i.key));
  const hierarchy = new Hierarchy([...data.issues, ...outside], report.config.visionHierarchyLevel);
  if (!hierarchy.issue(issueKey)) return undefined;

  const walked = hierarchy.chain(issueKey);
  // A hidden ancestor can only be the top of the walk (the walk cannot climb past it).
  const visible = walked.nodes.filter((n) => !hidden.has(n.key));
  const findingsBySubject = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (f.issueKey === undefined || !projectKeys.has(f.issueKey)) continue;
    const list = findingsBySubject.get(f.issueKey);
    if (list) list.push(f);
    else findingsBySubject.set(f.issueKey, [f]);
  }
  const nodes: ChainNode[] = visible.map((n) => ({
    ...n,
    inProject: projectKeys.has(n.key),
    findings: findingsBySubject.get(n.key) ?? [],
  }));

  const missingLinks: string[] = [];
  if (walked.cycle) {
    missingLinks.push(`The parent links above ${issueKey} form a loop (${walked.nodes.map((n) => n.key).join(' → ')}); fix the parent of one of them.`);
  }
  const top = nodes[0];
  if (top && walked.nodes.length > visible.length) {
    missingLinks.push(`The parent of ${top.issueTypeName} ${top.key} is an issue you cannot browse, so the chain above it is not shown.`);
  }
  // Bottom-up: the issue's own missing link first.
  for (const node of [...nodes].reverse()) {
    for (const f of node.findings) {
      if (LINK_KINDS.has(f.kind)) missingLinks.push(inPlainWords(f, node, node.key === issueKey));
    }
  }
  if (top && !walked.cycle && walked.nodes.length === visible.length && top.level !== 1 && isOpen(top)) {
    const flagged = top.inProject && top.findings.some((f) => f.kind === 'missing-parent');
    const record = hierarchy.issue(top.key);
    const topless = record !== undefined && record.parent === null;
    if (!flagged && topless && (top.hierarchyLevel === EPIC_HIERARCHY_LEVEL || top.hierarchyLevel === BASE_HIERARCHY_LEVEL)) {
      const above = top.hierarchyLevel === EPIC_HIERARCHY_LEVEL ? 'initiative' : 'epic';
      missingLinks.push(
        `${top.key === issueKey ? `This ${top.issueTypeName.toLowerCase()}` : `${top.issueTypeName} ${top.key}`} has no ${above} above it, so this work does not trace up to the ${levelName(1).toLowerCase()}.`,
      );
    }
  }
  return {
    issueKey,
    nodes,
    missingLinks,
    children: summarizeChildren(hierarchy.childrenOf(issueKey).filter((c) => projectKeys.has(c.key))),
  };
}
