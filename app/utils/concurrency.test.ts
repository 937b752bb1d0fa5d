import { describe, expect, it } from "vitest";
import { Busy, ConcurrencyLimit } from "./concurrency";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("ConcurrencyLimit", () => {
  it("runs at most maxActive at once and the rest in arrival order", async () => {
    const limit = new ConcurrencyLimit(2, 10, 5_000);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        limit.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await tick();
          order.push(i);
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(limit.running).toBe(0);
  });

  it("refuses at once when the queue is full", async () => {
    const limit = new ConcurrencyLimit(1, 1, 5_000);
    const first = await limit.acquire();
    const queued = limit.acquire();
    await expect(limit.acquire()).rejects.toBeInstanceOf(Busy);
    first();
    (await queued)();
    expect(limit.running).toBe(0);
    expect(limit.waiting).toBe(0);
  });

  it("refuses a waiter after maxWaitMs and does not leak its slot", async () => {
    const limit = new ConcurrencyLimit(1, 5, 30);
    const first = await limit.acquire();
    const late = limit.acquire();
    await expect(late).rejects.toBeInstanceOf(Busy);
    expect(limit.waiting).toBe(0);
    first();
    expect(limit.running).toBe(0);
    const again = await limit.acquire();
    expect(limit.running).toBe(1);
    again();
  });

  it("releases once even if release is called twice", async () => {
    const limit = new ConcurrencyLimit(1, 5, 1_000);
    const release = await limit.acquire();
    release();
    release();
    expect(limit.running).toBe(0);
  });

  it("drops a waiter whose signal aborts, without using a slot", async () => {
    const limit = new ConcurrencyLimit(1, 5, 10_000);
    const first = await limit.acquire();
    const controller = new AbortController();
    const gone = limit.acquire(controller.signal);
    controller.abort();
    await expect(gone).rejects.toBeInstanceOf(Busy);
    expect(limit.waiting).toBe(0);
    first();
    expect(limit.running).toBe(0);
    await expect(limit.acquire(controller.signal)).rejects.toBeInstanceOf(Busy); // already aborted
  });
});
