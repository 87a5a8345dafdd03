/**
 * `config/*`: the site's and each project's config document, validated and versioned.
 * Every write (save, reset, restore) and the history are for Jira administrators only, checked
 * here on the server with the caller's own permissions, before anything else happens.
 */
import { startScan } from '../scan-job/scan-worker';
import type { ConfigHistoryEntryDto, ConfigScope, ConfigStateDto, PayloadOf } from '../contract/resolvers';
import { CONFIG_FIELDS, DEFAULT_CONFIG, validateConfig, type ConfigError, type ConfigInput } from '../core/config';
import { layeredConfig } from '../core/config-layers';
import type { ConfigScopeRef, ConfigVersion, ConfigWrite } from '../storage/config-store';
import { requireAccount, ResolverFailure, type ForgeContext } from './envelope';
import { effectiveConfig } from './load';
import type { ResolverServices } from './ports';

/** The scope a request is about: the payload's, else the project in view, else the site. */
function scopeOf(requested: ConfigScope | undefined, ctx: ForgeContext): ConfigScopeRef {
  if (requested) return requested;
  return ctx.projectKey ? { kind: 'project', projectKey: ctx.projectKey } : { kind: 'site' };
}

/** The caller must be a Jira administrator (global ADMINISTER), asked of Jira as the caller. */
async function requireAdmin(services: ResolverServices, ctx: ForgeContext): Promise<string> {
  const accountId = requireAccount(ctx);
  const { administer } = await services.jiraForViewer().myPermissions();
  if (!administer) throw new ResolverFailure('FORBIDDEN', 'Only Jira administrators can change or see the history of the planning levels config.');
  return accountId;
}

async function stateOf(services: ResolverServices, scope: ConfigScopeRef): Promise<ConfigStateDto> {
  const stored = await services.store.current(scope);
  const config = await effectiveConfig(services.store, scope.kind === 'project' ? scope.projectKey : null, services.logError);
  return {
    scope,
    config,
    stored: stored?.config ?? null,
    version: stored?.version ?? 0,
    ...(stored ? { savedBy: stored.savedBy, savedAt: stored.savedAt } : {}),
    fields: CONFIG_FIELDS,
    defaults: DEFAULT_CONFIG,
  };
}

function invalid(errors: readonly ConfigError[], prefix: string): ResolverFailure {
  const fieldErrors = errors.map((e) => ({ key: e.key, message: e.message }));
  return new ResolverFailure('INVALID_CONFIG', `${prefix}: ${fieldErrors.map((e) => e.message).join('; ')}`, fieldErrors);
}

/** Validates a document for a scope: on its own, and (for a project) over the site's document. */
async function checkDocument(services: ResolverServices, scope: ConfigScopeRef, document: unknown): Promise<ConfigInput> {
  const alone = validateConfig(document);
  if (!alone.ok) throw invalid(alone.errors, 'The config was not saved');
  const doc = structuredClone(document) as ConfigInput;
  if (scope.kind === 'project') {
    const site = await services.store.current({ kind: 'site' });
    const layered = layeredConfig(site?.config ?? null, doc);
    if (!layered.ok) throw invalid(layered.errors, 'The config was not saved (together with the site settings)');
  }
  return doc;
}

async function write(services: ResolverServices, scope: ConfigScopeRef, expectedVersion: number, entry: Omit<ConfigWrite, 'savedAt'>): Promise<ConfigStateDto> {
  await services.store.write(scope, expectedVersion, { ...entry, savedAt: services.now().toISOString() });
  await rescanAfterConfigChange(services, scope);
  return { ...(await stateOf(services, scope)), canEdit: true };
}

/**
 * Stored results were computed with the old config: rescan the projects it applies to. A
 * project's config rescans that project (if the app keeps a result for it); the site's pushes
 * one refresh event and the consumer rescans every known project in batches, so the save
 * answers in a few calls whatever the number of projects. The save itself stands even when a
 * rescan cannot be queued; the failure is logged and the daily refresh catches up.
 */
