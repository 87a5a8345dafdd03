/**
 * The effective config of a project: defaults ← site ← project.
 */
import type { PlanningConfig } from '../core/config';
import { layeredConfig } from '../core/config-layers';
import type { ConfigStore } from '../storage/config-store';

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
