import '../../shared/feature-flags';
import { router } from '@forge/bridge';
import { useCallback, useEffect, useRef } from 'react';
import { callResolver } from '../../../src/frontend/shared/call-resolver';
import { useResolver } from '../../../src/frontend/shared/use-resolver';
import { HealthPage } from './HealthPage';
import type { LoadFindings } from './LevelFindings';
import { POLL_MS, useProjectScan } from './use-project-scan';

export interface AppProps {
  /** Opens a Jira URL; by default in a new tab through the Forge router. */
  openUrl?: (url: string) => void;
  /** How often a running scan's progress is asked for. */
  pollMs?: number;
}

function openInJira(url: string): void {
  router.open(url).catch((error: unknown) => {
    // The host refused (e.g. a popup blocker); the link's href still works with a modifier click.
    console.warn(`could not open ${url}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** The app's admin page (manifest: jira:adminPage), opened through the Forge router. */
const ADMIN_PAGE_MODULE_KEY = 'planning-levels-admin-page';

function openAdminPage(): void {
  router.open({ target: 'module', moduleKey: ADMIN_PAGE_MODULE_KEY }).catch((error: unknown) => {
    console.warn(`could not open the admin page: ${error instanceof Error ? error.message : String(error)}`);
  });
}

const loadFindings: LoadFindings = (level, offset) => callResolver('scan/findings', { level, offset });

export function App({ openUrl = openInJira, pollMs = POLL_MS }: AppProps) {
  const scan = useProjectScan(pollMs);
  const history = useResolver('history/levels', {});
  const reloadHistory = history.reload;

  // A new complete result also added a day to the history: read it again.
  const noResultYet = scan.state.status === 'ready' && scan.state.data.result === null;
  const computedAt = scan.state.status === 'ready' ? (scan.state.data.result?.health.computedAt ?? null) : null;
  const seen = useRef<string | null>(null);
  const sawNoResult = useRef(false);
  if (noResultYet) sawNoResult.current = true;
  useEffect(() => {
    if (computedAt === null) return;
    if (seen.current !== computedAt && (seen.current !== null || sawNoResult.current)) void reloadHistory();
    seen.current = computedAt;
  }, [computedAt, reloadHistory]);

  const retry = useCallback(() => scan.retry(), [scan]);
  return (
    <HealthPage
      state={scan.state}
      history={history.state}
      onRetry={retry}
      onRescan={scan.rescan}
      onOpenUrl={openUrl}
      onOpenAdmin={openAdminPage}
      loadFindings={loadFindings}
    />
  );
}
