import { coachingExtras } from "../../email/coaching";
import { programEmail } from "../../email/program-email";
import type { Warnings } from "../../email/red-flags";
import { emailSettings } from "../brand";
import { trendOf } from "../checkin/checkin";
import { alertsSince } from "../checkin/safety";
import type { Links } from "../links/links";
import type { OutgoingEmail } from "../ports";
import { asksToMove, doctorCheckOf } from "../program/order";
import { signsOf } from "../subscriber/self-check";
import type { Settings } from "../settings";
import type { Subscriber } from "../subscriber/subscriber";

/**
 * What a week's email says about the subscriber's safety: the signs they told us about (and
 * which of them are new since the last email), where they are with a doctor's check, whether
 * this week asks the body to move, and what their check-ins since the last email called for.
 */
export function warningsFor(subscriber: Subscriber, week: number): Warnings {
  const alerts = alertsSince(subscriber.checkins, subscriber.sent?.at(-1));
  return {
    urgent: signsOf(subscriber.flags, "urgent"),
    soon: signsOf(subscriber.flags, "soon"),
    newUrgent: signsOf(alerts.signs, "urgent"),
    newSoon: signsOf(alerts.signs, "soon"),
    doctor: doctorCheckOf(subscriber),
    movementWeek: asksToMove(subscriber.program?.[week - 1] ?? ""),
    checkin: { high: alerts.high, rise: alerts.rise },
  };
}

/**
 * One week of a subscriber's program, ready to send. The domain works out what the email says
 * about them (their warning signs and check-ins, and in the last email their trend so far) and
 * how it is branded (`baseUrl`: where the logo is served); `email/` builds the parts from that
 * and never reaches back here.
 */
export function weeklyEmail(subscriber: Subscriber, week: number, links: Links, settings: Settings, baseUrl: string): OutgoingEmail {
  const length = subscriber.program?.length ?? 0;
  const trend = week === length && length > 1 ? trendOf(subscriber.checkins, week - 1) : undefined;
  const extras = coachingExtras(subscriber, week, links, trend);
  return programEmail(subscriber, week, links, emailSettings(settings, baseUrl), warningsFor(subscriber, week), extras);
}
