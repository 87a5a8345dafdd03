/**
 * The project page's data: the stored result and the scan in progress (scan/status). With no
 * stored result and no scan, it starts the first scan (scan/start); while a scan runs it asks
 * again every `pollMs` until the scan is done, keeping the last result on screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResolverError, ResolverResponse, ScanStatusDto } from '../../../src/contract/resolvers';
import { callResolver } from '../../../src/frontend/shared/call-resolver';

export type ScanState =
  | { status: 'loading' }
  | { status: 'ready'; data: ScanStatusDto; starting: boolean }
  | { status: 'error'; error: ResolverError };

export interface ProjectScan {
  state: ScanState;
  /** Starts a scan now (the Rescan button). */
  rescan: () => void;
  /** Asks for the status again (after an error). */
  retry: () => void;
}

export const POLL_MS = 1500;

export function useProjectScan(pollMs: number = POLL_MS): ProjectScan {
  const [state, setState] = useState<ScanState>({ status: 'loading' });
  const latest = useRef(0);
  const mounted = useRef(true);

  const settle = useCallback((call: number, response: ResolverResponse<ScanStatusDto>): ScanStatusDto | null => {
    if (!mounted.current || call !== latest.current) return null;
    if (!response.ok) {
      setState({ status: 'error', error: response.error });
      return null;
    }
    setState({ status: 'ready', data: response.data, starting: false });
    return response.data;
  }, []);

  const start = useCallback(async () => {
    const call = ++latest.current;
    setState((prev) => (prev.status === 'ready' ? { ...prev, starting: true } : prev));
    settle(call, await callResolver('scan/start', {}));
  }, [settle]);

  const load = useCallback(
    async (quiet: boolean) => {
      const call = ++latest.current;
      if (!quiet) setState((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
      const data = settle(call, await callResolver('scan/status', {}));
      // Nothing stored and nothing running: this is the project's first view.
      if (data !== null && data.result === null && data.scan === null) await start();
    },
    [settle, start],
  );

  useEffect(() => {
    mounted.current = true;
    void load(false);
    return () => {
      mounted.current = false;
    };
  }, [load]);

  const running = state.status === 'ready' && state.data.scan?.state === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(() => void load(true), pollMs);
    return () => clearTimeout(timer);
  }, [running, state, pollMs, load]);

  const rescan = useCallback(() => void start(), [start]);
  const retry = useCallback(() => void load(false), [load]);
  return { state, rescan, retry };
}
