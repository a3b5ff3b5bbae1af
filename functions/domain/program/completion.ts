import type { Subscriber } from "../subscriber/subscriber";
import { ON_HOLD } from "./order";

/**
 * "Completed", defined once (the end questions, `npm run stats` and the report all ask this):
 * got the last email of their own program, whatever they did after (unsubscribing straight
 * after it, say). Someone whose urgent warning sign held the movement weeks back gets a
 * shorter program, and completes it with its last email too.
 */
export function gotLastEmail(subscriber: Pick<Subscriber, "program" | "sent">): boolean {
  const last = subscriber.program?.length ?? 0;
  return last > 0 && (subscriber.sent ?? []).some((email) => email.week === last);
}

/** A program whose movement weeks were held back (an urgent sign nobody told us was checked): it ran short. */
export const ranOnHold = (subscriber: Pick<Subscriber, "program">) => subscriber.program?.includes(ON_HOLD) ?? false;
