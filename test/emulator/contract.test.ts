/**
 * Contract: every response the emulator serves validates against the response schema of the
 * same operation in Atlassian's OpenAPI documents (../shared/jira-openapi). Skipped — and
 * saying so — only when that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { OPENAPI_DIR, snapshotsUnderTest, writeSyntheticSnapshot } from './helpers';

const PLATFORM = join(OPENAPI_DIR, 'platform.v3.json');
const SOFTWARE = join(OPENAPI_DIR, 'software.v3.json');
const present = existsSync(PLATFORM) && existsSync(SOFTWARE);

if (!present) {
  process.stderr.write(`CONTRACT TESTS SKIPPED: Atlassian's OpenAPI documents are absent (expected ${PLATFORM} and ${SOFTWARE}).\n`);
  test.skip(`contract tests need ${OPENAPI_DIR} (platform.v3.json, software.v3.json), which is absent`, () => undefined);
} else {
  describe('emulator responses match Atlassian OpenAPI response schemas', () => {
    type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown; example?: string }> }> }>> };
    const platform = JSON.parse(readFileSync(PLATFORM, 'utf8')) as Doc;
    const software = JSON.parse(readFileSync(SOFTWARE, 'utf8')) as Doc;
    // OpenAPI 3.0 schemas: unknown keywords (example, xml, readOnly, x-…) ignored; formats (int64, uri …) not checked.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(platform, 'platform');
    ajv.addSchema(software, 'software');

    const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const compiled = new Map<string, ValidateFunction>();
    /** The validator of an operation's documented response schema. */
    function responseValidator(docName: 'platform' | 'software', path: string, method: string, status: string): ValidateFunction {
      const id = `${docName} ${method} ${path} ${status}`;
      const known = compiled.get(id);
      if (known) return known;
      const doc = docName === 'platform' ? platform : software;
      const schema = doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
      if (schema === undefined) throw new Error(`${id} has no documented JSON schema`);
      const validate = ajv.compile({ $ref: `${docName}#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}` });
      compiled.set(id, validate);
      return validate;
    }
    function expectValid(validate: ValidateFunction, body: unknown, what: string): void {
      const ok = validate(body);
      if (!ok) throw new Error(`${what} does not match the OpenAPI schema: ${ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
    }
    // GET /rest/agile/1.0/board/{boardId}/sprint documents only an example, no schema: check its
    // page against the board listing's documented envelope with SprintBean items (the sprint
    // schema of the same document), and that the documented example passes that check too.
    const sprintPage = ajv.compile({
      type: 'object',
      additionalProperties: false,
      required: ['values'],
      properties: {
        maxResults: { type: 'integer' },
        startAt: { type: 'integer' },
        total: { type: 'integer' },
        isLast: { type: 'boolean' },
        values: { type: 'array', items: { $ref: 'software#/components/schemas/SprintBean' } },
      },
    });
    const sprintExample: unknown = JSON.parse(software.paths['/rest/agile/1.0/board/{boardId}/sprint']!.get!.responses['200']!.content!['application/json']!.example!);
    const errorCollection = ajv.compile({ $ref: 'platform#/components/schemas/ErrorCollection' });

    let synthetic: string;
    const emulators: { name: string; emulator: RunningEmulator; project: string }[] = [];
    beforeAll(async () => {
      synthetic = await writeSyntheticSnapshot(230, 60);
      for (const s of [...snapshotsUnderTest(), { name: 'synthetic', dir: synthetic, project: 'SYN' }]) {
        emulators.push({ name: s.name, project: s.project, emulator: await startEmulator({ snapshotDir: s.dir }) });
      }
    });
    afterAll(async () => {
      for (const e of emulators) await e.emulator.close();
      await rm(synthetic, { recursive: true, force: true });
    });

    const auth = { Authorization: `Basic ${Buffer.from('tester@example.com:token').toString('base64')}` };
    async function call(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? auth : { ...auth, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as unknown };
    }

    test('every operation, every page, on every snapshot', async () => {
      let checked = 0;
      for (const { name, emulator, project } of emulators) {
        const base = emulator.url;
        const get = async (path: string, doc: 'platform' | 'software', docPath: string) => {
          const r = await call(base, 'GET', path);
          expect(r.status).toBe(200);
          expectValid(responseValidator(doc, docPath, 'get', '200'), r.json, `${name}: GET ${path}`);
          checked++;
          return r.json;
        };
        await get('/rest/api/3/issuetype', 'platform', '/rest/api/3/issuetype');
        await get('/rest/api/3/field', 'platform', '/rest/api/3/field');
        await get(`/rest/api/3/project/${project}`, 'platform', '/rest/api/3/project/{projectIdOrKey}');
        await get(`/rest/api/3/project/${project}/versions`, 'platform', '/rest/api/3/project/{projectIdOrKey}/versions');
        // The paged project search, a page of one at a time, until the last.
        const listed: string[] = [];
        for (let startAt = 0; ; ) {
          const page = (await get(`/rest/api/3/project/search?startAt=${startAt}&maxResults=1&orderBy=key&action=browse`, 'platform', '/rest/api/3/project/search')) as {
            isLast: boolean;
            values: { key: string }[];
            nextPage?: string;
          };
          listed.push(...page.values.map((p) => p.key));
          if (page.isLast) break;
          expect(page.nextPage).toBe(`${base}/rest/api/3/project/search?startAt=${startAt + 1}&maxResults=1`);
          startAt += page.values.length;
        }
        expect(listed).toContain(project);
        expect(listed).toEqual([...listed].sort());
        const boards = (await get(`/rest/agile/1.0/board?projectKeyOrId=${project}`, 'software', '/rest/agile/1.0/board')) as { values: { id: number; type: string }[] };
        await get('/rest/agile/1.0/board?maxResults=1', 'software', '/rest/agile/1.0/board');
        for (const board of boards.values) {
          await get(`/rest/agile/1.0/board/${board.id}`, 'software', '/rest/agile/1.0/board/{boardId}');
          for (let startAt = 0; ; startAt += 50) {
            const r = await call(base, 'GET', `/rest/agile/1.0/board/${board.id}/sprint?startAt=${startAt}`);
            if (r.status === 400) {
              expect(board.type).not.toBe('scrum');
              expectValid(errorCollection, r.json, `${name}: sprints of ${board.type} board ${board.id} (400)`);
              break;
            }
            expect(r.status).toBe(200);
            expectValid(sprintPage, r.json, `${name}: sprints of board ${board.id}`);
            const page = r.json as { isLast: boolean };
            checked++;
            if (page.isLast) break;
          }
        }
        // Search: every page, with the app's fields; then ids only; then an issue and its parent.
        const searchValidator = responseValidator('platform', '/rest/api/3/search/jql', 'post', '200');
        const fields = ['summary', 'issuetype', 'status', 'updated', 'created', 'duedate', 'fixVersions', 'parent', 'customfield_10007', 'customfield_10020'];
        let token: string | undefined;
        const keys: string[] = [];
        do {
          const r = await call(base, 'POST', '/rest/api/3/search/jql', { jql: `project = ${project} ORDER BY key ASC`, fields, maxResults: 100, ...(token ? { nextPageToken: token } : {}) });
          expect(r.status).toBe(200);
          expectValid(searchValidator, r.json, `${name}: search page`);
          checked++;
          const page = r.json as { issues: { key: string }[]; nextPageToken?: string; isLast: boolean };
          keys.push(...page.issues.map((i) => i.key));
          token = page.nextPageToken;
        } while (token !== undefined);
        // The first scan's forms: the highest key (ORDER BY key DESC, one issue, only its key),
        // then key ranges, each paged; together they find every issue once, in key order.
        const highest = await call(base, 'POST', '/rest/api/3/search/jql', { jql: `project = "${project}" ORDER BY key DESC`, fields: ['key'], maxResults: 1 });
        expect(highest.status).toBe(200);
        expectValid(searchValidator, highest.json, `${name}: the highest key`);
        const top = (highest.json as { issues: { key: string }[] }).issues.map((i) => i.key);
        const numberOf = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));
        expect(top).toEqual([[...keys].sort((a, b) => numberOf(b) - numberOf(a))[0]]);
        const mid = Math.ceil(numberOf(top[0]!) / 2);
        const ranged: string[] = [];
        for (const range of [`key < "${project}-${mid}"`, `key >= "${project}-${mid}" AND key <= "${project}-${mid + 7}"`, `key > "${project}-${mid + 7}"`]) {
          let rangeToken: string | undefined;
          do {
            const r = await call(base, 'POST', '/rest/api/3/search/jql', { jql: `project = "${project}" AND ${range} ORDER BY key ASC`, fields, maxResults: 40, ...(rangeToken ? { nextPageToken: rangeToken } : {}) });
            expect(r.status).toBe(200);
            expectValid(searchValidator, r.json, `${name}: key range ${range}`);
            checked++;
            const page = r.json as { issues: { key: string }[]; nextPageToken?: string };
            ranged.push(...page.issues.map((i) => i.key));
            rangeToken = page.nextPageToken;
          } while (rangeToken !== undefined);
        }
        expect(ranged).toEqual(keys);
        const unknownProject = await call(base, 'POST', '/rest/api/3/search/jql', { jql: `project = "${project}" AND key >= "NOPE-1"`, fields: ['key'] });
        expect(unknownProject.status).toBe(400);
        expectValid(errorCollection, unknownProject.json, `${name}: key range of an unknown project (400)`);
        const ids = await call(base, 'POST', '/rest/api/3/search/jql', { jql: `project = ${project} AND statusCategory != Done ORDER BY updated DESC`, maxResults: 5000 });
        expectValid(searchValidator, ids.json, `${name}: ids-only search`);
        const keyOnly = await call(base, 'POST', '/rest/api/3/search/jql', { jql: `key in (${keys.slice(0, 3).join(', ')})`, fields: ['key'], maxResults: 1000 });
        expectValid(searchValidator, keyOnly.json, `${name}: key-only search`);
        expect((keyOnly.json as { issues: { key: string }[] }).issues.map((i) => i.key).sort()).toEqual(keys.slice(0, 3).sort());
        // Bulk fetch: by key and by id, with the app's fields; issues in ascending id order; 400 past 100.
        const idPage = ids.json as { issues: { id: string }[] };
        const bulkValidator = responseValidator('platform', '/rest/api/3/issue/bulkfetch', 'post', '200');
        const bulk = await call(base, 'POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: [...keys.slice(0, 50), ...idPage.issues.slice(0, 50).map((i) => i.id)], fields });
        expect(bulk.status).toBe(200);
        expectValid(bulkValidator, bulk.json, `${name}: bulk fetch`);
        const fetched = (bulk.json as { issues: { id: string; key: string }[]; issueErrors: unknown[] }).issues;
        expect(fetched.map((i) => Number(i.id))).toEqual([...fetched.map((i) => Number(i.id))].sort((a, b) => a - b));
        const fetchedKeys = new Set(fetched.map((i) => i.key));
        const fetchedIds = new Set(fetched.map((i) => i.id));
        expect(keys.slice(0, 50).every((k) => fetchedKeys.has(k))).toBe(true);
        expect(idPage.issues.slice(0, 50).every((i) => fetchedIds.has(i.id))).toBe(true);
        expect(fetched.length).toBe(new Set(fetched.map((i) => i.id)).size);
        const defaults = await call(base, 'POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: [keys[0]!] });
        expectValid(bulkValidator, defaults.json, `${name}: bulk fetch with the default fields`);
        const tooMany = await call(base, 'POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: Array.from({ length: 101 }, (_, i) => `${project}-${i + 1}`) });
        expect(tooMany.status).toBe(400);
        expectValid(errorCollection, tooMany.json, `${name}: bulk fetch of 101 (400)`);
        checked += 2;
        const count = await call(base, 'POST', '/rest/api/3/search/approximate-count', { jql: `project = ${project}` });
        expect(count.status).toBe(200);
        expectValid(responseValidator('platform', '/rest/api/3/search/approximate-count', 'post', '200'), count.json, `${name}: approximate count`);
        expect(count.json).toEqual({ count: keys.length });
        checked += 2;
        const issue = await get(`/rest/api/3/issue/${keys[keys.length - 1]!}?fields=summary,status,parent,issuetype`, 'platform', '/rest/api/3/issue/{issueIdOrKey}');
        expect(issue).toHaveProperty('fields');
        await get(`/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,ADMINISTER_PROJECTS&projectKey=${project}`, 'platform', '/rest/api/3/mypermissions');
        // The global page's bulk permission check and the project categories (the analysed-projects setting).
        const projectId = Number(((await call(base, 'GET', `/rest/api/3/project/${project}`)).json as { id: string }).id);
        const grants = await call(base, 'POST', '/rest/api/3/permissions/check', { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [projectId] }] });
        expect(grants.status).toBe(200);
        expectValid(responseValidator('platform', '/rest/api/3/permissions/check', 'post', '200'), grants.json, `${name}: permissions/check`);
        expect(grants.json).toEqual({ globalPermissions: [], projectPermissions: [{ permission: 'BROWSE_PROJECTS', issues: [], projects: [projectId] }] });
        await get('/rest/api/3/projectCategory', 'platform', '/rest/api/3/projectCategory');
        checked += 2;

        // Errors: Jira's ErrorCollection, as documented for mypermissions' 400/404.
        const notFound = await call(base, 'GET', '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=NOPE');
        expect(notFound.status).toBe(404);
        expectValid(responseValidator('platform', '/rest/api/3/mypermissions', 'get', '404'), notFound.json, `${name}: mypermissions 404`);
        const bad = await call(base, 'GET', '/rest/api/3/mypermissions');
        expect(bad.status).toBe(400);
        expectValid(responseValidator('platform', '/rest/api/3/mypermissions', 'get', '400'), bad.json, `${name}: mypermissions 400`);
        for (const path of ['/rest/api/3/project/NOPE', '/rest/api/3/issue/NOPE-1', '/rest/agile/1.0/board/999999/sprint', '/rest/agile/1.0/board/999999']) {
          const r = await call(base, 'GET', path);
          expect(r.status).toBe(404);
          expectValid(errorCollection, r.json, `${name}: GET ${path} (404)`);
        }
        const badJql = await call(base, 'POST', '/rest/api/3/search/jql', { jql: 'summary ~ "x"' });
        expect(badJql.status).toBe(400);
        expectValid(errorCollection, badJql.json, `${name}: search with unsupported JQL (400)`);
      }
      expect(checked).toBeGreaterThan(20);
    });

    test('the validator is not vacuous: it rejects what Jira would never send', async () => {
      const search = responseValidator('platform', '/rest/api/3/search/jql', 'post', '200');
      expect(search({ issues: [{ id: 1, key: 'A-1', fields: {} }], isLast: true })).toBe(false); // id must be a string
      expect(search({ issues: [], isLast: true, total: 3 })).toBe(false); // no such property
      expect(search({ issues: [], nextPageToken: null, isLast: true })).toBe(false); // the token is omitted, never null
      const versions = responseValidator('platform', '/rest/api/3/project/{projectIdOrKey}/versions', 'get', '200');
      expect(versions([{ id: '1', name: 'x', released: 'yes' }])).toBe(false);
      expect(sprintPage({ values: [{ id: 1, name: 's', state: 'active', velocity: 3 }] })).toBe(false);
      expectValid(sprintPage, sprintExample, 'the documented example of GET /rest/agile/1.0/board/{boardId}/sprint');
    });
  });
}
