/**
 * The portfolio resource serves two modules (manifest.yml): the global page and the dashboard
 * gadget, whose edit mode is the same resource. The Forge context says which one is showing:
 * extension.type, and for a gadget extension.entryPoint ('edit' in edit mode) and
 * extension.gadgetConfiguration (what its edit mode saved).
 */
import '../../shared/feature-flags';
import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import type { PortfolioDto } from '../../../src/contract/resolvers';
import { useResolver, type Loadable } from '../../../src/frontend/shared/use-resolver';
import { Gadget, type GadgetData } from './Gadget';
import { surfaceOf, type GadgetConfig, type Surface } from './gadget-config';
import { GadgetEdit } from './GadgetEdit';
import { PortfolioPage } from './PortfolioPage';
import type { ProjectLinks } from './ProjectLink';
import { useProjectLinks } from './project-links';

/** While a project's first scan runs or waits, the page asks again this often. */
const PORTFOLIO_POLL_MS = 5000;

export interface AppProps {
  pollMs?: number;
}

export function App({ pollMs = PORTFOLIO_POLL_MS }: AppProps) {
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
  if (surface.kind === 'gadget') return <GadgetApp config={surface.config} />;
  if (surface.kind === 'gadget-edit') return <GadgetEditApp config={surface.config} />;
  return <GlobalPageApp pollMs={pollMs} />;
}

/** Whether the page should ask again: a first scan runs or waits, or the site's projects are still being listed (a new install). */
function settling(portfolio: PortfolioDto): boolean {
  if (portfolio.projects.length === 0) return portfolio.asOf === null;
  return portfolio.projects.some((p) => p.analysis.state === 'not-analysed' && p.analysis.scan.state !== 'failed');
}

const keysOf = (state: Loadable<PortfolioDto>) => (state.status === 'ready' ? state.data.projects.map((p) => p.key) : []);

function GlobalPageApp({ pollMs }: { pollMs: number }) {
  const { state, reload } = useResolver('portfolio/get', {});
  const links = useProjectLinks(keysOf(state));
  // Each answer re-arms the timer (the state is a new object per answer, even when the data is the same).
  useEffect(() => {
    if (state.status !== 'ready' || state.refreshing || !settling(state.data)) return;
    const timer = setTimeout(() => void reload(), pollMs);
    return () => clearTimeout(timer);
  }, [state, reload, pollMs]);
  return <PortfolioPage state={state} onRetry={() => void reload()} links={links} />;
}

function GadgetApp({ config }: { config: GadgetConfig | null }) {
  const links = useProjectLinks(config?.show === 'project' ? [config.projectKey] : []);
  if (config === null) return <Gadget config={null} data={null} links={links} />;
  return config.show === 'portfolio' ? <PortfolioGadget links={links} /> : <ProjectGadget projectKey={config.projectKey} links={links} />;
}

function PortfolioGadget({ links }: { links: ProjectLinks }) {
  const { state } = useResolver('portfolio/get', {});
  const data: GadgetData = { show: 'portfolio', state };
  return <Gadget config={{ show: 'portfolio' }} data={data} links={links} />;
}

function ProjectGadget({ projectKey, links }: { projectKey: string; links: ProjectLinks }) {
  const { state } = useResolver('portfolio/project', { projectKey });
  const data: GadgetData = { show: 'project', projectKey, state };
  return <Gadget config={{ show: 'project', projectKey }} data={data} links={links} />;
}

function GadgetEditApp({ config }: { config: GadgetConfig | null }) {
  const { state } = useResolver('portfolio/get', {});
  return <GadgetEdit config={config} portfolio={state} onSubmit={(next) => view.submit(next)} />;
}
