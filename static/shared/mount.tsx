/**
 * Starts a Custom UI resource of the app (the project page, the portfolio): follows Jira's light
 * or dark theme (the host sets data-color-mode on <html> and provides the design-token variables
 * every token() resolves to), paints the page surface, and renders the app into #root.
 */
import { view } from '@forge/bridge';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyPageSurface } from './surface';
import './responsive.css';

export function mountCustomUi(app: ReactNode): void {
  view.theme.enable().catch(() => {
    /* theming is cosmetic: the tokens' fallbacks are the light theme */
  });
  applyPageSurface(document);
  const container = document.getElementById('root');
  if (!container) throw new Error('The page has no #root element');
  createRoot(container).render(<StrictMode>{app}</StrictMode>);
}
