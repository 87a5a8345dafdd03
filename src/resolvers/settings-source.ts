/**
 * Which settings apply to a project (the site's, or the project's override on top of them) and
 * the days they changed, for the project page: a change of rules is not a change of health.
 */
import type { SettingsChangeDto, SettingsSourceDto } from '../contract/resolvers';
import type { ConfigStore, ConfigVersion } from '../storage/config-store';

function hasContent(version: ConfigVersion | null): boolean {
  return version !== null && Object.keys(version.config).length > 0;
}

export async function settingsOf(store: ConfigStore, projectKey: string, canConfigure: boolean): Promise<{ settings: SettingsSourceDto; settingsChanges: SettingsChangeDto[] }> {
  const site = { kind: 'site' } as const;
  const project = { kind: 'project', projectKey } as const;
  const [siteNow, projectNow, siteHistory, projectHistory] = await Promise.all([store.current(site), store.current(project), store.history(site), store.history(project)]);
  const changes: SettingsChangeDto[] = [
    ...siteHistory.map((v) => ({ date: v.savedAt.slice(0, 10), scope: 'site' as const, version: v.version, action: v.action })),
    ...projectHistory.map((v) => ({ date: v.savedAt.slice(0, 10), scope: 'project' as const, version: v.version, action: v.action })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.scope.localeCompare(b.scope) || a.version - b.version);
  return {
    settings: { source: hasContent(projectNow) ? 'project' : 'site', siteVersion: siteNow?.version ?? 0, projectVersion: projectNow?.version ?? 0, canConfigure },
    settingsChanges: changes,
  };
}
