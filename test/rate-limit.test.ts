import { describe, expect, it } from "vitest";
import { tokenBucket } from "../functions/domain/sending/rate-limit";

describe("the token bucket", () => {
  it("paces callers to the rate, however many wait at once", async () => {
    let now = 0;
    const waits: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    // a virtual clock: every wait the bucket asks for advances time instead of sleeping
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      waits.push(ms);
      now += ms;
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      const bucket = tokenBucket(10, 1, () => now);
      await Promise.all(Array.from({ length: 21 }, () => bucket.take()));
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    // 21 tokens at 10 a second with a burst of 1: the first at once, then 20 more over 2 seconds
    expect(now).toBeCloseTo(2000, 6);
    expect(waits).toHaveLength(20);
  });
});
