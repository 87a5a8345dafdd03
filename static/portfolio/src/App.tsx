/**
 * The portfolio resource serves two modules (manifest.yml): the global page and the dashboard
 * gadget, whose edit mode is the same resource. The Forge context says which one is showing:
 * extension.type, and for a gadget extension.entryPoint ('edit' in edit mode) and
 * extension.gadgetConfiguration (what its edit mode saved).
 */
import '../../project-page/src/feature-flags';
import { router, view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import type { PortfolioDto } from '../../../src/contract/resolvers';
import { useResolver } from '../../../src/frontend/shared/use-resolver';
import { Gadget, type GadgetData } from './Gadget';
import { surfaceOf, type GadgetConfig, type Surface } from './gadget-config';
import { GadgetEdit } from './GadgetEdit';
import { PortfolioPage } from './PortfolioPage';

/** While a project's first scan runs or waits, the page asks again this often. */
const PORTFOLIO_POLL_MS = 5000;

function openInJira(url: string): void {
  router.navigate(url).catch((error: unknown) => {
    console.warn(`could not open ${url}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

export interface AppProps {
  openUrl?: (url: string) => void;
  pollMs?: number;
}

export function App({ openUrl = openInJira, pollMs = PORTFOLIO_POLL_MS }: AppProps) {
  const [surface, setSurface] = useState<Surface | null>(null);
  useEffect(() => {
    let live = true;
    view.getContext().then(
      (context) => live && setSurface(surfaceOf(context)),
      (error: unknown) => {
        console.warn(`no Forge context: ${error instanceof Error ? error.message : String(error)}`);
        if (live) setSurface({ kind: 'global-page' });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (surface === null) return null;
  if (surface.kind === 'gadget') return <GadgetApp config={surface.config} openUrl={openUrl} />;
  if (surface.kind === 'gadget-edit') return <GadgetEditApp config={surface.config} />;
  return <GlobalPageApp openUrl={openUrl} pollMs={pollMs} />;
}

function scanning(portfolio: PortfolioDto): boolean {
  return portfolio.projects.some((p) => p.analysis.state === 'not-analysed' && p.analysis.scan.state !== 'failed');
}

function GlobalPageApp({ openUrl, pollMs }: { openUrl: (url: string) => void; pollMs: number }) {
  const { state, reload } = useResolver('portfolio/get', {});
  const waiting = state.status === 'ready' && !state.refreshing && scanning(state.data);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => void reload(), pollMs);
    return () => clearTimeout(timer);
  }, [waiting, reload, pollMs]);
  return <PortfolioPage state={state} onRetry={() => void reload()} onOpenUrl={openUrl} />;
}

function GadgetApp({ config, openUrl }: { config: GadgetConfig | null; openUrl: (url: string) => void }) {
  if (config === null) return <Gadget config={null} data={null} onOpenUrl={openUrl} />;
  return config.show === 'portfolio' ? <PortfolioGadget openUrl={openUrl} /> : <ProjectGadget projectKey={config.projectKey} openUrl={openUrl} />;
}

function PortfolioGadget({ openUrl }: { openUrl: (url: string) => void }) {
  const { state } = useResolver('portfolio/get', {});
  const data: GadgetData = { show: 'portfolio', state };
  return <Gadget config={{ show: 'portfolio' }} data={data} onOpenUrl={openUrl} />;
}

function ProjectGadget({ projectKey, openUrl }: { projectKey: string; openUrl: (url: string) => void }) {
  const { state } = useResolver('portfolio/project', { projectKey });
  const data: GadgetData = { show: 'project', projectKey, state };
  return <Gadget config={{ show: 'project', projectKey }} data={data} onOpenUrl={openUrl} />;
}

function GadgetEditApp({ config }: { config: GadgetConfig | null }) {
  const { state } = useResolver('portfolio/get', {});
  return <GadgetEdit config={config} portfolio={state} onSubmit={(next) => view.submit(next)} />;
}
