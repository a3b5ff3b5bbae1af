/**
 * Makes how long a request takes independent of the path it took. Requests that do the slow
 * thing (send an email) record how long they took; the others then wait until as long as one
 * of those, drawn at random from the recent ones, has passed since they started. So a reply
 * that sent nothing (the address is suppressed, in the program, rate-limited…) arrives after a
 * time drawn from the same spread as one that sent an email.
 */
export function evenTiming(options: { keep?: number; firstMs?: number; clock?: () => number } = {}) {
  const { keep = 64, firstMs = 50, clock = () => performance.now() } = options;
  const recent: number[] = [];
  return {
    now: clock,
    /** Call when the work is done: records a slow path's duration, or waits out a fast one. */
    async settle(startedAt: number, didSlowWork: boolean): Promise<void> {
      const took = clock() - startedAt;
      if (didSlowWork) {
        recent.push(took);
        if (recent.length > keep) recent.shift();
        return;
      }
      const target = recent.length ? recent[Math.floor(Math.random() * recent.length)]! : firstMs;
      if (target > took) await new Promise((wake) => setTimeout(wake, target - took));
    },
  };
}
