/**
 * The portfolio on a live site (the emulator serving the demo snapshot): --all lists the
 * projects the credentials may browse through the paged project search, and the document
 * equals the one the snapshot gives.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { reportMain } from '../../src/cli/report';
import { isInputError } from '../../src/cli/run';
import { createJiraClient } from '../../src/jira/client';
import { encodePath, type JiraRequest, type JiraTransport } from '../../src/jira/transport';
import { listProjects } from '../../src/snapshot/reader';
import { DEMO, fastRetry } from '../emulator/helpers';

const AS_OF = '2026-11-20';

async function run(args: string[]): Promise<string> {
  let out = '';
  await reportMain(args, (t) => (out += t));
  return out;
}

describe('report --site with --all and --projects', () => {
  let emulator: RunningEmulator;
  let keys: string[];
  const saved = { email: process.env.JIRA_EMAIL, token: process.env.JIRA_API_TOKEN };
  beforeAll(async () => {
    keys = await listProjects(DEMO);
    emulator = await startEmulator({ snapshotDir: DEMO, users: { 'outsider@example.com': { hiddenProjects: [keys[0]!] } } });
    process.env.JIRA_API_TOKEN = 'token';
  });
  afterAll(async () => {
    await emulator.close();
    process.env.JIRA_EMAIL = saved.email;
    process.env.JIRA_API_TOKEN = saved.token;
  });

  it('--all gives exactly what the snapshot gives, with one project search request', async () => {
    process.env.JIRA_EMAIL = 'tester@example.com';
    emulator.resetCounters();
    const viaSite = JSON.parse(await run(['--site', emulator.url, '--all', '--as-of', AS_OF, '--json'])) as { projects: { project: string }[] };
    expect(emulator.counters.byOperation.projectSearch).toBe(1);
    const viaSnapshot = JSON.parse(await run(['--snapshot', DEMO, '--all', '--as-of', AS_OF, '--json'])) as unknown;
    expect(viaSite.projects.map((p) => p.project)).toEqual(keys);
    expect(viaSite).toEqual(viaSnapshot);
  });

  it('--all leaves out the projects the credentials may not browse', async () => {
    process.env.JIRA_EMAIL = 'outsider@example.com';
    const json = JSON.parse(await run(['--site', emulator.url, '--all', '--as-of', AS_OF, '--json'])) as { projects: { project: string }[] };
    expect(json.projects.map((p) => p.project)).toEqual(keys.slice(1));
  });

  it('--projects checks every key before scanning: an unknown or hidden key is bad input naming it', async () => {
    process.env.JIRA_EMAIL = 'outsider@example.com';
    emulator.resetCounters();
    const failure = run(['--site', emulator.url, '--projects', `${keys[1]},${keys[0]}`, '--as-of', AS_OF]);
    await expect(failure).rejects.toThrow(`project ${keys[0]} does not exist on ${emulator.url}, or you cannot browse it`);
    await failure.catch((error: unknown) => expect(isInputError(error)).toBe(true));
    expect(emulator.counters.byOperation.search).toBe(0);
  });
});

describe('JiraClient.projects', () => {
  it('follows the pages of the project search until the last', async () => {
    const all = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'].map((key, i) => ({ id: String(10000 + i), key, name: `Project ${key}` }));
    const requests: string[] = [];
    const transport: JiraTransport = {
      siteUrl: 'https://paged.atlassian.net',
      async request(request: JiraRequest) {
        const startAt = Number(request.query?.startAt ?? 0);
        requests.push(`${encodePath(request.path)}?startAt=${startAt}&action=${String(request.query?.action)}`);
        const values = all.slice(startAt, startAt + 2); // the site pages by 2, whatever is asked
        const json = { startAt, maxResults: 2, total: all.length, isLast: startAt + values.length >= all.length, values };
        return { status: 200, header: () => null, json, text: JSON.stringify(json) };
      },
    };
    const projects = await createJiraClient(transport, { retry: fastRetry() }).projects();
    expect(projects.map((p) => p.key)).toEqual(['AAA', 'BBB', 'CCC', 'DDD', 'EEE']);
    expect(requests).toEqual([0, 2, 4].map((n) => `/rest/api/3/project/search?startAt=${n}&action=browse`));
  });

  it('rejects a page of the wrong shape', async () => {
    const transport: JiraTransport = {
      request: async () => ({ status: 200, header: () => null, json: { values: [{ key: 'AAA' }] }, text: '' }),
    };
    await expect(createJiraClient(transport, { retry: fastRetry() }).projects()).rejects.toThrow(/unexpected response to GET \/rest\/api\/3\/project\/search/);
  });
});
