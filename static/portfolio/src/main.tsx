import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyPageSurface } from '../../project-page/src/surface';
import '../../project-page/src/responsive.css';
import { App } from './App';

// Follow Jira's light or dark theme (the tokens' fallbacks are the light theme).
view.theme.enable().catch(() => {
  /* theming is cosmetic */
});
applyPageSurface(document);

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
