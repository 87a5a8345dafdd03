/**
 * A clock for code that runs several callers at once and makes them wait: time moves only when
 * someone sleeps, and sleepers wake in the order of their wake-up times (each sleep lets the
 * event loop turn once, so the others run in between). I/O that takes more than a turn (an HTTP
 * request to the emulator) runs under `hold`: while any is under way, no sleeper wakes, so time
 * stands still for it as it would for a request of no latency. Nothing waits in real time.
 */
export interface VirtualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Runs `work` with the clock held still until it settles. */
  hold<T>(work: () => Promise<T>): Promise<T>;
}

export function virtualClock(start: number): VirtualClock {
  let now = start;
  const sleepers: { until: number; seq: number; wake: () => void }[] = [];
  let seq = 0;
  /** Work under way that time waits for. */
  let holding = 0;
  /** Wake-ups owed: one a sleep, given once nothing holds the clock. */
  let owed = 0;
  const wakeOne = () =>
    setImmediate(() => {
      if (holding > 0 || owed === 0) return;
      owed--;
      sleepers.sort((a, b) => a.until - b.until || a.seq - b.seq);
      const next = sleepers.shift();
      if (next === undefined) return;
      now = Math.max(now, next.until);
      next.wake();
    });
  return {
    now: () => now,
    sleep(ms) {
      return new Promise<void>((resolve) => {
        sleepers.push({ until: now + Math.max(0, ms), seq: seq++, wake: resolve });
        owed++;
        wakeOne();
      });
    },
    async hold(work) {
      holding++;
      try {
        return await work();
      } finally {
        holding--;
        if (holding === 0) for (let i = 0; i < owed; i++) wakeOne();
      }
    },
  };
}
