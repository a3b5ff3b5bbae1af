import * as z from "zod/mini";
import { systemTemplates } from "../email/system-templates";
import { systemEmail } from "../email/system-emails";
import { emailSchema } from "./address";
import type { Context } from "./context";
import { VisibleError } from "./errors";
import { linksFor } from "./links";
import { log } from "./log";
import { personalise } from "./program";
import { pendingExpiry } from "./retention";
import { answersSchema, flagsSchema } from "./self-check";
import { dueShardOf } from "./store";
import { restartableStatuses, suppressedStatuses, type Status, type Subscriber } from "./subscriber";
import { newLinkEpoch, subscriberIdFor, verifyToken } from "./tokens";

/** Confirmation (and "already subscribed") emails go to one address at most this often. */
export const RESEND_AFTER_MS = 10 * 60_000;

const timeZoneSchema = z.pipe(
  z.string().check(z.maxLength(64, "The time zone is not valid."), z.regex(/^[A-Za-z0-9_+\-/]*$/, "The time zone is not valid.")),
  z.transform((tz) => (isKnownTimeZone(tz) ? tz : "UTC")),
);

function isKnownTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The signup form, as it must arrive. `website` is a honeypot: people never see or fill it. */
export const signupSchema = z.object({
  email: emailSchema,
  answers: answersSchema,
  flags: flagsSchema,
  tz: timeZoneSchema,
  consent: z.literal("yes", { error: "Please tick the box to agree that we may store your answers." }),
  website: z.literal("", { error: "Please leave the last field empty." }),
});
export type SignupInput = z.output<typeof signupSchema>;

/**
 * Signs an address up, or refreshes a pending signup. Always looks the same from outside:
 * whether the address was new, pending, in the program or suppressed is never revealed.
 */
export async function signup(ctx: Context, input: SignupInput, baseUrl: string, now: Date): Promise<void> {
  const id = subscriberIdFor(ctx.key, input.email);
  const existing = await ctx.store.get(id);
  if (existing && suppressedStatuses.includes(existing.status)) return;

  if (!existing || restartableStatuses.includes(existing.status)) {
    const fresh = pendingSubscriber(id, input, now);
    const created = await ctx.store.create(fresh, existing ? [existing.status] : []);
    if (created) return sendConfirmation(ctx, fresh, baseUrl, now);
    return; // another signup for this address won the race; it sent the confirmation
  }

  if (existing.status === "pending") {
    const { answers, flags, tz } = input;
    await ctx.store.update(id, { set: { answers, flags, tz, updatedAt: now.toISOString() } }, { status: ["pending"] });
    const stamped = await stamp(ctx, id, "confirmSentAt", ["pending"], now);
    if (stamped) await sendConfirmation(ctx, stamped, baseUrl, now);
    return;
  }

  const stamped = await stamp(ctx, id, "noticeSentAt", ["active", "paused"], now);
  if (stamped) {
    const manage = linksFor(ctx.linkKeys, baseUrl, stamped, now).unsubscribe();
    await ctx.mailer.send(systemEmail("alreadySubscribed", stamped.email, manage, ctx.settings));
  }
}

function pendingSubscriber(id: string, input: SignupInput, now: Date): Subscriber {
  const at = now.toISOString();
  return {
    pk: id,
    email: input.email,
    status: "pending",
    answers: input.answers,
    flags: input.flags,
    tz: input.tz,
    consentAt: at,
    createdAt: at,
    updatedAt: at,
    statusAt: at,
    confirmSentAt: now.getTime(),
    expiresAt: pendingExpiry(now),
  };
}

/** Records that an email is going out now, unless one went out within the rate-limit window. */
function stamp(ctx: Context, id: string, field: "confirmSentAt" | "noticeSentAt", status: Status[], now: Date) {
  return ctx.store.update(
    id,
    { set: { [field]: now.getTime() } },
    { status, olderThan: { field, before: now.getTime() - RESEND_AFTER_MS } },
  );
}

async function sendConfirmation(ctx: Context, subscriber: Subscriber, baseUrl: string, now: Date) {
  const url = linksFor(ctx.linkKeys, baseUrl, subscriber, now).confirm();
  try {
    await ctx.mailer.send(systemEmail("confirm", subscriber.email, url, ctx.settings));
  } catch (error) {
    // let the person try again straight away instead of waiting out the rate limit
    await ctx.store.update(subscriber.pk, { remove: ["confirmSentAt"] }, { status: ["pending"] });
    log("confirmation_failed", { error: (error as Error).name, message: (error as Error).message }, "error");
    throw new VisibleError(503, "send_failed", "We couldn't send the confirmation email just now. Please try again in a few minutes.");
  }
}

export type ConfirmOutcome = "confirmed" | "already-confirmed";

/** Confirms a pending signup: the program is personalised and week 1 is due at once. */
export async function confirm(ctx: Context, token: unknown, now: Date): Promise<ConfirmOutcome> {
  const { s: id } = verifyToken(ctx.linkKeys, token, "confirm", now);
  const subscriber = await ctx.store.get(id);
  if (subscriber?.status === "pending") {
    const at = now.toISOString();
    const activated = await ctx.store.update(
      id,
      {
        set: {
          status: "active",
          confirmedAt: at,
          statusAt: at,
          updatedAt: at,
          program: personalise(systemTemplates.order, subscriber.answers),
          week: 1,
          dueAt: now.getTime(),
          dueShard: dueShardOf(id),
          checkins: {},
          // a new round: every link from an earlier one stops working
          linkEpoch: newLinkEpoch(),
        },
        remove: ["expiresAt"],
      },
      { status: ["pending"] },
    );
    if (activated) return "confirmed";
  }
  const current = subscriber?.status === "pending" ? await ctx.store.get(id) : subscriber;
  if (current && ["active", "paused", "completed"].includes(current.status)) return "already-confirmed";
  throw new VisibleError(410, "signup_gone", "This confirmation link is no longer valid. You're welcome to sign up again.");
}
