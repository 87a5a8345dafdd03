/**
 * The summary of an issue's children the issue panel shows: how many, open and done, by type.
 */
import { isOpen } from './hierarchy';
import type { IssueRecord } from './model';

export interface ChildrenSummary {
  total: number;
  open: number;
  done: number;
  byType: { issueTypeName: string; count: number }[];
}

export function summarizeChildren(children: readonly Pick<IssueRecord, 'issueTypeName' | 'statusCategory'>[]): ChildrenSummary {
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
