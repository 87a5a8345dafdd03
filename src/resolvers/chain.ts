/**
 * `chain/issue`: the parent chain of the issue in view, each node with its level, status and the
 * findings the stored result holds about it, the missing links in plain words, and the issue's
 * children.
 *
 * A bounded read, whatever the project's size: as the viewer, the issue with its parent, then
 * each ancestor (one request each, at most the hierarchy's depth), and the children with one
 * search (`parent = KEY`, first page) and a count when there are more; at most
 * CHAIN_REQUEST_BUDGET Jira requests in all. The findings are the stored result's only (never
 * computed here), read through the findings-by-issue index in a few KVS reads, and pass through
 * the viewer's view (src/resolvers/visibility.ts): the panel and the project page agree by
 * construction.
 */
import type { ChainNodeDto, FindingDto, IssueChainDto, PayloadOf, PlanningContextDto } from '../contract/resolvers';
import { summarizeChildren } from '../core/chain';
import { todayUtc } from '../core/dates';
import { levelName, planningLevelOfIssue } from '../core/levels';
import type { StatusCategory } from '../core/model';
import { sprintEntriesOf, type JiraIssue } from '../jira/schemas';
import type { IssueFindings } from '../storage/scan-result-store';
import { issueUrl, sprintUrl, versionUrl } from './links';
import { toFindingDto } from './stored-dto';
import { requireIssue, ResolverFailure, type ForgeContext } from './envelope';
import { effectiveConfig } from './load';
import type { ResolverServices } from './ports';
import { viewerView } from './visibility';

/** The most Jira requests one panel answer makes (the issue, its ancestors, its children, a key check). */
export const CHAIN_REQUEST_BUDGET = 6;

const LINK_KINDS = new Set<FindingDto['kind']>(['missing-parent', 'level-skip']);

/** A project key from an issue key (TINY-12 → TINY). */
function projectOfKey(issueKey: string): string {
  return issueKey.slice(0, issueKey.lastIndexOf('-'));
}

function statusCategoryOf(issue: JiraIssue): StatusCategory {
  const key = issue.fields.status.statusCategory?.key;
  return key === 'done' ? 'done' : key === 'indeterminate' ? 'indeterminate' : 'new';
}

interface ChainIssue {
  key: string;
  projectKey: string;
  summary: string;
  issueTypeName: string;
  hierarchyLevel: number;
  statusName: string;
  statusCategory: StatusCategory;
  parentKey: string | null;
}

function chainIssue(issue: JiraIssue): ChainIssue {
  const f = issue.fields;
  return {
    key: issue.key,
    projectKey: f.project?.key ?? projectOfKey(issue.key),
    summary: f.summary,
    issueTypeName: f.issuetype.name,
    hierarchyLevel: f.issuetype.hierarchyLevel ?? (f.issuetype.subtask === true ? -1 : 0),
    statusName: f.status.name,
    statusCategory: statusCategoryOf(issue),
    parentKey: f.parent?.key ?? null,
  };
}

/** "Story TINY-5 has no epic: …" → "This story has no epic: …" (or "Its epic TINY-2 has no …"). */
function inPlainWords(message: string, node: ChainIssue, isSelf: boolean): string {
  const subject = `${node.issueTypeName} ${node.key} `;
  if (!message.startsWith(subject)) return message;
  const type = node.issueTypeName.toLowerCase();
  return `${isSelf ? `This ${type}` : `Its ${type} ${node.key}`} ${message.slice(subject.length)}`;
}

/** Climbs from the issue through its parents as the viewer, one request each, within `maxReads`. */
async function climb(
  read: (key: string) => Promise<JiraIssue | null>,
  self: ChainIssue,
  maxReads: number,
): Promise<{ ancestors: ChainIssue[]; hiddenParentOf: ChainIssue | null; cycle: boolean; cut: boolean; reads: number }> {
  const ancestors: ChainIssue[] = [];
  const seen = new Set([self.key]);
  let current = self;
  let reads = 0;
  while (current.parentKey !== null) {
    if (seen.has(current.parentKey)) return { ancestors, hiddenParentOf: null, cycle: true, cut: false, reads };
    if (reads >= maxReads) return { ancestors, hiddenParentOf: null, cycle: false, cut: true, reads };
    reads++;
    const parent = await read(current.parentKey);
    if (parent === null) return { ancestors, hiddenParentOf: current, cycle: false, cut: false, reads };
    const node = chainIssue(parent);
    seen.add(node.key);
    ancestors.unshift(node);
    current = node;
  }
  return { ancestors, hiddenParentOf: null, cycle: false, cut: false, reads };
}

