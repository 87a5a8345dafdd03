/**
 * The bundles the preview serves, built before it listens:
 * - the project page (Custom UI): the app's own Vite build in static/project-page/build, rebuilt
 *   only when missing or older than its sources (same command as `npm run build`, without the
 *   type check);
 * - the UI Kit modules, bundled by esbuild from the manifest's resources
 *   (src/frontend/issue-panel/index.tsx, src/frontend/admin-page/index.tsx), unchanged, the way
 *   Forge bundles them;
 * - the preview's own browser code: the shell (local Forge bridge and the UI Kit renderer) and
 *   the bridge script injected into the Custom UI page.
 * esbuild output goes to dist/preview (git-ignored); it takes a few seconds, so it runs on
 * every start and never serves stale code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = join(__dirname, '..', '..');
export const CUSTOM_UI_BUILD = join(ROOT, 'static', 'project-page', 'build');
/** The portfolio resource (global page and dashboard gadget). */
export const PORTFOLIO_BUILD = join(ROOT, 'static', 'portfolio', 'build');
export const PREVIEW_BUILD = join(ROOT, 'dist', 'preview');

/** The UI Kit resources of manifest.yml: resource key → entry file. */
const UI_KIT_ENTRIES = {
  'issue-panel': join(ROOT, 'src', 'frontend', 'issue-panel', 'index.tsx'),
  'admin-page': join(ROOT, 'src', 'frontend', 'admin-page', 'index.tsx'),
} as const;

/** Everything the Custom UI bundle is built from. */
const CUSTOM_UI_SOURCES = [
  join(ROOT, 'static', 'project-page', 'src'),
  join(ROOT, 'static', 'project-page', 'index.html'),
  join(ROOT, 'static', 'project-page', 'vite.config.ts'),
  join(ROOT, 'src', 'frontend', 'shared'),
  join(ROOT, 'src', 'contract'),
  join(ROOT, 'src', 'core'),
];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** The portfolio's build reads the project page's shared components and its Vite config too. */
const PORTFOLIO_SOURCES = [join(ROOT, 'static', 'portfolio', 'src'), join(ROOT, 'static', 'portfolio', 'index.html'), join(ROOT, 'static', 'portfolio', 'vite.config.ts'), ...CUSTOM_UI_SOURCES];

async function isStale(build: string, sources: readonly string[]): Promise<boolean> {
  const index = join(build, 'index.html');
  if (!existsSync(index)) return true;
  const built = (await stat(index)).mtimeMs;
  for (const source of sources) if ((await newestMtime(source)) > built) return true;
  return false;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-4000)}`))));
  });
}

async function buildCustomUi(folder: 'project-page' | 'portfolio'): Promise<void> {
  await run(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join('static', folder, 'vite.config.ts'), '--logLevel', 'warn']);
}

const BROWSER_DEFINES = { 'process.env.NODE_ENV': '"production"', global: 'globalThis' };

/** esbuild: each entry is one self-contained classic script (IIFE), like Forge's UI Kit bundles. */
async function buildBrowserBundles(): Promise<void> {
  const common = {
    bundle: true,
    format: 'iife' as const,
    platform: 'browser' as const,
    target: ['chrome120'],
    minify: true,
    sourcemap: false,
    jsx: 'automatic' as const,
    define: BROWSER_DEFINES,
    loader: { '.css': 'css' as const },
    logLevel: 'error' as const,
    absWorkingDir: ROOT,
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: { shell: join(__dirname, 'client', 'shell.tsx'), 'custom-ui-bridge': join(__dirname, 'client', 'custom-ui-bridge.ts') },
      outdir: PREVIEW_BUILD,
    }),
    build({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(UI_KIT_ENTRIES).map(([resource, file]) => [`app-${resource}`, file])),
      outdir: PREVIEW_BUILD,
    }),
  ]);
}

export interface BuildReport {
  customUi: 'built' | 'up to date';
  portfolio: 'built' | 'up to date';
  ms: number;
}

export async function ensureBundles(): Promise<BuildReport> {
  const started = Date.now();
  const [stale, portfolioStale] = await Promise.all([isStale(CUSTOM_UI_BUILD, CUSTOM_UI_SOURCES), isStale(PORTFOLIO_BUILD, PORTFOLIO_SOURCES)]);
  await Promise.all([stale ? buildCustomUi('project-page') : Promise.resolve(), portfolioStale ? buildCustomUi('portfolio') : Promise.resolve(), buildBrowserBundles()]);
  return { customUi: stale ? 'built' : 'up to date', portfolio: portfolioStale ? 'built' : 'up to date', ms: Date.now() - started };
}
