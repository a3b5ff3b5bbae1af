import type { Links } from "../core/links";
import type { Subscriber } from "../core/subscriber";
import type { Extras } from "./program-email";

/** The coaching parts of a program email: the weekly check-in row and, in the last week, the trend. */
export function coachingExtras(_subscriber: Subscriber, _week: number, _links: Links): Extras {
  return {};
}
