/**
 * Bounded parallel reads: numbered items read at most `inFlight` at a time (p-limit), used by the
 * first scan's key ranges (./key-ranges.ts, src/scan-job/scan-worker.ts) and the boards' sprints.
 */
import pLimit from 'p-limit';

interface ParallelReads<T> {
  /** The numbers of the items to read (key ranges, boards), in order. */
  items: readonly number[];
  /** Reads in flight at once, at most. */
  inFlight: number;
  read(n: number): Promise<T>;
  /** Each item as it arrives (items may arrive out of order); its slot reads the next item after this settles. */
  onRead(n: number, value: T): Promise<void> | void;
  /** Asked before each read starts: false starts no more (those in flight finish). */
  mayStart?(): boolean;
}

/**
 * Reads the items, at most `inFlight` at a time, and returns how many were read. When a read or
 * its `onRead` fails, no further read starts, those in flight finish (their `onRead` runs), and
 * then the first failure is thrown: nothing is left running behind the caller's back.
 */
export async function readInParallel<T>({ items, inFlight, read, onRead, mayStart = () => true }: ParallelReads<T>): Promise<number> {
  const limit = pLimit(Math.max(1, Math.floor(inFlight)));
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let started = 0;
  await Promise.all(
    items.map((n) =>
      limit(async () => {
        if (failure !== null || stopped) return;
        if (!mayStart()) {
          stopped = true;
          return;
        }
        started++;
        try {
          await onRead(n, await read(n));
        } catch (error) {
          failure ??= { error };
        }
      }),
    ),
  );
  if (failure !== null) throw (failure as { error: unknown }).error;
  return started;
}
