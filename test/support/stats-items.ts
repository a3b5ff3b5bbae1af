import type { EndAnswers, FollowUpAnswers, Measures } from "../../functions/domain/outcomes/measures";
import type { Answer, Flag } from "../../functions/domain/subscriber/self-check";
import type { Status } from "../../functions/domain/subscriber/states";
import type { Checkin, Subscriber } from "../../functions/domain/subscriber/subscriber";

/** A nine-week program, as the figures see it: only its length (and an on-hold week) matter. */
export const NINE_WEEKS = ["cycle", "breathing", "body-scan", "walking", "gentle-movement", "food", "sleep", "relaxation", "keep-going"];

/** What a stats fixture says about one subscriber. */
export interface Shape {
  /** has confirmed (at signup time); unconfirmed signups have no check-ins */
  confirmed?: boolean;
  /** the program's weeks, in order (nine by default) */
  program?: string[];
  /** the program weeks sent, a repeat allowed */
  sent?: number[];
  /** the follow-up went out too (after the weeks in `sent`) */
  followUpSent?: boolean;
  /** check-in scores by week, each with a note (which no figure may show) */
  scores?: Record<number, number>;
  answers?: Answer[];
  flags?: Flag[];
  createdAt?: string;
  /** the outcome answers, without their times (the fixture's date is used) */
  baseline?: Omit<Measures, "at">;
  atEnd?: Omit<EndAnswers, "at" | "followUp"> & { followUp?: boolean };
  atFollowUp?: Omit<FollowUpAnswers, "at">;
}

/** A subscriber item as the table holds it, for fixtures of known figures: only the fields the figures read (so not every field its status keeps). */
export function statsItem(
  { pk, email }: { pk: string; email: string },
  status: Status,
  {
    confirmed = true,
    program = NINE_WEEKS,
    sent = [],
    followUpSent = false,
    scores = {},
    answers = [],
    flags = [],
    createdAt = "2025-03-03T08:00:00.000Z",
    baseline,
    atEnd,
    atFollowUp,
  }: Shape = {},
): Subscriber {
  const checkins = Object.fromEntries(
    Object.entries(scores).map(([week, score]): [string, Checkin] => [week, { score, note: `private note for ${pk}`, at: createdAt }]),
  );
  const emails = sent.map((week) => ({ week, template: program[week - 1] ?? "cycle", at: createdAt, messageId: `message-${pk}-${week}` }));
  if (followUpSent) emails.push({ week: program.length + 1, template: "follow-up", at: createdAt, messageId: `message-${pk}-follow-up` });
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
    ...(baseline && { baseline: { ...baseline, at: createdAt } }),
    ...(confirmed && {
      confirmedAt: createdAt,
      checkins,
      program,
      ...(atEnd && { atEnd: { followUp: false, ...atEnd, at: createdAt } }),
      ...(atFollowUp && { atFollowUp: { ...atFollowUp, at: createdAt } }),
    }),
    sent: emails,
  } as Subscriber;
}
