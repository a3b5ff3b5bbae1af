import type { SendLedger } from "../ports";

/**
 * Workers aim a little under the rate, so that sends that go out a little late (a timer fires
 * late, a busy CPU) never make any one second hold more than the rate.
 */
export const PACE = 0.97;
/** A send time missed by more than this is given up, not used late (that could bunch sends). */
export const LATE_MS = 20;
/** How far ahead of now the clock may be booked: beyond it, a worker waits before booking more. */
export const HORIZON_MS = 5_000;
/** At most this many send times are booked at once. */
export const MOST_AT_ONCE = 16;

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/**
 * Paces one worker's sends by the send clock all workers share (`SendLedger.reserveSends`): it
 * books up to `batch` send times at a time, `1 / (rate × PACE)` seconds apart, one write for the
 * lot, and hands them out in order; each send waits for its time. Times are booked on one
 * timeline, so however many workers run (a duplicated message, a racing planner) their sends
 * together never exceed the rate. A time a send missed by more than `LATE_MS` is given up, and
 * a worker books no more than it may still send (`wanted`), so as little of the timeline as
 * possible goes unused. `wallClock` is the worker's clock (epoch ms); on AWS the workers' clocks
 * agree to milliseconds.
 */
export function sendClock(
  ledger: Pick<SendLedger, "reserveSends">,
  rate: number,
  batch: number,
  { wallClock = Date.now, wanted = () => Number.POSITIVE_INFINITY }: { wallClock?: () => number; wanted?: () => number } = {},
) {
  const spacing = 1000 / (rate * PACE);
  const most = Math.max(1, Math.min(batch, MOST_AT_ONCE));
  const booked: number[] = [];
  const stats = { bookings: 0, givenUp: 0 };
  let booking: Promise<void> | undefined;
  /** sends waiting for a time they hold */
  let holding = 0;

  async function book(): Promise<void> {
    const size = Math.max(1, Math.min(most, wanted() - holding));
    for (;;) {
      const first = await ledger.reserveSends(size, spacing, wallClock(), HORIZON_MS);
      stats.bookings++;
      if (first !== undefined) {
        for (let i = 0; i < size; i++) booked.push(first + i * spacing);
        return;
      }
      await sleep(size * spacing); // the clock is a whole horizon ahead: let it move
    }
  }

  return {
    stats,
    /** Resolves at this worker's next send time. */
    async pace(): Promise<void> {
      for (;;) {
        const now = wallClock();
        while (booked.length && booked[0]! < now - LATE_MS) {
          booked.shift();
          stats.givenUp++;
        }
        const at = booked.shift();
        if (at === undefined) {
          booking ??= book().finally(() => (booking = undefined));
          await booking;
          continue;
        }
        holding++;
        if (at > now) await sleep(Math.ceil(at - now));
        holding--;
        if (wallClock() - at <= LATE_MS) return;
        stats.givenUp++;
      }
    },
  };
}
