/**
 * Config layers: the effective config is the defaults, overlaid by the site's saved document,
 * overlaid by the project's saved document (each key optional). Pure.
 */
import { validateConfig, type ConfigError, type ConfigInput, type PlanningConfig } from './config';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Overlays documents left to right, section by section (later keys win). */
function overlayConfigInputs(...layers: readonly (ConfigInput | null | undefined)[]): ConfigInput {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const existing = out[key];
      out[key] = isPlainObject(value) && isPlainObject(existing) ? { ...existing, ...value } : isPlainObject(value) ? { ...value } : value;
    }
  }
  return out as ConfigInput;
}

export type LayeredConfig =
  | { ok: true; config: PlanningConfig }
  | { ok: false; errors: ConfigError[] };

/** Defaults ← site ← project, validated as a whole (a project's min may not exceed the site's max). */
export function layeredConfig(site: ConfigInput | null, project: ConfigInput | null): LayeredConfig {
  return validateConfig(overlayConfigInputs(site, project));
}
