import { alertKinds, alertKindsOf, type AlertKind } from "../../../functions/domain/checkin/safety";
import type { Subscriber } from "../../../functions/domain/subscriber/subscriber";

/**
 * The safety net at the check-ins, counted (aggregates only): how many check-ins were each kind
 * of event (a score of 8 or more, a rise of 3 or more over the first score, a warning sign
 * reported for the first time, by tier), and how many subscribers had at least one of each.
 * A check-in is counted as last saved; one can be several kinds at once.
 */
export type SafetyEvents = Record<AlertKind, { checkins: number; subscribers: number }>;

export class SafetyTally {
  #events = Object.fromEntries(alertKinds.map((kind) => [kind, { checkins: 0, subscribers: 0 }])) as SafetyEvents;

  add(item: Partial<Pick<Subscriber, "checkins">>): void {
    const seen = new Set<AlertKind>();
    for (const week of Object.keys(item.checkins ?? {})) {
      for (const kind of alertKindsOf(item.checkins, Number(week))) {
        this.#events[kind].checkins++;
        seen.add(kind);
      }
    }
    for (const kind of seen) this.#events[kind].subscribers++;
  }

  get events(): SafetyEvents {
    return structuredClone(this.#events);
  }
}
