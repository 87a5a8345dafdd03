import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createForgeTransport, forgeRoute, type RequestJira } from '../../src/jira/forge-transport';
import { checkSiteUrl, createNodeTransport } from '../../src/jira/node-transport';
import { encodePath, jiraPath } from '../../src/jira/transport';
import { JiraNetworkError } from '../../src/jira/errors';

describe('paths', () => {
  test('parameters are one segment, percent-encoded in Node', () => {
    expect(encodePath(jiraPath`/rest/api/3/project/${'A B'}/versions`)).toBe('/rest/api/3/project/A%20B/versions');
    expect(encodePath(jiraPath`/rest/agile/1.0/board/${12}/sprint`)).toBe('/rest/agile/1.0/board/12/sprint');
  });
  test.each(['..', '.', '', 'A/B', 'A?x=1', 'A#x', '%2e%2e', 'a\\b'])('rejects the parameter %j', (value) => {
    expect(() => jiraPath`/rest/api/3/project/${value}`).toThrow(/unsafe Jira path parameter/);
  });
  test('Forge routes escape the query and keep the path', () => {
    expect(forgeRoute(jiraPath`/rest/api/3/project/${'TINY'}`, undefined).value).toBe('/rest/api/3/project/TINY');
    expect(forgeRoute(jiraPath`/rest/agile/1.0/board`, { projectKeyOrId: 'A&B=C', startAt: 0, skip: undefined }).value).toBe(
      '/rest/agile/1.0/board?projectKeyOrId=A%26B%3DC&startAt=0',
    );
  });
});

describe('the Forge transport', () => {
  test('sends the route, method and JSON body; reads status, headers and JSON', async () => {
    const calls: { url: string; init: unknown }[] = [];
    const requestJira: RequestJira = async (url, init) => {
      calls.push({ url: url.value, init });
      return { status: 200, headers: { get: (n: string) => (n === 'Retry-After' ? '2' : null) }, text: async () => '{"ok":true}' };
    };
    const transport = createForgeTransport({ requestJira });
    const result = await transport.request({ method: 'POST', path: jiraPath`/rest/api/3/search/jql`, body: { jql: 'project = "A"' } });
    expect(result.json).toEqual({ ok: true });
    expect(result.header('Retry-After')).toBe('2');
    expect(calls).toEqual([
      { url: '/rest/api/3/search/jql', init: { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: '{"jql":"project = \\"A\\""}' } },
    ]);
  });
  test('a platform failure is a network error (retried by the client)', async () => {
    const transport = createForgeTransport({ requestJira: async () => Promise.reject(new Error('socket hang up')) });
    await expect(transport.request({ method: 'GET', path: jiraPath`/rest/api/3/field` })).rejects.toThrow(JiraNetworkError);
  });
});

describe('the Node transport', () => {
  test('basic auth, encoded URL, JSON body', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push({ url: String(url), init });
      return new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    const transport = createNodeTransport({ baseUrl: 'https://x.atlassian.net/', email: 'me@x.com', apiToken: 't0k', fetch: fakeFetch });
    const result = await transport.request({ method: 'GET', path: jiraPath`/rest/api/3/project/${'A'}/versions`, query: { expand: 'a b' } });
    expect(result.json).toEqual([]);
    expect(seen[0]!.url).toBe('https://x.atlassian.net/rest/api/3/project/A/versions?expand=a+b');
    expect((seen[0]!.init!.headers as Record<string, string>).Authorization).toBe(`Basic ${Buffer.from('me@x.com:t0k').toString('base64')}`);
  });
  test('a refused connection is a network error naming the cause', async () => {
    // A port that was just free: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const transport = createNodeTransport({ baseUrl: `http://127.0.0.1:${port}`, email: 'a', apiToken: 'b', timeoutMs: 2000 });
    await expect(transport.request({ method: 'GET', path: jiraPath`/rest/api/3/field` })).rejects.toThrow(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  });
  test('site URLs: https, or http to this machine only; the site address only', () => {
    expect(checkSiteUrl('https://acme.atlassian.net/')).toEqual({ ok: true, url: 'https://acme.atlassian.net' });
    expect(checkSiteUrl('http://127.0.0.1:8080')).toEqual({ ok: true, url: 'http://127.0.0.1:8080' });
    expect(checkSiteUrl('http://acme.atlassian.net')).toMatchObject({ ok: false, error: expect.stringContaining('must use https') });
    expect(checkSiteUrl('https://acme.atlassian.net/jira')).toMatchObject({ ok: false });
    expect(checkSiteUrl('https://user:pw@acme.atlassian.net')).toMatchObject({ ok: false });
    expect(checkSiteUrl('acme')).toMatchObject({ ok: false, error: expect.stringContaining('not a URL') });
  });
});
