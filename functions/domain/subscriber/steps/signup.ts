import type { Precondition } from "../../ports";
import { isIn, type Active, type Pending, type PendingSignup, type Subscriber, type SubscriberIn } from "../subscriber";
import { hasCompleted, isInProgram, isPending, type InProgramStatus } from "../states";
import { canTake, lease, transitions, type From, type Step } from "../transitions";

/** A signup of an address we hold nothing for: a pending item, expiring unless confirmed. */
export function signUp(pk: string, email: string, signup: PendingSignup, expiresAt: number, confirmSentAt: number): Pending {
  const { answers, flags, tz, consentAt, nonce, at } = signup;
  return {
    pk,
    email,
    status: "pending",
    answers,
    flags,
    tz,
    consentAt,
    createdAt: at,
    updatedAt: at,
    statusAt: at,
    signupNonce: nonce,
    confirmSentAt,
    expiresAt,
  };
}

/** The subscribers a new signup of their address may wait beside. */
type TakingSignup = SubscriberIn<From<"proposeSignup">>;

/**
 * A later signup of an address whose item takes one: kept beside the item until its owner
 * confirms it. The item's expiry stays as it was, so resubmitting can't keep an unconfirmed
 * signup past its 7 days. Holds only if no confirmation went out since `quietSince`.
 */
export function proposeSignup(current: Subscriber["status"], signup: PendingSignup, sentAt: number, quietSince: number): Step<TakingSignup> {
  return [
    { set: { pendingSignup: signup, confirmSentAt: sentAt } },
    { status: canTake("proposeSignup", current) ? [current] : [], olderThan: { field: "confirmSentAt", before: quietSince } },
  ];
}

/** A confirmation email couldn't be sent: the person may try again at once. */
export function confirmationFailed(): Step<TakingSignup> {
  return [{ remove: ["confirmSentAt"] }, { status: transitions.confirmationFailed.from }];
}

/** The "you're already signed up" notice is going out, unless one did since `quietSince`. */
export function sendNotice(sentAt: number, quietSince: number): Step<SubscriberIn<InProgramStatus>> {
  return [{ set: { noticeSentAt: sentAt } }, { status: transitions.sendNotice.from, olderThan: { field: "noticeSentAt", before: quietSince } }];
}

/** The signup a confirm link's nonce names on this item, if it may still start a round. */
export function signupConfirmedBy(s: Subscriber, nonce: string | undefined) {
  if (nonce !== undefined && isIn(transitions.proposeSignup.from, s) && s.pendingSignup?.nonce === nonce) {
    return { signup: s.pendingSignup, when: { status: transitions.confirm.from, nonce: { field: "pendingSignup", equals: nonce } } } as const;
  }
  if (isPending(s.status) && s.signupNonce === nonce) {
    return { signup: s, when: { status: ["pending"], nonce: { field: "signupNonce", equals: nonce } } } as const;
  }
  return undefined;
}

/** True if this item's current round, in the program or done with it, was started by the confirm link with `nonce`. */
export const confirmedBy = (s: Subscriber, nonce: string | undefined) =>
  (isInProgram(s.status) || hasCompleted(s.status)) && s.signupNonce === nonce;

export interface Round {
  signup: Pick<PendingSignup, "answers" | "flags" | "tz" | "consentAt">;
  nonce: string | undefined;
  program: string[];
  at: Date;
  /** a fresh link epoch: every link of an earlier round stops working */
  linkEpoch: string;
}

/**
 * Confirms a signup round: its answers become the subscriber's and week 1 is due at once. A
 * new round of a finished or unsubscribed address starts clean: the earlier round's check-ins,
 * sent history and anything else of it go.
 */
export function confirm(round: Round, when: Precondition): Step<Active> {
  const at = round.at.toISOString();
  const { answers, flags, tz, consentAt } = round.signup;
  return [
    {
      set: {
        status: "active",
        answers,
        flags,
        tz,
        consentAt,
        signupNonce: round.nonce,
        confirmedAt: at,
        statusAt: at,
        updatedAt: at,
        program: round.program,
        week: 1,
        dueAt: round.at.getTime(),
        checkins: {},
        linkEpoch: round.linkEpoch,
      },
      // what an earlier round was told about a doctor's check belongs to that round's warning signs
      remove: ["pendingSignup", "sent", "sendFailures", "statusReason", "pausedUntil", "noticeSentAt", ...lease, "expiresAt", "checkedAt", "restAdvisedAt"],
    },
    when,
  ];
}
