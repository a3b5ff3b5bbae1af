import { coachingExtras } from "../../email/coaching";
import { programEmail } from "../../email/program-email";
import { emailSettings } from "../brand";
import { trendOf } from "../checkin/checkin";
import type { Links } from "../links/links";
import type { OutgoingEmail } from "../ports";
import { holdsMovement } from "../program/order";
import { tiersOf } from "../subscriber/self-check";
import type { Settings } from "../settings";
import type { Subscriber } from "../subscriber/subscriber";

/**
 * One week of a subscriber's program, ready to send. The domain works out what the email says
 * about them (their warning signs, and in the last email their trend so far) and how it is
 * branded (`baseUrl`: where the logo is served); `email/` builds
 * the parts from that and never reaches back here.
 */
export function weeklyEmail(subscriber: Subscriber, week: number, links: Links, settings: Settings, baseUrl: string): OutgoingEmail {
  const { urgent, soon } = tiersOf(subscriber.flags);
  const length = subscriber.program?.length ?? 0;
  const trend = week === length && length > 1 ? trendOf(subscriber.checkins, week - 1) : undefined;
  return programEmail(
    subscriber,
    week,
    links,
    emailSettings(settings, baseUrl),
    { urgent, soon, held: holdsMovement(subscriber) },
    coachingExtras(subscriber, week, links, trend),
  );
}
