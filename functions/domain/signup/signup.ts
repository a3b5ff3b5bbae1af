import { randomBytes } from "node:crypto";
import * as z from "zod/mini";
import { systemEmail } from "../../email/system-emails";
import { emailSchema } from "../subscriber/address";
import { emailSettings } from "../brand";
import type { Context } from "../context";
import { linksFor } from "../links/links";
import { log } from "../log";
import { pendingExpiry } from "../program/retention";
import { measuresOf, measuresSchema } from "../outcomes/measures";
import { answersSchema, flagsSchema } from "../subscriber/self-check";
import { admitSignup, allowSignupEmail, confirmationsPerHour } from "./limits";
import { isInProgram, signupTakingStatuses, type SignupTakingStatus } from "../subscriber/states";
import * as lifecycle from "../subscriber/lifecycle";
import { isIn, type PendingSignup, type Subscriber, type SubscriberIn } from "../subscriber/subscriber";
import { subscriberIdFor } from "../links/tokens";
import type { OutgoingEmail } from "../ports";

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
  /** the outcome measures before the program (optional, each of them) */
  baseline: measuresSchema,
  consent: z.literal("yes", { error: "Please tick the box to agree that we may store your answers." }),
  website: z.literal("", { error: "Please leave the last field empty." }),
});
export type SignupInput = z.output<typeof signupSchema>;

/**
 * Signs an address up. Always looks the same from outside, by its page and by its timing:
 * whether the address was new, pending, in the program, suppressed or over a limit, and whether
 * SES took the email, is never revealed. Nothing stored about an existing subscriber changes: a
 * new signup's answers wait beside the item until the owner confirms them through the link
 * mailed for them. `client` is the IP address the platform saw, for the per-client limits.
 */
export async function signup(ctx: Context, input: SignupInput, client: string | undefined, baseUrl: string, now: Date) {
  // paths that send nothing wait as long as one that mailed a confirmation: timing tells nothing
  const timing = ctx.memory.signupTiming;
  const started = timing.now();
  let sent = false;
  try {
    sent = await signupOnce(ctx, input, client, baseUrl, now);
  } finally {
    await timing.settle(started, sent);
  }
}

/** Why a signup stores and sends nothing, as the operator's log says it (never the address). */
type NotSent = "suppressed" | "mailed_in_last_10_minutes" | "signups_already_waiting" | "client_or_network_hourly_limit" | "mailbox_or_overall_hourly_limit";

/** Which email this signup would cause, before the limits on emails are asked; or why none. */
function emailFor(existing: Subscriber | undefined, now: Date): "confirm" | "notice" | { none: NotSent } {
  if (!existing) return "confirm";
  const recent = (at?: number) => at !== undefined && at >= now.getTime() - RESEND_AFTER_MS;
  if (isIn(signupTakingStatuses, existing)) {
    if (recent(existing.confirmSentAt)) return { none: "mailed_in_last_10_minutes" };
    // a signup never replaces or cancels one already waiting: with no room, it stores and sends nothing
    return lifecycle.hasRoomForSignup(existing, now.getTime()) ? "confirm" : { none: "signups_already_waiting" };
  }
  if (isInProgram(existing.status)) return recent(existing.noticeSentAt) ? { none: "mailed_in_last_10_minutes" } : "notice";
  return { none: "suppressed" }; // never mailed again
}

/** The page reads the same either way; the operator's log says, in one line, why nothing went out. */
function notSent(reason: NotSent): false {
  log("signup_not_sent", { reason });
  return false;
}

/** True if an email went out. */
async function signupOnce(ctx: Context, input: SignupInput, client: string | undefined, baseUrl: string, now: Date) {
  const id = subscriberIdFor(ctx.key, input.email);
  const perHour = await confirmationsPerHour(ctx, now);
  // the marker too: a suppressed address whose data has expired has no item, but is never mailed again
  const [admitted, existing, suppressed] = await Promise.all([
    // every signup counts against its client and network, whatever becomes of it: what is left of them says nothing of the address
    admitSignup(ctx, client, perHour, now),
    ctx.store.get(id),
    ctx.store.suppressedStatusOf(id),
  ]);
  if (!admitted) return notSent("client_or_network_hourly_limit");
  const email = suppressed ? { none: "suppressed" as const } : emailFor(existing, now);
  if (typeof email === "object") return notSent(email.none);
  if (!(await allowSignupEmail(ctx, input.email, perHour, now))) return notSent("mailbox_or_overall_hourly_limit");
  if (email === "notice") return sendNotice(ctx, id, baseUrl, now);

  const proposal = pendingSignupOf(input, randomBytes(16).toString("base64url"), now);
  if (!existing) {
    // a race with another signup of this address: the one that created the item sends
    const item = lifecycle.signUp(id, input.email, proposal, pendingExpiry(now), now.getTime());
    return (await ctx.store.create(item, [])) && sendConfirmation(ctx, item, proposal.nonce, baseUrl, now);
  }
  if (!isIn(signupTakingStatuses, existing)) return false;
  const proposed = await ctx.store.update(id, ...lifecycle.proposeSignup(existing, proposal, now.getTime(), now.getTime() - RESEND_AFTER_MS));
  return proposed !== undefined && sendConfirmation(ctx, proposed, proposal.nonce, baseUrl, now);
}

function pendingSignupOf(input: SignupInput, nonce: string, now: Date): PendingSignup {
  const at = now.toISOString();
  const baseline = measuresOf(input.baseline, now);
  return { answers: input.answers, flags: input.flags, tz: input.tz, consentAt: at, nonce, at, ...(baseline && { baseline }) };
}

async function sendConfirmation(ctx: Context, item: SubscriberIn<SignupTakingStatus>, nonce: string, baseUrl: string, now: Date) {
  const url = linksFor(ctx.linkKeys, baseUrl, { pk: item.pk }, now).confirm(nonce);
  const email = systemEmail("confirm", item.email, url, emailSettings(ctx.settings, baseUrl));
  return mailed(ctx, "confirmation_failed", email, () => ctx.store.update(item.pk, ...lifecycle.confirmationFailed(item, nonce)));
}

async function sendNotice(ctx: Context, id: string, baseUrl: string, now: Date) {
  const stamped = await ctx.store.update(id, ...lifecycle.sendNotice(now.getTime(), now.getTime() - RESEND_AFTER_MS));
  if (!stamped) return false;
  const manage = linksFor(ctx.linkKeys, baseUrl, stamped, now).unsubscribe();
  const email = systemEmail("alreadySubscribed", stamped.email, manage, emailSettings(ctx.settings, baseUrl));
  return mailed(ctx, "notice_failed", email, () => ctx.store.update(id, ...lifecycle.noticeFailed()));
}

/**
 * Sends a signup email; true if it went out. SES may refuse it (an account still in the sandbox,
 * a paused account, throttling), and whether it does can depend on the address: so a refusal is
 * logged for the operator, the stamp that held back the next email is taken back (the person may
 * try again at once, and their answers wait as before), and the signup answers like any other.
 */
async function mailed(ctx: Context, failure: string, email: OutgoingEmail, undo: () => Promise<unknown>): Promise<boolean> {
  try {
    await ctx.mailer.send(email);
    return true;
  } catch (error) {
    await undo();
    log(failure, { error: (error as Error).name, message: (error as Error).message }, "error");
    return false;
  }
}
