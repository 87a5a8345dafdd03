// Builds the portfolio resource (Custom UI: the global page and the dashboard gadget, view and
// edit) into static/portfolio/build, the folder the manifest's `resources` entry points to. The
// same settings as the project page's build (relative asset URLs, no inline scripts), from this
// folder.
import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vite';
import projectPage from '../project-page/vite.config';

export default mergeConfig(projectPage, { root: fileURLToPath(new URL('.', import.meta.url)) });
