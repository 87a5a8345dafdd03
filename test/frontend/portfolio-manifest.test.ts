/**
 * The manifest's portfolio modules: one global page and one dashboard gadget (its edit mode on
 * the same Custom UI resource), both on the one resolver function, and the resource's build folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Module {
  key: string;
  title: string;
  resource: string;
  resolver?: { function: string };
  edit?: { resource: string };
}

const manifest = parse(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8')) as {
  modules: { 'jira:globalPage': Module[]; 'jira:dashboardGadget': Module[]; function: { key: string }[] };
  resources: { key: string; path: string }[];
};

describe('the portfolio in the manifest', () => {
  it('has one global page "Planning levels" and one dashboard gadget, on the portfolio resource and the resolver', () => {
    const [page, ...morePages] = manifest.modules['jira:globalPage'];
    expect(morePages).toEqual([]);
    expect(page).toMatchObject({ key: 'planning-levels-global-page', title: 'Planning levels', resource: 'portfolio', resolver: { function: 'resolver' } });
    const [gadget] = manifest.modules['jira:dashboardGadget'];
    expect(gadget).toMatchObject({ key: 'planning-levels-gadget', resource: 'portfolio', edit: { resource: 'portfolio' }, resolver: { function: 'resolver' } });
    expect(manifest.modules.function.map((f) => f.key)).toContain('resolver');
    expect(manifest.resources).toContainEqual({ key: 'portfolio', path: 'static/portfolio/build' });
  });
});
