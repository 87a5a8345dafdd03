/**
 * The definitions on @forge/resolver's own Resolver, invoked the way Forge invokes them.
 */
import Resolver from '@forge/resolver';
import { RESOLVER_KEYS } from '../../src/contract/resolvers';
import { registerResolvers } from '../../src/resolvers';
import type { ResolverServices } from '../../src/resolvers/ports';
import { memoryConfigStore } from '../../src/storage/config-store';
import { ADMIN, FakeViewerJira } from './fakes';
import { acmeSite } from './site';

function services(errors: string[]): ResolverServices {
  return {
    jiraForViewer: () => new FakeViewerJira(acmeSite(), ADMIN),
    store: memoryConfigStore(),
    now: () => new Date('2025-04-10T12:00:00.000Z'),
    logError: (m) => errors.push(m),
  };
}

describe('registerResolvers', () => {
  it('defines every contract key on a Forge Resolver, answering in the envelope', async () => {
    const resolver = new Resolver();
    const errors: string[] = [];
    const handlers = registerResolvers(resolver, services(errors));
    expect(Object.keys(handlers).sort()).toEqual([...RESOLVER_KEYS].sort());
    const invoke = resolver.getDefinitions();

    const saved = await invoke(
      { call: { functionKey: 'config/save', payload: { config: { daily: { staleAfterBusinessDays: 3 } }, expectedVersion: 0 } }, context: { extension: { type: 'jira:adminPage' } } },
      { principal: { accountId: ADMIN.accountId } },
    );
    expect(saved).toMatchObject({ ok: true, data: { version: 1, savedBy: ADMIN.accountId } });

    const chain = await invoke({ call: { functionKey: 'chain/issue' }, context: { extension: { project: { key: 'ACME' }, issue: { key: 'ACME-6' } } } });
    expect(chain).toMatchObject({ ok: true, data: { issueKey: 'ACME-6', analysis: { state: 'not-analysed' } } });
    expect(RESOLVER_KEYS).not.toContain('health/project');

    const missing = await invoke({ call: { functionKey: 'chain/issue', payload: {} }, context: {} });
    expect(missing).toMatchObject({ ok: false, error: { code: 'MISSING_CONTEXT' } });
    expect(errors).toEqual([expect.stringMatching(/^\[chain\/issue\] MISSING_CONTEXT/)]);
  });
});
