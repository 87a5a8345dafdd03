/**
 * The Forge transport: `requestJira` with a `route`, as the user viewing the page (their
 * permissions) or as the app. `route` escapes every path parameter and query value.
 */
import api, { route, type Route } from '@forge/api';
import { isConsentError, JiraNetworkError } from './errors';
import { parseJsonBody, type JiraPath, type JiraRequest, type JiraResponse, type JiraTransport } from './transport';

/** The slice of @forge/api's response the transport reads. */
export interface ForgeResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type RequestJira = (url: Route, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<ForgeResponseLike>;

export interface ForgeTransportOptions {
  /** 'user': the current user's permissions (the default, for what a person sees); 'app': the app's. */
  as?: 'user' | 'app';
  /** For tests: replaces api.asUser().requestJira / api.asApp().requestJira. */
  requestJira?: RequestJira;
}

function templateOf(literals: readonly string[]): TemplateStringsArray {
  return Object.assign([...literals], { raw: [...literals] }) as unknown as TemplateStringsArray;
}

/** The Forge route of a request: its path through `route` (which escapes parameters), then the query. */
export function forgeRoute(path: JiraPath, query: Readonly<Record<string, string | number | boolean | undefined>> | undefined): Route {
  const pathRoute = route(templateOf(path.literals), ...path.params);
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(name, String(value));
  }
  return params.size === 0 ? pathRoute : route`${pathRoute}?${params}`;
}

export function createForgeTransport(options: ForgeTransportOptions = {}): JiraTransport {
  // asUser()/asApp() are resolved per request: they read the invocation's context.
  const requestJira: RequestJira =
    options.requestJira ?? ((url, init) => (options.as === 'app' ? api.asApp() : api.asUser()).requestJira(url, init));
  return {
    async request(request: JiraRequest): Promise<JiraResponse> {
      let status: number;
      let headers: ForgeResponseLike['headers'];
      let text: string;
      try {
        const response = await requestJira(forgeRoute(request.path, request.query), {
          method: request.method,
          headers: request.body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
        status = response.status;
        headers = response.headers;
        text = await response.text();
      } catch (error) {
        if (isConsentError(error)) throw error;
        throw new JiraNetworkError(`Jira request failed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
      }
      return { status, header: (name) => headers.get(name), json: parseJsonBody(text), text };
    },
  };
}
