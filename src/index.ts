/**
 * The Forge function behind every module (manifest.yml: function `resolver`, handler
 * `index.handler`). Jira is read as the person viewing the page (asUser), never as the app;
 * the config lives in Forge key-value storage.
 */
import { kvs } from '@forge/kvs';
import Resolver from '@forge/resolver';
import { createJiraClient, RESOLVER_JIRA_BUDGET_MS } from './jira/client';
import { createForgeTransport } from './jira/forge-transport';
import { registerResolvers } from './resolvers';
import { viewerJiraFromClient } from './resolvers/jira-viewer';
import type { ResolverServices } from './resolvers/ports';
import { kvsConfigStore } from './storage/config-store';
import { consumeScanEvent, forgeScaleServices, onDailyRefresh, onIssueEvent } from './scale/forge-entry';

export function forgeServices(): ResolverServices {
  return {
    jiraForViewer: () => viewerJiraFromClient(createJiraClient(createForgeTransport({ as: 'user' }), { retry: { budgetMs: RESOLVER_JIRA_BUDGET_MS } })),
    store: kvsConfigStore(kvs),
    now: () => new Date(),
    logError: (message) => console.error(message),
    scale: forgeScaleServices(),
  };
}

const resolver = new Resolver();
registerResolvers(resolver, forgeServices());

export const handler = resolver.getDefinitions();

// The scale path (manifest.yml: consumer, trigger, scheduledTrigger).
const scanResolver = new Resolver();
scanResolver.define('scan-event', (request) => consumeScanEvent(request));
export const scanWorker = scanResolver.getDefinitions();
export const issueEvents = (event: unknown) => onIssueEvent(event);
export const dailyRefresh = () => onDailyRefresh();
