import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyPageSurface } from './surface';
import './responsive.css';

// Follow Jira's light or dark theme: the host sets data-color-mode on <html> and provides the
// design-token variables every token() below resolves to.
view.theme.enable().catch(() => {
  /* theming is cosmetic: the tokens' fallbacks are the light theme */
});
applyPageSurface(document);

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
