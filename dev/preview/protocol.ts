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
  | { kind: 'admin-page'; moduleKey: string };

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
  colorMode: ColorMode;
  user: PreviewUser;
  /** Every local user, for UI Kit's User component. */
  users: PreviewUser[];
  module: ModuleRef | null;
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

export const THEME_COOKIE = 'preview-theme';
export const USER_COOKIE = 'preview-user';
/** data-theme of <html> once theming is on; data-color-mode picks light or dark. */
export const THEME_ATTR = 'dark:dark light:light motion:motion shape:shape spacing:spacing typography:typography';
