import { router } from '@forge/bridge';
import { useResolver } from '../shared/use-resolver';
import { IssuePanelView } from './IssuePanelView';

/** The app's project page (manifest.yml: jira:projectPage), where a project's scans start. */
const PROJECT_PAGE_MODULE = 'planning-levels-project-page';

/** The issue panel: loads the open issue's chain (the resolver reads the issue from the Forge context). */
export function App() {
  const { state, reload } = useResolver('chain/issue', {});
  const openProjectPage = (projectKey: string) => {
    router.navigate({ target: 'module', moduleKey: PROJECT_PAGE_MODULE, projectKey }).catch((error: unknown) => {
      console.error(`could not open the Planning levels page of ${projectKey}: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  return <IssuePanelView state={state} onRetry={() => void reload()} onOpenProjectPage={openProjectPage} />;
}
