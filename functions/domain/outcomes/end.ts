import * as z from "zod/mini";
import type { Context } from "../context";
import { DomainError } from "../errors";
import { holderOf } from "../links/links";
import type { VerifiedLink } from "../links/tokens";
import { gotLastEmail } from "../program/completion";
import { finishedExpiry } from "../program/retention";
import * as lifecycle from "../subscriber/lifecycle";
import { awaitsFollowUp, hasCompleted, isInProgram } from "../subscriber/states";
import type { Subscriber, SubscriberRecord } from "../subscriber/subscriber";
import { followUpDueAt, followUpSent, lastWeekOf, outcomesClosed } from "./follow-up";
import { answeredAny, impressionSchema, measureFields, measuresOf, NOTHING_ANSWERED, type EndAnswers } from "./measures";

/**
 * The questions after the last email: the same measures as at signup, how they are overall,
 * and whether they would like the one follow-up. Anyone who got the last email may answer
 * (someone who has since left too, like a check-in); only someone still with us, whose
 * follow-up hasn't gone out yet, may ask for it (or cancel it again).
 */
export const endSchema = z.object({
  ...measureFields,
  change: impressionSchema,
  followUp: z.pipe(
    z.optional(z.literal("yes", { error: "Please tick the box, or leave it empty." })),
    z.transform((value) => value === "yes"),
  ),
});
export type EndInput = z.output<typeof endSchema>;

export interface OpenEnd {
  subscriber: Subscriber;
  recorded?: EndAnswers;
  /** whether the follow-up can be asked for (or cancelled) now */
  followUpOpen: boolean;
}

/** Verifies an end link: the program's last email has gone out to someone who is still here. */
export async function openEnd(ctx: Context, link: VerifiedLink<"end">): Promise<OpenEnd> {
  const { subscriber } = await holderOf(ctx, link);
  if (subscriber && (isInProgram(subscriber.status) || !gotLastEmail(subscriber))) {
    throw new DomainError("conflict", "end_not_open", "These questions open with the last email of your program.");
  }
  if (!subscriber || !lifecycle.canTake("answerEnd", subscriber.status)) throw outcomesClosed();
  return { subscriber, recorded: subscriber.atEnd, followUpOpen: hasCompleted(subscriber.status) && !followUpSent(subscriber) };
}

/** Nothing answered, and the follow-up left as it was: nothing to save (a 400, and nothing changes). */
export function nothingToSave({ subscriber, followUpOpen }: OpenEnd, input: EndInput): boolean {
  return !answeredAny(input) && !(followUpOpen && input.followUp !== awaitsFollowUp(subscriber.status));
}
export const NOTHING_TO_SAVE = `${NOTHING_ANSWERED.slice(0, -1)}, or tick the box.`;

/** What became of the answers: saved, and when the follow-up is due if one is. */
export interface EndSaved {
  subscriber: Subscriber;
  followUpDueAt?: number;
}

/**
 * Records (or changes) the end answers, for the end link `open` was verified from (`openEnd`), in
 * one conditional write, which also asks for the follow-up (scheduling it) or cancels it, as the
 * box was ticked.
 */
export async function recordEnd(ctx: Context, open: OpenEnd, input: EndInput, now: Date): Promise<EndSaved> {
  if (nothingToSave(open, input)) throw new DomainError("invalid", "nothing_answered", NOTHING_TO_SAVE);
  const { subscriber: s, recorded, followUpOpen } = open;
  const wants = followUpOpen ? input.followUp : (recorded?.followUp ?? false);
  const answers: EndAnswers = {
    ...measuresOf(input, now),
    at: now.toISOString(),
    ...(input.change && { change: input.change }),
    followUp: wants,
  };
  const lastWeek = lastWeekOf(s);
  const step: lifecycle.Step =
    followUpOpen && wants && !awaitsFollowUp(s.status)
      ? lifecycle.askFollowUp(lastWeek, answers, followUpDueAt(s, ctx.settings.sendHour, now), now)
      : followUpOpen && !wants && awaitsFollowUp(s.status)
        ? lifecycle.cancelFollowUp(answers, finishedExpiry(s, ctx.settings.retentionMonths, now), now)
        : lifecycle.answerEnd(s.status, lastWeek, answers);
  const saved = await ctx.store.update(s.pk, ...step);
  if (!saved) throw new DomainError("conflict", "changed", "Your details changed just now. Please try again.");
  const stored: SubscriberRecord = saved;
  return { subscriber: saved, followUpDueAt: awaitsFollowUp(saved.status) ? stored.dueAt : undefined };
}
