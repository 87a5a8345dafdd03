/**
 * The links to the app's project page (jira:projectPage) of each project of the portfolio,
 * through the Forge router: Jira builds each address from a `module` location with the
 * project's key (router.getUrl, asked once per key shown), and a click navigates to the same
 * location (router.navigate).
 */
import { router } from '@forge/bridge';
import { useEffect, useMemo, useState } from 'react';
import type { ProjectLinks } from './ProjectLink';

/** manifest.yml: the project page's module key. */
const PROJECT_PAGE_MODULE_KEY = 'planning-levels-project-page';

const projectPage = (projectKey: string) => ({ target: 'module' as const, moduleKey: PROJECT_PAGE_MODULE_KEY, projectKey });

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function useProjectLinks(projectKeys: readonly string[]): ProjectLinks {
  const [hrefs, setHrefs] = useState<ReadonlyMap<string, string>>(new Map());
  const joined = [...new Set(projectKeys)].sort().join(',');
  useEffect(() => {
    if (joined === '') return;
    let live = true;
    const keys = joined.split(',');
    void Promise.all(
      keys.map((key) =>
        router.getUrl(projectPage(key)).then(
          (url) => (url === null ? null : ([key, url.href] as const)),
          (error: unknown) => {
            console.warn(`no address for the project page of ${key}: ${describe(error)}`);
            return null;
          },
        ),
      ),
    ).then((pairs) => {
      if (live) setHrefs(new Map(pairs.filter((p) => p !== null)));
    });
    return () => {
      live = false;
    };
  }, [joined]);
  return useMemo(
    () => ({
      href: (key: string) => hrefs.get(key),
      open: (key: string) => {
        router.navigate(projectPage(key)).catch((error: unknown) => console.warn(`could not open the project page of ${key}: ${describe(error)}`));
      },
    }),
    [hrefs],
  );
}
