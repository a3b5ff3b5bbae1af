import * as z from "zod/mini";
import type { Context } from "../context";
import { DomainError } from "../errors";
import { holderOf } from "../links/links";
import type { VerifiedLink } from "../links/tokens";
import { nextLocalHour } from "../program/schedule";
import * as lifecycle from "../subscriber/lifecycle";
import { awaitsFollowUp } from "../subscriber/states";
import type { Subscriber } from "../subscriber/subscriber";
import { answeredAny, impressionSchema, measureFields, measuresOf, NOTHING_ANSWERED, type FollowUpAnswers } from "./measures";

/**
 * The one follow-up, for those who ask for it after the last email: one email about three
 * months later with the same questions. It is scheduled through the same due index as the
 * weekly emails (`dueAt`, status `followUp`), so leaving, a bounce or complaint, or deleting
 * the data stops it like any weekly email; the sender sends it (`sending/deliver.ts`) and
 * the retention period counts from it.
 */
export const FOLLOW_UP = "follow-up";
/** About three months after the last email: thirteen weeks. */
export const FOLLOW_UP_DAYS = 91;
/** Asked for late, it still comes no sooner than this after asking: not the same questions twice in a row. */
export const FOLLOW_UP_MIN_DAYS = 28;
const DAY_MS = 86_400_000;

/** When the follow-up is due: the send hour, about three months after the last email (and at least four weeks after asking). */
export function followUpDueAt(subscriber: Pick<Subscriber, "sent" | "tz">, sendHour: number, now: Date): number {
  const last = Date.parse(subscriber.sent?.at(-1)?.at ?? now.toISOString());
  const after = Math.max(last + FOLLOW_UP_DAYS * DAY_MS, now.getTime() + FOLLOW_UP_MIN_DAYS * DAY_MS);
  return nextLocalHour(new Date(after), subscriber.tz, sendHour).getTime();
}

/** The program's last week, and the follow-up's number just after it (as `sent` records it). */
export const lastWeekOf = (s: Pick<Subscriber, "program">) => s.program?.length ?? 0;
export const followUpWeekOf = (s: Pick<Subscriber, "program">) => lastWeekOf(s) + 1;
/** The follow-up has gone out: the item's next week is past it. */
export const followUpSent = (s: Pick<Subscriber, "program" | "week">) => lastWeekOf(s) > 0 && (s.week ?? 0) > followUpWeekOf(s);

export const followUpSchema = z
  .object({ ...measureFields, change: impressionSchema })
  .check(z.refine(answeredAny, { error: NOTHING_ANSWERED, path: ["pain"] }));
export type FollowUpInput = z.output<typeof followUpSchema>;

export const outcomesClosed = () =>
  new DomainError("gone", "outcomes_closed", "These questions can't be answered any more: we no longer hold your program.");

/** Verifies a follow-up link: the follow-up has gone out to someone who is still here. */
export async function openFollowUp(ctx: Context, link: VerifiedLink<"followUp">) {
  const { subscriber } = await holderOf(ctx, link);
  if (subscriber && awaitsFollowUp(subscriber.status)) {
    throw new DomainError("conflict", "follow_up_not_open", "These questions open with the follow-up email, in about three months.");
  }
  if (!subscriber || !lifecycle.canTake("answerFollowUp", subscriber.status) || !followUpSent(subscriber)) throw outcomesClosed();
  return { subscriber, recorded: subscriber.atFollowUp };
}

/** Records (or changes) the follow-up answers in one conditional write. */
export async function recordFollowUp(ctx: Context, link: VerifiedLink<"followUp">, input: FollowUpInput, now: Date): Promise<Subscriber> {
  const { subscriber } = await openFollowUp(ctx, link);
  const answers: FollowUpAnswers = { ...measuresOf(input, now), at: now.toISOString(), ...(input.change && { change: input.change }) };
  const saved = await ctx.store.update(subscriber.pk, ...lifecycle.answerFollowUp(subscriber.status, followUpWeekOf(subscriber), answers));
  if (!saved) throw outcomesClosed();
  return saved;
}
