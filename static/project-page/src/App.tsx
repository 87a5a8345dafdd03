import './feature-flags';
import { router } from '@forge/bridge';
import { useCallback } from 'react';
import { useResolver } from '../../../src/frontend/shared/use-resolver';
import { HealthPage } from './HealthPage';

export interface AppProps {
  /** Opens a Jira URL; by default in a new tab through the Forge router. */
  openUrl?: (url: string) => void;
}

function openInJira(url: string): void {
  router.open(url).catch(() => {
    /* the host refused (e.g. a popup blocker); the link's href still works with a modifier click */
  });
}

export function App({ openUrl = openInJira }: AppProps) {
  const { state, reload } = useResolver('health/project', {});
  const retry = useCallback(() => void reload(), [reload]);
  const refresh = useCallback(() => void reload({ refresh: true }), [reload]);
  return <HealthPage state={state} onRetry={retry} onRefresh={refresh} onOpenUrl={openUrl} />;
}
