/**
 * The browser side of the preview shell, on every page: the light/dark switch, the user switch
 * and the project picker; and the local Forge host of the module the page shows.
 * - Custom UI (the project page): the app's built page runs in an iframe whose injected bridge
 *   posts every @forge/bridge call here; this answers it (invoke, getContext, enableTheming,
 *   navigate, getUrl, reload) and sizes the iframe to its content.
 * - UI Kit (issue panel, admin page): defines `globalThis.__bridge` for @forge/react, loads the
 *   module's bundle, and renders each ForgeDoc it reconciles with Atlaskit (renderer.tsx).
 * Every invoke is POSTed to the preview host, which runs the app's resolvers in Node.
 */
import '../../../static/shared/feature-flags';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  BRIDGE_SOURCE,
  HOST_SOURCE,
  THEME_ATTR,
  THEME_COOKIE,
  USER_COOKIE,
  type BridgeCallMessage,
  GADGET_STORAGE_PREFIX,
  type ColorMode,
  type DashboardGadget,
  type HostMessage,
  type InvokeRequest,
  type ModuleRef,
  type PageConfig,
} from '../protocol';
import { isForgeDoc, type ForgeDoc } from './forge-doc';
import { renderNode } from './renderer';

function readConfig(): PageConfig {
  const element = document.getElementById('preview-config');
  if (!element?.textContent) throw new Error('The page has no preview config');
  return JSON.parse(element.textContent) as PageConfig;
}

const config = readConfig();
let colorMode: ColorMode = config.colorMode;

function setCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

// ---------------------------------------------------------------------------------------------
// Forge context and the bridge commands both kinds of module share

const EXTENSION_TYPE: Record<ModuleRef['kind'], string> = {
  'project-page': 'jira:projectPage',
  'issue-panel': 'jira:issueContext',
  'admin-page': 'jira:adminPage',
  'global-page': 'jira:globalPage',
  'dashboard-gadget': 'jira:dashboardGadget',
};

function forgeContext(module: ModuleRef): Record<string, unknown> {
  const extension: Record<string, unknown> = { type: EXTENSION_TYPE[module.kind] };
  if (module.kind === 'project-page' || module.kind === 'issue-panel') extension.project = { ...module.project };
  if (module.kind === 'issue-panel') extension.issue = { ...module.issue };
  if (module.kind === 'dashboard-gadget') {
    // Jira's gadget context: the gadget, what its edit mode saved, and entryPoint 'edit' in edit mode.
    extension.gadget = { id: module.gadget.id };
    extension.gadgetConfiguration = { ...module.gadget.configuration };
    if (module.gadget.entryPoint === 'edit') extension.entryPoint = 'edit';
  }
  return {
    accountId: config.user.accountId,
    cloudId: config.cloudId,
    siteUrl: config.siteUrl,
    localId: `ari:cloud:ecosystem::extension/${config.app.appId}/${config.app.environmentId}/static/${module.moduleKey}`,
    moduleKey: module.moduleKey,
    locale: navigator.language || 'en-US',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    environmentType: 'DEVELOPMENT',
    environmentId: config.app.environmentId,
    extension,
    theme: { colorMode },
  };
}