export async function issueChain(services: ResolverServices, ctx: ForgeContext, _payload: PayloadOf<'chain/issue'>): Promise<IssueChainDto> {
  const issueKey = requireIssue(ctx);
  const projectKey = ctx.projectKey ?? projectOfKey(issueKey);
  const jira = services.jiraForViewer();
  const results = services.scale?.results;

  const configP = effectiveConfig(services.store, projectKey, services.logError);
  // The site's sprint field, as the project's last scan found it (one KVS read): the issue's sprint comes with the issue.
  const base = services.scale ? await services.scale.states.getBaseHead(projectKey) : null;
  const sprintFieldId = base?.sprintFieldId ?? undefined;
  const read = await jira.issue(issueKey, sprintFieldId);
  if (read === null) throw new ResolverFailure('NOT_FOUND', `${issueKey} does not exist, or you may not browse it.`);
  const self = chainIssue(read);
  let requests = 1;

  // The children (sub-tasks have none) and the climb run side by side; the climb gets what the
  // children may need of the budget left over.
  const mayHaveChildren = self.hierarchyLevel >= 0;
  const childReserve = mayHaveChildren ? 2 : 0;
  const [walk, children] = await Promise.all([
    climb((key) => jira.issue(key), self, CHAIN_REQUEST_BUDGET - requests - childReserve),
    mayHaveChildren ? jira.children(issueKey) : Promise.resolve({ issues: [] as JiraIssue[], total: 0, requests: 0 }),
  ]);
  requests += walk.reads + children.requests;
  const nodes = [...walk.ancestors, self];

  // The stored findings of every node, from its own project's result (a few KVS reads each).
  const projects = [...new Set(nodes.map((n) => n.projectKey))];
  const stored = new Map<string, IssueFindings | null>(
    await Promise.all(
      projects.map(async (p) => [p, results ? await results.findingsOfIssues(p, nodes.filter((n) => n.projectKey === p).map((n) => n.key)) : null] as const),
    ),
  );

  // What the viewer may see: the chain and the children were read as the viewer; the parent that
  // could not be read is hidden; any other key the findings mention is checked within the budget.
  const view = viewerView(services, ctx, projectKey);
  view.assume(
    [...nodes.map((n) => n.key), ...children.issues.map((c) => c.key)],
    walk.hiddenParentOf?.parentKey ? [walk.hiddenParentOf.parentKey] : [],
  );
  const raw = nodes.flatMap((n) => stored.get(n.projectKey)?.byIssue.get(n.key) ?? []);
  const site = (ctx.siteUrl ?? '').replace(/\/+$/, '');
  // The issue's current sprint is named only when the viewer may view its board (checked within the same budget).
  const context = planningContext(read, sprintFieldId, site, projectKey, todayUtc(services.now()));
  const contextBoard = context.sprint !== null ? currentSprintBoard(read, sprintFieldId, context.sprint.id) : undefined;
  const shown = await view.findings(raw, Math.max(0, CHAIN_REQUEST_BUDGET - requests), contextBoard !== undefined ? [contextBoard] : []);
  if (context.sprint !== null && (contextBoard === undefined || !view.canSeeBoard(contextBoard))) {
    context.sprint = { id: context.sprint.id, name: HIDDEN_SPRINT, state: context.sprint.state, endDate: context.sprint.endDate };
  }
  const byKey = new Map<string, FindingDto[]>();
  for (const f of shown.findings) {
    const list = byKey.get(f.issueKey!) ?? [];
    list.push(toFindingDto(f, ctx.siteUrl, projectOfKey(f.issueKey!)));
    byKey.set(f.issueKey!, list);
  }

  const config = await configP;
  const chain: ChainNodeDto[] = nodes.map((n) => {
    const level = planningLevelOfIssue(n.hierarchyLevel, config.visionHierarchyLevel);
    const url = issueUrl(site, n.key);
    return {
      key: n.key,
      summary: n.summary,
      issueTypeName: n.issueTypeName,
      hierarchyLevel: n.hierarchyLevel,
      statusName: n.statusName,
      statusCategory: n.statusCategory,
      level,
      levelName: levelName(level),
      inData: stored.get(n.projectKey) != null,
      findings: byKey.get(n.key) ?? [],
      ...(url ? { url } : {}),
    };
  });

  const missingLinks: string[] = [];
  const top = nodes[0]!;
  if (walk.cycle) missingLinks.push(`The parent links above ${issueKey} form a loop; fix the parent of one of the issues shown.`);
  if (walk.hiddenParentOf) {
    missingLinks.push(`The parent of ${walk.hiddenParentOf.issueTypeName} ${walk.hiddenParentOf.key} is an issue you cannot browse, so the chain above it is not shown.`);
  }
  if (walk.cut) missingLinks.push(`${top.issueTypeName} ${top.key} has more levels above it than the panel reads at once; open it to follow the chain.`);
  // Bottom-up: the issue's own missing link first; only what the stored result found.
  // A missing link is said once, in the banner: the node keeps its other findings and counts these.
  for (const node of [...chain].reverse()) {
    const issue = nodes.find((n) => n.key === node.key)!;
    const links = node.findings.filter((f) => LINK_KINDS.has(f.kind));
    for (const f of links) missingLinks.push(inPlainWords(f.message, issue, node.key === issueKey));
    if (links.length > 0) {
      node.findings = node.findings.filter((f) => !LINK_KINDS.has(f.kind));
      node.missingLinksAbove = links.length;
    }
  }

  const summary = summarizeChildren(children.issues.map((c) => ({ issueTypeName: c.fields.issuetype.name, statusCategory: statusCategoryOf(c) })));
  const analysed = stored.get(projectKey);
  return {
    issueKey,
    projectKey,
    chain,
    missingLinks,
    children: { ...summary, total: Math.max(children.total, summary.total), counted: summary.total },
    analysis: analysed ? { state: 'analysed', computedAt: analysed.computedAt } : { state: 'not-analysed' },
    hiddenFindings: shown.hidden,
    context,
    childIssues: children.issues.slice(0, CHILDREN_NAMED).map((c) => ({
      key: c.key,
      summary: c.fields.summary,
      issueTypeName: c.fields.issuetype.name,
      statusName: c.fields.status.name,
      statusCategory: statusCategoryOf(c),
      ...linkTo(issueUrl(site, c.key)),
    })),
    // The key passed isIssueKey when the children were searched: nothing else reaches the JQL.
    ...(children.total > 0 && site !== '' ? { childrenUrl: `${site}/issues/?jql=${encodeURIComponent(`parent = ${issueKey} ORDER BY key ASC`)}` } : {}),
  };
}

