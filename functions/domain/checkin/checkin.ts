import * as z from "zod/mini";
import type { Context } from "../context";
import { DomainError } from "../errors";
import { holderOf } from "../links/links";
import * as lifecycle from "../subscriber/lifecycle";
import type { Checkin, Subscriber } from "../subscriber/subscriber";
import type { VerifiedLink } from "../links/tokens";
import { flagsSchema, urgencyOf } from "../subscriber/self-check";
import { RANGE, SCORE_PATTERN } from "../../email/pain-scale";
import { alertsFor, type CheckinAlerts, type Score } from "./safety";

export const MAX_NOTE_LENGTH = 280;
/** From this score up, pain that stays put is worth a professional's look. */
export const HIGH_SCORE = 6;

const scoreMessage = `Please choose a number ${RANGE}.`;

/** The check-in form, as it must arrive. */
export const checkinSchema = z.object({
  score: z.pipe(z.string({ error: scoreMessage }).check(z.regex(SCORE_PATTERN, scoreMessage)), z.transform(Number)),
  note: z.pipe(
    z.string().check(z.trim(), z.maxLength(MAX_NOTE_LENGTH, `Please keep it to ${MAX_NOTE_LENGTH} characters.`)),
    z.transform((note) => note || undefined),
  ),
  /** warning signs ticked on the check-in page (it offers the ones not reported yet) */
  flags: flagsSchema,
});
export type CheckinInput = z.output<typeof checkinSchema>;

/** Anyone who got the week's email may record it, including someone who has since left. */
const recordable = (s: Subscriber) => lifecycle.canTake("checkin", s.status);

/** A verified check-in link: whose, which week, the score that was tapped and any earlier answer. */
export interface OpenCheckin {
  subscriber: Subscriber;
  week: number;
  tapped?: number;
  recorded?: Checkin;
}

const closed = () =>
  new DomainError("gone", "checkin_closed", "This check-in can't be recorded any more: we no longer send you the program.");

/** The program weeks this subscriber has been sent: 1 up to this. */
export function weeksSent(subscriber: Pick<Subscriber, "week" | "program">): number {
  return Math.max(0, Math.min((subscriber.week ?? 1) - 1, subscriber.program?.length ?? 0));
}

/** Verifies a check-in link and checks that its week was sent to someone who is still here. */
export async function openCheckin(ctx: Context, link: VerifiedLink<"checkin">): Promise<OpenCheckin> {
  // a link from an earlier round of the program, or from before "sign out all links", is refused here
  const { claims, subscriber } = await holderOf(ctx, link);
  const { w: week, v: tapped } = claims;
  if (week === undefined) {
    throw new DomainError("invalid", "invalid_link", "This link is not valid. It may have been copied incompletely.");
  }
  if (!subscriber || !recordable(subscriber)) throw closed();
  if (week > weeksSent(subscriber)) {
    throw new DomainError("conflict", "checkin_not_open", "This week's check-in isn't open yet. It opens with the week's email.");
  }
  return { subscriber, week, tapped, recorded: subscriber.checkins?.[String(week)] };
}

/**
 * Records (or changes) the check-in for the link's week in one conditional write. A warning sign
 * ticked with it that they hadn't reported joins their signs (and stays with this week's
 * check-in, even if it is changed later). Returns what the check-in calls for (`safety.ts`).
 */
export async function recordCheckin(
  ctx: Context,
  link: VerifiedLink<"checkin">,
  input: CheckinInput,
  now: Date,
): Promise<{ subscriber: Subscriber; week: number; alerts: CheckinAlerts }> {
  const { subscriber, week, recorded } = await openCheckin(ctx, link);
  const fresh = input.flags.filter((id) => !subscriber.flags.includes(id));
  const reported = [...new Set([...(recorded?.flags ?? []), ...fresh])];
  const checkin: Checkin = {
    score: input.score,
    at: now.toISOString(),
    ...(input.note !== undefined && { note: input.note }),
    ...(reported.length > 0 && { flags: reported }),
  };
  const signs = fresh.length ? { allFlags: [...subscriber.flags, ...fresh], urgent: urgencyOf(fresh) === "urgent" } : undefined;
  const saved = await ctx.store.update(subscriber.pk, ...lifecycle.recordCheckin(week, checkin, signs));
  if (!saved) throw closed();
  return { subscriber: saved, week, alerts: alertsFor(saved.checkins, week) };
}

export interface Trend {
  /** every week from 1, in order; `score` is absent for a week without a check-in */
  weeks: { week: number; score?: number }[];
  scores: Score[];
  first?: Score;
  last?: Score;
  /** from the first recorded score to the last; absent with fewer than two */
  direction?: "down" | "same" | "up";
  /** the scores went up, or the latest one is still high */
  seeProfessional: boolean;
}

/** A subscriber's scores for weeks 1 to `throughWeek`, and what they add up to. */
export function trendOf(checkins: Subscriber["checkins"], throughWeek: number): Trend {
  const weeks = Array.from({ length: Math.max(0, throughWeek) }, (_, i) => ({
    week: i + 1,
    score: checkins?.[String(i + 1)]?.score,
  }));
  const scores = weeks.filter((w): w is Score => w.score !== undefined);
  const first = scores[0];
  const last = scores.at(-1);
  const direction =
    first && last && scores.length > 1
      ? last.score < first.score
        ? "down"
        : last.score > first.score
          ? "up"
          : "same"
      : undefined;
  const seeProfessional = direction === "up" || (last !== undefined && last.score >= HIGH_SCORE);
  return { weeks, scores, first, last, direction, seeProfessional };
}
