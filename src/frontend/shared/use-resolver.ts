/**
 * A React hook over callResolver: loading, ready (with a background refresh flag) and error
 * states, and a reload that keeps the current data on screen while it runs.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PayloadOf, ResolverError, ResolverKey, ResponseOf } from '../../contract/resolvers';
import { callResolver } from './call-resolver';

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T; refreshing: boolean }
  | { status: 'error'; error: ResolverError };

export interface ResolverState<K extends ResolverKey> {
  state: Loadable<ResponseOf<K>>;
  /** Calls the resolver again; `payload` replaces the hook's payload for this call only. */
  reload: (payload?: PayloadOf<K>) => Promise<void>;
}

export function useResolver<K extends ResolverKey>(key: K, payload: PayloadOf<K>): ResolverState<K> {
  const [state, setState] = useState<Loadable<ResponseOf<K>>>({ status: 'loading' });
  const payloadKey = JSON.stringify(payload);
  const latest = useRef(0);
  const mounted = useRef(true);

  const run = useCallback(
    async (override?: PayloadOf<K>) => {
      const call = ++latest.current;
      setState((prev) => (prev.status === 'ready' ? { ...prev, refreshing: true } : { status: 'loading' }));
      const response = await callResolver(key, override ?? (JSON.parse(payloadKey) as PayloadOf<K>));
      if (!mounted.current || call !== latest.current) return;
      setState(response.ok ? { status: 'ready', data: response.data, refreshing: false } : { status: 'error', error: response.error });
    },
    [key, payloadKey],
  );

  useEffect(() => {
    mounted.current = true;
    void run();
    return () => {
      mounted.current = false;
    };
  }, [run]);

  return { state, reload: run };
}