/** Children the panel names one by one (the rest open as one search). */
const CHILDREN_NAMED = 10;
const SPRINT_ORDER: Record<string, number> = { active: 0, future: 1, closed: 2 };

function linkTo(url: string | undefined): { url?: string } {
  return url !== undefined ? { url } : {};
}

/** How the panel names a current sprint on a board the viewer may not view. */
const HIDDEN_SPRINT = 'A sprint you cannot see';

/** The board of the issue's sprint `sprintId`, as its sprint field gives it. */
function currentSprintBoard(issue: JiraIssue, sprintFieldId: string | undefined, sprintId: number): number | undefined {
  return sprintEntriesOf(issue, sprintFieldId).find((e) => e.id === sprintId)?.boardId;
}

/** The issue's sprint (active, else next, else the last closed) and fix versions, read with the issue itself. */
function planningContext(issue: JiraIssue, sprintFieldId: string | undefined, site: string, projectKey: string, today: string): PlanningContextDto {
  const entries = sprintEntriesOf(issue, sprintFieldId).filter((e) => e.state !== undefined);
  const current = [...entries].sort(
    (a, b) => SPRINT_ORDER[a.state!]! - SPRINT_ORDER[b.state!]! || (b.endDate ?? '').localeCompare(a.endDate ?? '') || b.id - a.id,
  )[0];
  const sprint: PlanningContextDto['sprint'] =
    current === undefined
      ? null
      : {
          id: current.id,
          name: current.name ?? `Sprint ${current.id}`,
          state: current.state!,
          endDate: current.endDate ?? null,
          ...linkTo(current.boardId !== undefined ? sprintUrl(site, current.boardId, current.id, current.state === 'closed') : undefined),
        };
  const fixVersions = (issue.fields.fixVersions ?? []).map((v) => ({
    id: v.id,
    name: v.name ?? `Version ${v.id}`,
    released: v.released ?? false,
    releaseDate: v.releaseDate ?? null,
    // Unreleased with its release date behind today (UTC), as the release rules count overdue.
    overdue: !(v.released ?? false) && v.releaseDate !== undefined && v.releaseDate !== null && v.releaseDate < today,
    ...linkTo(versionUrl(site, issue.fields.project?.key ?? projectKey, v.id)),
  }));
  return { sprint, sprintKnown: sprintFieldId !== undefined, fixVersions };
}
