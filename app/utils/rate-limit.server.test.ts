import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./rate-limit.server";

describe("FailureLimiter", () => {
  it("allows `limit` failures in the window, then asks to wait until the oldest ages out", () => {
    const limiter = new FailureLimiter(3, 1000);
    for (const at of [0, 100, 200]) {
      expect(limiter.retryAfter("k", at)).toBe(0);
      limiter.fail("k", at);
    }
    expect(limiter.retryAfter("k", 300)).toBe(700);
    expect(limiter.retryAfter("k", 999)).toBe(1);
    expect(limiter.retryAfter("k", 1000)).toBe(0); // the first failure has aged out
    expect(limiter.retryAfter("other", 300)).toBe(0);
  });

  it("forgets a key on reset", () => {
    const limiter = new FailureLimiter(1, 1000);
    limiter.fail("k", 0);
    expect(limiter.retryAfter("k", 1)).toBeGreaterThan(0);
    limiter.reset("k");
    expect(limiter.retryAfter("k", 1)).toBe(0);
  });

  it("keeps memory bounded whatever keys clients send", () => {
    const limiter = new FailureLimiter(3, 60_000, 100);
    for (let i = 0; i < 10_000; i += 1) limiter.fail(`attacker-${i}`, i);
    expect(limiter.size).toBe(100);
    // The most recent keys are the ones kept.
    for (let i = 0; i < 3; i += 1) limiter.fail("recent", 10_000 + i);
    expect(limiter.retryAfter("recent", 10_010)).toBeGreaterThan(0);
  });
});
