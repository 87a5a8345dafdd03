/**
 * The Node transport: fetch with basic auth (an Atlassian account email and API token), for the
 * command line and the local preview. Every path segment is percent-encoded.
 */
import { JiraNetworkError } from './errors';
import { encodePath, encodeQuery, parseJsonBody, type JiraRequest, type JiraResponse, type JiraTransport } from './transport';

export interface NodeTransportOptions {
  /** https://NAME.atlassian.net (or the emulator's http://127.0.0.1:PORT). */
  baseUrl: string;
  email?: string;
  apiToken?: string;
  /** Per-request timeout; a timed-out request counts as a network failure (retried). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A site URL safe to send credentials to: https, or http only to this machine (the emulator).
 * Returns the origin without a trailing slash, or an error message.
 */
export function checkSiteUrl(value: string): { ok: true; url: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: `"${value}" is not a URL; give the site as https://NAME.atlassian.net` };
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { ok: false, error: `"${value}" must use https (plain http is accepted only for 127.0.0.1, the local emulator)` };
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return { ok: false, error: `"${value}" must be the site's address only, like https://NAME.atlassian.net` };
  }
  return { ok: true, url: url.origin };
}

function networkCause(error: unknown): string {
  // Duck-typed: errors from fetch may come from another realm (instanceof Error fails there).
  const e = error as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (e === null || typeof e !== 'object') return String(error);
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  if (typeof e.cause?.code === 'string') return e.cause.code;
  if (typeof e.cause?.message === 'string') return e.cause.message;
  return typeof e.message === 'string' ? e.message : String(error);
}

export function createNodeTransport(options: NodeTransportOptions): JiraTransport {
  const checked = checkSiteUrl(options.baseUrl);
  if (!checked.ok) throw new Error(checked.error);
  const baseUrl = checked.url;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.email !== undefined && options.apiToken !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  }
  return {
    siteUrl: baseUrl,
    async request(request: JiraRequest): Promise<JiraResponse> {
      const query = encodeQuery(request.query);
      const url = `${baseUrl}${encodePath(request.path)}${query ? `?${query}` : ''}`;
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: request.method,
          headers: request.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw new JiraNetworkError(`cannot reach ${baseUrl} (${networkCause(error)})`, { cause: error });
      }
      return {
        status: response.status,
        header: (name) => response.headers.get(name),
        json: parseJsonBody(text),
        text,
      };
    },
  };
}
