/**
 * dev/lint/forge-lint.ts on small throw-away apps: the manifest check, and the scope linter
 * reading the local OpenAPI documents (skipped, with a warning, when ../shared is absent).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runForgeLint } from '../../dev/lint/forge-lint';
import { SHARED_DIR, sharedPath } from '../helpers/shared';

const SOURCE = `import api, { route } from '@forge/api';
export const handler = async (key: string) => {
  const response = await api.asUser().requestJira(route\`/rest/api/3/project/\${key}\`);
  return response.json();
};
`;

function manifest(scopes: string[], runtime = 'nodejs22.x'): string {
  return [
    'modules:',
    '  jira:adminPage:',
    '    - key: lint-fixture-admin',
    '      title: Lint fixture',
    '      function: main',
    '  function:',
    '    - key: main',
    '      handler: index.handler',
    'permissions:',
    `  scopes: [${scopes.join(', ')}]`,
    'app:',
    '  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000',
    '  runtime:',
    `    name: ${runtime}`,
    '',
  ].join('\n');
}

/** A throw-away app beside a link to ../shared, so the linter finds the OpenAPI documents. */
function app(manifestText: string): string {
  const parent = mkdtempSync(join(tmpdir(), 'forge-lint-'));
  const root = join(parent, 'app');
  mkdirSync(join(root, 'src'), { recursive: true });
  symlinkSync(SHARED_DIR, join(parent, 'shared'));
  writeFileSync(join(root, 'manifest.yml'), manifestText);
  writeFileSync(join(root, 'src', 'index.ts'), SOURCE);
  return root;
}

jest.setTimeout(120_000);

describe('forge-lint', () => {
  it('passes a valid manifest', async () => {
    const { problems } = await runForgeLint({ root: app(manifest(['read:jira-work'])), manifestOnly: true });
    expect(problems).toEqual([]);
  });

  it('reports a manifest error with its line', async () => {
    const { problems } = await runForgeLint({ root: app(manifest(['read:jira-work'], 'nodejs12.x')), manifestOnly: true });
    expect(problems.some((p) => p.level === 'error' && p.file === 'manifest.yml' && /runtime|nodejs12/.test(p.message))).toBe(true);
  });

  const openapi = sharedPath('jira-openapi', 'platform.v3.json');
  (openapi ? it : it.skip)('flags a Jira call whose scope the manifest lacks, offline', async () => {
    const missing = await runForgeLint({ root: app(manifest(['storage:app'])) });
    expect(missing.notes.join(' ')).toMatch(/scope linter on local OpenAPI documents/);
    const scopeErrors = missing.problems.filter((p) => p.level === 'error' && p.message.includes('read:jira-work'));
    expect(scopeErrors).toHaveLength(1);
    expect(scopeErrors[0]?.file).toBe(join('src', 'index.ts'));

    const present = await runForgeLint({ root: app(manifest(['read:jira-work'])) });
    expect(present.problems.filter((p) => p.level === 'error')).toEqual([]);
  });
});
