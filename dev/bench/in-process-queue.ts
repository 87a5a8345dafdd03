/**
 * An in-process stand-in for Forge's async-events queue, for tests and the bench:
 *
 * - events run one at a time, in the order they are due; a delay does not sleep: the clock the
 *   worker sees (`now()`) jumps ahead instead, so a 5-minute debounce costs nothing;
 * - every invocation has a hard time limit (Forge kills a consumer at its timeout): once it is
 *   over, or once the invocation is killed on purpose, each guarded call (Jira, storage) throws
 *   `InvocationKilled`, and the event is delivered again with the same id, as the platform
 *   retries an invocation that died;
 * - `killAfter` kills one chosen invocation right after its n-th guarded storage write
 *   (a crash between storing a page and advancing the state, for example).
 */
import type { JiraClient } from '../../src/jira/client';
import type { KeyValueStore } from '../../src/storage/key-value';

class InvocationKilled extends Error {
  constructor(reason: string) {
    super(`invocation killed: ${reason}`);
    this.name = 'InvocationKilled';
  }
}

interface Pending<T> {
  id: string;
  body: T;
  due: number;
  seq: number;
  deliveries: number;
}

interface Invocation {
  number: number;
  deadline: number;
  writes: number;
  killed: string | null;
}

export interface QueueOptions {
  /** The clock starts here (epoch ms). */
  startAt: number;
  /** Forge's hard limit per invocation, in ms of real time. */
  hardLimitMs: number;
  /** Kill invocation `invocation` (1-based) right after its `afterWrites`-th storage write. */
  killAfter?: { invocation: number; afterWrites: number };
  /** Give up after this many invocations (a loop guard for tests). */
  maxInvocations?: number;
}

export interface InvocationRecord {
  number: number;
  eventId: string;
  delivery: number;
  realMs: number;
  outcome: string;
  killed: string | null;
}

export class InProcessQueue<T> {
  private pending: Pending<T>[] = [];
  private seq = 0;
  private offset = 0;
  private current: Invocation | null = null;
  private count = 0;
  readonly log: InvocationRecord[] = [];

  constructor(private readonly options: QueueOptions) {
    this.offset = options.startAt - Date.now();
  }

  /** The clock the worker sees: real time plus the skipped delays. */
  now = (): number => Date.now() + this.offset;

  /**
   * A sleep on this clock that does not wait: the clock jumps to its end (sleeps that overlap end
   * together, as real ones would), after the current turn of the event loop. The rate limiter's
   * and the retries' waits on a simulated clock.
   */
  sleep = (ms: number): Promise<void> => {
    const until = this.now() + ms;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        const behind = until - this.now();
        if (behind > 0) this.offset += behind;
        resolve();
      }),
    );
  };

  push = async (body: T, delaySeconds: number): Promise<void> => {
    this.seq++;
    this.pending.push({ id: `evt${this.seq}`, body, due: this.now() + delaySeconds * 1000, seq: this.seq, deliveries: 0 });
  };

  get size(): number {
    return this.pending.length;
  }

  private check(): void {
    const inv = this.current;
    if (inv === null) return;
    if (inv.killed === null && Date.now() > inv.deadline) inv.killed = `over the hard limit of ${this.options.hardLimitMs} ms`;
    if (inv.killed !== null) throw new InvocationKilled(inv.killed);
  }

  private afterWrite(): void {
    const inv = this.current;
    if (inv === null) return;
    inv.writes++;
    const plan = this.options.killAfter;
    if (plan !== undefined && plan.invocation === inv.number && inv.writes === plan.afterWrites) inv.killed = `planned kill after write ${inv.writes}`;
  }

  /** Storage whose every call checks the running invocation is alive. */
  guardKv(kv: KeyValueStore): KeyValueStore {
    return {
      get: async (key) => {
        this.check();
        return kv.get(key);
      },
      set: async (key, value, options) => {
        this.check();
        await kv.set(key, value, options);
        this.afterWrite();
      },
      setIfAbsent: async (key, value, options) => {
        this.check();
        const written = await kv.setIfAbsent(key, value, options);
        this.afterWrite();
        return written;
      },
      delete: async (key) => {
        this.check();
        await kv.delete(key);
      },
      keys: async (prefix) => {
        this.check();
        return kv.keys(prefix);
      },
    };
  }

  /** A Jira client whose every call checks the running invocation is alive. */
  guardJira(client: JiraClient): JiraClient {
    const guard = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      this.check();
      const result = await fn(...args);
      this.check();
      return result;
    };
    return {
      siteUrl: client.siteUrl,
      issueTypes: guard(() => client.issueTypes()),
      fields: guard(() => client.fields()),
      project: guard((k: string) => client.project(k)),
      projects: guard(() => client.projects()),
      versions: guard((k: string) => client.versions(k)),
      boards: guard((k: string) => client.boards(k)),
      sprints: guard((id: number, states?: Parameters<JiraClient['sprints']>[1]) => client.sprints(id, states)),
      board: guard((id: number) => client.board(id)),
      searchPage: guard((request, sprintFieldId?: string, page?: number) => client.searchPage(request, sprintFieldId, page)),
      searchKeys: guard((request: Parameters<JiraClient['searchKeys']>[0]) => client.searchKeys(request)),
      searchIds: guard((request: Parameters<JiraClient['searchIds']>[0]) => client.searchIds(request)),
      bulkFetch: guard((ids: readonly string[], fields: readonly string[], sprintFieldId?: string) => client.bulkFetch(ids, fields, sprintFieldId)),
      approximateCount: guard((jql: string) => client.approximateCount(jql)),
      issueWithParent: guard((key: string, sprintFieldId?: string) => client.issueWithParent(key, sprintFieldId)),
      myPermissions: guard((permissions: readonly string[], projectKey?: string) => client.myPermissions(permissions, projectKey)),
    };
  }

  /** Delivers events until none is left; `handle` is the consumer. */
  async drain(handle: (body: T, eventId: string) => Promise<{ kind: string }>): Promise<InvocationRecord[]> {
    const max = this.options.maxInvocations ?? 10_000;
    while (this.pending.length > 0) {
      if (this.count >= max) throw new Error(`the queue ran ${max} invocations and still has events: a loop?`);
      this.pending.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const event = this.pending.shift()!;
      if (event.due > this.now()) this.offset += event.due - this.now();
      event.deliveries++;
      this.count++;
      const inv: Invocation = { number: this.count, deadline: Date.now() + this.options.hardLimitMs, writes: 0, killed: null };
      this.current = inv;
      const t0 = Date.now();
      let outcome: string;
      try {
        outcome = (await handle(event.body, event.id)).kind;
        if (inv.killed !== null) throw new InvocationKilled(inv.killed); // killed after its last call: its answer is lost
      } catch (error) {
        if (!(error instanceof InvocationKilled) && inv.killed === null) throw error;
        outcome = 'killed';
        // The platform retries an invocation that died: the same event, the same id.
        this.pending.push({ ...event, due: this.now() + 1000, seq: ++this.seq });
      } finally {
        this.current = null;
      }
      this.log.push({ number: inv.number, eventId: event.id, delivery: event.deliveries, realMs: Date.now() - t0, outcome, killed: inv.killed });
    }
    return this.log;
  }
}
