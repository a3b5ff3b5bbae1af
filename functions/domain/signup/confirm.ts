import { defaultOrder } from "../../email/week-order";
import type { Context, StorageContext } from "../context";
import { DomainError } from "../errors";
import type { VerifiedLink } from "../links/tokens";
import { newLinkEpoch } from "../links/tokens";
import { personalise } from "../program/program";
import * as lifecycle from "../subscriber/lifecycle";
import type { PendingSignup } from "../subscriber/subscriber";

export type ConfirmOutcome = "confirmed" | "already-confirmed";

/** The answers a signup round starts the program with: what its confirm page shows. */
export type SignupAnswers = Pick<PendingSignup, "answers" | "flags" | "tz" | "baseline">;

const gone = () => new DomainError("gone", "signup_gone", "This confirmation link is no longer valid. You're welcome to sign up again.");

/**
 * What a confirm link would do, for its page: the answers confirming will use (which may not be
 * the ones its reader typed: anyone can type an address), or that it already did.
 */
export async function confirmation(ctx: StorageContext, link: VerifiedLink<"confirm">): Promise<SignupAnswers | "already-confirmed"> {
  const subscriber = await ctx.store.get(link.claims.s);
  const confirming = subscriber && lifecycle.signupConfirmedBy(subscriber, link.claims.n);
  if (confirming) {
    const { answers, flags, tz, baseline } = confirming.signup;
    return { answers, flags, tz, ...(baseline && { baseline }) };
  }
  if (subscriber && lifecycle.confirmedBy(subscriber, link.claims.n)) return "already-confirmed";
  throw gone();
}

/**
 * Confirms the signup round the link was mailed for: its answers become the subscriber's, the
 * program is personalised and week 1 is due at once. Confirming a new signup of a finished or
 * unsubscribed address starts a new round: the earlier round's check-ins and sent history go,
 * and so do the other signups waiting beside it. A link from an earlier round confirms nothing.
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
  throw gone();
}
