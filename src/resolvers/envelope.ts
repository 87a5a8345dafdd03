/**
 * The pieces every resolver shares: the Forge context as the app trusts it, typed failures,
 * and the one envelope every answer travels in.
 */
import { z } from 'zod';
import type { ErrorCode, ResolverError, ResolverResponse } from '../contract/resolvers';
import { isIssueKey, isProjectKey } from '../core/project-key';
import {
  JiraAuthError,
  JiraError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraRateLimitError,
} from '../jira/errors';
import { ConfigConflictError } from '../storage/config-store';
import { VersionConflictError } from '../storage/versioned-document';

/** A failure the resolver means to report, with its code. */
export class ResolverFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: { key: string; message: string }[],
  ) {
    super(message);
    this.name = 'ResolverFailure';
  }
}

/**
 * The part of Forge's invocation context the resolvers read. Forge fills it on the server from
 * the module the person is looking at; nothing in it comes from the payload.
 */
const forgeContextSchema = z.looseObject({
  accountId: z.string().min(1).optional(),
  siteUrl: z.string().optional(),
  moduleKey: z.string().optional(),
  /** The module's extension ARI: ari:cloud:ecosystem::extension/APP/ENVIRONMENT/static/MODULE. */
  localId: z.string().optional(),
  environmentId: z.string().optional(),
  extension: z
    .looseObject({
      type: z.string().optional(),
      project: z.looseObject({ key: z.string() }).nullish(),
      issue: z.looseObject({ key: z.string() }).nullish(),
    })
    .nullish(),
});

/** The installed app's ids, as the addresses of its pages carry them (/apps/APP/ENVIRONMENT). */
export interface AppIds {
  appId: string;
  environmentId: string;
}

const EXTENSION_ARI = /^ari:cloud:ecosystem::extension\/([0-9a-fA-F-]{8,64})\/([0-9a-fA-F-]{8,64})\/static\//;

export interface ForgeContext {
  accountId?: string;
  siteUrl?: string;
  /** From the module's extension ARI (`localId`); absent where the context has none (the CLI, tests). */
  app?: AppIds;
  projectKey?: string;
  issueKey?: string;
}

/** Reads the context; keys that do not look like Jira keys are dropped, never passed on. */
export function readContext(raw: unknown): ForgeContext {
  const parsed = forgeContextSchema.safeParse(raw ?? {});
  if (!parsed.success) return {};
  const { accountId, siteUrl, extension, localId, environmentId } = parsed.data;
  const projectKey = extension?.project?.key;
  const issueKey = extension?.issue?.key;
  const ari = localId === undefined ? null : EXTENSION_ARI.exec(localId);
  const app = ari === null ? undefined : { appId: ari[1]!, environmentId: environmentId ?? ari[2]! };
  return {
    ...(accountId ? { accountId } : {}),
    ...(app && /^[0-9a-fA-F-]{8,64}$/.test(app.environmentId) ? { app } : {}),
    ...(siteUrl && /^https?:\/\/[^\s/]+/.test(siteUrl) ? { siteUrl: siteUrl.replace(/\/+$/, '') } : {}),
    ...(isProjectKey(projectKey) ? { projectKey } : {}),
    ...(isIssueKey(issueKey) ? { issueKey } : {}),
  };
}

export function requireProject(ctx: ForgeContext): string {
  if (!ctx.projectKey) throw new ResolverFailure('MISSING_CONTEXT', 'Open this from a Jira project: no project is in view.');
  return ctx.projectKey;
}

export function requireIssue(ctx: ForgeContext): string {
  if (!ctx.issueKey) throw new ResolverFailure('MISSING_CONTEXT', 'Open this from a Jira issue: no issue is in view.');
  return ctx.issueKey;
}

export function requireAccount(ctx: ForgeContext): string {
  if (!ctx.accountId) throw new ResolverFailure('MISSING_CONTEXT', 'This needs a signed-in Jira user.');
  return ctx.accountId;
}

/** Parses a payload with the contract's schema; INVALID_PAYLOAD names each bad key. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return parsed.data;
  const fieldErrors = parsed.error.issues.map((issue) => ({
    key: issue.path.length > 0 ? issue.path.join('.') : '(root)',
    message: issue.message,
  }));
  throw new ResolverFailure('INVALID_PAYLOAD', `The request is not valid: ${fieldErrors.map((e) => `${e.key}: ${e.message}`).join('; ')}`, fieldErrors);
}

/** Maps any failure to its code and a sentence for a person. */
function toResolverError(error: unknown): ResolverError {
  if (error instanceof ResolverFailure) {
    return { code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
  }
  if (error instanceof ConfigConflictError) return { code: 'CONFLICT', message: `Someone else saved the config meanwhile: ${error.message}.` };
  if (error instanceof VersionConflictError) return { code: 'CONFLICT', message: `Someone else saved this setting meanwhile: it was ${error.message}.` };
  if (error instanceof JiraNotFoundError) return { code: 'NOT_FOUND', message: 'Jira has no such project or issue, or you may not browse it.' };
  if (error instanceof JiraForbiddenError || error instanceof JiraAuthError) {
    return { code: 'FORBIDDEN', message: 'Jira did not allow this for your account.' };
  }
  if (error instanceof JiraRateLimitError) return { code: 'RATE_LIMITED', message: 'Jira is busy (rate limited); try again in a minute.' };
  if (error instanceof JiraError) return { code: 'JIRA_ERROR', message: `Jira failed to answer: ${error.message}` };
  return { code: 'INTERNAL', message: 'Something went wrong in the app; the error was logged.' };
}

export function ok<T>(data: T): ResolverResponse<T> {
  return { ok: true, data };
}

/** The envelope of a failure; logs it with its code (never swallowed). */
export function failed<T>(key: string, error: unknown, logError: (message: string) => void): ResolverResponse<T> {
  const resolverError = toResolverError(error);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = resolverError.code === 'INTERNAL' && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  logError(`[${key}] ${resolverError.code} ${detail}${stack}`);
  return { ok: false, error: resolverError };
}
