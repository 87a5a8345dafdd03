/**
 * The emulator's bulk permission check (POST /rest/api/3/permissions/check) and project
 * categories (GET /rest/api/3/projectCategory), as Atlassian documents them, and the client's
 * calls of them (the portfolio's one check per view).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { DEMO, emulatorClient, OPENAPI_DIR, writeSyntheticSnapshot } from './helpers';

const PLATFORM = join(OPENAPI_DIR, 'platform.v3.json');
// The demo site's projects: ACME 10010, MOB 10012, OPS (its id read from its project.json).
const idOf = (key: string) => (JSON.parse(readFileSync(join(DEMO, 'projects', key, 'project.json'), 'utf8')) as { id: string }).id;

describe('POST /rest/api/3/permissions/check', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ snapshotDir: DEMO, users: { 'coach@example.com': { hiddenProjects: ['OPS'] }, 'guest@example.com': { deniedPermissions: ['BROWSE_PROJECTS'] } } });
  });
  afterAll(() => emulator.close());

  const post = async (email: string, body: unknown) => {
    const res = await fetch(`${emulator.url}/rest/api/3/permissions/check`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${email}:token`).toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  it('grants BROWSE_PROJECTS on the projects the user may browse only, unknown ids ignored, in one request', async () => {
    const ids = [idOf('ACME'), idOf('MOB'), idOf('OPS'), '99999'];
    const coach = emulatorClient(emulator.url, { email: 'coach@example.com' });
    emulator.resetCounters();
    expect([...(await coach.projectsWithPermission!('BROWSE_PROJECTS', ids))].sort()).toEqual([idOf('ACME'), idOf('MOB')].sort());
    expect(emulator.counters.requests).toBe(1);
    const admin = emulatorClient(emulator.url);
    expect((await admin.projectsWithPermission!('BROWSE_PROJECTS', ids)).size).toBe(3);
    const guest = emulatorClient(emulator.url, { email: 'guest@example.com' });
    expect((await guest.projectsWithPermission!('BROWSE_PROJECTS', ids)).size).toBe(0);
  });

  it('answers as documented: BulkPermissionGrants, and 400 for what Jira refuses', async () => {
    const ok = await post('coach@example.com', { globalPermissions: ['ADMINISTER'], projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [Number(idOf('ACME')), Number(idOf('OPS'))] }] });
    expect(ok).toEqual({ status: 200, json: { globalPermissions: ['ADMINISTER'], projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [Number(idOf('ACME'))], issues: [] }] } });
    if (existsSync(PLATFORM)) {
      const ajv = new Ajv({ strict: false, validateFormats: false });
      ajv.addSchema(JSON.parse(readFileSync(PLATFORM, 'utf8')) as object, 'platform');
      const validate = ajv.compile({ $ref: 'platform#/components/schemas/BulkPermissionGrants' });
      expect(validate(ok.json) ? [] : validate.errors).toEqual([]);
    }
    expect((await post('coach@example.com', { projectPermissions: [{ permissions: ['NOT_A_PERMISSION'], projects: [1] }] })).status).toBe(400);
  });
});

describe('GET /rest/api/3/projectCategory', () => {
  it("lists the categories the site's projects name, as ProjectCategory objects", async () => {
    const dir = await writeSyntheticSnapshot(60, 2);
    const projectFile = join(dir, 'projects', 'SYN', 'project.json');
    const project = JSON.parse(readFileSync(projectFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(projectFile, JSON.stringify({ ...project, projectCategory: { self: 'https://syn.atlassian.net/rest/api/3/projectCategory/10100', id: '10100', name: 'Mobile', description: 'The apps' } }));
    const emulator = await startEmulator({ snapshotDir: dir });
    try {
      expect(await emulatorClient(emulator.url).projectCategories!()).toEqual([{ id: '10100', name: 'Mobile' }]);
      const res = await fetch(`${emulator.url}/rest/api/3/projectCategory`, { headers: { Authorization: `Basic ${Buffer.from('tester@example.com:token').toString('base64')}` } });
      expect(await res.json()).toEqual([{ self: `${emulator.url}/rest/api/3/projectCategory/10100`, id: '10100', name: 'Mobile', description: 'The apps' }]);
    } finally {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
