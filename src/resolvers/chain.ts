/**
 * `chain/issue`: the parent chain of the issue in view, each node with its level, status and
 * findings, the missing links in plain words, and the issue's children.
 */
import type { IssueChainDto, PayloadOf } from '../contract/resolvers';
import { analyze } from '../core/analyze';
import { buildIssueChain } from '../core/chain';
import { todayUtc } from '../core/dates';
import { toIssueChainDto } from './dto';
import { requireIssue, ResolverFailure, type ForgeContext } from './envelope';
import { effectiveConfig, loadOutsideAncestors, loadViewerProject } from './load';
import type { ResolverServices } from './ports';

/** The project of the issue in view: Forge's context, else the key's prefix (TINY-12 → TINY). */
function projectOf(ctx: ForgeContext, issueKey: string): string {
  return ctx.projectKey ?? issueKey.slice(0, issueKey.lastIndexOf('-'));
}

export async function issueChain(services: ResolverServices, ctx: ForgeContext, _payload: PayloadOf<'chain/issue'>): Promise<IssueChainDto> {
  const issueKey = requireIssue(ctx);
  const projectKey = projectOf(ctx, issueKey);
  const jira = services.jiraForViewer();
  const [project, config] = await Promise.all([
    loadViewerProject(services, jira, projectKey, ctx.siteUrl),
    effectiveConfig(services.store, projectKey, services.logError),
  ]);
  if (!project.data.issues.some((i) => i.key === issueKey)) {
    throw new ResolverFailure('NOT_FOUND', `${issueKey} is not among the issues of ${projectKey} you may browse.`);
  }
  const report = analyze(project.data, config, todayUtc(services.now()));
  const ancestors = await loadOutsideAncestors(jira, project, issueKey);
  const hidden = new Set([...project.hidden, ...ancestors.hidden]);
  const chain = buildIssueChain({ data: project.data, report, issueKey, outsideAncestors: ancestors.records, hiddenKeys: hidden });
  if (!chain) throw new ResolverFailure('NOT_FOUND', `${issueKey} was not found.`);
  return toIssueChainDto(chain, {
    siteUrl: project.siteUrl,
    projectKey,
    data: project.data,
    hidden,
    hiddenTypeNames: project.hiddenTypeNames,
  });
}
