import * as z from "zod/mini";
import type { Context } from "../context";
import { notInProgram } from "../errors";
import * as lifecycle from "../subscriber/lifecycle";
import { holderInProgram } from "../links/links";
import { doctorCheckOf } from "../program/order";
import type { InProgram } from "../subscriber/subscriber";
import type { VerifiedLink } from "../links/tokens";

/**
 * "A doctor has checked me": the answer to the urgent advice in the emails, through a signed
 * link bound to the subscriber's round and link epoch, so nobody can tell us this for someone
 * else. Three answers: checked and free to do more (the movement weeks an urgent sign held come
 * back, see program/order.ts), checked and told not to exercise for now (they stay held), or
 * undo (held again, as if nothing had been said).
 */
export const doctorAnswers = ["checked", "rest", "undo"] as const;
export type DoctorAnswer = (typeof doctorAnswers)[number];

export const doctorAnswerSchema = z.enum(doctorAnswers, { error: "Please choose one of the buttons." });

export const openChecked = (ctx: Context, link: VerifiedLink<"checked">): Promise<InProgram> => holderInProgram(ctx, link);

/** What each answer leaves them at (see `doctorCheckOf`). */
const leaves = { checked: "checked", rest: "rest", undo: "unchecked" } as const;

/**
 * Records the answer. Without an urgent sign there is nothing to record; an answer they have
 * already given changes nothing (pressing "checked" twice keeps the first time).
 */
export async function answerChecked(ctx: Context, link: VerifiedLink<"checked">, answer: DoctorAnswer, now: Date): Promise<InProgram> {
  const subscriber = await openChecked(ctx, link);
  const current = doctorCheckOf(subscriber);
  if (current === "none" || current === leaves[answer]) return subscriber;
  const step =
    answer === "checked" ? lifecycle.recordChecked(now) : answer === "rest" ? lifecycle.recordRestAdvised(now) : lifecycle.undoChecked(now);
  const saved = await ctx.store.update(subscriber.pk, ...step);
  if (!saved) throw notInProgram();
  return saved;
}
