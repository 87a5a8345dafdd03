/**
 * `health/project`: the level health of the project in view, as the viewer sees it.
 */
import type { PayloadOf, ProjectHealthDto } from '../contract/resolvers';
import { analyze } from '../core/analyze';
import { todayUtc } from '../core/dates';
import { toProjectHealthDto } from './dto';
import { requireProject, type ForgeContext } from './envelope';
import { effectiveConfig, loadViewerProject } from './load';
import type { ResolverServices } from './ports';

export async function projectHealth(
  services: ResolverServices,
  ctx: ForgeContext,
  // Every call reads Jira afresh (nothing is cached between viewers), so `refresh` changes nothing.
  _payload: PayloadOf<'health/project'>,
): Promise<ProjectHealthDto> {
  const projectKey = requireProject(ctx);
  const jira = services.jiraForViewer();
  const [project, config] = await Promise.all([
    loadViewerProject(services, jira, projectKey, ctx.siteUrl),
    effectiveConfig(services.store, projectKey, services.logError),
  ]);
  const now = services.now();
  const report = analyze(project.data, config, todayUtc(now));
  return toProjectHealthDto(
    report,
    { siteUrl: project.siteUrl, projectKey, data: project.data, hidden: project.hidden, hiddenTypeNames: project.hiddenTypeNames },
    now.toISOString(),
  );
}
