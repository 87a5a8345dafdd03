/**
 * Atlassian's points model for app traffic to Jira Cloud ("Rate limiting", enforced since
 * 2 March 2026): a read costs 1 point, plus 1 point per core-domain object it returns (issues,
 * projects) and 2 per identity object (users, groups, permissions). An approximate count
 * (POST /rest/api/3/search/approximate-count) returns a number and no issue objects: 1 point,
 * however many issues it counts — against 1 + n for an id-only search page of n ids. The client estimates a
 * request's points before sending it (from what it asks for) and counts them from the answer;
 * the emulator charges the same way. Both read the request's path and body only through this
 * file, so the two cannot drift apart.
 */

/** What the model needs of a request: its method, its path as sent, and its JSON body. */
export interface PricedRequest {
  method: string;
  /** The path as sent (percent-encoded segments), without the query. */
  path: string;
  /** maxResults (search, project search) from the body or the query. */
  maxResults?: number | undefined;
  /** The number of ids or keys a bulk fetch asks for. */
  bulkIds?: number | undefined;
  /** The number of permission keys mypermissions asks for. */
  permissionKeys?: number | undefined;
}

/** Jira's page caps: 100 issues with fields, 5,000 when only `id` or `key` is asked for. */
const SEARCH_DEFAULT = 50;

type Kind = 'search' | 'count' | 'bulkfetch' | 'issue' | 'project' | 'projectSearch' | 'mypermissions' | 'other';

function kindOf(method: string, path: string): Kind {
  if (path === '/rest/api/3/search/jql') return 'search';
  // A number, no issue objects: a read with no core objects costs its 1 point, whatever it counts.
  if (method === 'POST' && path === '/rest/api/3/search/approximate-count') return 'count';
  if (method === 'POST' && path === '/rest/api/3/issue/bulkfetch') return 'bulkfetch';
  if (method === 'GET' && /^\/rest\/api\/3\/issue\/[^/]+$/.test(path)) return 'issue';
  if (method === 'GET' && path === '/rest/api/3/project/search') return 'projectSearch';
  if (method === 'GET' && /^\/rest\/api\/3\/project\/[^/]+$/.test(path)) return 'project';
  if (method === 'GET' && path === '/rest/api/3/mypermissions') return 'mypermissions';
  return 'other';
}

/** The most points a request may cost: what the limiter reserves before sending it. */
export function estimatePoints(request: PricedRequest): number {
  switch (kindOf(request.method, request.path)) {
    case 'search':
      return 1 + (request.maxResults ?? SEARCH_DEFAULT);
    case 'bulkfetch':
      return 1 + (request.bulkIds ?? 100);
    case 'issue':
    case 'project':
      return 2;
    case 'count':
      return 1;
    case 'projectSearch':
      return 1 + (request.maxResults ?? 50);
    case 'mypermissions':
      return 1 + 2 * (request.permissionKeys ?? 1);
    case 'other':
      return 1;
  }
}

function lengthOf(json: unknown, property: string): number {
  if (json === null || typeof json !== 'object') return 0;
  const value = (json as Record<string, unknown>)[property];
  if (Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return 0;
}

/** The points an answered read costs: 1, plus its core objects, plus 2 per identity object. */
export function chargedPoints(method: string, path: string, status: number, json: unknown): number {
  if (status !== 200) return 1;
  switch (kindOf(method, path)) {
    case 'search':
    case 'bulkfetch':
      return 1 + lengthOf(json, 'issues');
    case 'issue':
    case 'project':
      return 2;
    case 'count':
      return 1;
    case 'projectSearch':
      return 1 + lengthOf(json, 'values');
    case 'mypermissions':
      return 1 + 2 * lengthOf(json, 'permissions');
    case 'other':
      return 1;
  }
}
