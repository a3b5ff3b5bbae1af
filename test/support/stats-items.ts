import type { Answer, Flag } from "../../functions/domain/subscriber/self-check";
import type { Status } from "../../functions/domain/subscriber/states";
import type { Checkin, Subscriber } from "../../functions/domain/subscriber/subscriber";

/** What a stats fixture says about one subscriber. */
export interface Shape {
  /** has confirmed (at signup time); unconfirmed signups have no check-ins */
  confirmed?: boolean;
  /** the program weeks sent, a repeat allowed */
  sent?: number[];
  /** check-in scores by week, each with a note (which no figure may show) */
  scores?: Record<number, number>;
  answers?: Answer[];
  flags?: Flag[];
  createdAt?: string;
}

/** A subscriber item as the table holds it, for fixtures of known figures: only the fields the figures read (so not every field its status keeps). */
export function statsItem(
  { pk, email }: { pk: string; email: string },
  status: Status,
  { confirmed = true, sent = [], scores = {}, answers = [], flags = [], createdAt = "2025-03-03T08:00:00.000Z" }: Shape = {},
): Subscriber {
  const checkins = Object.fromEntries(
    Object.entries(scores).map(([week, score]): [string, Checkin] => [week, { score, note: `private note for ${pk}`, at: createdAt }]),
  );
  return {
    pk,
    email,
    status,
    answers,
    flags,
    tz: "Europe/Berlin",
    consentAt: createdAt,
    createdAt,
    updatedAt: createdAt,
    ...(confirmed && { confirmedAt: createdAt, checkins }),
    sent: sent.map((week) => ({ week, template: "cycle", at: createdAt, messageId: `message-${pk}-${week}` })),
  } as Subscriber;
}
