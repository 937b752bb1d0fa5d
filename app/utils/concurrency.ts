// A bound on how much of one kind of work runs at once: at most `maxActive` at a time, at most
// `maxQueued` waiting, none waiting longer than `maxWaitMs`. Work past the bound is refused at once
// (Busy) instead of piling up, so the server answers "busy, retry" rather than slowing for everyone.

export class Busy extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("busy");
  }
}

type Waiter = { grant: () => void; timer: ReturnType<typeof setTimeout> };

export class ConcurrencyLimit {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly maxActive: number,
    readonly maxQueued: number,
    readonly maxWaitMs: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * A slot, released by calling the returned function once; rejects with Busy past the bound. With a
   * signal, a waiter whose signal aborts (its client went away) leaves the queue at once.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new Busy(this.retryAfter()));
    if (this.active < this.maxActive) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.maxQueued) return Promise.reject(new Busy(this.retryAfter()));
    return new Promise((resolve, reject) => {
      const leave = () => {
        clearTimeout(waiter.timer);
        signal?.removeEventListener("abort", leave);
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new Busy(this.retryAfter()));
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          signal?.removeEventListener("abort", leave);
          resolve(this.releaser());
        },
        timer: setTimeout(leave, this.maxWaitMs),
      };
      signal?.addEventListener("abort", leave, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Runs `work` in a slot. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // The slot passes straight to the next waiter (`active` stays as it is), on a later turn of the
      // event loop: granted in the same turn, a long queue would run through as one chain of promise
      // callbacks, and nothing else (a /healthz, a new connection) would be served until it ended.
      if (next) setImmediate(next.grant);
      else this.active -= 1;
    };
  }

  private retryAfter(): number {
    return Math.max(1, Math.ceil(this.maxWaitMs / 1000 / 2));
  }
}
