/**
 * A viewer who may see every issue and board (the typed fake of ViewerJira that the benches and
 * the scan tests use where what a viewer may see is not under test): `administer` for the
 * admin's view, and `browsable` to limit the portfolio's bulk permission check to these project ids.
 */
import type { ViewerJira } from '../../src/resolvers/ports';

export function openViewer(options: { administer: boolean; browsable?: ReadonlySet<string> }): ViewerJira {
  const { browsable } = options;
  return {
    issue: () => Promise.resolve(null),
    children: () => Promise.reject(new Error('not used')),
    myPermissions: () => Promise.resolve({ administer: options.administer, browseProject: true }),
    visibleIssueKeys: (keys) => Promise.resolve(new Set(keys)),
    visibleBoards: (boardIds) => Promise.resolve(new Set(boardIds)),
    ...(browsable ? { browsableProjects: (asked: readonly string[]) => Promise.resolve(new Set(asked.filter((id) => browsable.has(id)))) } : {}),
  };
}
