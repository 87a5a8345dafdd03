/**
 * Loading what a resolver analyses, as the viewer: the project, the effective config, and which
 * embedded parents the viewer may not browse (Jira embeds a child's parent even when the parent
 * lives in a project the viewer cannot see; those parents are redacted, never shown).
 */
import type { PlanningConfig } from '../core/config';
import { layeredConfig } from '../core/config-layers';
import { isIssueKey } from '../core/project-key';
import type { IssueRecord, ProjectData } from '../core/model';
import { toIssueRecord, toProjectData, typesIndex, type RawProject } from '../jira/project-data';
import type { ConfigStore } from '../storage/config-store';
import type { ResolverServices, ViewerJira } from './ports';

/** At most this many outside parents are checked one by one; the rest count as hidden. */
export const MAX_PARENT_CHECKS = 100;
const PARENT_CHECK_CONCURRENCY = 5;
/** How far the issue panel climbs through parents outside the project. */
export const MAX_OUTSIDE_DEPTH = 10;

export interface ViewerProject {
  raw: RawProject;
  data: ProjectData;
  siteUrl: string;
  hidden: Set<string>;
  hiddenTypeNames: Map<string, string>;
}

/** defaults ← site ← project; when the layers clash (a site change made a project's save invalid), the project's own document wins. */
export async function effectiveConfig(store: ConfigStore, projectKey: string | null, logError: (m: string) => void): Promise<PlanningConfig> {
  const [site, project] = await Promise.all([
    store.current({ kind: 'site' }),
    projectKey ? store.current({ kind: 'project', projectKey }) : Promise.resolve(null),
  ]);
  const layered = layeredConfig(site?.config ?? null, project?.config ?? null);
  if (layered.ok) return layered.config;
  logError(`[config] INVALID_CONFIG layers of ${projectKey ?? 'site'} clash: ${layered.errors.map((e) => e.message).join('; ')}`);
  for (const fallback of [layeredConfig(null, project?.config ?? null), layeredConfig(site?.config ?? null, null), layeredConfig(null, null)]) {
    if (fallback.ok) return fallback.config;
  }
  throw new Error('the default config is invalid');
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Parents outside the data, and whether the viewer may browse each (read as the viewer). */
async function checkOutsideParents(jira: ViewerJira, data: ProjectData): Promise<{ hidden: Set<string>; typeNames: Map<string, string> }> {
  const inData = new Set(data.issues.map((i) => i.key));
  const typeNames = new Map<string, string>();
  for (const issue of data.issues) {
    if (issue.parent && !inData.has(issue.parent.key)) typeNames.set(issue.parent.key, issue.parent.issueTypeName);
  }
  const keys = [...typeNames.keys()];
  const checked = keys.slice(0, MAX_PARENT_CHECKS);
  const visible = await mapLimit(checked, PARENT_CHECK_CONCURRENCY, async (key) => isIssueKey(key) && (await jira.issue(key)) !== null);
  const hidden = new Set<string>(keys.slice(MAX_PARENT_CHECKS));
  checked.forEach((key, i) => {
    if (!visible[i]) hidden.add(key);
  });
  return { hidden, typeNames };
}

export async function loadViewerProject(services: ResolverServices, jira: ViewerJira, projectKey: string, contextSiteUrl: string | undefined): Promise<ViewerProject> {
  const raw = await jira.loadProject(projectKey);
  const data = toProjectData(raw);
  const { hidden, typeNames } = await checkOutsideParents(jira, data);
  const hiddenTypeNames = new Map([...typeNames].filter(([key]) => hidden.has(key)));
  const siteUrl = (contextSiteUrl ?? raw.siteUrl).replace(/\/+$/, '');
  return { raw, data: { ...data, siteUrl }, siteUrl, hidden, hiddenTypeNames };
}

/**
 * Climbs from `startKey` through parents outside the project, reading each as the viewer.
 * Returns the records read and the first parent the viewer may not browse, if any.
 */
export async function loadOutsideAncestors(
  jira: ViewerJira,
  project: ViewerProject,
  startKey: string,
): Promise<{ records: IssueRecord[]; hidden: Set<string> }> {
  const byKey = new Map(project.data.issues.map((i) => [i.key, i]));
  const typesById = typesIndex(project.raw.issueTypes);
  const records: IssueRecord[] = [];
  const hidden = new Set<string>();
  const seen = new Set<string>();
  let current: IssueRecord | undefined = byKey.get(startKey);
  for (let depth = 0; current?.parent && depth < MAX_OUTSIDE_DEPTH; depth++) {
    const parentKey: string = current.parent.key;
    if (seen.has(parentKey)) break;
    seen.add(parentKey);
    const inProject = byKey.get(parentKey);
    if (inProject) {
      current = inProject;
      continue;
    }
    const issue = isIssueKey(parentKey) ? await jira.issue(parentKey) : null;
    if (!issue) {
      hidden.add(parentKey);
      break;
    }
    const record = toIssueRecord(issue, project.raw, typesById);
    records.push(record);
    current = record;
  }
  return { records, hidden };
}
