import { ALL_CATEGORIES, NO_CATEGORY, categoriesOf, filterProjects, nextSort, sortProjects } from '../../static/portfolio/src/heat-map';
import { orderTrains, spreadWords } from '../../static/portfolio/src/ReleaseTrains';
import { readGadgetConfig } from '../../static/portfolio/src/gadget-config';
import { scoreHealth } from '../../src/frontend/shared/health';
import { portfolio } from './portfolio-fixtures';

const keys = (ps: { key: string }[]) => ps.map((p) => p.key);

describe('the heat map rows', () => {
  it('sorts by name by default order, by key, and by a level weakest first with projects not analysed last', () => {
    expect(keys(sortProjects(portfolio.projects, { key: 'name', direction: 'ascending' }))).toEqual(['ACME', 'DATA', 'MOBILE', 'OPS']);
    expect(keys(sortProjects(portfolio.projects, { key: 'name', direction: 'descending' }))).toEqual(['OPS', 'MOBILE', 'DATA', 'ACME']);
    expect(keys(sortProjects(portfolio.projects, { key: 3, direction: 'ascending' }))).toEqual(['MOBILE', 'ACME', 'OPS', 'DATA']);
    expect(keys(sortProjects(portfolio.projects, { key: 3, direction: 'descending' }))).toEqual(['OPS', 'ACME', 'MOBILE', 'DATA']);
    expect(keys(sortProjects(portfolio.projects, { key: 'key', direction: 'descending' }))).toEqual(['OPS', 'MOBILE', 'DATA', 'ACME']);
  });

  it('filters by name or key (case-insensitive) and by category, or by no category', () => {
    expect(keys(filterProjects(portfolio.projects, { text: 'app', category: ALL_CATEGORIES }))).toEqual(['MOBILE']);
    expect(keys(filterProjects(portfolio.projects, { text: ' acme', category: ALL_CATEGORIES }))).toEqual(['ACME']);
    expect(keys(filterProjects(portfolio.projects, { text: '', category: '10000' }))).toEqual(['ACME', 'MOBILE']);
    expect(keys(filterProjects(portfolio.projects, { text: '', category: NO_CATEGORY }))).toEqual(['OPS']);
    expect(keys(filterProjects(portfolio.projects, { text: 'ops', category: '10000' }))).toEqual([]);
  });

  it('lists the categories by name and whether a project has none', () => {
    expect(categoriesOf(portfolio.projects)).toEqual({ categories: [{ id: '10001', name: 'Platform' }, { id: '10000', name: 'Product' }], uncategorised: true });
  });

  it('reverses on a second click and starts a new column ascending', () => {
    expect(nextSort({ key: 2, direction: 'ascending' }, 2)).toEqual({ key: 2, direction: 'descending' });
    expect(nextSort({ key: 2, direction: 'descending' }, 'name')).toEqual({ key: 'name', direction: 'ascending' });
  });
});

describe('release trains and medians', () => {
  it('puts the misaligned trains first, widest spread first', () => {
    expect(orderTrains(portfolio.releaseTrains).map((t) => t.name)).toEqual(['2026.3', '2026.4']);
    expect(spreadWords(portfolio.releaseTrains[1]!)).toBe('42 days between the first and last release');
    expect(spreadWords({ ...portfolio.releaseTrains[0]!, spreadDays: null })).toBe('Fewer than two release dates set');
  });

  it('bands a median by its score alone', () => {
    expect([0, 30, 50, 80, 99, 100].map(scoreHealth)).toEqual(['absent', 'at-risk', 'attention', 'drifting', 'drifting', 'healthy']);
  });

  it('reads a gadget configuration, and nothing else', () => {
    expect(readGadgetConfig({ show: 'project', projectKey: 'ACME' })).toEqual({ show: 'project', projectKey: 'ACME' });
    expect(readGadgetConfig({ show: 'portfolio' })).toEqual({ show: 'portfolio' });
    expect(readGadgetConfig({ show: 'project', projectKey: 'acme' })).toBeNull();
    expect(readGadgetConfig(undefined)).toBeNull();
  });
});
