/**
 * A clock for code that runs several callers at once and makes them wait: time moves only when
 * someone sleeps, and sleepers wake in the order of their wake-up times (each sleep lets the
 * event loop turn once, so the others, and any I/O under way, run in between). Nothing waits
 * in real time.
 */
export interface VirtualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export function virtualClock(start: number): VirtualClock {
  let now = start;
  const sleepers: { until: number; seq: number; wake: () => void }[] = [];
  let seq = 0;
  return {
    now: () => now,
    sleep(ms) {
      return new Promise<void>((resolve) => {
        sleepers.push({ until: now + Math.max(0, ms), seq: seq++, wake: resolve });
        setImmediate(() => {
          sleepers.sort((a, b) => a.until - b.until || a.seq - b.seq);
          const next = sleepers.shift();
          if (next === undefined) return;
          now = Math.max(now, next.until);
          next.wake();
        });
      });
    },
  };
}