async function invoke(module: ModuleRef, data: unknown): Promise<unknown> {
  const { functionKey, payload } = (data ?? {}) as { functionKey?: unknown; payload?: unknown };
  if (typeof functionKey !== 'string') throw new Error('invoke needs a function key');
  const body: InvokeRequest = { functionKey, payload: payload ?? {}, module };
  let response: Response;
  try {
    response = await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new Error('the preview host is not running; start it again with npm start');
  }
  if (!response.ok) throw new Error(`the preview host answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** The pages of the app's own modules, for router calls with a NavigationLocation ({ target: 'module' }). */
const MODULE_PAGES: Record<string, (projectKey: string | undefined) => string | undefined> = {
  'planning-levels-admin-page': () => '/admin/planning-levels',
  'planning-levels-global-page': () => '/planning-levels',
  'planning-levels-project-page': (projectKey) => (projectKey === undefined ? undefined : `/projects/${encodeURIComponent(projectKey)}/planning-levels`),
};

function navigate(data: unknown): void {
  const { url: given, type, target: to, moduleKey, projectKey } = (data ?? {}) as { url?: unknown; type?: unknown; target?: unknown; moduleKey?: unknown; projectKey?: unknown };
  const url = to === 'module' && typeof moduleKey === 'string' ? MODULE_PAGES[moduleKey]?.(typeof projectKey === 'string' ? projectKey : undefined) : given;
  if (typeof url !== 'string') throw new Error(to !== undefined ? `navigation to ${String(to)} ${String(moduleKey)} is not part of the preview` : 'navigation needs a URL');
  const target = new URL(url, window.location.href);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`refusing to open ${url}`);
  if (type === 'new-tab') window.open(target.href, '_blank', 'noopener');
  else window.location.assign(target.href);
}

/** Bridge commands common to Custom UI and UI Kit; undefined for commands the caller handles itself. */
async function commonCommand(module: ModuleRef, cmd: string, data: unknown): Promise<unknown> {
  switch (cmd) {
    case 'invoke':
      return invoke(module, data);
    case 'getContext':
      return forgeContext(module);
    case 'navigate':
      navigate(data);
      return undefined;
    case 'getUrl': {
      // The address of one of the app's own pages (a `module` location), as Jira's router gives it.
      const { target, moduleKey, projectKey } = (data ?? {}) as { target?: unknown; moduleKey?: unknown; projectKey?: unknown };
      const path = target === 'module' && typeof moduleKey === 'string' ? MODULE_PAGES[moduleKey]?.(typeof projectKey === 'string' ? projectKey : undefined) : undefined;
      if (path === undefined) throw new Error(`router.getUrl for target "${String(target)}" ${String(moduleKey)} is not part of the preview`);
      return new URL(path, window.location.href).href;
    }
    case 'reload':
      window.location.reload();
      return undefined;
    default:
      throw new Error(`the preview's Forge bridge does not implement "${cmd}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Custom UI

interface CustomUiHost {
  /** The frame's smallest height (a page: 480 px; a gadget less). */
  minHeight?: number;
  /** view.submit from the frame (a gadget's edit mode). */
  onSubmit?: (data: unknown) => void;
}

/** `module` is asked at each call: a gadget's module changes between its view and edit modes. */
function hostCustomUi(moduleOf: () => ModuleRef, frame: HTMLIFrameElement, options: CustomUiHost = {}): void {
  const minHeight = options.minHeight ?? 480;
  const reply = (message: HostMessage) => frame.contentWindow?.postMessage(message, window.location.origin);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.source !== frame.contentWindow || event.origin !== window.location.origin) return;
    const message = event.data as Partial<BridgeCallMessage> | null;
    if (!message || message.source !== BRIDGE_SOURCE || typeof message.id !== 'number' || typeof message.cmd !== 'string') return;
    const { id, cmd, data } = message;
    const answer =
      cmd === 'enableTheming'
        ? Promise.resolve({ colorMode })
        : cmd === 'submit' && options.onSubmit
          ? Promise.resolve(options.onSubmit(data))
          : commonCommand(moduleOf(), cmd, data);
    answer.then(
      (result) => reply({ source: HOST_SOURCE, kind: 'reply', id, ok: true, result: result ?? null }),
      (error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        if (cmd !== 'invoke') console.warn(`[preview] bridge ${cmd}: ${text}`);
        reply({ source: HOST_SOURCE, kind: 'reply', id, ok: false, error: text });
      },
    );
  });
  // Size the iframe to its page (Jira's project page shows the app at full height).
  const fit = () => {
    const doc = frame.contentDocument;
    if (!doc?.body) return;
    // The body's own box (not the document's scroll height, which never drops below the
    // iframe's current height), so the frame also shrinks when a level is folded again.
    frame.style.height = `${Math.max(minHeight, Math.ceil(doc.body.getBoundingClientRect().height))}px`;
  };
  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    if (!doc) return;
    new ResizeObserver(fit).observe(doc.body);
    fit();
  });
  onThemeChange.push((mode) => reply({ source: HOST_SOURCE, kind: 'theme', colorMode: mode }));
  // The page starts loading only now that its bridge calls have somewhere to go.
  const src = frame.dataset.src;
  if (src) frame.src = src;
}

// ---------------------------------------------------------------------------------------------
// The dashboard: each gadget a Custom UI frame, in view mode until its Edit button is pressed;
// the edit mode's view.submit keeps the configuration (in localStorage, as Jira keeps it with
// the gadget) and returns the gadget to view mode.

function readGadgetConfiguration(gadget: DashboardGadget): Record<string, unknown> {
  try {
    const saved = window.localStorage.getItem(GADGET_STORAGE_PREFIX + gadget.id);
    const parsed: unknown = saved === null ? null : JSON.parse(saved);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    /* a configuration this browser cannot read: the gadget's default */
  }
  return gadget.configuration;
}

