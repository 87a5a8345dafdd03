/**
 * A stand-in for the Forge host: installs globalThis.__bridge.callBridge, the function both
 * @forge/bridge and @forge/react talk through. Import this module BEFORE anything that imports
 * @forge/bridge (the bridge captures callBridge when it loads).
 *
 * It records every call, keeps the last document @forge/react reconciled, and answers
 * 'invoke' from typed fake resolvers.
 */
import type { PayloadOf, ResolverKey, ResolverResponse, ResponseOf } from '../../src/contract/resolvers';

export interface ForgeDoc {
  type: string;
  props: Record<string, unknown>;
  children: ForgeDoc[];
  key?: string;
}

interface BridgeCall {
  cmd: string;
  data: unknown;
}

type Handler<K extends ResolverKey> = (
  payload: PayloadOf<K>,
) => ResolverResponse<ResponseOf<K>> | Promise<ResolverResponse<ResponseOf<K>>>;

type Handlers = { [K in ResolverKey]?: Handler<K> };

interface InvokeData {
  functionKey: ResolverKey;
  payload: unknown;
}

class FakeHost {
  calls: BridgeCall[] = [];
  doc: ForgeDoc | null = null;
  private handlers: Handlers = {};
  /** Answers for other bridge commands (getContext, navigate …). */
  other: (cmd: string, data: unknown) => unknown = () => undefined;

  reset(): void {
    this.calls = [];
    this.doc = null;
    this.handlers = {};
    this.other = () => undefined;
  }

  on<K extends ResolverKey>(key: K, handler: Handler<K>): void {
    (this.handlers as Record<string, unknown>)[key] = handler;
  }

  invocations<K extends ResolverKey>(key: K): PayloadOf<K>[] {
    return this.calls
      .filter((c) => c.cmd === 'invoke' && (c.data as InvokeData).functionKey === key)
      .map((c) => (c.data as InvokeData).payload as PayloadOf<K>);
  }

  callBridge = (cmd: string, data: unknown): unknown => {
    this.calls.push({ cmd, data });
    if (cmd === 'reconcile') {
      this.doc = (data as { forgeDoc: ForgeDoc }).forgeDoc;
      return undefined;
    }
    if (cmd === 'invoke') {
      const { functionKey, payload } = data as InvokeData;
      const handler = this.handlers[functionKey] as ((p: unknown) => unknown) | undefined;
      if (!handler) return Promise.reject(new Error(`no fake for resolver ${functionKey}`));
      return Promise.resolve().then(() => handler(payload));
    }
    return Promise.resolve(this.other(cmd, data));
  };
}

export const host = new FakeHost();

const g = globalThis as unknown as { __bridge?: { callBridge: FakeHost['callBridge'] }; self?: unknown };
g.__bridge = { callBridge: (cmd, data) => host.callBridge(cmd, data) };
// @forge/react's reconciler reaches the bridge through `self` (a window in browsers).
if (typeof g.self === 'undefined') g.self = globalThis;

// ---------------------------------------------------------------------------------------------
// Querying a ForgeDoc

function walk(node: ForgeDoc | null, visit: (n: ForgeDoc) => void): void {
  if (!node) return;
  visit(node);
  for (const child of node.children) walk(child, visit);
}

export function findAll(node: ForgeDoc | null, predicate: (n: ForgeDoc) => boolean): ForgeDoc[] {
  const out: ForgeDoc[] = [];
  walk(node, (n) => {
    if (predicate(n)) out.push(n);
  });
  return out;
}

export const ofType = (type: string) => (n: ForgeDoc) => n.type === type;

/** The text a node shows: its String descendants joined. */
export function textOf(node: ForgeDoc | null): string {
  const parts: string[] = [];
  walk(node, (n) => {
    if (n.type === 'String') parts.push(String(n.props.text));
  });
  return parts.join('');
}

export function findByText(node: ForgeDoc | null, type: string, text: string | RegExp): ForgeDoc | undefined {
  return findAll(node, ofType(type)).find((n) => (typeof text === 'string' ? textOf(n) === text : text.test(textOf(n))));
}

/** Polls until `check` passes (or throws its last error after the timeout). */
export async function waitFor<T>(check: () => T, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** A handler prop of a node (onClick, onChange …), checked to be a function. */
export function handler(node: ForgeDoc | undefined, name: string): (...args: unknown[]) => unknown {
  const fn = node?.props[name];
  if (typeof fn !== 'function') throw new Error(`${node?.type ?? 'node'} has no ${name} handler`);
  return fn as (...args: unknown[]) => unknown;
}

