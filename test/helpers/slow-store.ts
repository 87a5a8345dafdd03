/** Storage whose every call lets the event loop turn first, as a call over the network would: callers interleave. */
import type { KeyValueStore } from '../../src/storage/key-value';

export function slow(kv: KeyValueStore): KeyValueStore {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    get: async (key) => (await turn(), kv.get(key)),
    set: async (key, value, options) => (await turn(), kv.set(key, value, options)),
    setIfAbsent: async (key, value, options) => (await turn(), kv.setIfAbsent(key, value, options)),
    delete: async (key) => (await turn(), kv.delete(key)),
    keys: async (prefix) => (await turn(), kv.keys(prefix)),
  };
}
