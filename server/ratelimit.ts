// The Workers rate-limiting binding's shape ({ limit({ key }) → { success } }) for one
// process: a fixed window per key, like [[ratelimits]] simple = { limit, period }.
// Several processes each count on their own, so the effective limit is per process;
// put the strict limits (sign-in) in front of one process or in nginx as well.

export interface RateLimitOptions {
  limit: number;
  /** Seconds; Cloudflare accepts 10 or 60. */
  period: number;
}

export class MemoryRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async limit({ key }: { key: string }): Promise<{ success: boolean }> {
    const now = this.now();
    const periodMs = this.options.period * 1000;
    const start = now - (now % periodMs);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 100_000) this.sweep(start);
    }
    window.count++;
    return { success: window.count <= this.options.limit };
  }

  private sweep(current: number): void {
    for (const [key, w] of this.windows) if (w.start !== current) this.windows.delete(key);
  }
}
