/**
 * The heat map's rows: the portfolio's projects filtered by name, key and category, sorted by
 * name, key or a level's score. Pure functions of the resolver's data (no React).
 */
import type { PortfolioCellDto, PortfolioProjectDto } from '../../../src/contract/resolvers';
import type { Level } from '../../../src/core/levels';

export type SortKey = 'name' | 'key' | Level;
type SortDirection = 'ascending' | 'descending';
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

/** "" (every category), NO_CATEGORY, or a category id. */
export const ALL_CATEGORIES = '';
export const NO_CATEGORY = '-';

export interface ProjectFilter {
  /** Matched against the project's name and key, case-insensitive. */
  text: string;
  category: string;
}

export function cellOf(project: PortfolioProjectDto, level: Level): PortfolioCellDto | undefined {
  return project.analysis.state === 'analysed' ? project.analysis.levels.find((c) => c.level === level) : undefined;
}

export function filterProjects(projects: readonly PortfolioProjectDto[], filter: ProjectFilter): PortfolioProjectDto[] {
  const needle = filter.text.trim().toLocaleLowerCase('en-US');
  return projects.filter((p) => {
    if (filter.category === NO_CATEGORY && p.category !== null) return false;
    if (filter.category !== ALL_CATEGORIES && filter.category !== NO_CATEGORY && p.category?.id !== filter.category) return false;
    return needle === '' || p.name.toLocaleLowerCase('en-US').includes(needle) || p.key.toLocaleLowerCase('en-US').includes(needle);
  });
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Sorted by the order's key; projects not analysed yet (no score) always come last, by name.
 * Ties on a score keep the name order, so the order never depends on the resolver's.
 */
export function sortProjects(projects: readonly PortfolioProjectDto[], order: SortOrder): PortfolioProjectDto[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const byName = (a: PortfolioProjectDto, b: PortfolioProjectDto) => collator.compare(a.name, b.name) || collator.compare(a.key, b.key);
  return [...projects].sort((a, b) => {
    if (order.key === 'name') return sign * byName(a, b);
    if (order.key === 'key') return sign * collator.compare(a.key, b.key);
    const sa = cellOf(a, order.key)?.score;
    const sb = cellOf(b, order.key)?.score;
    if (sa === undefined || sb === undefined) return sa === sb ? byName(a, b) : sa === undefined ? 1 : -1;
    return sign * (sa - sb) || byName(a, b);
  });
}

/** The categories of the portfolio's projects, by name, and whether any project has none. */
export function categoriesOf(projects: readonly PortfolioProjectDto[]): { categories: { id: string; name: string }[]; uncategorised: boolean } {
  const byId = new Map<string, string>();
  let uncategorised = false;
  for (const p of projects) {
    if (p.category === null) uncategorised = true;
    else byId.set(p.category.id, p.category.name);
  }
  const categories = [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => collator.compare(a.name, b.name));
  return { categories, uncategorised };
}

/** The first click on a level sorts its weakest first; on name or key, A to Z. A second click reverses. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}
