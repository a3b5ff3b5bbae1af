/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. `take()` resolves when a
 * token is available, so callers that await it are paced to the rate however many run at once.
 */
export function tokenBucket(rate: number, burst = 1, clock: () => number = () => performance.now()) {
  let tokens = burst;
  let last = clock();
  let queue = Promise.resolve();
  const refill = () => {
    const now = clock();
    tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
    last = now;
  };
  const takeOne = async () => {
    refill();
    if (tokens < 1) {
      await new Promise((wake) => setTimeout(wake, ((1 - tokens) * 1000) / rate));
      refill();
    }
    tokens -= 1;
  };
  return {
    /** waits for a token; callers are served in order */
    take(): Promise<void> {
      const turn = queue.then(takeOne);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
