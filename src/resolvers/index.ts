/**
 * The resolver definitions: one handler per contract key, each validating its payload with the
 * contract's schema, reading project and issue from the Forge context only, and answering in
 * the one envelope. `registerResolvers` puts them on @forge/resolver's Resolver (src/index.ts);
 * tests call `createResolverHandlers` with fakes of the ports.
 */
import {
  payloadSchemas,
  RESOLVER_KEYS,
  type PayloadOf,
  type ResolverKey,
  type ResolverResponse,
  type ResponseOf,
} from '../contract/resolvers';
import { isConsentError } from '../jira/errors';
import { issueChain } from './chain';
import { configHistory, getConfig, resetConfig, restoreConfig, saveConfig } from './config';
import { failed, ok, parsePayload, readContext, type ForgeContext } from './envelope';
import type { ResolverServices } from './ports';
import { BrowseCache, getPortfolio, getPortfolioProject, getPortfolioSettings, savePortfolioSettings } from './portfolio';
import { levelHistory, scanFindings, scanStart, scanStatus } from './scan';
import { KeyVisibilityCache } from './visibility-cache';

/** What Forge hands a resolver function (see @forge/resolver's Request). */
interface ResolverRequest {
  payload: unknown;
  context: unknown;
}

type ResolverHandler<K extends ResolverKey> = (request: ResolverRequest) => Promise<ResolverResponse<ResponseOf<K>>>;
export type ResolverHandlers = { [K in ResolverKey]: ResolverHandler<K> };

/** The payload, parsed on first use: admin-only resolvers check the caller before reading it. */
type LazyPayload<K extends ResolverKey> = () => PayloadOf<K>;

export function createResolverHandlers(given: ResolverServices): ResolverHandlers {
  const services: ResolverServices = {
    ...given,
    visibilityCache: given.visibilityCache ?? new KeyVisibilityCache(),
    browseCache: given.browseCache ?? new BrowseCache(),
  };
  const define =
    <K extends ResolverKey>(key: K, body: (ctx: ForgeContext, payload: LazyPayload<K>) => Promise<ResponseOf<K>>): ResolverHandler<K> =>
    async (request) => {
      try {
        const ctx = readContext(request.context);
        let parsed: { value: PayloadOf<K> } | undefined;
        const payload: LazyPayload<K> = () => {
          parsed ??= { value: parsePayload(payloadSchemas[key], request.payload) as PayloadOf<K> };
          return parsed.value;
        };
        return ok(await body(ctx, payload));
      } catch (error) {
        // Forge asks the user to allow the app only when its consent error leaves the function.
        if (isConsentError(error)) throw error;
        return failed(key, error, services.logError);
      } finally {
        await accounted(key);
      }
    };
  /** The points spent ahead of the ledger are written before the answer leaves (the answer does not depend on it). */
  const accounted = async (key: ResolverKey): Promise<void> => {
    try {
      await services.untilAccounted?.();
    } catch (error) {
      services.logError(`[${key}] the Jira points of this call could not be written to the points ledger: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return {
    'chain/issue': define('chain/issue', (ctx, payload) => {
      const p = payload();
      return issueChain(services, ctx, p);
    }),
    'config/get': define('config/get', (ctx, payload) => {
      const p = payload();
      return getConfig(services, ctx, p);
    }),
    'config/save': define('config/save', (ctx, payload) => saveConfig(services, ctx, payload)),
    'config/reset': define('config/reset', (ctx, payload) => resetConfig(services, ctx, payload)),
    'config/history': define('config/history', (ctx, payload) => configHistory(services, ctx, payload)),
    'config/restore': define('config/restore', (ctx, payload) => restoreConfig(services, ctx, payload)),
    'scan/status': define('scan/status', (ctx, payload) => scanStatus(services, ctx, payload())),
    'scan/start': define('scan/start', (ctx, payload) => scanStart(services, ctx, payload())),
    'scan/findings': define('scan/findings', (ctx, payload) => scanFindings(services, ctx, payload())),
    'history/levels': define('history/levels', (ctx, payload) => levelHistory(services, ctx, payload())),
    'portfolio/get': define('portfolio/get', (ctx, payload) => getPortfolio(services, ctx, payload())),
    'portfolio/project': define('portfolio/project', (ctx, payload) => getPortfolioProject(services, ctx, payload())),
    'portfolio/settings-get': define('portfolio/settings-get', (ctx, payload) => getPortfolioSettings(services, ctx, payload())),
    'portfolio/settings-save': define('portfolio/settings-save', (ctx, payload) => savePortfolioSettings(services, ctx, payload)),
  };
}

/** Anything with @forge/resolver's `define`. */
export interface ResolverRegistry {
  define(functionKey: string, handler: (request: ResolverRequest) => Promise<unknown>): unknown;
}

export function registerResolvers(registry: ResolverRegistry, services: ResolverServices): ResolverHandlers {
  const handlers = createResolverHandlers(services);
  for (const key of RESOLVER_KEYS) registry.define(key, handlers[key] as (request: ResolverRequest) => Promise<unknown>);
  return handlers;
}
