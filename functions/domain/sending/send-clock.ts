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
 * Paces one worker's `lanes` concurrent sends by the send clock all workers share
 * (`SendLedger.reserveSends`): it books send times `1 / (rate × PACE)` seconds apart, several
 * with one write, and hands them out in order; each send waits for its time. Times are booked on
 * one timeline, so however many workers run (a duplicated message, a racing planner) their sends
 * together never exceed the rate. A time a send missed by more than `LATE_MS` is given up, so
 * a booking asks for no more times than will be used in time: for the sends waiting and, while
 * the clock runs further ahead than the sends under way take to come back (the rate is what holds
 * them back), for those too; never more than the worker may still send (`wanted`) or
 * MOST_AT_ONCE. An idle clock is restarted where the booking will be back in hand. `wallClock`
 * is the worker's clock (epoch ms); on AWS the workers' clocks agree to milliseconds.
 */
export function sendClock(
  ledger: Pick<SendLedger, "reserveSends">,
  rate: number,
  lanes: number,
  { wallClock = Date.now, wanted = () => Number.POSITIVE_INFINITY }: { wallClock?: () => number; wanted?: () => number } = {},
) {
  const spacing = 1000 / (rate * PACE);
  const most = Math.max(1, Math.min(lanes, MOST_AT_ONCE));
  const booked: number[] = [];
  const stats = { bookings: 0, givenUp: 0 };
  let booking: Promise<void> | undefined;
  /** sends waiting for a time they hold, and for one to be booked */
  let holding = 0;
  let waiting = 0;
  /** how far ahead of now the last booking started */
  let lead = 0;
  /** how long the ledger takes to answer a booking (ms), on average */
  let answersIn = 10;

  /** when the last few sends asked for a time (epoch ms), oldest first */
  const asked: number[] = [];
  /**
   * How long a send under way takes to ask for its next time, on average (Little's law: the
   * sends under way over how often sends ask), in ms; Infinity until it is known.
   */
  function roundTrip(now: number): number {
    const busy = lanes - waiting - holding;
    if (busy <= 0) return 0;
    if (asked.length < 8) return Number.POSITIVE_INFINITY;
    const perMs = (asked.length - 1) / Math.max(1, now - asked[0]!);
    return busy / perMs;
  }

  async function book(): Promise<void> {
    // while the clock runs further ahead than sends under way take to come back, they will want
    // a time before the ones booked now come up: book for them too; otherwise only for the sends
    // waiting now (a time booked for a send that comes back too late is lost)
    const ahead = lead >= 1.5 * roundTrip(wallClock());
    const underWay = Math.max(0, lanes - waiting - holding);
    const size = Math.max(1, Math.min(most, wanted() - holding, waiting + (ahead ? underWay : 0)));
    for (;;) {
      // an idle clock starts at the time given: the time the booking will be back in hand, not
      // now, or its first times would already be missed when they arrive
      const asking = wallClock();
      // late by up to LATE_MS is allowed: only a booking slower than that needs its times later
      const from = asking + Math.max(0, Math.ceil(2 * answersIn - LATE_MS));
      const first = await ledger.reserveSends(size, spacing, from, HORIZON_MS);
      const answered = wallClock();
      answersIn = 0.7 * answersIn + 0.3 * (answered - asking);
      stats.bookings++;
      if (first !== undefined) {
        lead = first - answered;
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
      asked.push(wallClock());
      if (asked.length > 32) asked.shift();
      for (;;) {
        const now = wallClock();
        while (booked.length && booked[0]! < now - LATE_MS) {
          booked.shift();
          stats.givenUp++;
        }
        const at = booked.shift();
        if (at === undefined) {
          waiting++;
          booking ??= book().finally(() => (booking = undefined));
          await booking.finally(() => waiting--);
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
