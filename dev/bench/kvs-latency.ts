/**
 * Storage a network call away, as Forge's KVS is: every call waits a fixed time first (a real
 * sleep), so calls made at once overlap and calls made one after another add up. The benches'
 * cold answers (./portfolio.ts, ./panel.ts) count their KVS round trips this way.
 */
import type { KeyValueStore } from '../../src/storage/key-value';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function withLatency(kv: KeyValueStore, ms: number): KeyValueStore {
  return {
    get: async (key) => (await sleep(ms), kv.get(key)),
    set: async (key, value, options) => (await sleep(ms), kv.set(key, value, options)),
    setIfAbsent: async (key, value, options) => (await sleep(ms), kv.setIfAbsent(key, value, options)),
    delete: async (key) => (await sleep(ms), kv.delete(key)),
    keys: async (prefix) => (await sleep(ms), kv.keys(prefix)),
  };
}