function hostGadget(gadget: DashboardGadget): void {
  const section = document.querySelector(`section[data-gadget="${CSS.escape(gadget.id)}"]`);
  const frame = section?.querySelector('iframe');
  const edit = section?.querySelector('button.gadget-edit');
  if (!(frame instanceof HTMLIFrameElement) || !(edit instanceof HTMLButtonElement)) return;
  let entryPoint: 'view' | 'edit' = 'view';
  let configuration = readGadgetConfiguration(gadget);
  let loads = 0;
  const load = () => {
    edit.setAttribute('aria-pressed', String(entryPoint === 'edit'));
    edit.textContent = entryPoint === 'edit' ? 'Cancel editing' : 'Edit';
    frame.src = `/custom-ui/portfolio/index.html?gadget=${encodeURIComponent(gadget.id)}&mode=${entryPoint}&load=${++loads}`;
  };
  const moduleOf = (): ModuleRef => ({ kind: 'dashboard-gadget', moduleKey: 'planning-levels-gadget', gadget: { id: gadget.id, entryPoint, configuration } });
  hostCustomUi(moduleOf, frame, {
    minHeight: 120,
    onSubmit: (data) => {
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('view.submit takes an object');
      configuration = data as Record<string, unknown>;
      window.localStorage.setItem(GADGET_STORAGE_PREFIX + gadget.id, JSON.stringify(configuration));
      entryPoint = 'view';
      // Jira closes the edit mode once the submit resolves.
      setTimeout(load, 0);
    },
  });
  edit.addEventListener('click', () => {
    entryPoint = entryPoint === 'edit' ? 'view' : 'edit';
    load();
  });
  load();
}

// ---------------------------------------------------------------------------------------------
// UI Kit

let latestDoc: ForgeDoc | null = null;
const docListeners = new Set<(doc: ForgeDoc) => void>();

function hostUiKit(module: ModuleRef, mount: HTMLElement, bundle: string): void {
  (globalThis as unknown as { __bridge: { callBridge: (cmd: string, data?: unknown) => Promise<unknown> } }).__bridge = {
    callBridge: async (cmd, data) => {
      if (cmd === 'reconcile') {
        const doc = (data as { forgeDoc?: unknown } | undefined)?.forgeDoc;
        if (!isForgeDoc(doc)) throw new Error('reconcile without a ForgeDoc');
        latestDoc = doc;
        for (const listener of docListeners) listener(doc);
        return undefined;
      }
      if (cmd === 'onError') {
        console.error('[preview] the UI Kit module failed:', (data as { error?: unknown } | undefined)?.error);
        return undefined;
      }
      if (cmd === 'enableTheming') return undefined;
      return commonCommand(module, cmd, data);
    },
  };
  createRoot(mount).render(<UiKitHost />);
  const script = document.createElement('script');
  script.src = bundle;
  script.addEventListener('error', () => console.error(`[preview] could not load ${bundle}`));
  document.body.appendChild(script);
}

function UiKitHost(): ReactNode {
  const [state, setState] = useState<{ doc: ForgeDoc | null; n: number }>({ doc: latestDoc, n: 0 });
  useEffect(() => {
    // The reconciler mutates one tree in place, so every reconcile re-renders it.
    const listener = (doc: ForgeDoc) => setState((prev) => ({ doc, n: prev.n + 1 }));
    docListeners.add(listener);
    if (latestDoc) listener(latestDoc);
    return () => {
      docListeners.delete(listener);
    };
  }, []);
  if (!state.doc) return <Spinner size="medium" label="Loading the app" />;
  try {
    return <>{renderNode(state.doc, { users: config.users })}</>;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    console.error(`[preview] ${text}`);
    return (
      <SectionMessage appearance="error" title="The preview cannot show this app">
        <p>{text}</p>
      </SectionMessage>
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Shell controls

const onThemeChange: ((mode: ColorMode) => void)[] = [];

function applyTheme(mode: ColorMode): void {
  colorMode = mode;
  const html = document.documentElement;
  html.setAttribute('data-theme', THEME_ATTR);
  html.setAttribute('data-color-mode', mode);
  const toggle = document.getElementById('theme-toggle');
  if (toggle) {
    toggle.setAttribute('aria-pressed', String(mode === 'dark'));
    toggle.textContent = mode === 'dark' ? 'Dark theme' : 'Light theme';
  }
  for (const listener of onThemeChange) listener(mode);
}

function wireControls(): void {
  document.getElementById('theme-toggle')?.addEventListener('click', () => {
    const next: ColorMode = colorMode === 'dark' ? 'light' : 'dark';
    setCookie(THEME_COOKIE, next);
    applyTheme(next);
  });
  const user = document.getElementById('user-switch') as HTMLSelectElement | null;
  user?.addEventListener('change', () => {
    setCookie(USER_COOKIE, user.value);
    window.location.reload();
  });
  const project = document.getElementById('project-picker') as HTMLSelectElement | null;
  project?.addEventListener('change', () => {
    window.location.assign(`/projects/${encodeURIComponent(project.value)}/planning-levels`);
  });
}

wireControls();
const module = config.module;
if (module?.kind === 'project-page' || module?.kind === 'global-page') {
  const frame = document.getElementById('custom-ui-frame');
  if (frame instanceof HTMLIFrameElement) hostCustomUi(() => module, frame);
} else if (config.gadgets) {
  for (const gadget of config.gadgets) hostGadget(gadget);
} else if (module && config.uiKitBundle) {
  const mount = document.getElementById('forge-module-root');
  if (mount) hostUiKit(module, mount, config.uiKitBundle);
}
