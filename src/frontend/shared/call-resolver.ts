/**
 * The one typed client of the app's resolvers, shared by every front end: the project page
 * (Custom UI, static/) and the UI Kit modules (src/frontend). It goes through @forge/bridge's
 * `invoke`, so the same bundle runs inside Jira and in the local preview.
 */
import { invoke } from '@forge/bridge';
import {
  ERROR_CODES,
  type ErrorCode,
  type PayloadOf,
  type ResolverError,
  type ResolverKey,
  type ResolverResponse,
  type ResponseOf,
} from '../../contract/resolvers';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

function toResolverError(value: unknown): ResolverError | undefined {
  if (!isRecord(value) || !isErrorCode(value.code) || typeof value.message !== 'string') return undefined;
  const error: ResolverError = { code: value.code, message: value.message };
  if (Array.isArray(value.fieldErrors)) {
    error.fieldErrors = value.fieldErrors.flatMap((fe: unknown) =>
      isRecord(fe) && typeof fe.key === 'string' && typeof fe.message === 'string' ? [{ key: fe.key, message: fe.message }] : [],
    );
  }
  return error;
}

/**
 * Reads the envelope a resolver answered. The bridge may wrap a body with metadata
 * ({ body, metadata }) when metadata was requested; we never request it, but accept both.
 */
function readEnvelope<T>(raw: unknown): ResolverResponse<T> {
  const body = isRecord(raw) && !('ok' in raw) && 'body' in raw ? raw.body : raw;
  if (isRecord(body) && body.ok === true && 'data' in body) return { ok: true, data: body.data as T };
  if (isRecord(body) && body.ok === false) {
    const error = toResolverError(body.error);
    if (error) return { ok: false, error };
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'The app answered something this page cannot read.' } };
}

function describeThrown(error: unknown): string {
  if (error instanceof Error && error.message.trim()) return error.message.trim();
  if (typeof error === 'string' && error.trim()) return error.trim();
  return 'unknown error';
}

/** Calls one resolver; never throws: a failed call becomes an error envelope. */
export async function callResolver<K extends ResolverKey>(
  key: K,
  payload: PayloadOf<K>,
): Promise<ResolverResponse<ResponseOf<K>>> {
  try {
    const raw: unknown = await invoke<unknown>(key, payload);
    return readEnvelope<ResponseOf<K>>(raw);
  } catch (error) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `The app could not be reached (${describeThrown(error)}).` },
    };
  }
}
