/**
 * POST /rest/api/3/permissions/check, as the global page's one bulk BROWSE_PROJECTS check asks it:
 * the project ids the user may see and is not denied, in Jira's BulkPermissionGrants shape; and
 * GET /rest/api/3/projectCategory.
 */
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { bulkPermissionGrantsSchema, projectCategoriesSchema } from '../../src/jira/schemas';

const DEMO = join(__dirname, '..', '..', 'dev', 'demo-site', 'snapshot');
const auth = (user: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:token`).toString('base64')}`, Accept: 'application/json', 'Content-Type': 'application/json' });

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ snapshotDir: DEMO, users: { 'outsider@example.com': { hiddenProjects: ['MOB'] }, 'nobody@example.com': { deniedPermissions: ['BROWSE_PROJECTS'] } } });
});
afterAll(() => emulator.close());

async function projectIds(): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const key of ['ACME', 'MOB', 'OPS']) {
    const project = (await (await fetch(`${emulator.url}/rest/api/3/project/${key}`, { headers: auth('admin@example.com') })).json()) as { id: string };
    ids[key] = Number(project.id);
  }
  return ids;
}

const check = (user: string, body: unknown) => fetch(`${emulator.url}/rest/api/3/permissions/check`, { method: 'POST', headers: auth(user), body: JSON.stringify(body) });

describe('POST /rest/api/3/permissions/check', () => {
  it('grants BROWSE_PROJECTS on the projects each user may see, and none where it is denied', async () => {
    const ids = await projectIds();
    const body = { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: Object.values(ids) }] };
    const granted = async (user: string) => {
      const response = await check(user, body);
      expect(response.status).toBe(200);
      const grants = bulkPermissionGrantsSchema.parse(await response.json());
      expect(grants.projectPermissions.map((p) => p.permission)).toEqual(['BROWSE_PROJECTS']);
      return grants.projectPermissions[0]!.projects;
    };
    expect(await granted('admin@example.com')).toEqual(Object.values(ids).sort((a, b) => a - b));
    expect(await granted('outsider@example.com')).toEqual([ids.ACME!, ids.OPS!].sort((a, b) => a - b));
    expect(await granted('nobody@example.com')).toEqual([]);
  });

  it('refuses a permission it does not know, or no project, with a 400', async () => {
    expect((await check('admin@example.com', { projectPermissions: [{ permissions: ['NOT_A_PERMISSION'], projects: [1] }] })).status).toBe(400);
    expect((await check('admin@example.com', { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'] }] })).status).toBe(400);
  });

  it('lists the site’s project categories (the demo site’s two, each once, from the projects that carry them)', async () => {
    const response = await fetch(`${emulator.url}/rest/api/3/projectCategory`, { headers: auth('admin@example.com') });
    expect(response.status).toBe(200);
    expect(projectCategoriesSchema.parse(await response.json()).map((c) => [c.id, c.name])).toEqual([
      ['10000', 'Shop'],
      ['10001', 'Platform'],
    ]);
  });
});
