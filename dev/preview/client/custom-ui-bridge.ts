/**
 * The Forge bridge inside the Custom UI iframe, injected by the preview host as the first
 * script of the app's own index.html (Forge injects its bridge the same way). @forge/bridge
 * calls `globalThis.__bridge.callBridge(cmd, data)`; every call is posted to the shell (the
 * parent window), which answers it: invoke, getContext, enableTheming, navigate, getUrl, reload.
 * Theming follows Forge: after `view.theme.enable()` the page's <html> gets data-theme and
 * data-color-mode (the token CSS is already in the page), and follows later theme changes.
 */
import { BRIDGE_SOURCE, HOST_SOURCE, THEME_ATTR, type BridgeCallMessage, type ColorMode, type HostMessage } from '../protocol';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const pending = new Map<number, Pending>();
let nextId = 1;
let themingEnabled = false;

function applyTheme(colorMode: ColorMode): void {
  const html = document.documentElement;
  html.setAttribute('data-theme', THEME_ATTR);
  html.setAttribute('data-color-mode', colorMode);
}

function isHostMessage(value: unknown): value is HostMessage {
  return typeof value === 'object' && value !== null && (value as { source?: unknown }).source === HOST_SOURCE;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== window.parent || !isHostMessage(event.data)) return;
  const message = event.data;
  if (message.kind === 'theme') {
    if (themingEnabled) applyTheme(message.colorMode);
    return;
  }
  const call = pending.get(message.id);
  if (!call) return;
  pending.delete(message.id);
  if (message.ok) call.resolve(message.result);
  else call.reject(new Error(message.error));
});

function callBridge(cmd: string, data?: unknown): Promise<unknown> {
  if (window.parent === window) return Promise.reject(new Error('This page runs inside the preview shell; open it from there.'));
  const id = nextId++;
  const message: BridgeCallMessage = { source: BRIDGE_SOURCE, id, cmd, data: data ?? null };
  const answer = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
  window.parent.postMessage(message, window.location.origin);
  if (cmd !== 'enableTheming') return answer;
  return answer.then((result) => {
    themingEnabled = true;
    const mode = (result as { colorMode?: unknown } | null)?.colorMode;
    applyTheme(mode === 'dark' ? 'dark' : 'light');
    return undefined;
  });
}

(globalThis as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
