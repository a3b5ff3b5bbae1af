import { randomBytes } from "node:crypto";
import * as z from "zod/mini";
import { defaultOrder } from "../../email/week-order";
import { systemEmail } from "../../email/system-emails";
import { emailSchema } from "../subscriber/address";
import { emailSettings } from "../brand";
import type { Context } from "../context";
import { DomainError } from "../errors";
import { linksFor } from "../links/links";
import { log } from "../log";
import { personalise } from "../program/program";
import { pendingExpiry } from "../program/retention";
import { answersSchema, flagsSchema } from "../subscriber/self-check";
import { confirmationsPerHour, signupEmailLimit } from "./limits";
import { isInProgram, isSuppressed, takesNewSignup } from "../subscriber/states";
import * as lifecycle from "../subscriber/lifecycle";
import type { PendingSignup, Subscriber } from "../subscriber/subscriber";
import { newLinkEpoch, subscriberIdFor, type VerifiedLink } from "../links/tokens";

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
 * Signs an address up. Always looks the same from outside, by its page and by its timing:
 * whether the address was new, pending, in the program, suppressed or over a limit is never
 * revealed. Nothing stored about an existing subscriber changes: a new signup's answers wait
 * as a pending signup until the owner confirms it through the link mailed for it.
 * `client` is the IP address the platform saw, for the per-client limit.
 */
export async function signup(ctx: Context, input: SignupInput, client: string | undefined, baseUrl: string, now: Date) {
  // paths that send nothing wait as long as one that mailed a confirmation: timing tells nothing
  const timing = ctx.memory.signupTiming;
  const started = timing.now();
  const sent = await signupOnce(ctx, input, client, baseUrl, now);
  await timing.settle(started, sent);
}

/** Which email this signup would cause, if any, before the limits are asked. */
function emailFor(existing: Subscriber | undefined, now: Date): "confirm" | "notice" | undefined {
  if (!existing) return "confirm";
  const recent = (at?: number) => at !== undefined && at >= now.getTime() - RESEND_AFTER_MS;
  if (takesNewSignup(existing.status)) return recent(existing.confirmSentAt) ? undefined : "confirm";
  if (isInProgram(existing.status)) return recent(existing.noticeSentAt) ? undefined : "notice";
  return undefined; // suppressed: never mailed again
}

/** True if an email went out. */
async function signupOnce(ctx: Context, input: SignupInput, client: string | undefined, baseUrl: string, now: Date) {
  const id = subscriberIdFor(ctx.key, input.email);
  // the marker too: a suppressed address whose data has expired has no item, but is never mailed again
  const [existing, suppressed, perHour] = await Promise.all([
    ctx.store.get(id),
    ctx.store.suppressedStatusOf(id),
    confirmationsPerHour(ctx, now),
  ]);
  const email = suppressed ? undefined : emailFor(existing, now);
  // the page reads the same either way; the operator's log says why nothing went out (never the address)
  if (!email) {
    const reason = suppressed || (existing && isSuppressed(existing.status)) ? "suppressed" : "mailed_in_last_10_minutes";
    log("signup_not_sent", { reason });
    return false;
  }
  const limit = await signupEmailLimit(ctx, client, perHour, now);
  if (limit) {
    log("signup_not_sent", { reason: limit });
    return false;
  }

  if (email === "notice") {
    const stamped = await ctx.store.update(id, ...lifecycle.sendNotice(now.getTime(), now.getTime() - RESEND_AFTER_MS));
    if (!stamped) return false;
    const manage = linksFor(ctx.linkKeys, baseUrl, stamped, now).unsubscribe();
    await ctx.mailer.send(systemEmail("alreadySubscribed", stamped.email, manage, emailSettings(ctx.settings, baseUrl)));
    return true;
  }

  const proposal = pendingSignupOf(input, randomBytes(16).toString("base64url"), now);
  const { nonce } = proposal;
  if (!existing) {
    // a race with another signup of this address: the one that created the item sends
    const item = lifecycle.signUp(id, input.email, proposal, pendingExpiry(now), now.getTime());
    if (!(await ctx.store.create(item, []))) return false;
    await sendConfirmation(ctx, id, input.email, nonce, baseUrl, now);
    return true;
  }
  const proposed = await ctx.store.update(
    id,
    ...lifecycle.proposeSignup(existing.status, proposal, now.getTime(), now.getTime() - RESEND_AFTER_MS),
  );
  if (!proposed) return false;
  await sendConfirmation(ctx, id, proposed.email, nonce, baseUrl, now);
  return true;
}

function pendingSignupOf(input: SignupInput, nonce: string, now: Date): PendingSignup {
  const at = now.toISOString();
  return { answers: input.answers, flags: input.flags, tz: input.tz, consentAt: at, nonce, at };
}

async function sendConfirmation(ctx: Context, id: string, email: string, nonce: string, baseUrl: string, now: Date) {
  const url = linksFor(ctx.linkKeys, baseUrl, { pk: id }, now).confirm(nonce);
  try {
    await ctx.mailer.send(systemEmail("confirm", email, url, emailSettings(ctx.settings, baseUrl)));
  } catch (error) {
    // let the person try again straight away instead of waiting out the rate limit
    await ctx.store.update(id, ...lifecycle.confirmationFailed());
    log("confirmation_failed", { error: (error as Error).name, message: (error as Error).message }, "error");
    throw new DomainError("unavailable", "send_failed", "We couldn't send the confirmation email just now. Please try again in a few minutes.");
  }
}

export type ConfirmOutcome = "confirmed" | "already-confirmed";

/**
 * Confirms the signup round the link was mailed for: its answers become the subscriber's, the
 * program is personalised and week 1 is due at once. Confirming a new signup of a finished or
 * unsubscribed address starts a new round: the earlier round's check-ins and sent history go.
 * A link from an earlier round confirms nothing.
 */
export async function confirm(ctx: Context, link: VerifiedLink<"confirm">, now: Date): Promise<ConfirmOutcome> {
  const { s: id, n: nonce } = link.claims;
  const subscriber = await ctx.store.get(id);
  const confirming = subscriber && lifecycle.signupConfirmedBy(subscriber, nonce);
  if (confirming) {
    const round = {
      signup: confirming.signup,
      nonce,
      program: personalise(defaultOrder, confirming.signup.answers),
      at: now,
      linkEpoch: newLinkEpoch(),
    };
    if (await ctx.store.update(id, ...lifecycle.confirm(round, confirming.when))) return "confirmed";
  }
  const current = confirming ? await ctx.store.get(id) : subscriber;
  if (current && lifecycle.confirmedBy(current, nonce)) return "already-confirmed";
  throw new DomainError("gone", "signup_gone", "This confirmation link is no longer valid. You're welcome to sign up again.");
}
