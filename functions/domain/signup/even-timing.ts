/**
 * Makes how long a request takes independent of the path it took. Requests that do the slow
 * thing (send an email) record how long their work took; every request, slow or not, then
 * answers no sooner than a floor: the 90th percentile of those recent durations. So nearly
 * every reply arrives at the floor, whether it sent an email, found the address suppressed or
 * in the program, or ran into a limit; only the slowest tenth of the sending paths (and a
 * fast path that itself ran slow) answer later, and then by how slow the network and the
 * services were, not by the address.
 */
export function evenTiming(options: { keep?: number; firstMs?: number; clock?: () => number } = {}) {
  const { keep = 64, firstMs = 50, clock = () => performance.now() } = options;
  const recent: number[] = [];
  // the first slow path of a process is a cold start (connections, TLS, lazy loading): not the norm
  let cold = true;
  const floor = () => {
    if (!recent.length) return firstMs;
    const sorted = [...recent].sort((a, b) => a - b);
    return sorted[Math.ceil(sorted.length * 0.9) - 1]!;
  };
  return {
    now: clock,
    /** Call when the work is done: records a slow path's duration, then waits out the floor. */
    async settle(startedAt: number, didSlowWork: boolean): Promise<void> {
      const took = clock() - startedAt;
      if (didSlowWork && !cold) {
        recent.push(took);
        if (recent.length > keep) recent.shift();
      }
      if (didSlowWork) cold = false;
      const wait = floor() - took;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}
