/**
 * What the preview host (Node) and its browser side share: the page config every shell page
 * embeds, the invoke request, and the messages between the shell and the Custom UI iframe.
 * Types only (no runtime code), so both the server and the browser bundles import it.
 */

export type ColorMode = 'light' | 'dark';
export type PreviewUserRole = 'admin' | 'member';

export interface PreviewUser {
  role: PreviewUserRole;
  accountId: string;
  displayName: string;
}

/** The Forge module a shell page shows, as Forge would describe it in the context. */
export type ModuleRef =
  | { kind: 'project-page'; moduleKey: string; project: ProjectRef }
  | { kind: 'issue-panel'; moduleKey: string; project: ProjectRef; issue: IssueRef }
  | { kind: 'admin-page'; moduleKey: string }
  | { kind: 'global-page'; moduleKey: string }
  | { kind: 'dashboard-gadget'; moduleKey: string; gadget: GadgetRef };

/** A gadget on the preview's dashboard: which one, in which mode, with what its edit mode saved. */
export interface GadgetRef {
  id: string;
  entryPoint: 'view' | 'edit';
  /** What the gadget's edit mode submitted (Jira keeps it with the gadget; here the browser does). */
  configuration: Record<string, unknown>;
}

/** A gadget the dashboard page starts with (its configuration until the edit mode saves another). */
export interface DashboardGadget {
  id: string;
  title: string;
  configuration: Record<string, unknown>;
}

interface ProjectRef {
  id: string;
  key: string;
  type: string;
}

interface IssueRef {
  id: string;
  key: string;
  type: string;
}

/** Embedded in every shell page as JSON (script#preview-config). */
export interface PageConfig {
  siteUrl: string;
  cloudId: string;
  /** The app's ids as Forge puts them in each module's extension ARI (`localId`) and `environmentId`. */
  app: { appId: string; environmentId: string };
  colorMode: ColorMode;
  user: PreviewUser;
  /** Every local user, for UI Kit's User component. */
  users: PreviewUser[];
  module: ModuleRef | null;
  /** The dashboard page's gadgets (each a Custom UI frame of the portfolio resource). */
  gadgets?: DashboardGadget[];
  /** Script URL of the UI Kit module's bundle (UI Kit modules only). */
  uiKitBundle?: string;
}

/** POST /api/invoke */
export interface InvokeRequest {
  functionKey: string;
  payload: unknown;
  module: ModuleRef;
}

export const BRIDGE_SOURCE = 'forge-preview-bridge';
export const HOST_SOURCE = 'forge-preview-host';

/** From the Custom UI iframe's bridge to the shell. */
export interface BridgeCallMessage {
  source: typeof BRIDGE_SOURCE;
  id: number;
  cmd: string;
  data: unknown;
}

/** From the shell to the iframe: the answer to one call, or a theme change. */
export type HostMessage =
  | { source: typeof HOST_SOURCE; kind: 'reply'; id: number; ok: true; result: unknown }
  | { source: typeof HOST_SOURCE; kind: 'reply'; id: number; ok: false; error: string }
  | { source: typeof HOST_SOURCE; kind: 'theme'; colorMode: ColorMode };

/** Where the preview's browser keeps a dashboard gadget's saved configuration (localStorage). */
export const GADGET_STORAGE_PREFIX = 'preview-gadget:';

export const THEME_COOKIE = 'preview-theme';
export const USER_COOKIE = 'preview-user';
/** data-theme of <html> once theming is on; data-color-mode picks light or dark. */
export const THEME_ATTR = 'dark:dark light:light motion:motion shape:shape spacing:spacing typography:typography';
