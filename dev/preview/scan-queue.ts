/**
 * The preview's stand-in for Forge's async-events queue: events pushed by the app's scan worker
 * run inside the host, one at a time, each after a short delivery delay (Forge delivers with a
 * delay too; it also lets a person see a scan's progress on the demo's small projects). A delay
 * the worker asks for (a debounce, a retry) is honoured with a real timer. An invocation that
 * throws is logged and delivered again once, later, as the platform retries a consumer that died.
 */
export interface PreviewQueueOptions {
  /** Runs one event (the app's consumer: handleQueueEvent bound to the preview's ports). */
  handle(body: unknown, eventId: string): Promise<{ kind: string }>;
  /** Delivery delay of an event pushed without a delay, in ms. */
  deliveryDelayMs: number;
  log(line: string): void;
}

interface Pending {
  id: string;
  body: unknown;
  retries: number;
}

export class PreviewScanQueue {
  private readonly timers = new Set<NodeJS.Timeout>();
  private chain: Promise<void> = Promise.resolve();
  private seq = 0;
  private closed = false;
  private running = 0;

  constructor(private readonly options: PreviewQueueOptions) {}

  /** The worker's `enqueue` port. */
  push = async (body: unknown, delaySeconds: number): Promise<void> => {
    if (this.closed) return;
    this.schedule({ id: `evt${++this.seq}`, body, retries: 0 }, delaySeconds * 1000 + this.options.deliveryDelayMs);
  };

  /** Events waiting for their time or running now. */
  get pending(): number {
    return this.timers.size + this.running;
  }

  private schedule(event: Pending, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.running++;
      // One invocation at a time, like the manifest's per-project concurrency limit of 1.
      this.chain = this.chain.then(() => this.deliver(event)).finally(() => {
        this.running--;
      });
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async deliver(event: Pending): Promise<void> {
    if (this.closed) return;
    try {
      const outcome = await this.options.handle(event.body, event.id);
      this.options.log(`scan queue: ${event.id} ${outcome.kind}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.log(`scan queue: ${event.id} failed: ${message}`);
      if (event.retries < 1) this.schedule({ ...event, retries: event.retries + 1 }, 5000);
    }
  }

  /** Drops what is waiting and lets the running invocation finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.chain;
  }
}
