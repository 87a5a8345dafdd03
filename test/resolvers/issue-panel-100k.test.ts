/**
 * The issue panel of a story in a 100,000-issue project, on the Forge-faithful runtime (Forge's
 * 25 s resolver limit, requestJira as the user) through the emulator at 40 ms a Jira
 * request: the parent chain and the stored findings of its issues arrive, in at most 6 Jira
 * requests and a few KVS reads, whatever the project's size. (Times are `npm run bench`'s.)
 */
import { CHAIN_REQUEST_BUDGET } from '../../src/resolvers/chain';
import { measurePanel } from '../../dev/bench/panel';
import { SYNTH_SITE } from '../../dev/bench/synth';

jest.setTimeout(600_000);

test('a story of a 100k-issue project: chain and stored findings in at most 6 Jira requests', async () => {
  const run = await measurePanel(100_000, 40);
  if (!run.response.ok) throw new Error(`${run.response.error.code}: ${run.response.error.message}`);
  const chain = run.response.data;
  expect(run.requests).toBeLessThanOrEqual(CHAIN_REQUEST_BUDGET);
  expect(CHAIN_REQUEST_BUDGET).toBe(6);
  expect(chain.analysis.state).toBe('analysed');
  expect(chain.chain.map((n) => n.hierarchyLevel)).toEqual([2, 1, 0]);
  expect(chain.chain.at(-1)!.key).toBe(run.issueKey);
  expect(chain.children.total).toBeGreaterThan(0);
  const shown = chain.chain.reduce((n, node) => n + node.findings.length, 0);
  expect(run.storedChainFindings).toBeGreaterThan(0);
  expect(shown).toBe(run.storedChainFindings);
  expect(run.kvsReads).toBeLessThanOrEqual(12);
  // Jira's `self` links came through the gateway (api.atlassian.com); every link opens the site.
  const urls = chain.chain.flatMap((n) => [n.url, ...n.findings.map((f) => f.url)]);
  expect(urls.length).toBeGreaterThan(3);
  for (const url of urls) expect(url?.startsWith(`${SYNTH_SITE}/browse/`)).toBe(true);
  expect(JSON.stringify(chain)).not.toContain('api.atlassian.com');
});
