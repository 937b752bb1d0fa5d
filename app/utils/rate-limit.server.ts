// A small in-memory limiter for failed sign-ins (one server process; the embedded default). Each key
// may fail `limit` times within `windowMs`; further attempts are refused until the oldest failure ages
// out. Memory is bounded whatever clients send: each key keeps at most `limit` times, and past `maxKeys`
// keys the least recently failed one is forgotten.
export class FailureLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length < this.limit ? 0 : this.windowMs - (now - recent[recent.length - this.limit]);
  }

  fail(key: string, now = Date.now()): void {
    const times = [...this.recent(key, now), now].slice(-this.limit);
    // Re-inserted last: the Map's first key is the one that failed longest ago.
    this.failures.delete(key);
    this.failures.set(key, times);
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Takes back the most recent failure of a key (an attempt counted in advance that turned out fine). */
  forgive(key: string): void {
    const times = this.failures.get(key);
    if (!times) return;
    times.pop();
    if (times.length === 0) this.failures.delete(key);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