async function rescanAfterConfigChange(services: ResolverServices, scope: ConfigScopeRef): Promise<void> {
  const scale = services.scale;
  if (scale === undefined) return;
  try {
    const deps = scale.worker();
    if (scope.kind === 'site') await deps.enqueue({ type: 'refresh-all', reason: 'config' }, 0);
    else if (await scale.states.isKnown(scope.projectKey)) await startScan(deps, scope.projectKey, 'config');
  } catch (error) {
    services.logError(`config saved, but the rescan could not be queued: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function getConfig(services: ResolverServices, ctx: ForgeContext, payload: PayloadOf<'config/get'>): Promise<ConfigStateDto> {
  const scope = scopeOf(payload.scope, ctx);
  const { administer, browseProject } = await services.jiraForViewer().myPermissions(scope.kind === 'project' ? scope.projectKey : undefined);
  if (scope.kind === 'project' && !browseProject) throw new ResolverFailure('FORBIDDEN', `You may not browse project ${scope.projectKey}.`);
  const [state, hierarchyLevels] = await Promise.all([stateOf(services, scope), visionLevels(services)]);
  const withTypes = hierarchyLevels === null ? state : { ...state, hierarchyLevels };
  if (administer) return { ...withTypes, canEdit: true };
  // Who saved last is shown to administrators only; a member sees the settings read-only.
  const { savedBy: _who, ...rest } = withTypes;
  return { ...rest, canEdit: false };
}

/**
 * The site's issue types at hierarchy level 2 and above (the levels the vision may start at), by
 * level; null when Jira cannot say (the page then offers the levels by number). A failure is
 * logged, not raised: the settings still load.
 */
async function visionLevels(services: ResolverServices): Promise<{ level: number; issueTypes: string[] }[] | null> {
  const jira = services.jiraForViewer();
  if (jira.issueTypes === undefined) return null;
  try {
    const byLevel = new Map<number, Set<string>>();
    for (const t of await jira.issueTypes()) {
      if (t.hierarchyLevel === undefined || t.hierarchyLevel < 2) continue;
      byLevel.set(t.hierarchyLevel, (byLevel.get(t.hierarchyLevel) ?? new Set()).add(t.name));
    }
    return [...byLevel.entries()].sort(([a], [b]) => a - b).map(([level, names]) => ({ level, issueTypes: [...names].sort() }));
  } catch (error) {
    services.logError(`[config] the issue types could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export async function saveConfig(services: ResolverServices, ctx: ForgeContext, payload: () => PayloadOf<'config/save'>): Promise<ConfigStateDto> {
  const savedBy = await requireAdmin(services, ctx);
  const { scope: requested, config, expectedVersion } = payload();
  const scope = scopeOf(requested, ctx);
  const doc = await checkDocument(services, scope, config);
  return write(services, scope, expectedVersion, { action: 'save', config: doc, savedBy });
}

export async function resetConfig(services: ResolverServices, ctx: ForgeContext, payload: () => PayloadOf<'config/reset'>): Promise<ConfigStateDto> {
  const savedBy = await requireAdmin(services, ctx);
  const { scope: requested, expectedVersion } = payload();
  return write(services, scopeOf(requested, ctx), expectedVersion, { action: 'reset', config: {}, savedBy });
}

function toHistoryEntry(v: ConfigVersion): ConfigHistoryEntryDto {
  return {
    version: v.version,
    action: v.action,
    config: v.config,
    savedBy: v.savedBy,
    savedAt: v.savedAt,
    ...(v.restoredFrom !== undefined ? { restoredFrom: v.restoredFrom } : {}),
  };
}

export async function configHistory(services: ResolverServices, ctx: ForgeContext, payload: () => PayloadOf<'config/history'>): Promise<{ entries: ConfigHistoryEntryDto[] }> {
  await requireAdmin(services, ctx);
  const scope = scopeOf(payload().scope, ctx);
  return { entries: (await services.store.history(scope)).map(toHistoryEntry) };
}

export async function restoreConfig(services: ResolverServices, ctx: ForgeContext, payload: () => PayloadOf<'config/restore'>): Promise<ConfigStateDto> {
  const savedBy = await requireAdmin(services, ctx);
  const { scope: requested, version, expectedVersion } = payload();
  const scope = scopeOf(requested, ctx);
  const target = (await services.store.history(scope)).find((v) => v.version === version);
  if (!target) throw new ResolverFailure('NOT_FOUND', `Version ${version} is not in the kept history (the last 20 versions).`);
  const doc = await checkDocument(services, scope, target.config);
  return write(services, scope, expectedVersion, { action: 'restore', config: doc, savedBy, restoredFrom: version });
}
