/**
 * A stand-in for the preview shell's bridge, installed before @forge/react is imported (its
 * modules look the bridge up when they load): keeps the last ForgeDoc the reconciler sent.
 */
import { isForgeDoc, type ForgeDoc } from '../../dev/preview/client/forge-doc';

export const reconciled: { latest: ForgeDoc | null } = { latest: null };

(globalThis as unknown as { __bridge: { callBridge: (cmd: string, data: unknown) => Promise<unknown> } }).__bridge = {
  callBridge: async (cmd, data) => {
    const doc = (data as { forgeDoc?: unknown } | undefined)?.forgeDoc;
    if (cmd === 'reconcile' && isForgeDoc(doc)) reconciled.latest = doc;
    return undefined;
  },
};
