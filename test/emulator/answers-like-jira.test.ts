/**
 * The emulator answers odd requests and snapshots as Jira does (an error in Jira's shape, or
 * the data), never with a crash or the whole site.
 */
import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { parseJql } from '../../dev/emulator/jql';
import { fixtureFiles, writeSnapshot } from '../helpers/snapshot-fixture';

const AUTH = { Authorization: `Basic ${Buffer.from('tester@example.com:token').toString('base64')}`, Accept: 'application/json' };

describe('the emulator', () => {
  let dir: string;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    dir = writeSnapshot(fixtureFiles());
    unlinkSync(join(dir, 'projects/FIX/boards.json'));
    emulator = await startEmulator({ snapshotDir: dir });
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${emulator.url}${path}`, { headers: AUTH });
  const search = (jql: string) =>
    fetch(`${emulator.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jql, fields: ['summary'] }),
    });

  test('serves a snapshot whose project has no boards.json: the project has no boards', async () => {
    const response = await get('/rest/agile/1.0/board?projectKeyOrId=FIX');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ isLast: true, values: [] });
    expect((await get('/rest/api/3/project/FIX')).status).toBe(200);
  });

  test.each(['constructor = x', 'toString = x', '__proto__ = x', 'hasOwnProperty in (a, b)'])(
    'a JQL field named like an Object property (%s) does not exist: 400, not every issue',
    async (jql) => {
      const response = await search(jql);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errorMessages: string[] };
      expect(body.errorMessages[0]).toMatch(/^Error in the JQL Query: Field '[^']+' does not exist/);
    },
  );

  test('ORDER BY and status category values named like Object properties are refused too', async () => {
    expect(() => parseJql('project = FIX ORDER BY constructor')).toThrow(/outside the JQL this emulator supports/);
    const response = await search('project = FIX AND statusCategory = constructor');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorMessages: ["The value 'constructor' does not exist for the field 'statusCategory'."] });
  });

  test.each(['/rest/api/3/project/%E0%A4%A', '/rest/api/3/project/%', '/rest/api/3/issue/FIX-%zz'])('a malformed %% escape (%s) is a 400 in Jira\'s error shape', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorMessages: [expect.stringMatching(/malformed escape/)], errors: {} });
  });

  test('a permission key named like an Object property is not a permission', async () => {
    const response = await get('/rest/api/3/mypermissions?permissions=constructor');
    expect(response.status).toBe(400);
  });
});
