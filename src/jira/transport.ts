/**
 * The one seam between the Jira client and the network: a request in, a status, headers and
 * parsed JSON out. The Forge transport (src/jira/forge-transport.ts) runs inside a Forge
 * function; the Node transport (src/jira/node-transport.ts) runs on the command line.
 */

/**
 * A REST path whose variable parts are kept apart from its literal parts, so each transport
 * escapes them its own way (Forge's `route`, or encodeURIComponent per segment in Node).
 * Build one with the `jiraPath` tag: jiraPath`/rest/api/3/project/${key}`.
 */
export interface JiraPath {
  readonly literals: readonly string[];
  readonly params: readonly string[];
}

/** A path parameter must be one non-empty segment that cannot climb or end the path. */
function isSafePathParam(value: string): boolean {
  return value.length > 0 && value !== '.' && value !== '..' && !/[/\\?#]/.test(value) && !/%2e|%2f|%5c/i.test(value);
}

export function jiraPath(literals: TemplateStringsArray, ...params: (string | number)[]): JiraPath {
  const values = params.map(String);
  for (const value of values) {
    if (!isSafePathParam(value)) throw new Error(`unsafe Jira path parameter ${JSON.stringify(value)}`);
  }
  return { literals: [...literals], params: values };
}

/** The path with each parameter percent-encoded (for fetch, and for messages). */
export function encodePath(path: JiraPath): string {
  let out = '';
  path.literals.forEach((literal, i) => {
    out += literal;
    const param = path.params[i];
    if (param !== undefined) out += encodeURIComponent(param);
  });
  return out;
}

export type QueryValue = string | number | boolean | undefined;

export interface JiraRequest {
  method: 'GET' | 'POST';
  path: JiraPath;
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON body (POST). */
  body?: unknown;
}

export interface JiraResponse {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | null;
  /** The parsed JSON body, or undefined when the body is empty or not JSON (see `text`). */
  json: unknown;
  text: string;
}

export interface JiraTransport {
  /** Resolves with any HTTP response (including 4xx/5xx); rejects with JiraNetworkError when none arrived. */
  request(request: JiraRequest): Promise<JiraResponse>;
  /** The site's base URL when the transport knows it (Node), for links and messages. */
  readonly siteUrl?: string;
}

/** The query string (without "?"), dropping undefined values. */
export function encodeQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(name, String(value));
  }
  return params.toString();
}

/** "GET /rest/api/3/project/TINY" — how errors name an operation. */
export function describeRequest(request: JiraRequest): string {
  return `${request.method} ${encodePath(request.path)}`;
}

/** Parses a body as JSON, undefined when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
